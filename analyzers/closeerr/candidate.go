package closeerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
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
	discard  bool     // _ = x.Close()

	// helper is the package function that closes recv and drops the
	// error (defer closeQuietly(f)), and helperAt where it drops it.
	helper   *types.Func
	helperAt token.Pos
}

func (c *checker) candidate(file *ast.File, stmt ast.Stmt, call *ast.CallExpr, deferred bool, cur inspector.Cursor) {
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
	if _, ok := stmt.(*ast.AssignStmt); ok {
		// _ = x.Close(): a decision, except before a rename publishes
		// the file (checkClose).
		if s.method != "Close" {
			return
		}
		s.discard = true
	}
	if !c.place(s, cur) {
		return
	}
	recvT := typeOf(c.info, s.recv)
	if c.ownType(recvT) {
		return
	}
	switch s.method {
	case "Sync":
		if typesx.IsNamedOrPointer(recvT, "os", "File") && returnsOnlyError(sig) {
			c.checkSync(s)
		}
	case "Flush":
		switch {
		case typesx.IsNamedOrPointer(recvT, "bufio", "Writer") && returnsOnlyError(sig):
			c.checkBufio(s)
		case typesx.IsNamedOrPointer(recvT, "encoding/csv", "Writer") && sig.Results().Len() == 0:
			c.checkCSV(s)
		}
	case "Close":
		if !returnsOnlyError(sig) {
			return
		}
		c.checkClose(s, recvT)
	}
}

// helperCandidate looks at a call statement of a package helper that
// closes an argument and swallows the error (helper.go): each such argument
// is a site of its own, a Close of the argument.
func (c *checker) helperCandidate(file *ast.File, stmt ast.Stmt, call *ast.CallExpr, deferred bool, cur inspector.Cursor) {
	fn := typesx.StaticCallee(c.info, call)
	if fn == nil || fn.Pkg() != c.pass.Pkg || call.Ellipsis.IsValid() {
		return
	}
	sum, _ := c.swallowSums().Of(fn)
	for j, a := range call.Args {
		at, ok := sum.param(j)
		if !ok {
			continue
		}
		s := &site{file: file, stmt: stmt, call: call, recv: a, method: "Close", deferred: deferred, helper: fn, helperAt: at}
		if !c.place(s, cur) {
			return
		}
		if recvT := typeOf(c.info, a); !c.ownType(recvT) {
			c.checkClose(s, recvT)
		}
	}
}

// place sets the functions around the site's statement: the one it belongs
// to (for a statement of a deferred literal, the function that defers it),
// and the outermost one. It reports false for a site not in a function, or
// in test code when -closeerr.tests is off.
func (c *checker) place(s *site, cur inspector.Cursor) bool {
	// The functions around the statement, innermost first.
	var funcs []ast.Node
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		funcs = append(funcs, e.Node())
	}
	if len(funcs) == 0 {
		return false
	}
	s.region = funcs[len(funcs)-1]
	s.owner = funcs[0]
	if !s.deferred {
		if lit, ok := s.owner.(*ast.FuncLit); ok && c.isDeferredLit(lit) && len(funcs) >= 2 {
			s.deferred = true
			s.inLit = c.parent(s.stmt) == lit.Body
			s.owner = funcs[1]
		}
	}
	s.ownerSig = funcSig(c.info, s.owner)
	if s.ownerSig == nil {
		return false
	}
	return includeTests || !c.isTestHelper(s.region)
}

// ownType reports whether t is the package's own writer type: its
// implementation knows where its errors go (bufio's Flush inside bufio, a
// local dotWriter).
func (c *checker) ownType(t types.Type) bool {
	named := namedOf(t)
	return named != nil && named.Obj() != nil && named.Obj().Pkg() == c.pass.Pkg
}

// isTestHelper reports whether fn takes a *testing.T, B, F or a
// testing.TB: test code, reported only with -closeerr.tests.
func (c *checker) isTestHelper(fn ast.Node) bool {
	sig := funcSig(c.info, fn)
	if sig == nil {
		return false
	}
	for i := range sig.Params().Len() {
		if typesx.IsNamedOrPointer(sig.Params().At(i).Type(), "testing", "T", "B", "F", "TB") {
			return true
		}
	}
	return false
}

// isDeferredLit reports whether lit is called by a defer statement:
// defer func() { ... }().
func (c *checker) isDeferredLit(lit *ast.FuncLit) bool {
	call, ok := c.parent(lit).(*ast.CallExpr)
	if !ok || call.Fun != lit {
		return false
	}
	_, ok = c.parent(call).(*ast.DeferStmt)
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
	return sig.Results().Len() == 1 && typesx.IsError(sig.Results().At(0).Type())
}

// namedOf returns the named type of t or of the type t points to.
func namedOf(t types.Type) *types.Named {
	n, _ := typesx.Deref(t).(*types.Named)
	return n
}

// returnsError reports whether the site's function has an error as its last
// result: the place a dropped error can be returned to.
func (s *site) returnsError() bool {
	res := s.ownerSig.Results()
	return res.Len() > 0 && typesx.IsError(res.At(res.Len()-1).Type())
}

// recvText is the receiver as written.
func (c *checker) recvText(s *site) string { return types.ExprString(s.recv) }

// report reports the site with the message and, when fix is non-nil, the
// suggested fix.
func (c *checker) report(s *site, code, msg string, fix *analysis.SuggestedFix) {
	c.reportRelated(s, code, msg, fix, nil)
}

// reportRelated reports msg, a finding of that code (Doc.Findings), at the
// site with the other positions it names.
func (c *checker) reportRelated(s *site, code, msg string, fix *analysis.SuggestedFix, related []analysis.RelatedInformation) {
	d := analysis.Diagnostic{Pos: s.call.Pos(), End: s.call.End(), Category: Doc.Code(code), Message: msg, Related: related}
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

// helperAdvice ends the message of a helper that swallows Close's error
// with what to do instead.
func (s *site) helperAdvice() string {
	switch {
	case s.deferred && s.returnsError():
		return "close it in the defer and join its error into the result"
	case s.returnsError():
		return "close it and return the error"
	default:
		return "close it and handle its error here (no error result)"
	}
}
