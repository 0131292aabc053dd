package ctxtimeout

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"golang.org/x/tools/go/analysis"
)

// gormNoContext reports a GORM statement (dbcall's match: a finisher such
// as First, Find, Create, Save, Update(s), Delete, Count, Scan, Exec, with
// the chain walked to its root) run with no WithContext or Session context
// in the chain, on a handle the function was given (a field of its
// receiver, a parameter, a package variable: the one gorm.Open made), where
// a context is at hand. A handle derived in the function (db :=
// s.db.WithContext(ctx), a transaction callback's tx) carries whatever its
// maker gave it, and is left alone.
func (c *checker) gormNoContext(fi *funcInfo, call *ast.CallExpr) {
	dc := c.db.Match(call)
	if dc == nil || dc.Lib != dbcall.LibGORM || dc.Via != nil || dc.Ctx != nil || dc.Recv == nil {
		return
	}
	if !dc.Op.Statement() {
		return
	}
	for _, cc := range dc.Chain {
		if sel, ok := ast.Unparen(cc.Fun).(*ast.SelectorExpr); ok {
			switch sel.Sel.Name {
			case "Session", "Transaction", "Begin":
				return // a session or transaction that may carry a context
			}
		}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	x := ast.Unparen(dc.Recv)
	if !c.givenHandle(fi, x) {
		return
	}
	sc := c.scopeCtx(fi, call)
	if sc.text == "" && c.exportsNoCtx(fi) {
		// A legacy method of a context-aware store (ListForDepot(depot,
		// from) beside Available(ctx, ...)): its callers with a context
		// are told, as for database/sql.
		c.markNoCtx(fi, "(*gorm.DB)."+sel.Sel.Name, "WithContext(ctx)")
		return
	}
	if sc.text == "" || sc.outer {
		return
	}
	fixCtx := c.ctxForFix(fi, call)
	where := "chain WithContext(" + sc.text + ")"
	if fixCtx == "" {
		where += ", and a deadline from its callers (one passes a context with none)"
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("no-context"),
		Message: fmt.Sprintf("GORM's %s runs with no context, so a stuck database holds it forever and %s is ignored; %s", sel.Sel.Name, sc.text, where),
	}
	if fixCtx != "" {
		if fix, ok := c.fix("Chain WithContext("+fixCtx+")", call, []analysis.TextEdit{insert(x.End(), ".WithContext("+fixCtx+")")}, nil); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.report(d)
}

// givenHandle reports whether x is a handle the function was given: a
// field (s.db), a parameter of the declared function, or a package
// variable. Not a local variable, nor a function literal's parameter (a
// transaction callback's tx).
func (c *checker) givenHandle(fi *funcInfo, x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.SelectorExpr:
		if s := c.info.Selections[x]; s != nil {
			return s.Kind() == types.FieldVal
		}
		_, isVar := c.info.Uses[x.Sel].(*types.Var) // pkg.DB
		return isVar
	case *ast.Ident:
		v, ok := c.info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		if v.Parent() == c.pass.Pkg.Scope() {
			return true
		}
		d := fi.params[v]
		return d != nil && d.kind == defParam && !fi.mutated(v)
	}
	return false
}
