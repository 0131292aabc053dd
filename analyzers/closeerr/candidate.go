package closeerr

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/report"
	"golang.org/x/tools/go/analysis"
)

// site is one dropped Close, Flush or Sync call and the function it lives in.
type site struct {
	file     *ast.File
	stmt     ast.Stmt      // the defer or expression statement
	call     *ast.CallExpr // recv.Method()
	recv     ast.Expr
	method   string
	deferred bool // a defer statement, or a statement of a deferred func literal
	inLit    bool // the statement is in a deferred func literal (defer func() { x.Close() }())
	noJoin   bool // joining the deferred error would change a failure path's error
	owner    ast.Node
	ownerSig *types.Signature
	region   ast.Node // the outermost function around the site: where other uses are searched
}

func (c *checker) candidate(file *ast.File, stmt ast.Stmt, call *ast.CallExpr, deferred bool, stack []ast.Node) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return
	}
	switch sel.Sel.Name {
	case "Close", "Flush", "Sync":
	default:
		return
	}
	selection := c.info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return
	}
	fn, ok := selection.Obj().(*types.Func)
	if !ok {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 {
		return
	}
	s := &site{file: file, stmt: stmt, call: call, recv: sel.X, method: sel.Sel.Name, deferred: deferred}
	// The function the statement belongs to, and the outermost one.
	var funcs []ast.Node
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			funcs = append(funcs, n)
		}
	}
	if len(funcs) == 0 {
		return
	}
	s.region = funcs[0]
	s.owner = funcs[len(funcs)-1]
	if !deferred {
		if lit, ok := s.owner.(*ast.FuncLit); ok && c.isDeferredLit(lit) && len(funcs) >= 2 {
			s.deferred = true
			s.inLit = c.parents[stmt] == lit.Body
			s.owner = funcs[len(funcs)-2]
		}
	}
	s.ownerSig = funcSig(c.info, s.owner)
	if s.ownerSig == nil {
		return
	}

	if !includeTests && c.isTestHelper(s.region) {
		return
	}
	recvT := typeOf(c.info, s.recv)
	named := namedOf(recvT)
	if named != nil && named.Obj() != nil && named.Obj().Pkg() == c.pass.Pkg {
		// The package's own writer type: its implementation knows where
		// its errors go (bufio's Flush inside bufio, a local dotWriter).
		return
	}
	switch s.method {
	case "Sync":
		if isNamed(named, "os", "File") && returnsOnlyError(sig) {
			c.checkSync(s)
		}
	case "Flush":
		switch {
		case isNamed(named, "bufio", "Writer") && returnsOnlyError(sig):
			c.checkBufio(s)
		case isNamed(named, "encoding/csv", "Writer") && sig.Results().Len() == 0:
			c.checkCSV(s)
		}
	case "Close":
		if !returnsOnlyError(sig) {
			return
		}
		c.checkClose(s, recvT, named)
	}
}

// isTestHelper reports whether fn takes a *testing.T, B, F or a
// testing.TB: test code, reported only with -closeerr.tests.
func (c *checker) isTestHelper(fn ast.Node) bool {
	sig := funcSig(c.info, fn)
	if sig == nil {
		return false
	}
	for i := range sig.Params().Len() {
		if n := namedOf(sig.Params().At(i).Type()); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" {
			switch n.Obj().Name() {
			case "T", "B", "F", "TB":
				return true
			}
		}
	}
	return false
}

// isDeferredLit reports whether lit is called by a defer statement:
// defer func() { ... }().
func (c *checker) isDeferredLit(lit *ast.FuncLit) bool {
	call, ok := c.parents[lit].(*ast.CallExpr)
	if !ok || call.Fun != lit {
		return false
	}
	_, ok = c.parents[call].(*ast.DeferStmt)
	return ok
}

func funcSig(info *types.Info, fn ast.Node) *types.Signature {
	var ft *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
			sig, _ := obj.Type().(*types.Signature)
			return sig
		}
		return nil
	case *ast.FuncLit:
		ft = fn.Type
	}
	if ft == nil {
		return nil
	}
	sig, _ := info.TypeOf(ft).(*types.Signature)
	return sig
}

func returnsOnlyError(sig *types.Signature) bool {
	return sig.Results().Len() == 1 && isError(sig.Results().At(0).Type())
}

func isError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// namedOf returns the named type of t or of the type t points to.
func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func isNamed(n *types.Named, pkg, name string) bool {
	if n == nil {
		return false
	}
	obj := n.Obj()
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == pkg && obj.Name() == name
}

// returnsError reports whether the site's function has an error as its last
// result: the place a dropped error can be returned to.
func (s *site) returnsError() bool {
	res := s.ownerSig.Results()
	return res.Len() > 0 && isError(res.At(res.Len()-1).Type())
}

// recvText is the receiver as written.
func (c *checker) recvText(s *site) string { return types.ExprString(s.recv) }

// report reports the site with the message and, when fix is non-nil, the
// suggested fix.
func (c *checker) report(s *site, msg string, fix *analysis.SuggestedFix) {
	c.reportRelated(s, msg, fix, nil)
}

// reportRelated reports msg at the site with the other positions it names.
func (c *checker) reportRelated(s *site, msg string, fix *analysis.SuggestedFix, related []analysis.RelatedInformation) {
	d := analysis.Diagnostic{Pos: s.call.Pos(), End: s.call.End(), Message: msg, Related: related}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	report.Report(c.pass, d)
}

// advice ends a Close message with what to do, by the shape of the site.
func (s *site) advice(recv, method string) string {
	switch {
	case s.deferred && s.returnsError():
		return "join its error into the result in the defer"
	case s.returnsError():
		return "return the error"
	default:
		return "handle its error here (no error result)"
	}
}
