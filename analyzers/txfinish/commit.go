package txfinish

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

const (
	msgDropped     = "Commit error dropped: a failed commit loses the writes while the caller sees success; return or check the error"
	msgDeferCommit = "deferred Commit commits on error paths too and its error is lost; Commit at the end, check the error, and defer a Rollback"
	msgShadowOpen  = "deferred Rollback tests an err that a shadowing err := never sets: returning the inner err leaves the transaction open; assign with ="
	msgShadowCommt = "deferred Rollback tests an err that a shadowing err := never sets: returning the inner err commits instead; assign with ="
	msgShadowExit  = "returns the inner err; the deferred function still sees the outer one"
	msgNilReturn   = "deferred Rollback runs only when err is set, but a path returns nil without Commit: the transaction stays open; commit or roll back first"
	msgNilExit     = "returns nil with the transaction still open"
)

// commit checks one Commit call: its error must not be dropped, and it
// must not be deferred unconditionally.
func (c *checker) commit(call *ast.CallExpr) {
	x, _, ok := c.finisherCall(call)
	if !ok || c.isSavepoint(x) || c.releasesSavepoint(x) {
		return
	}
	kind := kindOf(c.info.TypeOf(x))
	parent := c.ix.Parent(call)
	for {
		if pe, ok := parent.(*ast.ParenExpr); ok {
			parent = c.ix.Parent(pe)
			continue
		}
		break
	}
	// Inside a deferred literal, a Commit no condition guards runs on the
	// error paths too.
	if lit, ok := c.ix.EnclosingFunc(call).(*ast.FuncLit); ok && c.isDeferred(lit) {
		if lg := c.fp.FuncGraph(lit); lg != nil && lg.Contains(call) && len(lg.Guards(call)) == 0 {
			report.Reportc(c.pass, call, Doc.Code("deferred-commit"), msgDeferCommit)
			return
		}
	}
	var stmt ast.Stmt
	switch p := parent.(type) {
	case *ast.DeferStmt:
		report.Reportc(c.pass, call, Doc.Code("deferred-commit"), msgDeferCommit)
		return
	case *ast.ExprStmt:
		stmt = p
	case *ast.GoStmt:
		if !c.readOnly(typesx.ObjectOf(c.info, x), 0) {
			report.Reportc(c.pass, call, Doc.Code("commit-unchecked"), msgDropped)
		}
		return
	case *ast.AssignStmt:
		if !allBlank(p.Lhs) {
			return
		}
		stmt = p
	case *ast.SelectorExpr:
		// GORM: tx.Commit().Error read or dropped.
		if kind != gormTx || p.Sel.Name != "Error" {
			return
		}
		as, ok := c.ix.Parent(p).(*ast.AssignStmt)
		if !ok || !allBlank(as.Lhs) {
			return
		}
		stmt = as
	default:
		return
	}
	if c.readOnly(typesx.ObjectOf(c.info, x), 0) {
		return // a failed commit of a transaction that only read loses nothing
	}
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: Doc.Code("commit-unchecked"), Message: msgDropped}
	if fix := c.commitFix(call, x, kind, stmt); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	report.Report(c.pass, d)
}

func allBlank(es []ast.Expr) bool {
	for _, e := range es {
		if id, ok := e.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}

// isDeferred reports whether lit is the function of a defer statement.
func (c *checker) isDeferred(lit *ast.FuncLit) bool {
	call, ok := c.ix.Parent(lit).(*ast.CallExpr)
	if !ok || call.Fun != lit {
		return false
	}
	_, ok = c.ix.Parent(call).(*ast.DeferStmt)
	return ok
}

// releasesSavepoint reports a transaction on which the package runs a
// constant RELEASE SAVEPOINT (CockroachDB's client-side retry protocol:
// RELEASE SAVEPOINT cockroach_restart commits, and its error is the one
// checked; the Commit after it only ends the session's bookkeeping).
func (c *checker) releasesSavepoint(x ast.Expr) bool {
	obj := typesx.ObjectOf(c.info, x)
	if obj == nil {
		return false
	}
	for _, id := range c.ix.Uses(obj) {
		sel, ok := c.ix.Parent(id).(*ast.SelectorExpr)
		if !ok || sel.X != id || !strings.HasPrefix(sel.Sel.Name, "Exec") {
			continue
		}
		call, ok := c.ix.Parent(sel).(*ast.CallExpr)
		if !ok {
			continue
		}
		for _, a := range call.Args {
			if q, ok := typesx.StringConst(c.info, a); ok && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "RELEASE ") {
				return true
			}
		}
	}
	return false
}

// isSavepoint reports whether x is a variable assigned only from Begin on
// a pgx transaction (a savepoint: the outer transaction's end ends it).
func (c *checker) isSavepoint(x ast.Expr) bool {
	obj := typesx.ObjectOf(c.info, x)
	if obj == nil {
		return false
	}
	as := c.ix.Assigns(obj)
	if len(as) == 0 {
		return false
	}
	for _, a := range as {
		e := a.RHS
		if e == nil {
			e = a.Tuple
		}
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := typesx.Callee(c.info, call)
		if fn == nil || !isBeginName(fn.Name()) {
			return false
		}
		sig, ok := fn.Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			return false
		}
		if k := kindOf(sig.Recv().Type()); k == notTx || k == gormTx {
			return false
		}
	}
	return true
}

// shadowedGuard reports a deferred Rollback guarded by err != nil when a
// path returns a different, shadowing err: the deferred function reads the
// outer err, still nil, and leaves the transaction open (or commits it).
func (c *checker) shadowedGuard(t *tracker) {
	for _, d := range t.g.Defers() {
		if !t.g.Reaches(t.begin, d) {
			continue
		}
		lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
		if !ok {
			continue
		}
		guard, commits := t.errGuard(lit)
		if guard == nil {
			continue
		}
		named := isNamedResult(t.sig, guard)
		shadow := func(n ast.Node) bool {
			r, ok := n.(*ast.ReturnStmt)
			if !ok || named {
				return false
			}
			found := false
			for _, e := range r.Results {
				ast.Inspect(e, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && id.Name == guard.Name() {
						if v, ok := c.info.Uses[id].(*types.Var); ok && v != guard && typesx.IsError(v.Type()) &&
							v.Pos() > t.fn.Pos() && v.Pos() < t.fn.End() {
							found = true
						}
					}
					return !found && !isLit(m)
				})
			}
			return found
		}
		// A nil error returned before Commit skips a Rollback-only defer.
		nilRet := func(n ast.Node) bool {
			r, ok := n.(*ast.ReturnStmt)
			if !ok || commits || t.sig == nil || len(r.Results) == 0 || len(r.Results) != t.sig.Results().Len() {
				return false
			}
			last := len(r.Results) - 1
			return typesx.IsNil(c.info, r.Results[last]) && typesx.IsError(t.sig.Results().At(last).Type())
		}
		stop := func(n ast.Node) bool {
			if n == d {
				return false
			}
			if _, ok := n.(*ast.ReturnStmt); ok && !shadow(n) && !nilRet(n) {
				return true
			}
			return t.stop(n)
		}
		exit, _ := t.g.FindExit(d, flow.Search{Stop: stop, Edge: t.edge})
		if exit == nil {
			continue
		}
		var msg, rel, code string
		switch {
		case shadow(exit) && commits:
			msg, rel, code = msgShadowCommt, msgShadowExit, "shadowed-err"
		case shadow(exit):
			msg, rel, code = msgShadowOpen, msgShadowExit, "shadowed-err"
		case nilRet(exit):
			msg, rel, code = msgNilReturn, msgNilExit, "nil-return-open"
		default:
			continue
		}
		report.Report(c.pass, analysis.Diagnostic{
			Pos:      d.Pos(),
			End:      d.End(),
			Category: Doc.Code(code),
			Message:  msg,
			Related:  []analysis.RelatedInformation{related(exit, rel)},
		})
		return
	}
}

func isLit(n ast.Node) bool {
	_, ok := n.(*ast.FuncLit)
	return ok
}

// errGuard returns the captured error variable E when every Rollback of
// the transaction in a deferred literal runs only under E != nil, and
// whether the literal commits otherwise.
func (t *tracker) errGuard(lit *ast.FuncLit) (*types.Var, bool) {
	lg := t.c.fp.FuncGraph(lit)
	if lg == nil {
		return nil, false
	}
	var guard *types.Var
	rollbacks, commits := 0, false
	ok := true
	ast.Inspect(lit.Body, func(m ast.Node) bool {
		if !ok {
			return false
		}
		if isLit(m) {
			return false
		}
		call, isCall := m.(*ast.CallExpr)
		if !isCall {
			return true
		}
		x, name, fin := t.c.finisherCall(call)
		if !fin || typesx.ObjectOf(t.c.info, x) != t.tx {
			return true
		}
		if name == "Commit" {
			commits = true
			return true
		}
		rollbacks++
		var g *types.Var
		for _, gd := range lg.Guards(call) {
			for _, s := range flow.Split(gd) {
				e, notNil, isNil := typesx.NilTest(t.c.info, s.Cond)
				if !isNil || notNil != s.Holds {
					continue
				}
				v, isVar := typesx.ObjectOf(t.c.info, e).(*types.Var)
				if isVar && typesx.IsError(v.Type()) && (v.Pos() < lit.Pos() || v.Pos() > lit.End()) {
					g = v
				}
			}
		}
		if g == nil || (guard != nil && g != guard) {
			ok = false
			return false
		}
		guard = g
		return true
	})
	if !ok || rollbacks == 0 {
		return nil, false
	}
	return guard, commits
}
