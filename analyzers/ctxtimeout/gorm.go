package ctxtimeout

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// gormFinishers are the *gorm.DB methods that run a statement. A chain
// that reaches one with no WithContext runs with the context the handle
// holds: context.Background() for the handle gorm.Open returns.
var gormFinishers = map[string]bool{
	"First": true, "Take": true, "Last": true, "Find": true, "FindInBatches": true,
	"FirstOrCreate": true, "FirstOrInit": true, "Create": true, "CreateInBatches": true,
	"Save": true, "Update": true, "Updates": true, "UpdateColumn": true, "UpdateColumns": true,
	"Delete": true, "Count": true, "Pluck": true, "Scan": true, "Row": true, "Rows": true, "Exec": true,
}

// gormNoContext reports a GORM statement run with no WithContext in the
// chain, on a handle the function was given (a field of its receiver, a
// parameter, a package variable: the one gorm.Open made), where a context
// is at hand. A handle derived in the function (db := s.db.WithContext(ctx),
// a transaction callback's tx) carries whatever its maker gave it, and is
// left alone.
func (c *checker) gormNoContext(fi *funcInfo, call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !gormFinishers[sel.Sel.Name] || !typesx.IsGormDB(c.info.TypeOf(sel.X)) {
		return
	}
	if _, isMethod := c.info.Selections[sel]; !isMethod {
		return
	}
	// Walk the chain down to its root: s.db.Where(...).Order(...).
	x := ast.Unparen(sel.X)
	for {
		inner, ok := x.(*ast.CallExpr)
		if !ok {
			break
		}
		s, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if !ok || !typesx.IsGormDB(c.info.TypeOf(s.X)) {
			return
		}
		switch s.Sel.Name {
		case "WithContext", "Session", "Transaction", "Begin":
			return // a context (or a session that may carry one) is set
		}
		x = ast.Unparen(s.X)
	}
	if !c.givenHandle(fi, x) {
		return
	}
	sc := c.scopeCtx(fi, call)
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
