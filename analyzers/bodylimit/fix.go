package bodylimit

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// fix inserts r.Body = http.MaxBytesReader(w, r.Body, 1<<20) before the
// statement of the handler's body that holds its first unbounded read,
// when r and w are that handler's own parameters and visible there.
func (c *checker) fix(fn ast.Node, s sink) (analysis.SuggestedFix, bool) {
	if f, ok := c.fixed[fn]; ok {
		// One insertion serves every read of the function: each of its
		// findings carries the same edit.
		return f.fix, f.ok && f.root == s.t.root
	}
	fix, ok := c.newFix(fn, s)
	c.fixed[fn] = fixOf{fix, ok, s.t.root}
	return fix, ok
}

// fixOf is a function's fix, made for its first fixable read.
type fixOf struct {
	fix  analysis.SuggestedFix
	ok   bool
	root types.Object
}

func (c *checker) newFix(fn ast.Node, s sink) (analysis.SuggestedFix, bool) {
	handler, w := c.handlerParams(s.t.root)
	if handler != fn || w == nil || w.Name == "_" || s.t.root.Name() == "_" || s.t.root.Name() == "" {
		return analysis.SuggestedFix{}, false
	}
	wObj := c.info.Defs[w]
	body, _ := pkgindex.FuncBody(fn)
	if body == nil || wObj == nil {
		return analysis.SuggestedFix{}, false
	}
	// Before the first statement that reads r.Body or the read itself: a
	// reader taken from r.Body earlier (body := r.Body) would escape the
	// limit.
	first := s.call.Pos()
	for _, u := range c.ix.Uses(s.t.root) {
		if sel, ok := c.ix.Parent(u).(*ast.SelectorExpr); ok && sel.X == u && sel.Sel.Name == "Body" && u.Pos() < first && body.Pos() < u.Pos() {
			first = u.Pos()
		}
	}
	var stmt ast.Stmt
	for _, st := range body.List {
		if st.Pos() <= first && first < st.End() {
			stmt = st
		}
	}
	if stmt == nil {
		return analysis.SuggestedFix{}, false
	}
	at := stmt.Pos()
	scope := c.pass.Pkg.Scope().Innermost(at)
	if scope == nil {
		return analysis.SuggestedFix{}, false
	}
	if _, o := scope.LookupParent(s.t.root.Name(), at); o != s.t.root {
		return analysis.SuggestedFix{}, false
	}
	if _, o := scope.LookupParent(w.Name, at); o != wObj {
		return analysis.SuggestedFix{}, false
	}
	file := fixes.FileOf(c.pass, at)
	tf := c.pass.Fset.File(at)
	if file == nil || tf == nil {
		return analysis.SuggestedFix{}, false
	}
	src, err := c.srcs.Read(tf.Name())
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	httpName, edits := fixes.AddImport(c.info, file, at, httpPkg)
	r := s.t.root.Name()
	text := r + ".Body = " + httpName + ".MaxBytesReader(" + w.Name + ", " + r + ".Body, 1<<20)\n" + typesx.IndentOf(src, tf.Offset(at))
	edits = append(edits, analysis.TextEdit{Pos: at, End: at, NewText: []byte(text)})
	return analysis.SuggestedFix{
		Message:   "Limit the body to 1 MiB with http.MaxBytesReader",
		TextEdits: edits,
	}, true
}
