package sqltext

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// The SQL of Masterminds/squirrel query builders (v1.5), rebuilt from the
// builder chain as squirrel's ToSql writes it: sq.Select("id").From("users").
// Where(sq.Eq{"email": e}) is "SELECT id FROM users WHERE email = ?", and
// "$1" once a PlaceholderFormat(sq.Dollar) is seen. A chain may start at
// sq.Select/Insert/Replace/Update/Delete, sq.StatementBuilder, a struct field
// holding a StatementBuilderType (its placeholder format unknown: "?" is
// kept), or a variable holding a builder: assigned once, or extended with
// q = q.Where(...) (a Where under a condition is a hole conjunct). Any other
// step, a value whose kind is not known (a builder passed in, a Sqlizer of
// the program's own) makes the whole text a hole.

const pathSquirrel = "github.com/Masterminds/squirrel"

func isSquirrel(p string) bool { return p == pathSquirrel }

// placeholder formats
type phFormat uint8

const (
	phUnknown phFormat = iota // "?" is kept
	phQuestion
	phDollar
	phColon
	phAtP
)

// sqState is a builder's data, as squirrel keeps it.
type sqState struct {
	kind     string // "" (StatementBuilderType), SELECT, INSERT, REPLACE, UPDATE, DELETE
	ph       phFormat
	prefixes []frag
	options  []frag
	columns  []frag
	from     *frag
	joins    []frag
	where    []frag
	groupBy  []frag
	having   []frag
	orderBy  []frag
	limit    *frag
	offset   *frag
	suffixes []frag
	table    *frag    // INSERT INTO / UPDATE / DELETE FROM
	values   [][]frag // INSERT rows
	selectQ  *frag    // INSERT ... SELECT
	set      []frag   // UPDATE SET col = v
}

func (st *sqState) clone() *sqState {
	c := *st
	cp := func(s []frag) []frag { return append([]frag(nil), s...) }
	c.prefixes, c.options, c.columns, c.joins = cp(st.prefixes), cp(st.options), cp(st.columns), cp(st.joins)
	c.where, c.groupBy, c.having, c.orderBy = cp(st.where), cp(st.groupBy), cp(st.having), cp(st.orderBy)
	c.suffixes, c.set = cp(st.suffixes), cp(st.set)
	c.values = append([][]frag(nil), st.values...)
	return &c
}

// squirrelType returns the name of a squirrel type (SelectBuilder, Eq, ...)
// t is, "" if none.
func squirrelType(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != pathSquirrel {
		return ""
	}
	return n.Obj().Name()
}

func isSquirrelBuilder(t types.Type) bool {
	switch squirrelType(t) {
	case "StatementBuilderType", "SelectBuilder", "InsertBuilder", "UpdateBuilder", "DeleteBuilder":
		return true
	}
	return false
}

// squirrelSQL evaluates a builder expression's ToSql text.
func (ev *evaluator) squirrelSQL(e ast.Expr, depth int) frag {
	st, ok := ev.sqOf(e, depth+1)
	if !ok || st.kind == "" {
		return holeFrag
	}
	return st.render()
}

// sqOf evaluates a builder expression to its data.
func (ev *evaluator) sqOf(e ast.Expr, depth int) (*sqState, bool) {
	ev.steps++
	if depth > maxDepth || ev.steps > maxSteps || e == nil {
		return nil, false
	}
	info := ev.r.info
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := calleeOf(info, e)
		if fn == nil || fn.Pkg() == nil || !isSquirrel(fn.Pkg().Path()) {
			return nil, false
		}
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil {
			return nil, false
		}
		if sig.Recv() == nil {
			st := &sqState{ph: phQuestion}
			return st, ev.sqApply(st, fn.Name(), e, depth, false)
		}
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		st, ok := ev.sqOf(sel.X, depth+1)
		if !ok {
			return nil, false
		}
		return st, ev.sqApply(st, fn.Name(), e, depth, false)
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok {
			if v.Pkg() != nil && isSquirrel(v.Pkg().Path()) && v.Name() == "StatementBuilder" {
				return &sqState{ph: phQuestion}, true
			}
			if v.IsField() && squirrelType(v.Type()) == "StatementBuilderType" {
				// a shared builder (r.Builder): set up elsewhere, its
				// placeholder format unknown
				return &sqState{}, true
			}
		}
	case *ast.Ident:
		v := ev.r.varOf(e)
		if v == nil || !isSquirrelBuilder(v.Type()) {
			return nil, false
		}
		if v.Pkg() != nil && isSquirrel(v.Pkg().Path()) && v.Name() == "StatementBuilder" {
			return &sqState{ph: phQuestion}, true
		}
		return ev.sqVar(v, e.Pos(), depth)
	}
	return nil, false
}

// sqVar replays the writes of a builder variable before use.
func (ev *evaluator) sqVar(v *types.Var, use token.Pos, depth int) (*sqState, bool) {
	r := ev.r
	ws := r.writes[v]
	if len(ws) == 0 || r.broken || r.addr[v] {
		return nil, false
	}
	if v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		if len(ws) != 1 || ws[0].kind != wPlain || ws[0].rhs == nil {
			return nil, false
		}
		return ev.sqOf(ws[0].rhs, depth+1)
	}
	decl, local := r.decls[v]
	if !local {
		return nil, false
	}
	var cur *sqState
	for _, w := range ws {
		if w.pos >= use {
			break
		}
		if w.kind != wPlain || w.rhs == nil {
			return nil, false
		}
		certain := w.blockStart <= use && use < w.blockEnd && w.fn == decl.fn
		root, calls := chainOf(w.rhs)
		if id, ok := root.(*ast.Ident); ok && r.varOf(id) == v && cur != nil {
			// q = q.Where(...): extend what q holds
			next := cur.clone()
			for _, c := range calls {
				fn := calleeOf(r.info, c)
				if fn == nil || fn.Pkg() == nil || !isSquirrel(fn.Pkg().Path()) || !ev.sqApply(next, fn.Name(), c, depth, !certain) {
					return nil, false
				}
			}
			cur = next
			continue
		}
		if !certain {
			return nil, false
		}
		st, ok := ev.sqOf(w.rhs, depth+1)
		if !ok {
			return nil, false
		}
		cur = st
	}
	return cur, cur != nil
}

// chainOf splits x.A(..).B(..) into its root x and the calls, root first.
func chainOf(e ast.Expr) (ast.Expr, []*ast.CallExpr) {
	var calls []*ast.CallExpr
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			break
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		calls = append(calls, call)
		e = sel.X
	}
	for i, j := 0, len(calls)-1; i < j; i, j = i+1, j-1 {
		calls[i], calls[j] = calls[j], calls[i]
	}
	return ast.Unparen(e), calls
}

// sqApply applies one builder call to st. optional: the call may not have
// run (a conditional q = q.Where(...)); only WHERE and HAVING parts can be
// optional (as a hole conjunct).
func (ev *evaluator) sqApply(st *sqState, name string, call *ast.CallExpr, depth int, optional bool) bool {
	args := call.Args
	if call.Ellipsis.IsValid() && name != "Values" && name != "Columns" && name != "Select" && name != "OrderBy" && name != "GroupBy" && name != "Options" {
		return false
	}
	strs := func() []frag {
		if call.Ellipsis.IsValid() {
			return []frag{holeFrag}
		}
		out := make([]frag, len(args))
		for i, a := range args {
			out[i] = ev.eval(a, depth+1, nil)
		}
		return out
	}
	arg := func(i int) ast.Expr {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	start := func(kind string) bool {
		if st.kind != "" {
			return false
		}
		st.kind = kind
		return true
	}
	if optional {
		switch name {
		case "Where", "Having":
			if f, skip := ev.sqPred(arg(0), depth); !skip || f.holes {
				if name == "Where" {
					st.where = append(st.where, holeFrag)
				} else {
					st.having = append(st.having, holeFrag)
				}
			}
			return true
		case "PlaceholderFormat":
			st.ph = phUnknown
			return true
		case "RunWith":
			return true
		default:
			return false
		}
	}
	switch name {
	case "PlaceholderFormat":
		st.ph = ev.sqFormat(arg(0))
	case "RunWith":
	case "Select":
		if st.kind == "INSERT" || st.kind == "REPLACE" {
			sub, ok := ev.sqOf(arg(0), depth+1)
			if !ok || sub.kind != "SELECT" {
				return false
			}
			sub.ph = phQuestion
			f := sub.render()
			st.selectQ = &f
			return true
		}
		if !start("SELECT") {
			return false
		}
		st.columns = append(st.columns, nonEmpty(strs())...)
	case "Insert", "Replace":
		if !start(strings.ToUpper(name)) {
			return false
		}
		f := ev.eval(arg(0), depth+1, nil)
		st.table = &f
	case "Update":
		if !start("UPDATE") {
			return false
		}
		f := ev.eval(arg(0), depth+1, nil)
		st.table = &f
	case "Delete":
		if !start("DELETE") {
			return false
		}
		f := ev.eval(arg(0), depth+1, nil)
		st.table = &f
	case "Columns":
		st.columns = append(st.columns, nonEmpty(strs())...)
	case "Column":
		if !isString(ev.r.info.TypeOf(arg(0))) {
			return false
		}
		st.columns = append(st.columns, ev.eval(arg(0), depth+1, nil))
	case "RemoveColumns":
		st.columns = nil
	case "Distinct":
		st.options = append(st.options, constFrag("DISTINCT"))
	case "Options":
		st.options = append(st.options, strs()...)
	case "From":
		f := ev.eval(arg(0), depth+1, nil)
		if st.kind == "DELETE" {
			st.table = &f
		} else {
			st.from = &f
		}
	case "Into", "Table":
		f := ev.eval(arg(0), depth+1, nil)
		st.table = &f
	case "Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin":
		kw := map[string]string{"Join": "JOIN ", "LeftJoin": "LEFT JOIN ", "RightJoin": "RIGHT JOIN ", "InnerJoin": "INNER JOIN ", "CrossJoin": "CROSS JOIN "}[name]
		st.joins = append(st.joins, constFrag(kw).concat(ev.eval(arg(0), depth+1, nil)))
	case "JoinClause":
		if !isString(ev.r.info.TypeOf(arg(0))) {
			return false
		}
		st.joins = append(st.joins, ev.eval(arg(0), depth+1, nil))
	case "Where", "Having":
		f, skip := ev.sqPred(arg(0), depth)
		if skip {
			return true
		}
		if name == "Where" {
			st.where = append(st.where, f)
		} else {
			st.having = append(st.having, f)
		}
	case "GroupBy":
		st.groupBy = append(st.groupBy, strs()...)
	case "OrderBy":
		st.orderBy = append(st.orderBy, strs()...)
	case "OrderByClause":
		if !isString(ev.r.info.TypeOf(arg(0))) {
			return false
		}
		st.orderBy = append(st.orderBy, ev.eval(arg(0), depth+1, nil))
	case "Limit", "Offset":
		f := holeFrag
		if tv := ev.r.info.Types[arg(0)]; tv.Value != nil && tv.Value.Kind() == constant.Int {
			if n, ok := constant.Uint64Val(tv.Value); ok {
				f = constFrag(strconv.FormatUint(n, 10))
			}
		}
		if name == "Limit" {
			st.limit = &f
		} else {
			st.offset = &f
		}
	case "RemoveLimit":
		st.limit = nil
	case "RemoveOffset":
		st.offset = nil
	case "Prefix", "Suffix":
		f := ev.eval(arg(0), depth+1, nil)
		if name == "Prefix" {
			st.prefixes = append(st.prefixes, f)
		} else {
			st.suffixes = append(st.suffixes, f)
		}
	case "PrefixExpr", "SuffixExpr":
		f, ok := ev.sqExpr(arg(0), depth)
		if !ok {
			f = holeFrag
		}
		if name == "PrefixExpr" {
			st.prefixes = append(st.prefixes, f)
		} else {
			st.suffixes = append(st.suffixes, f)
		}
	case "Values":
		row := make([]frag, 0, len(args))
		if call.Ellipsis.IsValid() {
			row = append(row, holeFrag)
		} else {
			for _, a := range args {
				row = append(row, ev.sqValue(a, depth))
			}
		}
		st.values = append(st.values, row)
	case "Set":
		col := ev.eval(arg(0), depth+1, nil)
		st.set = append(st.set, col.concat(constFrag(" = ")).concat(ev.sqValue(arg(1), depth)))
	case "SetMap":
		keys, vals, ok := ev.sqMap(arg(0))
		if !ok {
			return false
		}
		if st.kind == "UPDATE" {
			for i, k := range keys {
				st.set = append(st.set, k.concat(constFrag(" = ")).concat(ev.sqValue(vals[i], depth)))
			}
			return true
		}
		st.columns = keys
		row := make([]frag, len(vals))
		for i, v := range vals {
			row[i] = ev.sqValue(v, depth)
		}
		st.values = [][]frag{row}
	default:
		return false // FromSelect, Scan, a method squirrel may add: unknown
	}
	return true
}

func nonEmpty(fs []frag) []frag {
	out := fs[:0]
	for _, f := range fs {
		if f.s != "" || f.holes {
			out = append(out, f)
		}
	}
	return out
}

// sqFormat reads a PlaceholderFormat argument: sq.Question, sq.Dollar, ...
func (ev *evaluator) sqFormat(e ast.Expr) phFormat {
	id := typesx.NameIdent(e)
	if id == nil {
		return phUnknown
	}
	v, ok := ev.r.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || !isSquirrel(v.Pkg().Path()) {
		return phUnknown
	}
	switch v.Name() {
	case "Question":
		return phQuestion
	case "Dollar":
		return phDollar
	case "Colon":
		return phColon
	case "AtP":
		return phAtP
	}
	return phUnknown
}

// sqValue is the SQL of a bound value: "?", or the text of an sq.Expr.
func (ev *evaluator) sqValue(e ast.Expr, depth int) frag {
	if e == nil {
		return holeFrag
	}
	if f, ok := ev.sqExpr(e, depth); ok {
		return f
	}
	t := ev.r.info.TypeOf(e)
	if t == nil {
		return holeFrag
	}
	if isSquirrelBuilder(t) && squirrelType(t) == "SelectBuilder" {
		st, ok := ev.sqOf(e, depth+1)
		if !ok || st.kind != "SELECT" {
			return holeFrag
		}
		st.ph = phQuestion
		return constFrag("(").concat(st.render()).concat(constFrag(")"))
	}
	if implementsSqlizer(t) {
		return holeFrag
	}
	return constFrag("?")
}

// sqExpr evaluates sq.Expr("sql", args...).
func (ev *evaluator) sqExpr(e ast.Expr, depth int) (frag, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return frag{}, false
	}
	fn := calleeOf(ev.r.info, call)
	if fn == nil || fn.Pkg() == nil || !isSquirrel(fn.Pkg().Path()) || fn.Name() != "Expr" || len(call.Args) == 0 {
		return frag{}, false
	}
	return ev.eval(call.Args[0], depth+1, nil), true
}

// implementsSqlizer reports a type with a ToSql method (squirrel's Sqlizer).
func implementsSqlizer(t types.Type) bool {
	if types.NewMethodSet(t).Lookup(nil, "ToSql") != nil {
		return true
	}
	if _, isPtr := t.Underlying().(*types.Pointer); isPtr || types.IsInterface(t) {
		return false
	}
	return types.NewMethodSet(types.NewPointer(t)).Lookup(nil, "ToSql") != nil
}

// sqPred renders a Where/Having predicate; skip reports one squirrel
// leaves out (nil, "").
func (ev *evaluator) sqPred(e ast.Expr, depth int) (f frag, skip bool) {
	if e == nil || isNilIdent(ev.r.info, e) {
		return frag{}, true
	}
	t := ev.r.info.TypeOf(e)
	if t == nil {
		return holeFrag, false
	}
	if isString(t) {
		f := ev.eval(e, depth+1, nil)
		return f, f.s == "" && !f.holes
	}
	if f, ok := ev.sqExpr(e, depth); ok {
		return f, f.s == "" && !f.holes
	}
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return holeFrag, false
	}
	name := squirrelType(t)
	if name == "" {
		if m, ok := t.Underlying().(*types.Map); ok && isString(m.Key()) {
			name = "Eq" // map[string]interface{} is an Eq
		}
	}
	switch name {
	case "And", "Or":
		sep, empty := " AND ", "(1=1)"
		if name == "Or" {
			sep, empty = " OR ", "(1=0)"
		}
		if len(lit.Elts) == 0 {
			return constFrag(empty), false
		}
		var parts []frag
		for _, el := range lit.Elts {
			if _, kv := el.(*ast.KeyValueExpr); kv {
				return holeFrag, false
			}
			p, skip := ev.sqPred(el, depth+1)
			if !skip && (p.s != "" || p.holes) {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return constFrag(""), true
		}
		out := constFrag("(")
		for i, p := range parts {
			if i > 0 {
				out = out.concat(constFrag(sep))
			}
			out = out.concat(p)
		}
		return out.concat(constFrag(")")), false
	case "Eq", "NotEq", "Lt", "LtOrEq", "Gt", "GtOrEq", "Like", "NotLike", "ILike", "NotILike":
		keys, vals, ok := ev.sqMap(lit)
		if !ok {
			return holeFrag, false
		}
		if len(keys) == 0 {
			if name == "Eq" || name == "NotEq" {
				return constFrag("(1=1)"), false
			}
			return constFrag(""), true
		}
		op := map[string]string{"Eq": "=", "NotEq": "<>", "Lt": "<", "LtOrEq": "<=", "Gt": ">", "GtOrEq": ">=",
			"Like": "LIKE", "NotLike": "NOT LIKE", "ILike": "ILIKE", "NotILike": "NOT ILIKE"}[name]
		out := constFrag("")
		for i, k := range keys {
			if i > 0 {
				out = out.concat(constFrag(" AND "))
			}
			out = out.concat(ev.sqComparison(k, op, name, vals[i]))
		}
		return out, false
	}
	return holeFrag, false
}

// sqComparison renders one key of an Eq-like map: "k = ?", "k IS NULL",
// "k IN (?,?)".
func (ev *evaluator) sqComparison(key frag, op, kind string, v ast.Expr) frag {
	eq := kind == "Eq" || kind == "NotEq"
	if isNilIdent(ev.r.info, v) {
		if !eq {
			return holeFrag // an error at run time
		}
		if kind == "Eq" {
			return key.concat(constFrag(" IS NULL"))
		}
		return key.concat(constFrag(" IS NOT NULL"))
	}
	t := ev.r.info.TypeOf(v)
	if t == nil {
		return holeFrag
	}
	if implementsSqlizer(t) {
		return holeFrag // bound as an argument, or an error at run time
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return holeFrag // nil at run time gives IS NULL
	case *types.Slice, *types.Array:
		if b, ok := u.(*types.Slice); ok && isByteSlice(b) {
			break // []byte is a driver value
		}
		if !eq {
			return holeFrag
		}
		in := " IN ("
		if kind == "NotEq" {
			in = " NOT IN ("
		}
		if lit, ok := ast.Unparen(v).(*ast.CompositeLit); ok {
			if len(lit.Elts) == 0 { // squirrel's "always false" (Eq) or "always true" (NotEq)
				if kind == "NotEq" {
					return constFrag("(1=1)")
				}
				return constFrag("(1=0)")
			}
			if _, keyed := lit.Elts[len(lit.Elts)-1].(*ast.KeyValueExpr); !keyed {
				return key.concat(constFrag(in + strings.Repeat(",?", len(lit.Elts))[1:] + ")"))
			}
		}
		return key.concat(constFrag(in)).concat(holeFrag).concat(constFrag(")"))
	}
	return key.concat(constFrag(" " + op + " ?"))
}

// sqMap reads a map literal with string keys, sorted as squirrel sorts
// them (by their text; an unknown key sorts by its hole).
func (ev *evaluator) sqMap(e ast.Expr) ([]frag, []ast.Expr, bool) {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil, nil, false
	}
	type kv struct {
		k frag
		v ast.Expr
	}
	var kvs []kv
	for _, el := range lit.Elts {
		p, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil, nil, false
		}
		kvs = append(kvs, kv{ev.eval(p.Key, 1, nil), p.Value})
	}
	sort.SliceStable(kvs, func(i, j int) bool { return kvs[i].k.s < kvs[j].k.s })
	keys, vals := make([]frag, len(kvs)), make([]ast.Expr, len(kvs))
	for i, p := range kvs {
		keys[i], vals[i] = p.k, p.v
	}
	return keys, vals, true
}

func isNilIdent(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// render writes the statement as squirrel's ToSql does.
func (st *sqState) render() frag {
	out := constFrag("")
	w := func(s string) { out = out.concat(constFrag(s)) }
	wf := func(f frag) { out = out.concat(f) }
	list := func(fs []frag, sep string) {
		first := true
		for _, f := range fs {
			if f.s == "" && !f.holes {
				continue
			}
			if !first {
				w(sep)
			}
			first = false
			wf(f)
		}
	}
	if len(st.prefixes) > 0 {
		list(st.prefixes, " ")
		w(" ")
	}
	where := func() {
		if len(st.where) > 0 {
			w(" WHERE ")
			list(st.where, " AND ")
		}
	}
	tail := func() {
		if st.limit != nil {
			w(" LIMIT ")
			wf(*st.limit)
		}
		if st.offset != nil {
			w(" OFFSET ")
			wf(*st.offset)
		}
		if len(st.suffixes) > 0 {
			w(" ")
			list(st.suffixes, " ")
		}
	}
	switch st.kind {
	case "SELECT":
		if len(st.columns) == 0 {
			return holeFrag // an error at run time
		}
		w("SELECT ")
		if len(st.options) > 0 {
			list(st.options, " ")
			w(" ")
		}
		list(st.columns, ", ")
		if st.from != nil {
			w(" FROM ")
			wf(*st.from)
		}
		if len(st.joins) > 0 {
			w(" ")
			list(st.joins, " ")
		}
		where()
		if len(st.groupBy) > 0 {
			w(" GROUP BY ")
			list(st.groupBy, ", ")
		}
		if len(st.having) > 0 {
			w(" HAVING ")
			list(st.having, " AND ")
		}
		if len(st.orderBy) > 0 {
			w(" ORDER BY ")
			list(st.orderBy, ", ")
		}
		tail()
	case "INSERT", "REPLACE":
		if st.table == nil || (len(st.values) == 0 && st.selectQ == nil) {
			return holeFrag
		}
		w(st.kind + " ")
		if len(st.options) > 0 {
			list(st.options, " ")
			w(" ")
		}
		w("INTO ")
		wf(*st.table)
		w(" ")
		if len(st.columns) > 0 {
			w("(")
			list(st.columns, ",")
			w(") ")
		}
		if st.selectQ != nil {
			wf(*st.selectQ)
		} else {
			w("VALUES ")
			for i, row := range st.values {
				if i > 0 {
					w(",")
				}
				w("(")
				for j, v := range row {
					if j > 0 {
						w(",")
					}
					wf(v)
				}
				w(")")
			}
		}
		if len(st.suffixes) > 0 {
			w(" ")
			list(st.suffixes, " ")
		}
	case "UPDATE":
		if st.table == nil || len(st.set) == 0 {
			return holeFrag
		}
		w("UPDATE ")
		wf(*st.table)
		w(" SET ")
		list(st.set, ", ")
		if st.from != nil {
			w(" FROM ")
			wf(*st.from)
		}
		where()
		if len(st.orderBy) > 0 {
			w(" ORDER BY ")
			list(st.orderBy, ", ")
		}
		tail()
	case "DELETE":
		if st.table == nil {
			return holeFrag
		}
		w("DELETE FROM ")
		wf(*st.table)
		where()
		if len(st.orderBy) > 0 {
			w(" ORDER BY ")
			list(st.orderBy, ", ")
		}
		tail()
	default:
		return holeFrag
	}
	switch st.ph {
	case phDollar:
		out.s = positional(out.s, "$")
	case phColon:
		out.s = positional(out.s, ":")
	case phAtP:
		out.s = positional(out.s, "@p")
	}
	return out
}

// positional numbers the ? placeholders as squirrel does ("??" is a "?").
func positional(s, prefix string) string {
	var b strings.Builder
	n := 0
	for {
		p := strings.IndexByte(s, '?')
		if p < 0 {
			break
		}
		b.WriteString(s[:p])
		if p+1 < len(s) && s[p+1] == '?' {
			b.WriteByte('?')
			s = s[p+2:]
			continue
		}
		n++
		b.WriteString(prefix)
		b.WriteString(strconv.Itoa(n))
		s = s[p+1:]
	}
	b.WriteString(s)
	return b.String()
}
