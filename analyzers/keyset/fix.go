package keyset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// report reports f, with a fix when one can be made.
func (c *checker) report(f *finding, arg ast.Expr) {
	fix, tb := c.fix(f, arg)
	hazard, code := "skips", "skips-ties"
	if f.ks.Op == "<=" || f.ks.Op == ">=" {
		hazard, code = "repeats", "repeats-ties"
	}
	var msg string
	switch {
	case f.tiebreak != "":
		msg = fmt.Sprintf("cursor compares only %s, not the ORDER BY tiebreaker %s, so it %s rows tied on it at a page boundary; compare (%s, %s) as a row",
			f.col, f.tiebreak, hazard, f.col, f.tiebreak)
	case tb != "":
		msg = fmt.Sprintf("cursor on %s, which is not unique, %s rows tied on it at a page boundary; add %s to ORDER BY and compare (%s, %s) as a row",
			f.col, hazard, tb, f.col, tb)
	default:
		msg = fmt.Sprintf("cursor on %s, which is not unique, %s rows tied on it at a page boundary; add a unique column to ORDER BY and to the cursor as a row",
			f.col, hazard)
	}
	if len(msg) > 160 { // long names: the short form
		msg = fmt.Sprintf("cursor on %s, which is not unique, %s rows tied on it at a page boundary; compare it with a unique tiebreaker as a row",
			f.col, hazard)
	}
	pos, end := c.reportPos(f)
	d := analysis.Diagnostic{Pos: pos, End: end, Category: Doc.Code(code), Message: msg}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	report.Report(c.pass, d)
}

// fix builds the fix for f: the cursor comparison becomes a row comparison
// with the tiebreaker, the ORDER BY gets the tiebreaker when it lacks one,
// and the call gets the row's tiebreaker value as a new last argument. It
// returns nil (and "") unless the SQL is one string literal (or a constant
// used once) with numbered placeholders, one per argument, and the cursor
// argument is a field of a struct that has the tiebreaker's field too
// (last.CreatedAt -> last.ID). tb is the tiebreaker column the fix uses.
func (c *checker) fix(f *finding, arg ast.Expr) (_ *analysis.SuggestedFix, tb string) {
	call, st, ks := f.call, f.st, f.ks
	if call.Via != nil || call.Spread || arg == nil || len(call.Args) == 0 || st.OrderEnd == nil || !call.SQL.Known {
		return nil, ""
	}
	lit := c.literalOf(call.Query)
	if lit == nil {
		return nil, ""
	}
	sql := call.SQL.SQL
	body, err := strconv.Unquote(lit.Value)
	if err != nil || body != sql || lit.Value[1:len(lit.Value)-1] != sql {
		return nil, "" // escapes: SQL offsets are not source offsets
	}
	highest, ok := sqlparse.NumberedParams(sql)
	if !ok || highest != len(call.Args) {
		return nil, ""
	}
	// the tiebreaker and whether the ORDER BY needs it
	tbQual, addOrder := "", false
	switch {
	case f.tiebreak != "":
		tb, tbQual = f.tiebreak, f.tbQual
	case len(st.OrderBy) == 1:
		tb, tbQual, addOrder = "id", st.OrderQualifier[0], true
	default:
		return nil, ""
	}
	if tbQual == "" {
		tbQual = ks.Qualifiers[0]
	}
	if tbQual == "" && len(st.Tables) != 1 {
		return nil, "" // an unqualified id in a join may be ambiguous
	}
	tbArg := c.siblingField(arg, ks.Columns[0], tb)
	if tbArg == "" {
		return nil, ""
	}
	base := lit.Pos() + 1
	lhs := strings.TrimSpace(sql[ks.Start:ks.OpAt])
	rhs := strings.TrimSpace(sql[ks.OpAt+len(ks.Op) : ks.End])
	edits := []analysis.TextEdit{{
		Pos:     base + token.Pos(ks.Start),
		End:     base + token.Pos(ks.End),
		NewText: fmt.Appendf(nil, "(%s, %s) %s (%s, $%d)", lhs, qualified(tbQual, tb), strictOp(ks.Op), rhs, highest+1),
	}}
	if addOrder {
		dir := ""
		if st.OrderDesc[0] {
			dir = " DESC"
			head := sql[:st.OrderEnd[0]]
			if i := strings.LastIndex(strings.ToLower(head), "desc"); i >= 0 {
				dir = " " + head[i:i+4] // the spelling the item uses
			}
		}
		at := base + token.Pos(st.OrderEnd[0])
		edits = append(edits, analysis.TextEdit{Pos: at, End: at, NewText: fmt.Appendf(nil, ", %s%s", qualified(tbQual, tb), dir)})
	}
	last := call.Args[len(call.Args)-1]
	edits = append(edits, analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", " + tbArg)})
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Compare (%s, %s) as a row and pass %s", f.col, tb, tbArg),
		TextEdits: edits,
	}, tb
}

// literalOf returns the string literal that is e, or the value of the
// package constant e names when the constant is a single literal used
// nowhere else (editing it cannot change another query).
func (c *checker) literalOf(e ast.Expr) *ast.BasicLit {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		return lit
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	obj, ok := c.pass.TypesInfo.Uses[id].(*types.Const)
	if !ok || obj.Pkg() != c.pass.Pkg {
		return nil
	}
	uses := 0
	for _, o := range c.pass.TypesInfo.Uses {
		if o == obj {
			uses++
		}
	}
	if uses != 1 {
		return nil
	}
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if c.pass.TypesInfo.Defs[n] != obj || i >= len(vs.Values) || len(vs.Names) != len(vs.Values) {
						continue
					}
					if lit, ok := ast.Unparen(vs.Values[i]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
						return lit
					}
				}
			}
		}
	}
	return nil
}

// siblingField names the tiebreaker value for the cursor argument arg:
// arg must be x.F, a field whose column is col, of a struct that has a
// field G whose column is tb; the result is "x.G". x must be free of calls
// (other than len) so that evaluating it twice is harmless.
func (c *checker) siblingField(arg ast.Expr, col, tb string) string {
	sel, ok := ast.Unparen(arg).(*ast.SelectorExpr)
	if !ok || !pure(c.pass.TypesInfo, sel.X) {
		return ""
	}
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return ""
	}
	st := structOf(c.pass.TypesInfo.TypeOf(sel.X))
	if st == nil {
		return ""
	}
	own, ok := fieldByColumn(st, col, 0)
	if !ok || own.Name() != sel.Sel.Name {
		return ""
	}
	g, ok := fieldByColumn(st, tb, 0)
	if !ok || (!g.Exported() && g.Pkg() != c.pass.Pkg) {
		return ""
	}
	return types.ExprString(sel.X) + "." + g.Name()
}

func structOf(t types.Type) *types.Struct {
	for i := 0; i < 4 && t != nil; i++ {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
			continue
		}
		s, _ := t.Underlying().(*types.Struct)
		return s
	}
	return nil
}

// fieldByColumn finds the field of s (or of a struct embedded in it) whose
// column is col: its db tag (sqlx, scany), its gorm column tag, else the
// field name in GORM's snake case or lower-cased (sqlx's default mapper).
func fieldByColumn(s *types.Struct, col string, depth int) (*types.Var, bool) {
	for i := 0; i < s.NumFields(); i++ {
		f := s.Field(i)
		tag := s.Tag(i)
		name := ""
		if db := reflect.StructTag(tag).Get("db"); db != "" {
			name = strings.SplitN(db, ",", 2)[0]
		}
		for _, part := range strings.Split(reflect.StructTag(tag).Get("gorm"), ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(part), ":"); ok && strings.EqualFold(k, "column") {
				name = v
			}
		}
		if f.Embedded() && name == "" {
			if es := structOf(f.Type()); es != nil && depth < 2 {
				if g, ok := fieldByColumn(es, col, depth+1); ok {
					return g, true
				}
			}
			continue
		}
		if name == "-" {
			continue
		}
		if name != "" {
			if strings.EqualFold(name, col) {
				return f, true
			}
			continue
		}
		if typesx.Snake(f.Name()) == col || strings.ToLower(f.Name()) == col {
			return f, true
		}
	}
	return nil, false
}

// pure reports an expression made of identifiers, selectors, constants and
// indexing by them (rows[len(rows)-1]): evaluating it again gives the same
// value and has no effect.
func pure(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pure(info, e.X)
	case *ast.IndexExpr:
		return pure(info, e.X) && pure(info, e.Index)
	case *ast.StarExpr:
		return pure(info, e.X)
	case *ast.BinaryExpr:
		return pure(info, e.X) && pure(info, e.Y)
	case *ast.CallExpr:
		id, ok := ast.Unparen(e.Fun).(*ast.Ident)
		return ok && id.Name == "len" && typesx.IsBuiltin(info, e, "len") && len(e.Args) == 1 && pure(info, e.Args[0])
	}
	return false
}

// strictOp is the strict version of a cursor operator: with a unique
// tiebreaker, <= would return the previous page's last row again.
func strictOp(op string) string {
	switch op {
	case "<=":
		return "<"
	case ">=":
		return ">"
	}
	return op
}
