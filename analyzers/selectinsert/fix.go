package selectinsert

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// forUpdateFix locks the row the read returns: FOR UPDATE appended to a
// SELECT written as a literal at the call, or clause.Locking added to a
// GORM chain. It is offered only when the read and the write share the
// transaction (the caller checks).
func (a *checker) forUpdateFix(r *op) []analysis.SuggestedFix {
	c := r.db
	if c == nil || c.Via != nil {
		return nil
	}
	file := fixes.FileOf(a.pass, r.call.Pos())
	if file == nil {
		return nil
	}
	if c.Lib == dbcall.LibGORM && !a.gormRaw(c) {
		if c.Recv == nil {
			return nil
		}
		name, edits := fixes.AddImport(a.info, file, r.call.Pos(), "gorm.io/gorm/clause")
		edits = append(edits, analysis.TextEdit{
			Pos: c.Recv.End(), End: c.Recv.End(),
			NewText: []byte(fmt.Sprintf(".Clauses(%s.Locking{Strength: \"UPDATE\"})", name)),
		})
		return []analysis.SuggestedFix{{Message: "Lock the row: add clause.Locking{Strength: \"UPDATE\"} to the query", TextEdits: edits}}
	}
	if r.stmt == nil {
		return nil
	}
	st := r.stmt
	if st.Kind != sqlparse.KindSelect || st.Compound || st.Exists || st.Lock != sqlparse.LockNone || st.Table == "" || st.Partial ||
		len(st.CTEs) > 0 || len(st.Tables) != 1 {
		// A join may put the row on an outer join's nullable side, which
		// cannot be locked; a CTE cannot be locked either.
		return nil
	}
	src, ok := a.sqlSourceOf(c.Query)
	if !ok {
		return nil
	}
	low := strings.ToLower(src.text)
	for _, w := range []string{"group by", "having", "distinct", "union", "intersect", "except", " over", "window"} {
		if strings.Contains(low, w) {
			return nil // FOR UPDATE is not allowed with these
		}
	}
	for _, col := range st.Columns {
		lc := strings.ToLower(strings.ReplaceAll(col, " ", ""))
		for _, agg := range []string{"count(", "sum(", "avg(", "min(", "max(", "array_agg(", "string_agg(", "bool_and(", "bool_or(", "json_agg(", "jsonb_agg("} {
			if strings.Contains(lc, agg) {
				return nil
			}
		}
	}
	// After the last token: after ORDER BY, LIMIT and OFFSET, where the
	// locking clause goes (Postgres, MySQL); before a comment or ';'.
	pos, ok := src.endPos()
	if !ok {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "Lock the row: add FOR UPDATE to the SELECT",
		TextEdits: []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte(" FOR UPDATE")}},
	}}
}

// conditionalFix makes an UPDATE conditional on the value read (WHERE ...
// AND col = $N, passing the value) and gates what follows on the rows it
// changed. It is offered for database/sql, sqlx and pgx updates written as
// a literal at the call, when the value read is a variable still in scope
// and unchanged, and the statement around the call has a known shape.
func (a *checker) conditionalFix(rc *readCtx, u *op, col string) []analysis.SuggestedFix {
	c := u.db
	if c == nil || c.Via != nil || c.Lib == dbcall.LibGORM || c.Spread || u.stmt == nil {
		return nil
	}
	st := u.stmt
	if st.Kind != sqlparse.KindUpdate || st.WhereHasOr || !st.HasWhere || st.HasReturning || st.Limit != "" || len(st.OrderBy) > 0 || st.Partial ||
		len(st.CTEs) > 0 || len(st.Tables) != 1 {
		// The condition goes at the end of the statement, which must be the
		// end of its WHERE; with another table (UPDATE ... FROM, a subquery)
		// a bare column may name the other's.
		return nil
	}
	if !sqlIdent(col) {
		return nil
	}
	src, ok := a.sqlSourceOf(c.Query)
	if !ok || src.quoted(col) || strings.Contains(strings.ToUpper(src.text), "CURRENT OF") {
		return nil
	}
	// The placeholder of the new argument.
	ph, ok := src.nextParam(len(c.Args))
	if !ok {
		return nil
	}
	litEnd, ok := src.endPos()
	if !ok {
		return nil
	}
	value, vt := a.valueRead(rc, col, u)
	if value == "" {
		return nil
	}
	eq := " = "
	if nullable(vt) {
		// col = NULL is never true: compare NULL-safely (Postgres, and
		// SQLite since 3.39, which take $N placeholders).
		if !strings.HasPrefix(ph, "$") {
			return nil
		}
		eq = " IS NOT DISTINCT FROM "
	}
	file := fixes.FileOf(a.pass, u.call.Pos())
	if file == nil {
		return nil
	}
	sig := a.enclosingSig(u.call)
	if sig == nil {
		return nil
	}
	// What RowsAffected returns: (int64, error) for sql.Result, int64 for a CommandTag.
	tagResult := false
	if tup, ok := a.info.TypeOf(u.call).(*types.Tuple); ok && tup.Len() == 2 {
		tagResult = typesx.IsNamedOrPointer(tup.At(0).Type(), "github.com/jackc/pgx/v5/pgconn", "CommandTag")
	} else {
		return nil
	}
	errName, errEdits := fixes.AddImport(a.info, file, u.call.Pos(), "errors")
	msg := strconv.Quote(fmt.Sprintf("%s: %s changed concurrently", u.table, col))
	zeros, ok := fixes.ZeroResults(file, a.pkg, sig, errName+".New("+msg+")")
	if !ok || len(zeros) == 0 {
		return nil
	}
	ret := "return " + strings.Join(zeros, ", ")

	edits := []analysis.TextEdit{
		{Pos: litEnd, End: litEnd, NewText: []byte(" AND " + col + eq + ph)},
	}
	last := c.Args[len(c.Args)-1]
	edits = append(edits, analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", " + value)})

	gate := func(res, indent string) string {
		if tagResult {
			return fmt.Sprintf("if %s.RowsAffected() == 0 {\n%s\t%s\n%s}", res, indent, ret, indent)
		}
		return fmt.Sprintf("if n, _ := %s.RowsAffected(); n == 0 {\n%s\t%s\n%s}", res, indent, ret, indent)
	}

	stmt, block := a.enclosingStmt(u.call)
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) != 2 || len(s.Rhs) != 1 || ast.Unparen(s.Rhs[0]) != u.call || block == nil {
			return nil
		}
		errID, ok := s.Lhs[1].(*ast.Ident)
		if !ok || errID.Name == "_" {
			return nil
		}
		res := ""
		switch l := s.Lhs[0].(type) {
		case *ast.Ident:
			if l.Name != "_" {
				res = l.Name
				break
			}
			res = a.freshName(file, u.call, "res")
			if s.Tok == token.ASSIGN {
				// `_, err = ...` becomes `res, err := ...`: err must be declared in this block.
				errObj := a.info.ObjectOf(errID)
				if errObj == nil || errObj.Parent() != a.scopeOf(block) {
					return nil
				}
				edits = append(edits, analysis.TextEdit{Pos: s.TokPos, End: s.TokPos + 1, NewText: []byte(":=")})
			}
			edits = append(edits, analysis.TextEdit{Pos: l.Pos(), End: l.End(), NewText: []byte(res)})
		default:
			return nil
		}
		indent := a.indentOf(s)
		// After the statement, or after the `if err != nil { ... }` that follows it.
		at := a.lineEnd(file, s.End())
		text := ""
		if next := nextStmt(block, s); next != nil && a.isErrCheck(next, errID) {
			at = a.lineEnd(file, next.End())
		} else {
			zerosErr, ok := fixes.ZeroResults(file, a.pkg, sig, errID.Name)
			if !ok {
				return nil
			}
			text = fmt.Sprintf("\n%sif %s != nil {\n%s\treturn %s\n%s}", indent, errID.Name, indent, strings.Join(zerosErr, ", "), indent)
		}
		text += "\n" + indent + gate(res, indent)
		edits = append(edits, analysis.TextEdit{Pos: at, End: at, NewText: []byte(text)})
	case *ast.IfStmt:
		as, ok := s.Init.(*ast.AssignStmt)
		if !ok || s.Else != nil || len(as.Lhs) != 2 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != u.call || as.Tok != token.DEFINE {
			return nil
		}
		errID, ok := as.Lhs[1].(*ast.Ident)
		if !ok || a.info.ObjectOf(errID) == nil || !typesx.IsNotNilTest(a.info, s.Cond, a.info.ObjectOf(errID)) || !flow.Leaves(s.Body, a.flow.MayReturn) {
			return nil
		}
		l, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return nil
		}
		res := l.Name
		if res == "_" {
			res = a.freshName(file, u.call, "res")
			edits = append(edits, analysis.TextEdit{Pos: l.Pos(), End: l.End(), NewText: []byte(res)})
		}
		indent := a.indentOf(s)
		edits = append(edits, analysis.TextEdit{Pos: s.End(), End: s.End(), NewText: []byte(" else " + gate(res, indent))})
	default:
		return nil
	}
	edits = append(edits, errEdits...)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Make the UPDATE conditional on the %s read and stop when no row changed", col),
		TextEdits: edits,
	}}
}

// valueRead returns the source of the variable holding the column's value
// as read, if it is still in scope at the update and not reassigned.
func (a *checker) valueRead(rc *readCtx, col string, u *op) (string, types.Type) {
	for obj, c := range rc.colVars {
		if c != col {
			continue
		}
		if obj.Parent() == nil || !obj.Parent().Contains(u.call.Pos()) || a.assignedBetween(obj, "", rc.act.End(), u.call.Pos()) {
			continue
		}
		return obj.Name(), obj.Type()
	}
	for k, c := range rc.fieldCol {
		if c != col {
			continue
		}
		if k.base.Parent() == nil || !k.base.Parent().Contains(u.call.Pos()) || a.assignedBetween(k.base, k.field, rc.act.End(), u.call.Pos()) {
			continue
		}
		var ft types.Type
		if f, _, _ := types.LookupFieldOrMethod(k.base.Type(), true, k.base.Pkg(), k.field); f != nil {
			ft = f.Type()
		}
		return k.base.Name() + "." + k.field, ft
	}
	return "", nil
}

// nullable reports a type that can carry NULL: a pointer, or a struct
// with a Valid flag (sql.NullTime, pgtype.Timestamptz). Unknown counts.
func nullable(t types.Type) bool {
	if t == nil {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if u.Field(i).Name() == "Valid" {
				return true
			}
		}
	}
	return false
}

// assignedBetween reports an assignment to v (or to v.field) between from
// and to: v or v.field assigned, incremented or having its address taken.
// It looks at v's own identifiers only (identsOf), not at the code between.
func (a *checker) assignedBetween(v types.Object, field string, from, to token.Pos) bool {
	for _, id := range a.identsOf(v) {
		if id.Pos() < from || id.Pos() > to {
			continue
		}
		var e ast.Node = id
		if sel, ok := a.upParens(id).(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == id {
			if field != "" && sel.Sel.Name != field {
				continue
			}
			e = sel
		}
		var p ast.Node
		for p = a.pidx.Parent(e); ; p = a.pidx.Parent(p) {
			if _, ok := p.(*ast.ParenExpr); !ok {
				break
			}
		}
		switch p := p.(type) {
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if ast.Unparen(l) == e {
					return true
				}
			}
		case *ast.IncDecStmt:
			if ast.Unparen(p.X) == e {
				return true
			}
		case *ast.UnaryExpr:
			if p.Op == token.AND && ast.Unparen(p.X) == e {
				return true
			}
		}
	}
	return false
}

// upParens returns the parent of n above any parentheses around it.
func (a *checker) upParens(n ast.Node) ast.Node {
	p := a.pidx.Parent(n)
	for {
		pe, ok := p.(*ast.ParenExpr)
		if !ok {
			return p
		}
		p = a.pidx.Parent(pe)
	}
}

// enclosingSig returns the signature of the innermost function around pos.
func (a *checker) enclosingSig(n ast.Node) *types.Signature {
	for p := a.pidx.Parent(n); p != nil; p = a.pidx.Parent(p) {
		switch f := p.(type) {
		case *ast.FuncLit:
			sig, _ := a.info.TypeOf(f).(*types.Signature)
			return sig
		case *ast.FuncDecl:
			if fn, ok := a.info.Defs[f.Name].(*types.Func); ok {
				sig, _ := fn.Type().(*types.Signature)
				return sig
			}
			return nil
		}
	}
	return nil
}

// enclosingStmt returns the statement that contains the call directly (an
// assignment, or an if whose Init is that assignment) and its block.
func (a *checker) enclosingStmt(call *ast.CallExpr) (ast.Stmt, *ast.BlockStmt) {
	var n ast.Node = call
	for p := a.pidx.Parent(n); p != nil; n, p = p, a.pidx.Parent(p) {
		switch p := p.(type) {
		case *ast.ParenExpr:
			continue
		case *ast.AssignStmt:
			if ifs, ok := a.pidx.Parent(p).(*ast.IfStmt); ok && ifs.Init == p {
				b, _ := a.pidx.Parent(ifs).(*ast.BlockStmt)
				return ifs, b
			}
			b, _ := a.pidx.Parent(p).(*ast.BlockStmt)
			return p, b
		default:
			return nil, nil
		}
	}
	return nil, nil
}

func nextStmt(b *ast.BlockStmt, s ast.Stmt) ast.Stmt {
	for i, x := range b.List {
		if x == s && i+1 < len(b.List) {
			return b.List[i+1]
		}
	}
	return nil
}

// isErrCheck reports `if err != nil { ...; leave }` (flow.IsErrExit).
func (a *checker) isErrCheck(s ast.Stmt, errID *ast.Ident) bool {
	v := a.info.ObjectOf(errID)
	return v != nil && flow.IsErrExit(a.info, s, v, a.flow.MayReturn)
}

// scopeOf returns the scope of a block; a function body's is its
// signature's scope.
func (a *checker) scopeOf(b *ast.BlockStmt) *types.Scope {
	switch f := a.pidx.Parent(b).(type) {
	case *ast.FuncDecl:
		return a.info.Scopes[f.Type]
	case *ast.FuncLit:
		return a.info.Scopes[f.Type]
	}
	return a.info.Scopes[b]
}

// lineEnd moves pos past a comment that ends its line.
func (a *checker) lineEnd(file *ast.File, pos token.Pos) token.Pos {
	line := a.lineOf(pos)
	cgs := file.Comments
	i := sort.Search(len(cgs), func(i int) bool { return cgs[i].End() >= pos })
	for ; i < len(cgs) && a.lineOf(cgs[i].Pos()) <= line; i++ {
		for _, c := range cgs[i].List {
			if c.Pos() >= pos && a.lineOf(c.Pos()) == line {
				return c.End()
			}
		}
	}
	return pos
}

// indentOf returns the indentation of the line a statement starts on.
func (a *checker) indentOf(s ast.Stmt) string {
	p := a.pass.Fset.Position(s.Pos())
	if p.Column <= 1 {
		return ""
	}
	return strings.Repeat("\t", p.Column-1)
}

// freshName returns base, or base2, base3, ...: a name that the function
// around n does not mention and that is not in scope at n (fixes.FreshName,
// with the names of each function collected once: a long function has a
// fix per block).
func (a *checker) freshName(file *ast.File, n ast.Node, base string) string {
	var fn ast.Node
	for p := a.pidx.Parent(n); p != nil && fn == nil; p = a.pidx.Parent(p) {
		switch p.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = p
		}
	}
	if a.names == nil {
		a.names = map[ast.Node]map[string]bool{}
	}
	used := a.names[fn]
	if used == nil && fn != nil {
		used = map[string]bool{}
		ast.Inspect(fn, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
		a.names[fn] = used
	}
	name := base
	for i := 2; used[name] || a.nameTaken(file, n.Pos(), name); i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// nameTaken reports a name that an import of file or a declaration in
// scope at pos already uses.
func (a *checker) nameTaken(file *ast.File, pos token.Pos, name string) bool {
	for _, imp := range file.Imports {
		if imp.Name != nil && imp.Name.Name == name {
			return true
		}
		if pn := a.info.PkgNameOf(imp); pn != nil && pn.Name() == name {
			return true
		}
	}
	if scope := a.info.Scopes[file]; scope != nil {
		if inner := scope.Innermost(pos); inner != nil {
			if _, obj := inner.LookupParent(name, pos); obj != nil {
				return true
			}
		}
	}
	return false
}
