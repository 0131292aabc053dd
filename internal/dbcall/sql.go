package dbcall

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/typesx"
)

const pathClause = "gorm.io/gorm/clause"

// sqlOf returns the SQL text of e: through the Index's Resolver when there
// is one (locals, += appends, helpers), else constants only.
func (m *matcher) sqlOf(e ast.Expr) sqltext.Text {
	if o, ok := m.override[e]; ok {
		e = o
	}
	if m.resolver != nil {
		return m.resolver.Of(e)
	}
	return sqltext.Of(m.info, e)
}

// namedSQL returns the text of the query called name in the DotSql dot.
func (m *matcher) namedSQL(dot, name ast.Expr) sqltext.Text {
	if m.resolver != nil {
		return m.resolver.Named(dot, name)
	}
	return sqltext.NewResolver(nil, m.info).Named(dot, name)
}

// fillSQL sets SQL, Stmt and, when still unknown, Table.
func (m *matcher) fillSQL(c *Call) {
	if c.Lib == LibGORM && !c.gormRawSQL() {
		m.synthGorm(c)
		return
	}
	switch {
	case c.builder != nil:
		c.SQL = m.sqlOf(c.builder)
	case c.named[0] != nil:
		c.SQL = m.namedSQL(c.named[0], c.named[1])
	case c.Query == nil:
		return
	default:
		c.SQL = m.sqlOf(c.Query)
	}
	if !c.SQL.Found {
		return
	}
	c.Stmt = sqlparse.Parse(c.SQL.SQL)
	if c.Table == "" && c.Stmt.Table != "" && !strings.Contains(c.Stmt.Table, sqlparse.Hole) {
		c.Table = c.Stmt.Table
	}
}

// fillWrapperSQL sets SQL, Stmt and Table of a call through a wrapper,
// whose Query is the caller's argument.
func (m *matcher) fillWrapperSQL(c *Call) {
	inner := c.Inner
	if inner != nil && c.Lib == LibGORM && !inner.gormRawSQL() {
		// The caller's text is a Where fragment of the innermost chain:
		// synthesise that chain again with the caller's argument in place
		// of the wrapper's parameter.
		base := inner
		for base.Inner != nil {
			base = base.Inner
		}
		tmp := *base
		tmp.SQL = sqltext.Text{}
		m.override = map[ast.Expr]ast.Expr{base.Query: c.Query}
		m.synthGorm(&tmp)
		m.override = nil
		c.SQL, c.Stmt = tmp.SQL, tmp.Stmt
		return
	}
	c.Table = ""
	c.SQL = m.sqlOf(c.Query)
	if !c.SQL.Found {
		return
	}
	prefix, suffix := c.prefix, c.suffix
	if c.Fact != nil {
		prefix, suffix = c.Fact.Prefix, c.Fact.Suffix
	}
	if prefix != "" || suffix != "" {
		c.SQL.SQL = prefix + c.SQL.SQL + suffix
	}
	c.Stmt = sqlparse.Parse(c.SQL.SQL)
	if c.Stmt.Table != "" && !strings.Contains(c.Stmt.Table, sqlparse.Hole) {
		c.Table = c.Stmt.Table
	}
}

// gormRawSQL reports a GORM call whose Query is a whole statement (Exec,
// or a Raw in the chain) rather than a Where fragment.
func (c *Call) gormRawSQL() bool {
	if c.Method == "Exec" {
		return true
	}
	for _, cc := range c.Chain {
		if sel, ok := cc.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Raw" {
			return true
		}
	}
	return false
}

// synthGorm builds the Stmt GORM will run from the chain and the finisher:
// kind from the finisher, table, WHERE conditions from string Where
// fragments and from struct/map conditions, SET from Update/Updates,
// ON CONFLICT, FOR UPDATE/SHARE and RETURNING from Clauses, LIMIT.
func (m *matcher) synthGorm(c *Call) {
	st := sqlparse.Stmt{Table: c.Table}
	switch c.Op {
	case OpGormFirst, OpGormFind, OpGormCount, OpGormFirstOrCreate, OpQuery, OpQueryRow:
		st.Kind = sqlparse.KindSelect
	case OpGormCreate:
		st.Kind = sqlparse.KindInsert
	case OpGormSave, OpGormUpdate:
		st.Kind = sqlparse.KindUpdate
	case OpGormDelete:
		st.Kind = sqlparse.KindDelete
	default:
		return // Begin, Commit, Transaction...: no statement
	}
	st.Verb = st.Kind.String()
	if st.Table != "" {
		st.Tables = []string{st.Table}
	} else {
		st.Partial = true
	}
	addWhere := func(q ast.Expr, or bool) {
		if t := m.info.TypeOf(q); t != nil && typesx.IsString(t) {
			text := m.sqlOf(q)
			if !text.Found {
				st.Partial = true
				return
			}
			if c.SQL.SQL == "" {
				c.SQL = text
			}
			if text.Partial {
				st.Partial = true
			}
			ws := sqlparse.ParseWhereStmt(text.SQL)
			st.HasWhere = true
			if or || ws.WhereHasOr {
				st.WhereHasOr = true
			}
			st.OrColumns = append(st.OrColumns, ws.OrColumns...)
			if !or {
				st.Where = append(st.Where, ws.Where...)
				for _, k := range ws.Keysets {
					k.Start, k.End = 0, 0 // offsets into the fragment, not a statement
					st.Keysets = append(st.Keysets, k)
				}
			} else {
				// Where(a).Or(b) is a OR b: what a compared is no longer a conjunct
				for _, w := range append(st.Where, ws.Where...) {
					st.OrColumns = append(st.OrColumns, w.Column)
				}
				for _, k := range append(st.Keysets, ws.Keysets...) {
					st.OrColumns = append(st.OrColumns, k.Columns...)
				}
				st.Keysets = nil
			}
			return
		}
		// struct or map conditions: Where(&User{Key: k}), Where(map[string]any{"key": k}),
		// First(&u, 10) (primary key)
		conds, ok := m.structConds(q)
		if !ok {
			if _, isInt := typesx.IntConst(m.info, q); isInt {
				conds, ok = []sqlparse.Cond{{Column: "id", Op: "=", Value: "?", Placeholder: true}}, true
			}
		}
		if !ok {
			st.Partial = true
			return
		}
		st.HasWhere = true
		if or {
			st.WhereHasOr = true
		} else {
			st.Where = append(st.Where, conds...)
		}
	}
	var model ast.Expr
	for _, cc := range c.Chain {
		sel := cc.Fun.(*ast.SelectorExpr)
		switch sel.Sel.Name {
		case "Where":
			if len(cc.Args) > 0 {
				addWhere(cc.Args[0], false)
			}
		case "Or":
			if len(cc.Args) > 0 {
				addWhere(cc.Args[0], true)
			}
		case "Not":
			st.HasWhere = true
			st.Partial = true
		case "Model":
			if len(cc.Args) == 1 {
				model = cc.Args[0]
			}
		case "Limit":
			if len(cc.Args) == 1 {
				if v, ok := typesx.IntConst(m.info, cc.Args[0]); ok {
					st.Limit = strconv.FormatInt(v, 10)
				} else {
					st.Limit = "?"
				}
			}
		case "Offset":
			if len(cc.Args) == 1 {
				if v, ok := typesx.IntConst(m.info, cc.Args[0]); ok {
					st.Offset = strconv.FormatInt(v, 10)
				}
			}
		case "Order":
			if len(cc.Args) == 1 {
				if s, ok := typesx.StringConst(m.info, cc.Args[0]); ok {
					for _, part := range strings.Split(s, ",") {
						f := strings.Fields(strings.ToLower(part))
						if len(f) == 0 {
							continue
						}
						st.OrderBy = append(st.OrderBy, strings.Trim(f[0], "\"`"))
						st.OrderDesc = append(st.OrderDesc, len(f) > 1 && f[1] == "desc")
						st.OrderQualifier = append(st.OrderQualifier, "")
					}
				}
			}
		}
	}
	name := c.Method
	call := c.Expr
	// inline conditions
	if gormInlineConds[name] && len(call.Args) > 1 {
		addWhere(call.Args[1], false)
	}
	switch name {
	case "First", "Take", "Last":
		st.Limit = "1"
	case "Update", "UpdateColumn":
		if len(call.Args) == 2 {
			if col, ok := typesx.StringConst(m.info, call.Args[0]); ok {
				st.Set = append(st.Set, sqlparse.Cond{Column: strings.ToLower(col), Op: "=", Value: m.valueText(call.Args[1]), Placeholder: m.valueText(call.Args[1]) == "?"})
				st.Columns = append(st.Columns, strings.ToLower(col))
			}
		}
	case "Updates", "UpdateColumns":
		if len(call.Args) == 1 {
			if conds, ok := m.structConds(call.Args[0]); ok {
				st.Set = append(st.Set, conds...)
				for _, s := range conds {
					st.Columns = append(st.Columns, s.Column)
				}
			} else {
				st.Partial = true
			}
		}
	}
	// The primary key of a loaded model (not a literal) becomes WHERE id = ?
	// for writes: db.Model(&order).Update(...), db.Save(&order), db.Delete(&order).
	if st.Kind == sqlparse.KindUpdate || st.Kind == sqlparse.KindDelete {
		target := model
		if target == nil {
			target = c.Dest
		}
		if target != nil && !isCompositeLit(target) && modelNamed(m.info.TypeOf(target)) != nil {
			st.HasWhere = true
			st.Where = append(st.Where, sqlparse.Cond{Column: "id", Op: "=", Value: "?", Placeholder: true})
		}
	}
	for _, cl := range c.Clauses {
		m.applyClause(&st, cl)
	}
	c.Stmt = st
}

// applyClause reads clause.OnConflict, clause.Locking and clause.Returning
// composite literals.
func (m *matcher) applyClause(st *sqlparse.Stmt, e ast.Expr) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return
	}
	path, name := typesx.TypeKey(m.info.TypeOf(cl))
	if path != pathClause {
		return
	}
	field := func(n string) ast.Expr { return compositeField(cl, n) }
	switch name {
	case "OnConflict":
		if st.Kind != sqlparse.KindInsert {
			return
		}
		if v := field("DoNothing"); v != nil && isTrue(m.info, v) {
			st.Conflict = sqlparse.ConflictDoNothing
		}
		if v := field("UpdateAll"); v != nil && isTrue(m.info, v) {
			st.Conflict = sqlparse.ConflictDoUpdate
		}
		if field("DoUpdates") != nil {
			st.Conflict = sqlparse.ConflictDoUpdate
		}
		if st.Conflict == sqlparse.ConflictNone {
			// OnConflict{} with neither: GORM builds DO NOTHING.
			st.Conflict = sqlparse.ConflictDoNothing
		}
		if v := field("OnConstraint"); v != nil {
			if s, ok := typesx.StringConst(m.info, v); ok {
				st.ConflictConstraint = strings.ToLower(s)
			}
		}
		st.ConflictTarget = append(st.ConflictTarget, columnNames(m.info, field("Columns"))...)
	case "Locking":
		if st.Kind != sqlparse.KindSelect {
			return
		}
		s, _ := typesx.StringConst(m.info, field("Strength"))
		switch strings.ToUpper(strings.TrimSpace(s)) {
		case "UPDATE":
			st.Lock = sqlparse.LockForUpdate
		case "NO KEY UPDATE":
			st.Lock = sqlparse.LockForNoKeyUpdate
		case "SHARE":
			st.Lock = sqlparse.LockForShare
		case "KEY SHARE":
			st.Lock = sqlparse.LockForKeyShare
		default:
			st.Partial = true
		}
		if o, ok := typesx.StringConst(m.info, field("Options")); ok {
			switch strings.ToUpper(strings.TrimSpace(o)) {
			case "SKIP LOCKED":
				st.SkipLocked = true
			case "NOWAIT":
				st.NoWait = true
			}
		}
	case "Returning":
		st.HasReturning = true
		cols := columnNames(m.info, field("Columns"))
		if len(cols) == 0 {
			cols = []string{"*"}
		}
		st.Returning = append(st.Returning, cols...)
	}
}

// columnNames reads []clause.Column{{Name: "a"}, ...}.
func columnNames(info *types.Info, e ast.Expr) []string {
	cl, ok := ast.Unparen(e).(*ast.CompositeLit)
	if e == nil || !ok {
		return nil
	}
	var out []string
	for _, el := range cl.Elts {
		if v := compositeField(el, "Name"); v != nil {
			if s, ok := typesx.StringConst(info, v); ok {
				out = append(out, strings.ToLower(s))
			}
		}
	}
	return out
}

// structConds turns &T{F: v} / T{F: v} / map[string]T{"col": v} into
// equality conditions (GORM uses the non-zero fields of a struct).
func (m *matcher) structConds(e ast.Expr) ([]sqlparse.Cond, bool) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	t := m.info.TypeOf(cl)
	if t == nil {
		return nil, false
	}
	var conds []sqlparse.Cond
	switch t.Underlying().(type) {
	case *types.Struct:
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil, false
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				return nil, false
			}
			v := m.valueText(kv.Value)
			conds = append(conds, sqlparse.Cond{Column: toDBName(id.Name), Op: "=", Value: v, Placeholder: v == "?"})
		}
	case *types.Map:
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil, false
			}
			k, ok := typesx.StringConst(m.info, kv.Key)
			if !ok {
				return nil, false
			}
			v := m.valueText(kv.Value)
			conds = append(conds, sqlparse.Cond{Column: strings.ToLower(k), Op: "=", Value: v, Placeholder: v == "?"})
		}
	default:
		return nil, false
	}
	return conds, true
}

// valueText renders a Go value as sqlparse renders a SQL value: string
// constants quoted, numbers, TRUE/FALSE, gorm.Expr text, else "?".
func (m *matcher) valueText(e ast.Expr) string {
	if tv, ok := m.info.Types[e]; ok && tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.String:
			return "'" + strings.ReplaceAll(constant.StringVal(tv.Value), "'", "''") + "'"
		case constant.Bool:
			if constant.BoolVal(tv.Value) {
				return "TRUE"
			}
			return "FALSE"
		case constant.Int, constant.Float:
			return tv.Value.ExactString()
		}
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if fn := typesx.Callee(m.info, call); fn != nil && fn.Pkg() != nil && typesx.ImportPath(fn.Pkg()) == pathGORM && fn.Name() == "Expr" && len(call.Args) > 0 {
			if s, ok := typesx.StringConst(m.info, call.Args[0]); ok {
				return strings.Join(strings.Fields(strings.ToLower(s)), " ")
			}
		}
	}
	return "?"
}

func isCompositeLit(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	_, ok := e.(*ast.CompositeLit)
	return ok
}

func isTrue(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
}
