package onconflict

import (
	"go/ast"
	"go/token"
	"go/types"

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
	ix := c.flow.Index()
	// The rows-affected counts read from res: res.RowsAffected() inline, or
	// the variable it is assigned to.
	counts := map[types.Object]bool{}
	var inline []*ast.CallExpr
	for _, id := range ix.Uses(res) {
		sel, ok := ix.Parent(id).(*ast.SelectorExpr)
		if !ok || sel.X != id || sel.Sel.Name != "RowsAffected" {
			continue
		}
		rc, ok := ix.Parent(sel).(*ast.CallExpr)
		if !ok || rc.Fun != sel {
			continue
		}
		inline = append(inline, rc)
		if as, ok := ix.Parent(rc).(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) >= 1 {
			if lid, ok := as.Lhs[0].(*ast.Ident); ok {
				if o := c.info.ObjectOf(lid); o != nil {
					counts[o] = true
				}
			}
		}
	}
	if len(inline) == 0 {
		return
	}
	isCount := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			return counts[c.info.Uses[id]]
		}
		for _, rc := range inline {
			if e == rc {
				return true
			}
		}
		return false
	}
	ast.Inspect(fn.body, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Pos() < call.End() {
			return true
		}
		if zeroTest(b, isCount) {
			report.Report(c.pass, analysis.Diagnostic{
				Pos: b.Pos(), End: b.End(), Category: "update-gate",
				Message: "ON CONFLICT DO UPDATE counts the duplicate's row as affected, so this test for 0 never holds; use DO NOTHING to gate, or DO UPDATE ... WHERE",
				Related: []analysis.RelatedInformation{{Pos: call.Pos(), End: call.End(), Message: "the upsert"}},
			})
			return false
		}
		return true
	})
}

// zeroTest reports n == 0, 0 == n, n < 1 and n <= 0 on a count.
func zeroTest(b *ast.BinaryExpr, isCount func(ast.Expr) bool) bool {
	isLit := func(e ast.Expr, v string) bool {
		l, ok := ast.Unparen(e).(*ast.BasicLit)
		return ok && l.Kind == token.INT && l.Value == v
	}
	switch b.Op {
	case token.EQL:
		return isCount(b.X) && isLit(b.Y, "0") || isLit(b.X, "0") && isCount(b.Y)
	case token.LSS:
		return isCount(b.X) && isLit(b.Y, "1")
	case token.LEQ:
		return isCount(b.X) && isLit(b.Y, "0")
	}
	return false
}
