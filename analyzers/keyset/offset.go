package keyset

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"golang.org/x/tools/go/analysis"
)

// OFFSET paging over rows the loop itself moves out of the query: a loop
// that reads page after page with LIMIT/OFFSET, the offset growing each
// time round, and that updates (or deletes) the rows it read so that they
// no longer match the WHERE (exported_at IS NULL, then SET exported_at =
// now()). Each page's rows leave the result, the rest shift down, and the
// next OFFSET skips a page of rows never read: every other page is lost.

// checkShrinkingOffset reports such loops in the package's files.
func (c *checker) checkShrinkingOffset() {
	// Calls through another package's wrapper (db.Select(ctx, &page, q,
	// ...)) are matched on demand, through the wrapper's fact.
	matched := map[*ast.CallExpr]*dbcall.Call{}
	match := func(ce *ast.CallExpr) *dbcall.Call {
		if m, ok := matched[ce]; ok {
			return m
		}
		m := c.ix.Match(ce)
		if m != nil && !m.SQL.Found {
			m = nil
		}
		matched[ce] = m
		return m
	}
	reported := map[*ast.CallExpr]bool{}
	for _, f := range c.pass.Files {
		if strings.HasSuffix(c.pass.Fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var body *ast.BlockStmt
			var post ast.Stmt
			switch l := n.(type) {
			case *ast.ForStmt:
				body, post = l.Body, l.Post
			case *ast.RangeStmt:
				body = l.Body
			default:
				return true
			}
			var in []*dbcall.Call
			ast.Inspect(n, func(m ast.Node) bool {
				if _, lit := m.(*ast.FuncLit); lit {
					return false
				}
				if ce, ok := m.(*ast.CallExpr); ok {
					if dc := match(ce); dc != nil {
						in = append(in, dc)
					}
				}
				return true
			})
			for _, read := range in {
				st := &read.Stmt
				if reported[read.Expr] || st.Kind != sqlparse.KindSelect || st.Offset == "" || st.Limit == "" || st.Table == "" {
					continue
				}
				if !c.advancesEachTime(read, body, post) {
					continue
				}
				for _, w := range in {
					col := movesOut(st, &w.Stmt)
					if col == "" {
						continue
					}
					reported[read.Expr] = true
					report.Report(c.pass, analysis.Diagnostic{
						Pos: read.Expr.Pos(), End: read.Expr.End(), Category: Doc.Code("offset-shrinks"),
						Message: "OFFSET paging over " + st.Table + " while this loop's " + w.Stmt.Kind.String() + " moves rows out of its WHERE (" + col + "): every other page is skipped; page by key or keep OFFSET 0",
						Related: []analysis.RelatedInformation{{Pos: w.Expr.Pos(), End: w.Expr.End(), Message: "the write that takes read rows out of the query"}},
					})
					break
				}
			}
			return true
		})
	}
}

// movesOut returns the column of read's WHERE that w, an UPDATE or DELETE
// of the same table, changes ("" if none); a DELETE removes rows outright.
func movesOut(read, w *sqlparse.Stmt) string {
	if w.Table != read.Table || w.Partial {
		return ""
	}
	var where []string
	for _, cd := range read.Where {
		where = append(where, cd.Column)
	}
	switch w.Kind {
	case sqlparse.KindUpdate:
		for _, s := range w.Set {
			if slices.Contains(where, s.Column) {
				return s.Column
			}
		}
	case sqlparse.KindDelete:
		if len(where) > 0 {
			return where[0]
		}
	}
	return ""
}

// advancesEachTime reports a bind argument of read that the loop increases
// each time round (offset += pageSize, page++, in the body or the post
// statement): the OFFSET moves on while the rows move out.
func (c *checker) advancesEachTime(read *dbcall.Call, body *ast.BlockStmt, post ast.Stmt) bool {
	grown := map[types.Object]bool{}
	mark := func(n ast.Node) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch s := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IncDecStmt:
				if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && s.Tok == token.INC {
					grown[c.pass.TypesInfo.ObjectOf(id)] = true
				}
			case *ast.AssignStmt:
				if s.Tok == token.ADD_ASSIGN && len(s.Lhs) == 1 {
					if id, ok := ast.Unparen(s.Lhs[0]).(*ast.Ident); ok {
						grown[c.pass.TypesInfo.ObjectOf(id)] = true
					}
				}
			}
			return true
		})
	}
	mark(body)
	if post != nil {
		mark(post)
	}
	for _, a := range read.Args {
		found := false
		ast.Inspect(a, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && grown[c.pass.TypesInfo.Uses[id]] {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
