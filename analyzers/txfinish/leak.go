package txfinish

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

const (
	msgLeak     = "transaction may be left open: a path returns without Commit or Rollback; defer a Rollback right after Begin"
	msgLateDefr = "transaction left open on returns before its deferred Rollback is registered; defer the Rollback right after Begin"
	msgLeakExit = "this return leaves the transaction open"
)

// begin checks one Begin: every path from it to a return must commit, roll
// back or hand off the transaction.
func (c *checker) begin(call *ast.CallExpr) {
	b := c.beginOf(call)
	kind := b.kind
	if kind == notTx {
		return
	}
	stmt, tx, errObj, ok := c.keptLocally(call, b)
	if !ok {
		return
	}
	fn := c.ix.EnclosingFunc(call)
	if fn == nil {
		return
	}
	g := c.fp.FuncGraph(fn)
	if g == nil || !g.Contains(call) {
		return
	}
	// A variable captured from an enclosing function outlives this literal
	// (a retry callback: tx, err = db.Begin(); return err): it hands off.
	if tx.Pos() < fn.Pos() || tx.Pos() >= fn.End() {
		return
	}
	// A transaction carried across iterations (declared outside the loop,
	// begun inside on some iterations only: batches committed every n rows)
	// ends on a counter's value, which paths do not track.
	if l := g.LoopOf(call); l != nil && (l.Stmt == nil || tx.Pos() < l.Stmt.Pos() || tx.Pos() >= l.Stmt.End()) {
		bb := g.Block(call)
		for _, latch := range l.Latches {
			if bb != latch && !g.DominatesBlock(bb, latch) {
				return
			}
		}
	}
	t := c.newTracker(g, fn, tx, kind, 0)
	t.err, t.begin, t.noErr = errObj, call, b.err < 0
	if t.unclearCheck() {
		return
	}
	// A deferred Rollback registered before the Begin (var tx *sql.Tx;
	// defer func() { if tx != nil { ... } }()) covers it.
	for _, d := range g.Defers() {
		if g.Reaches(d, call) && t.deferFinishes(d) {
			return
		}
	}
	exit, _ := g.FindExit(call, flow.Search{Stop: t.stop, Edge: t.edge})
	if exit == nil {
		c.shadowedGuard(t)
		return
	}
	late := t.lateDefer()
	msg, code := msgLeak, "left-open"
	if late != nil {
		msg, code = msgLateDefr, "late-rollback"
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: Doc.Code(code),
		Message:  msg,
		Related:  []analysis.RelatedInformation{related(exit, msgLeakExit)},
	}
	if fix := c.leakFix(t, stmt, late); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	report.Report(c.pass, d)
}

// related points at an exit: a return statement (the implicit one at the
// closing brace has no results) or a no-return call.
func related(exit ast.Node, msg string) analysis.RelatedInformation {
	end := exit.End()
	if r, ok := exit.(*ast.ReturnStmt); ok && len(r.Results) == 0 {
		end = r.Return + 1
	}
	return analysis.RelatedInformation{Pos: exit.Pos(), End: end, Message: msg}
}

// keptLocally returns the statement that keeps a Begin's result in a local
// variable, the variable, and the error variable (nil when there is none
// or it is discarded).
func (c *checker) keptLocally(call *ast.CallExpr, b beginInfo) (ast.Stmt, types.Object, types.Object, bool) {
	var lhs []ast.Expr
	var stmt ast.Stmt
	switch p := c.ix.Parent(call).(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || p.Rhs[0] != call || (p.Tok != token.DEFINE && p.Tok != token.ASSIGN) {
			return nil, nil, nil, false
		}
		lhs, stmt = p.Lhs, p
	case *ast.ValueSpec:
		if len(p.Values) != 1 || p.Values[0] != call {
			return nil, nil, nil, false
		}
		for _, n := range p.Names {
			lhs = append(lhs, n)
		}
		ds, ok := c.ix.Parent(c.ix.Parent(p)).(*ast.DeclStmt)
		if !ok {
			return nil, nil, nil, false
		}
		stmt = ds
	default:
		return nil, nil, nil, false
	}
	local := func(e ast.Expr) types.Object {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			return nil
		}
		v, ok := c.info.ObjectOf(id).(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
			return nil
		}
		return v
	}
	if len(lhs) != b.sig.Results().Len() || b.tx >= len(lhs) {
		return nil, nil, nil, false
	}
	tx := local(lhs[b.tx])
	if tx == nil {
		return nil, nil, nil, false
	}
	var errObj types.Object
	if b.err >= 0 {
		errObj = local(lhs[b.err])
	}
	return stmt, tx, errObj, true
}

// unclearCheck reports a Begin whose error is tested right after it in a
// form other than a nil comparison (if isFatal(err) {...}): which branch
// has the transaction open is not known, so the check stays quiet.
func (t *tracker) unclearCheck() bool {
	l, ok := t.g.Loc(t.begin)
	if !ok {
		return true
	}
	b := l.Block
	cond, _, ok := t.g.Cond(b)
	if !ok || l.Index+1 != len(b.Nodes)-1 {
		return false
	}
	mentions := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := t.c.info.Uses[id]; obj != nil && (obj == t.err || (t.kind == gormTx && obj == t.tx)) {
				mentions = true
			}
		}
		return !mentions
	})
	if !mentions {
		return false
	}
	e := ast.Unparen(cond)
	for {
		u, ok := e.(*ast.UnaryExpr)
		if !ok || u.Op != token.NOT {
			break
		}
		e = ast.Unparen(u.X)
	}
	if x, _, ok := typesx.NilTest(t.c.info, e); ok {
		if t.isBeginErr(x) || typesx.ObjectOf(t.c.info, x) == t.tx {
			return false
		}
	}
	return true
}

// lateDefer returns the first deferred finisher registered after the
// Begin, nil when there is none.
func (t *tracker) lateDefer() *ast.DeferStmt {
	for _, d := range t.g.Defers() {
		if t.g.Reaches(t.begin, d) && t.deferFinishes(d) {
			return d
		}
	}
	return nil
}
