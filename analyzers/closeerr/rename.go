package closeerr

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// The write-then-rename idiom publishes a file atomically only if it was
// complete: a Close whose error is dropped (or discarded with _ =) before
// os.Rename or os.Link moves the file into place can publish a truncated
// file.

// publishedBy returns the os.Rename or os.Link call in the site's function
// that can run after the site and moves the file the site closes: its
// first argument is the file's name (f.Name(), a local variable holding it,
// or the same path expression the file was opened with).
func (c *checker) publishedBy(s *site) *ast.CallExpr {
	key, ok := c.refKey(s.recv)
	if !ok {
		return nil
	}
	opened := c.openedPaths(s.recv)
	for _, name := range []string{"Rename", "Link"} {
		for _, call := range c.ix.CallsTo(c.importedFunc("os", name)) {
			if len(call.Args) != 2 || call.Pos() < s.region.Pos() || call.End() > s.region.End() || !c.mayFollow(s.stmt, call) {
				continue
			}
			if c.namesFile(call.Args[0], key, opened, 0) {
				return call
			}
		}
	}
	return nil
}

// openedPaths returns the keys (pathKey) of the path arguments of the
// os.Create and os.OpenFile calls (or their os.Root and file-system-layer
// look-alikes) assigned to the variable or field e names.
func (c *checker) openedPaths(e ast.Expr) map[string]bool {
	obj := c.objectOf(e)
	if obj == nil {
		return nil
	}
	out := map[string]bool{}
	for _, o := range c.origins(obj) {
		call, ok := ast.Unparen(o.expr).(*ast.CallExpr)
		if !ok || o.index > 0 || len(call.Args) == 0 {
			continue
		}
		fn := typesx.Callee(c.info, call)
		if fn == nil || fn.Pkg() == nil || (fn.Name() != "Create" && fn.Name() != "OpenFile") {
			continue
		}
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil || sig.Results().Len() == 0 || !typesx.IsPointerToNamed(sig.Results().At(0).Type(), "os", "File") {
			continue
		}
		if k, ok := c.pathKey(call.Args[0], 0); ok {
			out[k] = true
		}
	}
	return out
}

// namesFile reports whether e is the name of the file whose refKey is key:
// f.Name(), a path expression among opened, or a local variable every value
// of which is one of those.
func (c *checker) namesFile(e ast.Expr, key string, opened map[string]bool, depth int) bool {
	if depth > maxDepth {
		return false
	}
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 0 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Name" {
			if k, ok := c.refKey(sel.X); ok && k == key {
				return true
			}
		}
	}
	if k, ok := c.pathKey(e, 0); ok && opened[k] {
		return true
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return false
	}
	origins := c.origins(v)
	if len(origins) == 0 {
		return false
	}
	for _, o := range origins {
		if o.index >= 0 || !c.namesFile(o.expr, key, opened, depth+1) {
			return false
		}
	}
	return true
}

// pathKey spells a path expression so that two mentions of the same path
// compare equal: variables by object, constants by value, concatenation and
// the path-joining calls (filepath.Join, path.Join, fmt.Sprintf) by their
// parts. Other expressions have no key.
func (c *checker) pathKey(e ast.Expr, depth int) (string, bool) {
	if depth > maxDepth {
		return "", false
	}
	e = ast.Unparen(e)
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
		return tv.Value.ExactString(), true
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return "", false
		}
		return fmt.Sprintf("%s@%d", v.Name(), v.Pos()), true
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			base, ok := c.pathKey(e.X, depth+1)
			return base + "." + e.Sel.Name, ok
		}
	case *ast.BinaryExpr:
		x, ok1 := c.pathKey(e.X, depth+1)
		y, ok2 := c.pathKey(e.Y, depth+1)
		return "(" + x + e.Op.String() + y + ")", ok1 && ok2
	case *ast.CallExpr:
		fn := typesx.StaticCallee(c.info, e)
		if !typesx.IsFunc(fn, "path/filepath", "Join") && !typesx.IsFunc(fn, "path", "Join") && !typesx.IsFunc(fn, "fmt", "Sprintf") {
			return "", false
		}
		parts := make([]string, len(e.Args))
		for i, a := range e.Args {
			k, ok := c.pathKey(a, depth+1)
			if !ok {
				return "", false
			}
			parts[i] = k
		}
		return typesx.QualifiedName(fn) + "(" + strings.Join(parts, ",") + ")", true
	}
	return "", false
}

// removedJustBefore reports whether the statement just before (or just
// after) the Close of site s removes the file (os.Remove(f.Name()); f.Close(): a cleanup that
// deletes a temp file first, gonic's loadlist): its content is gone, so the
// Close error loses nothing.
func (c *checker) removedJustBefore(s *site) bool {
	key, ok := c.refKey(s.recv)
	if !ok {
		return false
	}
	blk, ok := c.ix.Parent(s.stmt).(*ast.BlockStmt)
	if !ok {
		return false
	}
	i := slices.Index(blk.List, s.stmt)
	if i < 0 {
		return false
	}
	removes := func(st ast.Stmt) bool {
		call := typesx.StmtCall(st)
		if call == nil || len(call.Args) != 1 || !typesx.IsCallTo(c.info, call, "os.Remove", "os.RemoveAll") {
			return false
		}
		return c.namesFile(call.Args[0], key, c.openedPaths(s.recv), 0)
	}
	// os.Remove(f.Name()); f.Close(), or the mirror, f.Close();
	// os.Remove(f.Name()) (a temp file's Close method: gotosocial's
	// tempFileSeeker).
	return i > 0 && removes(blk.List[i-1]) || i+1 < len(blk.List) && removes(blk.List[i+1])
}

// scratchFile reports whether the deferred Close of site s closes a file
// that a deferred os.Remove (or RemoveAll) of its name deletes when the
// function returns, and that no os.Rename or os.Link publishes: a scratch
// file (a temp file written and read back through the same handle), whose
// content is gone with it, so its Close error loses nothing.
func (c *checker) scratchFile(s *site) bool {
	key, ok := c.refKey(s.recv)
	if !ok || c.publishedBy(s) != nil {
		return false
	}
	opened := c.openedPaths(s.recv)
	found := false
	ast.Inspect(s.region, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok || found {
			return !found
		}
		fn := typesx.Callee(c.info, d.Call)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "os" && (fn.Name() == "Remove" || fn.Name() == "RemoveAll") && len(d.Call.Args) == 1 {
			if c.namesFile(d.Call.Args[0], key, opened, 0) {
				found = true
			}
		}
		return !found
	})
	return found
}
