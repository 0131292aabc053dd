package closeerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// A lock file is created with O_EXCL (creation fails when it exists, which
// is the lock) and holds at most who took it: the process id, the host
// name, a time. Its content is advisory; a dropped Close error loses
// nothing anyone reads back as data.

// lockOnly reports whether everything written through the file variable e
// names is advisory lock content (lockContent): f.Write, f.WriteString,
// fmt.Fprint* and io.WriteString of such values, besides the methods that
// write nothing. A struct field, or a file handed to other code, is not.
func (c *checker) lockOnly(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	obj, ok := c.info.ObjectOf(id).(*types.Var)
	if !ok || obj.IsField() {
		return false
	}
	for _, u := range c.uses(obj) {
		switch p := c.parent(u).(type) {
		case *ast.SelectorExpr:
			if p.X != u {
				return false
			}
			if readOnlyMethods[p.Sel.Name] {
				continue
			}
			call, ok := c.parent(p).(*ast.CallExpr)
			if !ok || call.Fun != p || (p.Sel.Name != "Write" && p.Sel.Name != "WriteString") || !c.allLockContent(call.Args) {
				return false
			}
		case *ast.BinaryExpr:
			if p.Op != token.EQL && p.Op != token.NEQ {
				return false
			}
		case *ast.AssignStmt:
			if len(p.Lhs) == 0 || !containsNode(p.Lhs, u) {
				return false
			}
		case *ast.CallExpr:
			if len(p.Args) == 0 || p.Args[0] != u || !typesx.IsCallTo(c.info, p, "fmt.Fprint", "fmt.Fprintf", "fmt.Fprintln", "io.WriteString") || !c.allLockContent(p.Args[1:]) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func containsNode(list []ast.Expr, n ast.Node) bool {
	for _, e := range list {
		if e == n {
			return true
		}
	}
	return false
}

func (c *checker) allLockContent(args []ast.Expr) bool {
	for _, a := range args {
		if !c.lockContent(a, -1, 0) {
			return false
		}
	}
	return true
}

// lockContent reports whether e (result index of a multi-value call) is
// built only from constants, os.Getpid, os.Getppid, os.Hostname and
// time.Now, through conversions, strconv and fmt.Sprint* formatting, the
// methods of time.Time, string concatenation and local variables assigned
// only such values.
func (c *checker) lockContent(e ast.Expr, index, depth int) bool {
	if depth > maxDepth {
		return false
	}
	e = ast.Unparen(e)
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return c.lockContent(e.X, -1, depth+1) && c.lockContent(e.Y, -1, depth+1)
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
			return false
		}
		origins := c.origins(v)
		if len(origins) == 0 {
			return false
		}
		for _, o := range origins {
			if !c.lockContent(o.expr, o.index, depth+1) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsType() {
			return len(e.Args) == 1 && c.lockContent(e.Args[0], -1, depth+1)
		}
		fn := typesx.StaticCallee(c.info, e)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		switch {
		case typesx.IsFunc(fn, "os", "Getpid", "Getppid", "Hostname"), typesx.IsFunc(fn, "time", "Now"):
			return index <= 0
		case typesx.IsFunc(fn, "strconv", "Itoa", "FormatInt", "FormatUint"), typesx.IsFunc(fn, "fmt", "Sprint", "Sprintf", "Sprintln"):
			return c.allLockContent(e.Args)
		}
		if p, t := typesx.RecvKey(fn); p == "time" && t == "Time" {
			sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
			return ok && c.lockContent(sel.X, -1, depth+1) && c.allLockContent(e.Args)
		}
	}
	return false
}
