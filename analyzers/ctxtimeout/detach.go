package ctxtimeout

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Deliberate detachment. A context with no deadline that the code
// documents - a comment on the line that makes it, or ending on the line
// just above the statement that holds it - is taken as deliberate: a
// long-running job, work that must outlive the request. The check does
// not read the comment's words (a reviewer does); it asks only that one
// be there. Directives (//go:..., //nolint:..., //lint:...) document
// nothing, and neither do analysistest's // want expectations.
//
// The rule then depends on how the context is made:
//   - context.WithoutCancel(parent), or a root assigned to a variable in a
//     statement of its own (ctx := context.Background()): not reported.
//   - a root written inline as a call's argument: reported (the comment
//     may be about the call), but with no fix: a timeout on an operation
//     documented as detached is a decision for its author.

// docDetached reports a function whose doc comment says its work is detached
// on purpose or bounded elsewhere: it is not tied to a request, runs in the
// background with a context of its own, must not be cancelled, or is
// bounded by the database (statement_timeout, lock_timeout). Unlike a
// comment at the statement, a doc comment describes the whole function, so
// only these words count, and only for a root in a statement of its own
// (ctx := context.Background()) or a WithoutCancel.
func (c *checker) docDetached(fi *funcInfo) bool {
	if fi == nil || fi.decl == nil || fi.decl.Doc == nil {
		return false
	}
	text := strings.ToLower(fi.decl.Doc.Text())
	for _, w := range detachWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

var detachWords = []string{
	"not tied to", "detached", "outlive", "own background context", "its own context", "a context of its own",
	"must not be cancel", "should not be cancel", "never be cancel", "independent of the request",
	"statement_timeout", "lock_timeout", "max_execution_time",
}

// documented reports whether the context expression r has a documenting
// comment on its line or ending on the line just above the statement
// that holds it.
func (c *checker) documented(fi *funcInfo, r ast.Node) bool {
	file := fixes.FileOf(c.pass, r.Pos())
	if file == nil {
		return false
	}
	fset := c.pass.Fset
	line := fset.Position(r.Pos()).Line
	first := line
	if st, _, _ := c.stmtOf(fi, r); st != nil {
		first = fset.Position(st.Pos()).Line
	}
	for _, cg := range file.Comments {
		end := fset.Position(cg.End()).Line
		if end < first-1 {
			continue
		}
		if fset.Position(cg.Pos()).Line > line {
			break
		}
		// A group just above the statement counts when it stands on its
		// own lines (not the trailing comment of the statement before).
		_, above := c.indentOf(cg)
		above = above && end == first-1
		for _, cm := range cg.List {
			if (above || fset.Position(cm.Pos()).Line == line) && documents(cm.Text) {
				return true
			}
		}
	}
	return false
}

// documents reports whether a comment's text is prose: not a directive,
// not an analysistest expectation, not empty.
func documents(text string) bool {
	var body string
	switch {
	case strings.HasPrefix(text, "//"):
		body = text[2:]
		// //go:build, //nolint:errcheck, //lint:ignore: a directive.
		if i := strings.IndexByte(body, ':'); i > 0 && !strings.ContainsAny(body[:i], " \t") {
			return false
		}
	case strings.HasPrefix(text, "/*"):
		body = strings.TrimSuffix(text[2:], "*/")
	}
	body = strings.TrimSpace(body)
	return body != "" && !strings.HasPrefix(body, "want ")
}

// ownStatement reports whether the context expression r is the value of
// an assignment or declaration of its own (ctx := context.Background()).
func (c *checker) ownStatement(r ast.Node) bool {
	switch p := c.ix.Parent(r).(type) {
	case *ast.AssignStmt:
		return len(p.Rhs) == 1 && p.Rhs[0] == r
	case *ast.ValueSpec:
		return len(p.Values) == 1 && p.Values[0] == r
	}
	return false
}

// legacyWrapper reports whether the root r is the context a legacy API
// passes to its own context-taking form: an exported function or method
// with no context parameter whose body is only a call of the package's
// function of the same name with a Context suffix (Up -> UpContext,
// Get -> GetWithContext, Do -> DoCtx), with r among its arguments.
// database/sql's Query calling QueryContext(context.Background()) is the
// model: the API without a context is the caller's choice, and its callers
// are where a deadline belongs.
func (c *checker) legacyWrapper(fi *funcInfo, r ast.Node) bool {
	call, ok := c.ix.Parent(r).(*ast.CallExpr)
	if !ok || !slices.Contains(call.Args, r.(ast.Expr)) || !fi.decl.Name.IsExported() || fi.decl.Body == nil || len(fi.decl.Body.List) != 1 {
		return false
	}
	if rc, ok := r.(*ast.CallExpr); !ok || outbound.ContextOp(c.info, rc) != outbound.CtxRoot {
		return false
	}
	switch st := fi.decl.Body.List[0].(type) {
	case *ast.ReturnStmt:
		if len(st.Results) != 1 || ast.Unparen(st.Results[0]) != ast.Expr(call) {
			return false
		}
	case *ast.ExprStmt:
		if ast.Unparen(st.X) != ast.Expr(call) {
			return false
		}
	default:
		return false
	}
	if fi.obj == nil {
		return false
	}
	sig, _ := fi.obj.Type().(*types.Signature)
	if sig == nil {
		return false
	}
	for i := range sig.Params().Len() {
		if outbound.IsContext(sig.Params().At(i).Type()) {
			return false
		}
	}
	fn := typesx.Callee(c.info, call)
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return false
	}
	name := fi.decl.Name.Name
	for _, suffix := range []string{"Context", "WithContext", "Ctx", "WithCtx"} {
		if fn.Name() == name+suffix {
			return true
		}
	}
	return false
}
