package onconflict

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// exits is how a fix leaves on a duplicate and on an error.
type exits struct {
	dup    string // "return 0, nil", "continue"
	fail   string // "return 0, err" with err as the error
	hasErr bool   // the function returns an error
}

// fixExits computes the early exits for a gate at pos in fn, or false if
// no mechanical fix is right there.
func (c *checker) fixExits(stack []ast.Node, fn *funcInfo, pos token.Pos, errName string) (exits, bool) {
	if fn.sig == nil {
		return exits{}, false
	}
	file := fixes.FileOf(c.pass, pos)
	if file == nil {
		return exits{}, false
	}
	res := fn.sig.Results()
	var ex exits
	switch {
	case res.Len() == 0:
		// An HTTP handler must still answer: a bare return would send an
		// empty 200 that the handler never chose.
		for i := range fn.sig.Params().Len() {
			if typesx.IsNamedOrPointer(fn.sig.Params().At(i).Type(), "net/http", "ResponseWriter") {
				return exits{}, false
			}
		}
		ex.dup, ex.fail = "return", "return"
	case types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()):
		dup, ok := fixes.ZeroResults(file, c.pass.Pkg, fn.sig, "nil")
		if !ok {
			return exits{}, false
		}
		fail, ok := fixes.ZeroResults(file, c.pass.Pkg, fn.sig, errName)
		if !ok {
			return exits{}, false
		}
		ex.dup = "return " + strings.Join(dup, ", ")
		ex.fail = "return " + strings.Join(fail, ", ")
		ex.hasErr = true
	default:
		return exits{}, false
	}
	if inLoop(stack, fn.idx) {
		ex.dup = "continue"
	}
	// No early return may drop a write made before the gate, and a
	// transaction begun here must be rolled back by a defer.
	if c.effectBefore(fn, pos) || !c.txSafe(fn) {
		return exits{}, false
	}
	return ex, true
}

// inLoop reports whether the gate sits in the body of a loop of its own
// function.
func inLoop(stack []ast.Node, from int) bool {
	for i := len(stack) - 1; i > from; i-- {
		switch l := stack[i].(type) {
		case *ast.ForStmt:
			if i+1 < len(stack) && stack[i+1] == l.Body {
				return true
			}
		case *ast.RangeStmt:
			if i+1 < len(stack) && stack[i+1] == l.Body {
				return true
			}
		}
	}
	return false
}

// effectBefore reports a DB write or outbound effect before pos in fn.
func (c *checker) effectBefore(fn *funcInfo, pos token.Pos) bool {
	found := false
	for _, s := range fn.body.List {
		if s.Pos() >= pos {
			break
		}
		c.scan(s, fn, 0, func(it item, via string, viaPos token.Pos) {
			if it.pos < pos && it.eff != nil {
				found = true
			}
		}, func() bool { return found })
	}
	return found
}

// txSafe reports that a transaction begun in fn (if any) is rolled back by
// a deferred call, so an early return does not leak it.
func (c *checker) txSafe(fn *funcInfo) bool {
	begins, deferred := false, false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if strings.Contains(exprName(x.Call.Fun), "Rollback") {
				deferred = true
			}
			if lit, ok := x.Call.Fun.(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, func(m ast.Node) bool {
					if call, ok := m.(*ast.CallExpr); ok && strings.HasSuffix(exprName(call.Fun), "Rollback") {
						deferred = true
					}
					return true
				})
			}
			return false
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Begin", "BeginTx", "Beginx", "BeginTxx", "MustBegin", "MustBeginTx":
					if t := c.info.TypeOf(sel.X); t != nil && (isDBHandle(t) || typesx.IsNamedOrPointer(t, "gorm.io/gorm", "DB")) {
						begins = true
					}
				}
			}
		}
		return true
	})
	return !begins || deferred
}

func isDBHandle(t types.Type) bool {
	for _, n := range [][2]string{
		{"database/sql", "DB"}, {"database/sql", "Conn"}, {"github.com/jmoiron/sqlx", "DB"},
		{"github.com/jackc/pgx/v5", "Conn"}, {"github.com/jackc/pgx/v5/pgxpool", "Pool"},
		{"github.com/jackc/pgx/v5/pgxpool", "Conn"}, {"github.com/jackc/pgx/v5", "Tx"},
	} {
		if typesx.IsNamedOrPointer(t, n[0], n[1]) {
			return true
		}
	}
	return false
}

// indentOf returns the indentation of the line that starts node n.
func (c *checker) indentOf(n ast.Node) string {
	col := c.pass.Fset.PositionFor(n.Pos(), false).Column
	if col < 1 {
		col = 1
	}
	return strings.Repeat("\t", col-1)
}

// listAfter returns the statement that follows s in its list, using the
// stack to find the list.
func listAfter(stack []ast.Node, s ast.Stmt) ast.Stmt {
	for i := len(stack) - 1; i > 0; i-- {
		if stack[i] != s {
			continue
		}
		list := stmtList(stack, i-1)
		j := indexOf(list, s)
		if j >= 0 && j+1 < len(list) {
			return list[j+1]
		}
		return nil
	}
	return nil
}

// stmtOf returns the statement of stack that sits in a statement list
// and holds the gate.
func stmtOf(stack []ast.Node) ast.Stmt {
	for i := len(stack) - 1; i > 0; i-- {
		if s, ok := stack[i].(ast.Stmt); ok && stmtList(stack, i-1) != nil {
			return s
		}
	}
	return nil
}

// errCheckAfter returns the if err != nil { ...leaves } that follows s,
// testing errVar, or nil.
func (c *checker) errCheckAfter(stack []ast.Node, s ast.Stmt, errVar *types.Var) *ast.IfStmt {
	next, ok := listAfter(stack, s).(*ast.IfStmt)
	if !ok || next.Init != nil || next.Else != nil || !c.testsNotNil(next.Cond, errVar) || !c.leaves(next.Body) {
		return nil
	}
	return next
}

// testsNotNil reports cond == (v != nil).
func (c *checker) testsNotNil(cond ast.Expr, v *types.Var) bool {
	x, notNil, ok := typesx.NilTest(c.info, cond)
	if !ok || !notNil {
		return false
	}
	if v == nil {
		return typesx.ImplementsError(c.info.TypeOf(x))
	}
	return c.varOf(x) == v
}

// execFix builds the fix for an Exec-like gate.
func (c *checker) execFix(g *gate, stack []ast.Node, fn *funcInfo, u resultUse, _ []ast.Node) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if u.errIgnored {
		return none, false
	}
	errName := "err"
	if u.errVar != nil {
		errName = u.errVar.Name()
	}
	ex, ok := c.fixExits(stack, fn, g.call.Pos(), errName)
	if !ok {
		return none, false
	}
	file := fixes.FileOf(c.pass, g.call.Pos())
	s := stmtOf(stack)
	if s == nil || file == nil {
		return none, false
	}
	var edits []analysis.TextEdit
	var after ast.Node // the node after which the duplicate check goes
	resName := u.resultName
	lib := g.site.lib

	switch {
	case lib == libGorm && (u.binding == bindGormError || u.binding == bindGormErrCmp):
		resName = fixes.FreshName(c.info, file, g.call.Pos(), "res")
		// res := <chain> before the statement, and <chain>.Error -> res.Error.
		ind := c.indentOf(s)
		chain := fixes.Source(c.pass.Fset, g.call)
		if chain == "" || strings.Contains(chain, "\n") {
			return none, false
		}
		edits = append(edits,
			analysis.TextEdit{Pos: s.Pos(), End: s.Pos(), NewText: fmt.Appendf(nil, "%s := %s\n%s", resName, chain, ind)},
			analysis.TextEdit{Pos: g.call.Pos(), End: g.call.End(), NewText: []byte(resName)})
		switch {
		case u.ifInit != nil:
			if u.ifInit.Else != nil || !c.leaves(u.ifInit.Body) || !c.testsNotNil(u.ifInit.Cond, u.errVar) {
				return none, false
			}
			after = u.ifInit
		case u.binding == bindGormErrCmp:
			ifs, ok := s.(*ast.IfStmt)
			if !ok || ifs.Else != nil || !c.leaves(ifs.Body) {
				return none, false
			}
			after = ifs
		default:
			chk := c.errCheckAfter(stack, s, u.errVar)
			if chk == nil {
				return none, false
			}
			after = chk
		}
		ind = c.indentOf(s)
		edits = append(edits, analysis.TextEdit{Pos: after.End(), End: after.End(),
			NewText: fmt.Appendf(nil, "\n%sif %s.RowsAffected == 0 {\n%s\t%s\n%s}", ind, resName, ind, ex.dup, ind)})
	case lib != libGorm && (u.binding == bindBlankPair || (u.binding == bindVar && u.verdict != useConsulted)):
		as := u.assign
		if as == nil {
			return none, false
		}
		if u.binding == bindBlankPair {
			base := "res"
			if lib == libPgx {
				base = "tag"
			}
			resName = fixes.FreshName(c.info, file, g.call.Pos(), base)
			edits = append(edits, analysis.TextEdit{Pos: as.Lhs[0].Pos(), End: as.Lhs[0].End(), NewText: []byte(resName)})
			if as.Tok == token.ASSIGN {
				// res is new: := must declare it and reuse err, which must
				// then live in this very scope.
				if u.errVar == nil || !c.declaredInScopeOf(u.errVar, stack, as) {
					return none, false
				}
				edits = append(edits, analysis.TextEdit{Pos: as.TokPos, End: as.TokPos + 1, NewText: []byte(":=")})
			}
		}
		var check string
		if lib == libPgx {
			check = fmt.Sprintf("%s.RowsAffected() == 0", resName)
		}
		nName := fixes.FreshName(c.info, file, g.call.Pos(), "n")
		if u.ifInit != nil {
			ifs := u.ifInit
			if ifs.Else != nil || !c.leaves(ifs.Body) || !c.testsNotNil(ifs.Cond, u.errVar) {
				return none, false
			}
			ind := c.indentOf(ifs)
			var text string
			switch {
			case lib == libPgx:
				text = fmt.Sprintf(" else if %s {\n%s\t%s\n%s}", check, ind, ex.dup, ind)
			case ex.hasErr:
				text = fmt.Sprintf(" else if %s, err := %s.RowsAffected(); err != nil {\n%s\t%s\n%s} else if %s == 0 {\n%s\t%s\n%s}",
					nName, resName, ind, strings.Replace(ex.fail, errName, "err", 1), ind, nName, ind, ex.dup, ind)
			default:
				text = fmt.Sprintf(" else if %s, err := %s.RowsAffected(); err == nil && %s == 0 {\n%s\t%s\n%s}", nName, resName, nName, ind, ex.dup, ind)
			}
			edits = append(edits, analysis.TextEdit{Pos: ifs.End(), End: ifs.End(), NewText: []byte(text)})
			break
		}
		chk := c.errCheckAfter(stack, s, u.errVar)
		if chk == nil {
			return none, false
		}
		ind := c.indentOf(s)
		var text string
		switch {
		case lib == libPgx:
			text = fmt.Sprintf("\n%sif %s {\n%s\t%s\n%s}", ind, check, ind, ex.dup, ind)
		case ex.hasErr:
			text = fmt.Sprintf("\n%sif %s, err := %s.RowsAffected(); err != nil {\n%s\t%s\n%s} else if %s == 0 {\n%s\t%s\n%s}",
				ind, nName, resName, ind, c.failWith(ex, errName), ind, nName, ind, ex.dup, ind)
		default:
			text = fmt.Sprintf("\n%sif %s, err := %s.RowsAffected(); err == nil && %s == 0 {\n%s\t%s\n%s}", ind, nName, resName, nName, ind, ex.dup, ind)
		}
		edits = append(edits, analysis.TextEdit{Pos: chk.End(), End: chk.End(), NewText: []byte(text)})
	default:
		return none, false
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("return early when the insert into %s affected no row (a duplicate)", orQ(g.site.table())),
		TextEdits: edits,
	}, true
}

// failWith is the failure exit returning the RowsAffected error, which the
// fix names err in its own if statement.
func (c *checker) failWith(ex exits, errName string) string {
	if errName == "err" {
		return ex.fail
	}
	i := strings.LastIndex(ex.fail, errName)
	if i < 0 {
		return ex.fail
	}
	return ex.fail[:i] + "err" + ex.fail[i+len(errName):]
}

// declaredInScopeOf reports whether v is declared in the scope of the
// block that holds as (so that := reuses it).
func (c *checker) declaredInScopeOf(v *types.Var, stack []ast.Node, as *ast.AssignStmt) bool {
	for i := len(stack) - 1; i > 0; i-- {
		if stack[i] != as {
			continue
		}
		var scope *types.Scope
		switch p := stack[i-1].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause, *ast.IfStmt:
			scope = c.info.Scopes[p]
		}
		if fd, ok := stack[i-1].(*ast.BlockStmt); ok && i >= 2 {
			// A function body's scope is the function type's.
			switch f := stack[i-2].(type) {
			case *ast.FuncDecl:
				if scope == nil {
					scope = c.info.Scopes[f.Type]
				}
			case *ast.FuncLit:
				if scope == nil {
					scope = c.info.Scopes[f.Type]
				}
			}
			_ = fd
		}
		return scope != nil && v.Parent() == scope
	}
	return false
}

// returningFix builds the fix for a DO NOTHING RETURNING scan whose
// ErrNoRows is handled as a failure: test it first and return early.
func (c *checker) returningFix(g *gate, stack []ast.Node, fn *funcInfo, u errUseResult) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if u.errVar == nil || u.check == nil || !c.testsNotNil(u.check.Cond, u.errVar) {
		return none, false
	}
	ex, ok := c.fixExits(stack, fn, g.call.Pos(), u.errVar.Name())
	if !ok {
		return none, false
	}
	file := fixes.FileOf(c.pass, g.call.Pos())
	if file == nil {
		return none, false
	}
	// The check must be the if whose init scans, or the statement right
	// after the scan.
	if u.check != u.ifInit {
		s := stmtOf(stack)
		if s == nil || listAfter(stack, s) != u.check || u.check.Init != nil {
			return none, false
		}
	}
	noRowsPath := "database/sql"
	if g.site.lib == libPgx {
		noRowsPath = "github.com/jackc/pgx/v5"
	}
	names, edits := fixes.AddImports(c.info, file, u.check.Pos(), "errors", noRowsPath)
	errorsName, noRows := names[0], names[1]+".ErrNoRows"
	ind := c.indentOf(u.check)
	cond := fmt.Sprintf("%s.Is(%s, %s)", errorsName, u.errVar.Name(), noRows)
	if u.check == u.ifInit {
		edits = append(edits, analysis.TextEdit{Pos: u.check.Cond.Pos(), End: u.check.Cond.Pos(),
			NewText: fmt.Appendf(nil, "%s {\n%s\t%s\n%s} else if ", cond, ind, ex.dup, ind)})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: u.check.Pos(), End: u.check.Pos(),
			NewText: fmt.Appendf(nil, "if %s {\n%s\t%s\n%s}\n%s", cond, ind, ex.dup, ind, ind)})
	}
	return analysis.SuggestedFix{
		Message:   "return early when the insert returned no row (a duplicate)",
		TextEdits: edits,
	}, true
}
