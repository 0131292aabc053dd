package closeerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// closeFix builds the fix for a dropped Close (or bufio Flush):
//
//	defer x.Close()  ->  defer func() {
//	                         if cerr := x.Close(); cerr != nil {
//	                             err = errors.Join(err, cerr)
//	                         }
//	                     }()
//	x.Close()        ->  if err := x.Close(); err != nil { return ..., err }
//
// naming the error result when the deferred form needs it. The error is
// joined only when Close fails: errors.Join(err, nil) would still wrap a
// non-nil err in a new type, and a caller's type assertion on it (echo's
// *HTTPError) would stop matching.
func (c *checker) closeFix(s *site) *analysis.SuggestedFix {
	if !s.returnsError() {
		return nil
	}
	if s.deferred {
		return c.joinFix(s)
	}
	return c.ifReturnFix(s, fmt.Sprintf("check the error of %s.%s()", c.recvText(s), s.method))
}

// joinFix rewrites a deferred call so its error, when it fails, is joined
// into the named error result.
func (c *checker) joinFix(s *site) *analysis.SuggestedFix {
	if s.noJoin || !fixes.GoVersionAtLeast(c.pass, s.file, "go1.20") {
		return nil // errors.Join
	}
	stmt := s.stmt
	if s.stmt != nil {
		if _, isDefer := s.stmt.(*ast.DeferStmt); isDefer {
			if !c.stableAfter(s) {
				return nil
			}
		} else if !s.inLit {
			return nil
		} else if _, starts := c.lineIndent(s.stmt.Pos()); !starts {
			// defer func() { x.Close() }() on one line: rewrite the
			// whole defer when the literal does nothing else.
			lit, _ := c.parent(c.parent(s.stmt)).(*ast.FuncLit)
			call, _ := c.parent(lit).(*ast.CallExpr)
			d, _ := c.parent(call).(*ast.DeferStmt)
			if d == nil || len(lit.Body.List) != 1 {
				return nil
			}
			stmt = d
		}
	}
	ind, starts := c.lineIndent(stmt.Pos())
	if !starts {
		return nil
	}
	name, sigEdits, ok := c.errResultName(s)
	if !ok {
		return nil
	}
	errorsName, importEdits := fixes.AddImport(c.info, s.file, s.stmt.Pos(), "errors")
	recv := fixes.Text(c.pass, s.recv)
	if recv == "" || recv == name || recv == errorsName {
		return nil
	}
	cerr := fixes.FreshName(c.info, s.file, s.stmt.Pos(), "cerr")
	if cerr == name || cerr == errorsName || mentions(s.recv, cerr) {
		return nil
	}
	check := fmt.Sprintf("if %s := %s.%s(); %s != nil {\n%s\t%s = %s.Join(%s, %s)\n%s}", cerr, recv, s.method, cerr, "%[1]s", name, errorsName, name, cerr, "%[1]s")
	text := fmt.Sprintf(check, ind)
	if _, isDefer := stmt.(*ast.DeferStmt); isDefer {
		text = fmt.Sprintf("defer func() {\n%s\t%s\n%s}()", ind, fmt.Sprintf(check, ind+"\t"), ind)
	}
	edits := append([]analysis.TextEdit{}, sigEdits...)
	edits = append(edits, analysis.TextEdit{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)})
	edits = append(edits, importEdits...)
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("join the error of %s.%s(), when it fails, into the returned error %s", c.recvText(s), s.method, name),
		TextEdits: edits,
	}
}

// lineIndent returns the indentation (the leading blanks) of pos's line,
// and whether pos starts its line (nothing but blanks before it).
func (c *checker) lineIndent(pos token.Pos) (string, bool) {
	ind, starts, _ := c.readIndent(pos)
	return ind, starts
}

// indent returns the indentation of pos's line, as read from the file (one
// tab per column before pos when the file cannot be read).
func (c *checker) indent(pos token.Pos) string {
	if ind, _, ok := c.readIndent(pos); ok {
		return ind
	}
	return strings.Repeat("\t", max(c.pass.Fset.PositionFor(pos, false).Column-1, 0))
}

func (c *checker) readIndent(pos token.Pos) (ind string, starts, ok bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return "", false, false
	}
	src, err := c.srcs.Read(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return "", false, false
	}
	off := tf.Offset(pos)
	ind = typesx.IndentOf(src, off)
	return ind, tf.Offset(tf.LineStart(tf.PositionFor(pos, false).Line))+len(ind) == off, true
}

// stableAfter reports whether the deferred receiver still names the same
// value when the function returns, so evaluating it then (inside a func
// literal) equals evaluating it at the defer: its root variable is a local
// variable of the site's function, nothing can assign it after the defer
// runs (on any path, a loop's next iteration included; a declaration makes
// a new variable), no function literal assigns it, and its address is never
// taken.
func (c *checker) stableAfter(s *site) bool {
	obj, ok := c.rootObject(s.recv).(*types.Var)
	if !ok || obj.Pkg() != c.pass.Pkg || obj.Parent() == nil || obj.Parent() == c.pass.Pkg.Scope() {
		return false
	}
	if _, isIdent := ast.Unparen(s.recv).(*ast.Ident); !isIdent {
		// x.f: the field can change; only a plain variable is evaluated
		// the same way later.
		return false
	}
	for _, as := range c.ix.Assigns(obj) {
		if c.declares(as, obj) {
			continue
		}
		if as.Func != s.owner || c.mayFollow(s.stmt, as.Node) {
			return false
		}
	}
	for _, u := range c.uses(obj) {
		if p, ok := c.parent(u).(*ast.UnaryExpr); ok && p.Op == token.AND {
			return false
		}
	}
	return true
}

// errResultName returns the name of the function's error result to assign
// a joined error to, and the edits that name it: an existing name (e, err)
// is used as it is; unnamed results are named (_ int, err error); a blank
// error result is renamed.
func (c *checker) errResultName(s *site) (string, []analysis.TextEdit, bool) {
	body, ft := pkgindex.FuncBody(s.owner)
	if ft == nil || body == nil || ft.Results == nil || len(ft.Results.List) == 0 {
		return "", nil, false
	}
	res := ft.Results
	last := res.List[len(res.List)-1]
	if len(last.Names) > 0 {
		id := last.Names[len(last.Names)-1]
		if id.Name != "_" {
			obj := c.info.Defs[id]
			if obj == nil || c.lookup(s.stmt.Pos(), id.Name) != obj {
				return "", nil, false // shadowed at the defer
			}
			return id.Name, nil, true
		}
		name, ok := c.newResultName(s, ft, body)
		if !ok {
			return "", nil, false
		}
		return name, []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(name)}}, true
	}
	name, ok := c.newResultName(s, ft, body)
	if !ok {
		return "", nil, false
	}
	parts := make([]string, len(res.List))
	for i, f := range res.List {
		typ := fixes.Text(c.pass, f.Type)
		if typ == "" {
			return "", nil, false
		}
		if i == len(res.List)-1 {
			parts[i] = name + " " + typ
		} else {
			parts[i] = "_ " + typ
		}
	}
	return name, []analysis.TextEdit{{Pos: res.Pos(), End: res.End(), NewText: []byte("(" + strings.Join(parts, ", ") + ")")}}, true
}

// lookup resolves name at pos.
func (c *checker) lookup(pos token.Pos, name string) types.Object {
	fs := c.info.Scopes[fileOf(c, pos)]
	if fs == nil {
		return nil
	}
	inner := fs.Innermost(pos)
	if inner == nil {
		return nil
	}
	_, obj := inner.LookupParent(name, pos)
	return obj
}

func fileOf(c *checker, pos token.Pos) *ast.File { return fixes.FileOf(c.pass, pos) }

// newResultName chooses the name for an error result that has none: err
// when naming the result err changes nothing else (no parameter err, no
// `var err` at the top of the body, every top-level `err :=` declares
// something else too, the defer sees the top-level err, and the function
// refers to no err declared outside it), else a name used nowhere in it.
func (c *checker) newResultName(s *site, ft *ast.FuncType, body *ast.BlockStmt) (string, bool) {
	if c.errUsable(s, ft, body) {
		return "err", true
	}
	name := fixes.FreshName(c.info, s.file, body.Lbrace, "err")
	if c.lookup(s.stmt.Pos(), name) != nil {
		return "", false
	}
	return name, true
}

func (c *checker) errUsable(s *site, ft *ast.FuncType, body *ast.BlockStmt) bool {
	fscope := c.info.Scopes[ft]
	if fscope == nil {
		return false
	}
	top := fscope.Lookup("err")
	if top != nil {
		v, ok := top.(*types.Var)
		if !ok || !typesx.IsError(v.Type()) || v.Pos() < body.Pos() {
			return false // a parameter or result named err, or not an error
		}
		// Its declaration must be a := that declares something else too.
		var def *ast.Ident
		for id, o := range c.info.Defs {
			if o == top {
				def = id
				break
			}
		}
		if def == nil {
			return false
		}
		as, ok := c.parent(def).(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || c.parent(as) != body {
			return false
		}
		other := false
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && id != def && id.Name != "_" && c.info.Defs[id] != nil {
				other = true
			}
		}
		if !other {
			return false
		}
	}
	if obj := c.lookup(s.stmt.Pos(), "err"); obj != nil && obj != top {
		return false
	}
	// No err from outside the function is referred to inside it.
	outside := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "err" {
			if obj := c.info.Uses[id]; obj != nil && (obj.Pos() < ft.Pos() || obj.Pos() > body.End()) {
				outside = true
			}
		}
		return !outside
	})
	return !outside
}

// ifReturnFix replaces the statement `x.M()` with
// `if err := x.M(); err != nil { return zero..., err }` when x is not used
// after it.
func (c *checker) ifReturnFix(s *site, msg string) *analysis.SuggestedFix {
	if root := c.rootObject(s.recv); root == nil || c.usedAfter(root, s) || c.releasesAfter(s) || c.pendingErrCheck(s) {
		return nil
	}
	return c.ifReturnEdit(s, msg)
}

// pendingErrCheck reports whether what runs next after the site is a test
// of an error that was set before it (_, err = io.Copy(f, r); f.Close(); if
// err != nil { os.Remove(...); return ... }): an early return at the site
// would skip that failure's handling and return Close's error instead.
func (c *checker) pendingErrCheck(s *site) bool {
	g := c.flow.FuncGraph(s.owner)
	if g == nil {
		return true
	}
	pending := false
	g.After(s.stmt, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if x, _, ok := typesx.NilTest(c.info, e); ok {
				if id, ok := x.(*ast.Ident); ok {
					v, _ := c.info.Uses[id].(*types.Var)
					pending = v != nil && typesx.IsError(v.Type()) && v.Pos() < s.stmt.Pos()
				}
			}
		}
		return false // only the first node
	})
	return pending
}

// releaseMethods release what they are called on: an early return that
// skips one leaks a file, a lock or a connection.
var releaseMethods = map[string]bool{
	"Close": true, "CloseWithError": true, "Flush": true, "Sync": true, "Unlock": true, "RUnlock": true,
	"Release": true, "Rollback": true, "Commit": true, "Done": true, "Stop": true, "Cancel": true,
}

// releasesAfter reports whether something that can run after the site's
// statement in its function releases a resource (y.Close(), mu.Unlock(),
// cancel(), a defer registered later), on any path, around a loop too: an
// early return inserted at the site would skip it on that error path.
func (c *checker) releasesAfter(s *site) bool {
	g := c.flow.FuncGraph(s.owner)
	if g == nil || !g.Contains(s.stmt) {
		return true
	}
	found := false
	visit := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			found = true
		case *ast.CallExpr:
			switch f := ast.Unparen(n.Fun).(type) {
			case *ast.SelectorExpr:
				found = releaseMethods[f.Sel.Name]
			case *ast.Ident:
				if v, ok := c.info.Uses[f].(*types.Var); ok {
					found = typesx.IsNamed(v.Type(), "context", "CancelFunc")
				}
			}
		}
		return !found
	}
	g.After(s.stmt, func(n ast.Node) bool {
		if n == ast.Node(s.stmt) {
			return true // the site again, in a loop
		}
		switch n := n.(type) {
		case *ast.RangeStmt:
			ast.Inspect(n.X, visit) // the loop's head; its body has nodes of its own
		default:
			ast.Inspect(n, visit)
		}
		return !found
	})
	return found
}

// ifErrReturn is the statement that checks the error of recv.method() and
// returns it with the other results' zero values:
// if err := x.M(); err != nil { return zero..., err }.
func (c *checker) ifErrReturn(s *site, method string) (string, bool) {
	name := "err"
	if mentions(s.recv, name) {
		name = fixes.FreshName(c.info, s.file, s.stmt.Pos(), "err")
	}
	zeros, ok := fixes.ZeroResults(s.file, c.pass.Pkg, s.ownerSig, name)
	if !ok {
		return "", false
	}
	recv := fixes.Text(c.pass, s.recv)
	if recv == "" {
		return "", false
	}
	ind := c.indent(s.stmt.Pos())
	return fmt.Sprintf("if %s := %s.%s(); %s != nil {\n%s\treturn %s\n%s}", name, recv, method, name, ind, strings.Join(zeros, ", "), ind), true
}

// ifReturnEdit replaces the site's statement with a check that returns its
// error.
func (c *checker) ifReturnEdit(s *site, msg string) *analysis.SuggestedFix {
	text, ok := c.ifErrReturn(s, s.method)
	if !ok {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   msg,
		TextEdits: []analysis.TextEdit{{Pos: s.stmt.Pos(), End: s.stmt.End(), NewText: []byte(text)}},
	}
}

// usedAfter reports whether obj is mentioned after the site's statement on
// a path from it in the site's function.
func (c *checker) usedAfter(obj types.Object, s *site) bool {
	body, _ := pkgindex.FuncBody(s.owner)
	if body == nil {
		return true
	}
	for _, u := range c.uses(obj) {
		if u.Pos() < body.End() && c.laterOnPath(s.stmt, u) {
			return true
		}
	}
	return false
}

func mentions(e ast.Expr, name string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// syncFix replaces a dropped f.Sync() with a check that returns its error,
// when a deferred call mentioning f (its Close) is registered on every path
// to the Sync, so it still runs on that return.
func (c *checker) syncFix(s *site) *analysis.SuggestedFix {
	if s.deferred || !s.returnsError() {
		return nil
	}
	root := c.rootObject(s.recv)
	g := c.flow.FuncGraph(s.owner)
	if root == nil || g == nil {
		return nil
	}
	covered := false
	for _, d := range g.Defers() {
		if !g.Dominates(d, s.stmt) {
			continue
		}
		ast.Inspect(d, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && c.info.Uses[id] == root {
				covered = true
			}
			return !covered
		})
		if covered {
			break
		}
	}
	if !covered {
		return nil
	}
	return c.ifReturnEdit(s, fmt.Sprintf("return the error of %s.Sync() before the rename", c.recvText(s)))
}

// csvFix adds `if err := w.Error(); err != nil { return ..., err }` after
// a csv Flush.
func (c *checker) csvFix(s *site) *analysis.SuggestedFix {
	if s.deferred || !s.returnsError() {
		return nil
	}
	text, ok := c.ifErrReturn(s, "Error")
	if !ok {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("check %s.Error() after Flush", c.recvText(s)),
		TextEdits: []analysis.TextEdit{{Pos: s.stmt.End(), End: s.stmt.End(), NewText: []byte("\n" + c.indent(s.stmt.Pos()) + text)}},
	}
}
