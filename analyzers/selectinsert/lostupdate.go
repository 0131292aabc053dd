package selectinsert

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"golang.org/x/tools/go/analysis"
)

// A lost update needs no branch: a column is read, a new value computed
// from it in Go (balance + amount), and written back as a value (SET
// balance = $1, GORM Update("balance", b+amount), or Save of the row after
// acct.Balance += amount). Two requests both read 100, both write 100 +
// their amount, and one amount is lost. The atomic form does the
// arithmetic in the statement: SET balance = balance + $1.

// lostWrite is a write of a value computed from the value read.
type lostWrite struct {
	col   string
	value ast.Expr // the Go expression written (the argument, or the assignment to the field)
	// delta and sign, when the argument at the call is read +/- delta:
	// the fix passes delta and writes col = col +/- $n.
	delta ast.Expr
	sign  token.Token
	ph    string // the SET's placeholder, when the SQL is at the call
}

// lostUpdate returns the column an update writes back from a value computed
// from the read of it, nil if none.
func (w *walker) lostUpdate(s *state, u *op) *lostWrite {
	a, rc := w.a, w.r
	if (u.db == nil && len(u.setArgs) == 0) || u.increments || a.versionChecked(u) || !u.byKey() || !a.sameRow(rc, u) {
		return nil
	}
	rechecks := func(col string) bool { return containsFold(u.where, col) }
	if u.db == nil {
		// Through a helper whose SET writes its parameter: the value
		// passed is what is written (no fix: the SQL is in the helper).
		for _, col := range sortedCols(u.setArgs) {
			if !plainColumn(col) || rechecks(col) {
				continue
			}
			if lw := w.derived(u.setArgs[col], col, s, 0); lw != nil {
				lw.delta = nil
				return lw
			}
		}
		return nil
	}
	c := u.db
	switch {
	case u.stmt != nil:
		for _, set := range u.stmt.Set {
			col := strings.ToLower(set.Column)
			if !set.Placeholder || !plainColumn(col) || rechecks(col) {
				continue
			}
			arg := placeholderArg(set.Value, c.Args, c.Spread)
			if arg == nil {
				continue
			}
			if lw := w.derived(arg, col, s, 0); lw != nil {
				lw.ph = set.Value
				return lw
			}
		}
	case c.Lib == dbcall.LibGORM && c.Method == "Update" && len(c.Expr.Args) == 2:
		col := ""
		if cols, _ := a.gormSetColumns(c); len(cols) == 1 {
			col = cols[0]
		}
		if col != "" && !rechecks(col) {
			if lw := w.derived(c.Expr.Args[1], col, s, 0); lw != nil {
				lw.delta = nil // a GORM fix would need gorm.Expr: none offered
				return lw
			}
		}
	case c.Lib == dbcall.LibGORM && u.save && u.model != nil:
		return w.savedIncrement(s, u)
	}
	return nil
}

// derived reports an expression computed from the read value of col by
// arithmetic: bal + amount, bal - amount, or a local assigned once from
// such an expression before the update.
func (w *walker) derived(e ast.Expr, col string, s *state, depth int) *lostWrite {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
		default:
			return nil
		}
		lw := &lostWrite{col: col, value: e}
		switch {
		case w.readsCol(x.X, col, s):
			if x.Op == token.ADD || x.Op == token.SUB {
				lw.delta, lw.sign = x.Y, x.Op
			}
			return lw
		case w.readsCol(x.Y, col, s):
			if x.Op == token.ADD {
				lw.delta, lw.sign = x.X, x.Op
			}
			return lw
		}
	case *ast.Ident:
		obj, ok := w.a.info.ObjectOf(x).(*types.Var)
		if !ok || depth > 0 || w.r.tracks(obj) {
			return nil
		}
		as := w.a.pidx.Assigns(obj)
		if len(as) != 1 || as[0].RHS == nil || as[0].Node.Pos() < w.r.act.End() {
			return nil
		}
		if lw := w.derived(as[0].RHS, col, s, depth+1); lw != nil {
			lw.value, lw.delta = e, nil // the arithmetic is elsewhere: no fix
			return lw
		}
	}
	return nil
}

// readsCol reports an expression that is the value read of col: a variable
// or struct field holding it, not overwritten since the read.
func (w *walker) readsCol(e ast.Expr, col string, s *state) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := w.a.info.ObjectOf(x)
		return obj != nil && !s.killed[obj] && w.r.colVars[obj] == col
	case *ast.SelectorExpr:
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
			base := w.a.info.ObjectOf(id)
			return base != nil && !s.killed[base] && w.r.fieldCol[fieldKey{base, x.Sel.Name}] == col
		}
	case *ast.CallExpr:
		// a conversion: int64(bal)
		if tv, ok := w.a.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return w.readsCol(x.Args[0], col, s)
		}
	}
	return false
}

// savedIncrement finds, for a GORM Save of the row read, a field of it
// changed from itself since the read (acct.Balance += amount, n.Count++,
// p.Stock = p.Stock - qty).
func (w *walker) savedIncrement(s *state, u *op) *lostWrite {
	a, rc := w.a, w.r
	base := objOf(a.info, unaddr(u.model))
	if base == nil || !rc.structs[base] || s.killed[base] {
		return nil
	}
	for fk, col := range rc.fieldCol {
		if fk.base != base {
			continue
		}
		f, _, _ := types.LookupFieldOrMethod(base.Type(), true, base.Pkg(), fk.field)
		fv, ok := f.(*types.Var)
		if !ok || !isNumeric(fv.Type()) {
			continue
		}
		for _, as := range a.pidx.Assigns(fv) {
			if as.Node.Pos() < rc.act.End() || as.Node.End() > u.call.Pos() {
				continue
			}
			sel, ok := ast.Unparen(as.LHS).(*ast.SelectorExpr)
			if !ok || objOf(a.info, sel.X) != base {
				continue
			}
			switch as.Tok {
			case token.ADD_ASSIGN, token.SUB_ASSIGN, token.INC, token.DEC:
				return &lostWrite{col: col, value: as.LHS}
			case token.ASSIGN:
				if as.RHS != nil && w.derived(as.RHS, col, s, 1) != nil {
					return &lostWrite{col: col, value: as.LHS}
				}
			}
		}
	}
	return nil
}

func isNumeric(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

// reportLostUpdate reports an update that writes back a value computed
// from the read.
func (a *checker) reportLostUpdate(rc *readCtx, u *op, lw *lostWrite) {
	r := rc.op
	atomic := fmt.Sprintf("SET %s = %s + $n", lw.col, lw.col)
	if lw.sign == token.SUB {
		atomic = fmt.Sprintf("SET %s = %s - $n", lw.col, lw.col)
	}
	if u.db != nil && u.db.Lib == dbcall.LibGORM && u.stmt == nil {
		atomic = fmt.Sprintf("gorm.Expr(\"%s + ?\", delta)", lw.col)
	}
	msg := shortest(
		fmt.Sprintf("lost update on %s.%s: the new value is computed from a read with no lock, so a concurrent write is overwritten; use %s", r.table, lw.col, atomic),
		fmt.Sprintf("lost update on %s.%s: the value written is computed from an unlocked read; use %s", r.table, lw.col, atomic),
		fmt.Sprintf("lost update on %s.%s: the value written is computed from an unlocked read; do the arithmetic in the UPDATE", r.table, lw.col))
	related := []analysis.RelatedInformation{
		a.relatedOp(r, "the read of "+lw.col),
		{Pos: lw.value.Pos(), End: lw.value.End(), Message: "the value computed from it"},
	}
	a.report(analysis.Diagnostic{
		Pos: u.call.Pos(), End: u.call.End(), Category: Doc.Code("lost-update"),
		Message: msg, Related: related, SuggestedFixes: a.atomicFix(u, lw),
	})
}

// atomicFix moves the arithmetic into the statement: SET balance = $1 with
// bal + amount becomes SET balance = balance + $1 with amount. Offered when
// the argument at the call is read +/- delta, the SQL is literals at the
// call, and the placeholder is used once.
func (a *checker) atomicFix(u *op, lw *lostWrite) []analysis.SuggestedFix {
	c := u.db
	if lw.delta == nil || lw.ph == "" || c == nil || c.Via != nil || c.Spread || u.stmt == nil || !sqlIdent(lw.col) {
		return nil
	}
	src, ok := a.sqlSourceOf(c.Query)
	if !ok || strings.Count(src.text, lw.ph) != 1 || len(sqlparse.Params(src.text)) == 0 {
		return nil
	}
	i := strings.Index(src.text, lw.ph)
	// the placeholder must follow "col =" (whitespace aside)
	before := strings.TrimRight(src.text[:i], " \t\n")
	if !strings.HasSuffix(before, "=") || i == 0 {
		return nil
	}
	lhs := strings.TrimRight(strings.TrimSuffix(before, "="), " \t\n")
	if !strings.HasSuffix(strings.ToLower(lhs), lw.col) {
		return nil
	}
	if next := i + len(lw.ph); next < len(src.text) && isIdentByte(src.text[next]) {
		return nil // $1 of $10
	}
	pos := src.after[i-1]
	if !pos.IsValid() {
		return nil
	}
	op := "+"
	if lw.sign == token.SUB {
		op = "-"
	}
	delta := types.ExprString(lw.delta)
	arg := placeholderArg(lw.ph, c.Args, c.Spread)
	if arg == nil {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Do the arithmetic in the UPDATE: SET %s = %s %s %s", lw.col, lw.col, op, lw.ph),
		TextEdits: []analysis.TextEdit{
			{Pos: pos, End: pos, NewText: []byte(lw.col + " " + op + " ")},
			{Pos: arg.Pos(), End: arg.End(), NewText: []byte(delta)},
		},
	}}
}
