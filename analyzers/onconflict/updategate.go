package onconflict

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/notfound"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"golang.org/x/tools/go/analysis"
)

// checkUpdateGate reports a test for "no row affected" on an INSERT ...
// ON CONFLICT ... DO UPDATE with no WHERE: a duplicate updates the row it
// conflicts with and counts it, so RowsAffected is 1 either way and the
// test, written as a dedup gate, never holds:
//
//	res, _ := db.ExecContext(ctx, `INSERT INTO sent (key) VALUES ($1)
//		ON CONFLICT (key) DO UPDATE SET at = now()`, key)
//	if n, _ := res.RowsAffected(); n == 0 { return nil } // never
//	send()
//
// MySQL's ON DUPLICATE KEY UPDATE is not judged (it reports 0 for a row
// it left unchanged), nor a DO UPDATE ... WHERE, which can update none.
func (c *checker) checkUpdateGate(call *ast.CallExpr, stack []ast.Node) {
	s := c.siteOf(call)
	if s == nil || s.op != opExec || s.gorm != nil || !s.hasSQL || s.stmt.Partial ||
		s.stmt.Kind != sqlparse.KindInsert || s.stmt.Conflict != sqlparse.ConflictDoUpdate || s.stmt.ConflictWhere {
		return
	}
	res := s.db.Use.Result
	fn := enclosingFunc(stack)
	if res == nil || fn == nil {
		return
	}
	// The tests for "no row affected" after the upsert (notfound: n == 0,
	// n < 1, n != 1, tag.RowsAffected() == 0) whose subject is its result
	// or a count read from that result.
	fromRes := func(subj types.Object) bool {
		if subj == res {
			return true // res.RowsAffected() == 0 inline
		}
		for _, as := range c.flow.Index().Assigns(subj) {
			x := as.RHS
			if x == nil {
				x = as.Tuple // n, err := res.RowsAffected()
			}
			rc, ok := ast.Unparen(x).(*ast.CallExpr)
			if !ok {
				return false
			}
			sel, ok := ast.Unparen(rc.Fun).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "RowsAffected" {
				return false
			}
			id, ok := ast.Unparen(sel.X).(*ast.Ident)
			if !ok || c.info.Uses[id] != res {
				return false
			}
		}
		return true
	}
	finder := notfound.NewFinder(c.info, fn.body)
	ast.Inspect(fn.body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Pos() < call.End() {
			return true
		}
		ck, ok := finder.Cond(ifs.Cond)
		if !ok || ck.Kind != notfound.RowsAffectedZero || ck.Negated || ck.Subject == nil || !fromRes(ck.Subject) {
			return true
		}
		report.Report(c.pass, analysis.Diagnostic{
			Pos: ck.Expr.Pos(), End: ck.Expr.End(), Category: Doc.Code("update-gate"),
			Message: "ON CONFLICT DO UPDATE counts the duplicate's row as affected, so this test for 0 never holds; use DO NOTHING to gate, or DO UPDATE ... WHERE",
			Related: []analysis.RelatedInformation{{Pos: call.Pos(), End: call.End(), Message: "the upsert"}},
		})
		return false
	})
}
