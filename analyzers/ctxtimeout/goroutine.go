package ctxtimeout

import (
	"fmt"
	"go/ast"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/outbound"
	"golang.org/x/tools/go/analysis"
)

// Goroutines that outlive the request. In a goroutine a handler starts,
// the request's context - and any context of the function that starts
// the goroutine - ends when that function returns, while the goroutine
// goes on: passing it on would cancel the goroutine's call half-way. The
// remedy there is a context detached from it, with its values, and a
// deadline of its own:
//
//	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
//	defer cancel()
//
// made in the goroutine. context.WithoutCancel is Go 1.21: in an older
// file the message names it and no fix is offered.

// reportNoContextGo reports a database call without a context in a
// goroutine whose only context at hand, outer, ends before it does.
func (c *checker) reportNoContextGo(fi *funcInfo, call *ast.CallExpr, oc outbound.Call, outer string) {
	remedy := fmt.Sprintf("context.WithTimeout(context.WithoutCancel(%s), d)", outer)
	msg := fmt.Sprintf("%s has no deadline, and its goroutine outlives %s; use %s with %s", oc.Name, outer, oc.ContextForm, remedy)
	if len(msg) > 160 {
		msg = fmt.Sprintf("%s has no deadline, and its goroutine outlives %s; use %s with a context detached from it and a timeout", oc.Name, outer, oc.ContextForm)
	}
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: Doc.Code("no-context"), Message: msg}
	if fix, ok := c.fixNoContextGo(fi, call, oc, outer); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// fixNoContextGo declares, just before the call's statement in the
// goroutine's function literal, a context detached from outer with a
// 30-second timeout and its deferred cancel, and passes it to the call's
// Context form. It is offered only in a Go 1.21 file, with the statement
// in the literal's body (not in a loop there, not a go or defer
// statement), and results that do not outlive the literal.
func (c *checker) fixNoContextGo(fi *funcInfo, call *ast.CallExpr, oc outbound.Call, outer string) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	lit, ok := c.goroutineOf(fi, call).(*ast.FuncLit)
	if !ok || c.rootFixed[fi] {
		return none, false
	}
	file := fixes.FileOf(c.pass, call.Pos())
	if file == nil || !fixes.GoVersionAtLeast(c.pass, file, "go1.21") {
		return none, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return none, false
	}
	st, _, _ := c.stmtOf(fi, call)
	if st == nil || !within(lit.Body, st.Pos()) || c.ix.EnclosingFunc(st) != ast.Node(lit) || fi.inLoop(st) {
		return none, false
	}
	switch st.(type) {
	case *ast.GoStmt, *ast.DeferStmt, *ast.LabeledStmt:
		return none, false
	}
	if c.resultsOutlive(fi, call, st) {
		return none, false
	}
	indent, ok := c.indentOf(st)
	if !ok {
		return none, false
	}
	ctx := fixes.FreshName(c.info, file, st.Pos(), "ctx")
	cancel := fixes.FreshName(c.info, file, st.Pos(), "cancel")
	pre := fmt.Sprintf("%s, %s := {context}.WithTimeout({context}.WithoutCancel(%s), %s)\n%sdefer %s()\n%s",
		ctx, cancel, outer, strings.Replace(ctxTimeout, "time", "{time}", 1), indent, cancel, indent)
	args := ctx
	if t := outbound.ContextFormTrailer(oc.ContextForm); t != "" {
		args += ", " + t
	}
	if len(call.Args) > 0 {
		args += ", "
	}
	edits := []analysis.TextEdit{insert(st.Pos(), pre), replace(sel.Sel, oc.ContextForm), insert(call.Lparen+1, args)}
	fix, ok := c.fix("Use "+oc.ContextForm+" with a 30-second context detached from "+outer, call, edits, []string{"context", "time"})
	if !ok {
		return none, false
	}
	if c.rootFixed == nil {
		c.rootFixed = map[*funcInfo]bool{}
	}
	c.rootFixed[fi] = true
	return fix, true
}
