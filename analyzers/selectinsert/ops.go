package selectinsert

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// opKind is what a database operation does, as far as this check cares.
type opKind uint8

const (
	opNone          opKind = iota
	opRead                 // a SELECT (one row, a count, an EXISTS, or rows)
	opInsert               // a plain INSERT: no conflict handling
	opInsertGate           // INSERT ... ON CONFLICT DO NOTHING, INSERT IGNORE: an atomic gate
	opUpsert               // ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE, REPLACE
	opUpdate               // UPDATE (GORM Update/Updates/Save)
	opDelete               // DELETE
	opFirstOrCreate        // GORM FirstOrCreate: a read, then an insert when none
	opLock                 // pg_advisory_lock, GET_LOCK, LOCK TABLE
	opIsolation            // SET TRANSACTION ISOLATION LEVEL SERIALIZABLE / REPEATABLE READ
)

func (k opKind) isWrite() bool {
	switch k {
	case opInsert, opInsertGate, opUpsert, opUpdate, opDelete, opFirstOrCreate:
		return true
	}
	return false
}

// readShape says how a read reports "no row".
type readShape uint8

const (
	shapeRow    readShape = iota // a single row: ErrNoRows / ErrRecordNotFound
	shapeCount                   // SELECT COUNT(*): 0
	shapeExists                  // SELECT EXISTS(...): false
	shapeRows                    // a list: empty
	shapeFind                    // GORM Find into a struct: RowsAffected 0, zero ID
)

// op is one database operation of the analysed function: a direct call, or
// a call to a package-local helper whose summary is one operation.
type op struct {
	kind  opKind
	call  *ast.CallExpr // the call in the analysed function
	db    *dbcall.Call  // the direct call; nil through a helper
	inner *dbcall.Call  // through a helper: the database call inside it
	via   *types.Func   // the helper, when through one
	table string
	shape readShape
	// keys are the columns compared for equality with a bind parameter (or
	// a GORM key) in the WHERE: the read or write is "by key" when set.
	keys []string
	// keyArgs are the bind arguments compared with keys, parallel to keys
	// (nil entries when unknown).
	keyArgs []ast.Expr
	// keyParams are, in a summary, the helper parameter each key argument
	// is (-1: not a parameter); callers map them to their arguments.
	keyParams []int
	save      bool // GORM Save: an insert when the row is new
	// increments: an UPDATE that sets a column from itself (n = n + 1).
	increments bool
	cols       []string // read: output columns; insert: columns; update: SET columns
	allCols    bool     // update: every column (GORM Save, Updates of a variable)
	where      []string // every column the WHERE mentions (for updates)
	lock       bool     // FOR UPDATE / FOR SHARE / GORM clause.Locking
	model      ast.Expr // GORM: the Model(&x)/Save(&x) argument, the row it is about
	stmt       *sqlparse.Stmt
	// filter describes a WHERE condition of a read that is not a key
	// equality (status IN (...), sent_at IS NULL), the first one; "" if none.
	filter string
	// constSet are, for an update, the columns it sets to a constant: a
	// literal, TRUE/FALSE/NULL, now(), or a bind argument that is a Go
	// constant (a state transition: status = 'paid', verified_at = now()).
	constSet []string
	// eqConsts are, for a read, the columns its WHERE holds equal to a
	// literal (status = 'open', active = TRUE).
	eqConsts []string
	// dup is, for a read by key, the evidence that its key columns are not
	// a unique key (keyEvidence): an insert after it can duplicate the row.
	dup string
	// handled is, for an insert through a helper, that the helper
	// recognises a unique-key violation (conflict.Handles): it maps the
	// loser's error to a conflict, or treats it as success.
	handled bool
	// unproven is, for a read by key, that nothing in sight shows its key
	// columns to be a unique key (keyEvidence).
	unproven bool

	recv     ast.Expr // the handle expression in the analysed function, nil if unknown
	recvKind dbcall.RecvKind
	// recvParam is, for an operation inside a helper, the index of the
	// helper's parameter that is its handle (-1: the helper's own field).
	recvParam int

	isoSafe bool // opIsolation: SERIALIZABLE or REPEATABLE READ
	// role: a read or create through a repository interface by role
	// (role.go): table is the receiver expression.
	role bool

	// setParams are, for an UPDATE in a summary, the SET columns written
	// from a helper parameter (SET credit_cents = $2 with $2 the
	// parameter): setArgs, at the helper's call, the arguments they bind
	// to. A value computed from a read and passed to such a helper
	// (SetCredit(ctx, id, p.CreditCents+delta)) is a lost update too.
	setParams []setParam
	setArgs   map[string]ast.Expr
	// colArgs are, for an INSERT, the arguments its columns bind to
	// (colParams: in a summary, the helper parameters): an insert of
	// (group_id, user_id) = (g, uid) is not the row a read of (g, caller)
	// looked for.
	colArgs   map[string]ast.Expr
	colParams []setParam
}

// bindArg records that column col (lower-cased) binds to arg, when arg is
// known.
func bindArg(m map[string]ast.Expr, col string, arg ast.Expr) map[string]ast.Expr {
	if arg == nil {
		return m
	}
	if m == nil {
		m = map[string]ast.Expr{}
	}
	m[strings.ToLower(col)] = arg
	return m
}

// sortedCols lists a column map's keys in order, for deterministic walks.
func sortedCols(m map[string]ast.Expr) []string {
	cols := make([]string, 0, len(m))
	for col := range m {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	return cols
}

// setParam is a SET column written from a helper parameter.
type setParam struct {
	Col   string
	Param int
}

func (o *op) byKey() bool { return len(o.keys) > 0 }

// opOf classifies a direct database call. It returns nil for calls the check
// does not care about (Begin, Commit, Prepare, ...).
func (a *checker) opOf(c *dbcall.Call) *op {
	if c == nil || c.Expr == nil {
		return nil
	}
	if o, ok := a.opCache[c.Expr]; ok {
		return o
	}
	var o *op
	if c.Lib == dbcall.LibGORM && !a.gormRaw(c) {
		o = a.gormOp(c)
	} else {
		o = a.sqlOp(c)
	}
	if o != nil && o.kind == opRead {
		o.dup, o.unproven = a.keyEvidence(o, c.Model)
	}
	if o != nil {
		o.call = c.Expr
		o.db = c
		o.recv = c.Recv
		o.recvKind = c.RecvKind
		o.recvParam = -1
	}
	a.opCache[c.Expr] = o
	return o
}

// gormRaw reports a GORM chain whose SQL is written out (Raw, Exec).
func (a *checker) gormRaw(c *dbcall.Call) bool {
	if c.Method == "Exec" {
		return true
	}
	for _, cc := range c.Chain {
		if fn := typesx.Callee(a.info, cc); fn != nil && fn.Name() == "Raw" {
			return true
		}
	}
	return false
}

// sqlOp classifies a call that runs SQL text.
func (a *checker) sqlOp(c *dbcall.Call) *op {
	var text string
	switch {
	case c.Query == nil && c.Prepared != nil && c.SQL.Found:
		text = c.SQL.SQL // a prepared statement's call: the SQL it was prepared with
	case c.Query == nil:
		return nil
	case c.Via != nil && c.SQL.Found:
		text = c.SQL.SQL // what the wrapper runs ("SELECT EXISTS (" + q + ")")
	default:
		text = a.sqlText(c.Query)
	}
	if text == "" {
		return nil
	}
	st := sqlparse.Parse(text)
	o := &op{stmt: &st, table: st.Table}
	low := strings.ToLower(text)
	switch st.Kind {
	case sqlparse.KindSelect:
		if strings.Contains(low, "pg_advisory") || strings.Contains(low, "get_lock(") || strings.Contains(low, "pg_try_advisory") {
			o.kind = opLock
			return o
		}
		switch c.Op {
		case dbcall.OpQueryRow, dbcall.OpGet, dbcall.OpQuery, dbcall.OpGormFirst, dbcall.OpGormFind:
		case dbcall.OpSelect:
			o.shape = shapeRows
		default:
			return nil
		}
		o.kind = opRead
		o.cols = st.Columns
		o.lock = st.Lock != sqlparse.LockNone
		switch {
		case st.Exists:
			o.shape = shapeExists
		case len(st.Columns) == 1 && strings.HasPrefix(strings.ToLower(strings.ReplaceAll(st.Columns[0], " ", "")), "count("):
			o.shape = shapeCount
		}
		if st.Compound || st.Table == "" {
			return nil
		}
	case sqlparse.KindInsert:
		switch {
		case st.Conflict == sqlparse.ConflictDoNothing || st.InsertIgnore:
			o.kind = opInsertGate
		case st.Conflict == sqlparse.ConflictDoUpdate || st.OnDuplicateKey || st.InsertOrReplace:
			o.kind = opUpsert
		default:
			o.kind = opInsert
		}
		o.cols = st.Columns
		if len(st.InsertValues) == len(st.Columns) {
			for i, col := range st.Columns {
				o.colArgs = bindArg(o.colArgs, col, placeholderArg(st.InsertValues[i], c.Args, c.Spread))
			}
		}
	case sqlparse.KindUpdate:
		o.kind = opUpdate
		for _, s := range st.Set {
			if s.Placeholder {
				o.setArgs = bindArg(o.setArgs, s.Column, placeholderArg(s.Value, c.Args, c.Spread))
			}
			o.cols = append(o.cols, s.Column)
			if selfReferencing(s.Column, s.Value) {
				o.increments = true
			}
			if a.constValue(s, c) {
				o.constSet = append(o.constSet, strings.ToLower(s.Column))
			}
		}
	case sqlparse.KindDelete:
		o.kind = opDelete
	case sqlparse.KindOther:
		switch {
		case st.Verb == "LOCK":
			o.kind = opLock
		case st.Verb == "SET" && strings.Contains(low, "isolation"):
			o.kind = opIsolation
			o.isoSafe = strings.Contains(low, "serializable") || strings.Contains(low, "repeatable")
		case strings.Contains(low, "pg_advisory"):
			o.kind = opLock
		default:
			return nil
		}
		return o
	default:
		return nil
	}
	if st.HasWhere && !st.WhereHasOr {
		qs := questionArgs(o, st, text, c)
		for _, w := range st.Where {
			o.where = append(o.where, w.Column)
			if w.Op == "=" && w.Placeholder && plainColumn(w.Column) {
				o.keys = append(o.keys, w.Column)
				arg := placeholderArg(w.Value, c.Args, c.Spread)
				if w.Value == "?" && len(qs) > 0 {
					arg = qs[0]
				}
				o.keyArgs = append(o.keyArgs, arg)
			} else {
				if o.filter == "" {
					o.filter = filterText(w)
				}
				if w.Op == "=" && !w.Placeholder && plainColumn(w.Column) && literalValue(w.Value) {
					o.eqConsts = append(o.eqConsts, strings.ToLower(w.Column))
				}
			}
			if w.Value == "?" && len(qs) > 0 {
				qs = qs[1:]
			}
		}
	}
	if st.WhereHasOr {
		for _, w := range st.Where {
			o.where = append(o.where, w.Column)
		}
	}
	return o
}

// filterText renders a WHERE condition on a plain column that is not a
// key equality, for a message: "status IN (...)", "sent_at IS NULL"; "" for
// a condition on an expression.
func filterText(w sqlparse.Cond) string {
	if !plainColumn(w.Column) {
		return ""
	}
	v := w.Value
	switch {
	case strings.HasPrefix(w.Op, "IN") || strings.HasPrefix(w.Op, "NOT IN"):
		v = "(...)"
	case len(v) > 24 || v == "":
		v = "..."
	}
	return w.Column + " " + w.Op + " " + v
}

// literalValue reports a SQL literal: a string, a number, TRUE/FALSE.
func literalValue(v string) bool {
	if v == "TRUE" || v == "FALSE" || len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return true
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// plainColumn reports a column name, not an expression such as lower(email).
func plainColumn(s string) bool {
	if s == "" || s == sqlparse.Hole {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			return false
		}
	}
	return true
}

// constValue reports a SET assignment of a constant.
func (a *checker) constValue(s sqlparse.Cond, c *dbcall.Call) bool {
	v := strings.ToLower(s.Value)
	switch {
	case s.Placeholder:
		arg := placeholderArg(s.Value, c.Args, c.Spread)
		return arg != nil && a.constArg(arg)
	case v == "true" || v == "false" || v == "null" || v == "now()" || v == "current_timestamp" || v == "current_date" || v == "localtimestamp":
		return true
	case strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'"):
		return true
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// questionArgs returns, for a read whose only bind parameters are the ?
// placeholders of its WHERE conditions, the arguments in their order; nil
// when that cannot be told.
func questionArgs(o *op, st sqlparse.Stmt, text string, c *dbcall.Call) []ast.Expr {
	if o.kind != opRead || c.Spread {
		return nil
	}
	n := 0
	for _, w := range st.Where {
		if w.Placeholder && w.Value == "?" {
			n++
		}
	}
	if n == 0 || n != len(c.Args) || strings.Count(text, "?") != n {
		return nil
	}
	return c.Args
}

// placeholderArg returns the bind argument a "$N" placeholder refers to.
func placeholderArg(ph string, args []ast.Expr, spread bool) ast.Expr {
	if spread || !strings.HasPrefix(ph, "$") {
		return nil
	}
	n, err := strconv.Atoi(ph[1:])
	if err != nil || n < 1 || n > len(args) {
		return nil
	}
	return args[n-1]
}

// sqlText returns the SQL text of e, "" if nothing of it is known.
func (a *checker) sqlText(e ast.Expr) string {
	if t, ok := a.textCache[e]; ok {
		return t
	}
	t := a.resolver.Of(e)
	s := ""
	if t.Found {
		s = t.SQL
	}
	a.textCache[e] = s
	return s
}

// gormOp classifies a GORM finisher.
func (a *checker) gormOp(c *dbcall.Call) *op {
	o := &op{table: c.Table}
	switch c.Op {
	case dbcall.OpGormFirst:
		o.kind, o.shape = opRead, shapeRow
	case dbcall.OpGormFind:
		o.kind, o.shape = opRead, shapeFind
		if c.Dest != nil {
			if _, ok := derefType(a.info.TypeOf(c.Dest)).Underlying().(*types.Slice); ok {
				o.shape = shapeRows
			}
		}
	case dbcall.OpGormCount:
		o.kind, o.shape = opRead, shapeCount
	case dbcall.OpGormCreate:
		o.kind = opInsert
		if oc := a.gormOnConflict(c); oc != opNone {
			o.kind = oc
		}
		o.cols = a.literalColumns(c.Dest)
	case dbcall.OpGormSave:
		o.kind = opUpdate
		o.save = true
		o.allCols = true
		o.model = c.Dest
	case dbcall.OpGormUpdate:
		o.kind = opUpdate
		o.cols, o.allCols = a.gormSetColumns(c)
		o.constSet = a.gormConstColumns(c)
	case dbcall.OpGormDelete:
		o.kind = opDelete
	case dbcall.OpGormFirstOrCreate:
		if c.Method != "FirstOrCreate" {
			return nil // FirstOrInit writes nothing
		}
		o.kind = opFirstOrCreate
	default:
		return nil
	}
	if o.kind == opUpdate || o.kind == opDelete {
		for _, cc := range c.Chain {
			if fn := typesx.Callee(a.info, cc); fn != nil && fn.Name() == "Model" && len(cc.Args) == 1 {
				o.model = cc.Args[0]
			}
		}
	}
	a.gormWhere(c, o)
	for _, cl := range c.Clauses {
		if a.isGormLocking(cl) {
			o.lock = true
		}
	}
	return o
}

// gormWhere fills the key and WHERE columns of a GORM operation from its
// chain's Where calls, its inline conditions, and its Model/Save row.
func (a *checker) gormWhere(c *dbcall.Call, o *op) {
	hasOr := false
	addCond := func(args []ast.Expr) {
		if len(args) == 0 {
			return
		}
		first := args[0]
		if typesx.IsString(a.info.TypeOf(first)) {
			text := a.sqlText(first)
			if text == "" {
				return
			}
			st := sqlparse.Parse("SELECT * FROM t WHERE " + text)
			if st.WhereHasOr {
				hasOr = true
			}
			i := 0
			for _, w := range st.Where {
				o.where = append(o.where, w.Column)
				if w.Op == "=" && w.Placeholder && plainColumn(w.Column) {
					var arg ast.Expr
					if w.Value == "?" && i+1 < len(args) {
						arg = args[i+1]
					}
					o.keys = append(o.keys, w.Column)
					o.keyArgs = append(o.keyArgs, arg)
				} else {
					if o.filter == "" {
						o.filter = filterText(w)
					}
					if w.Op == "=" && !w.Placeholder && plainColumn(w.Column) && literalValue(w.Value) {
						o.eqConsts = append(o.eqConsts, strings.ToLower(w.Column))
					}
				}
				if w.Placeholder {
					i++
				}
			}
			return
		}
		// A struct or map condition: Where(&Payment{Key: k}), Where(map[string]any{"key": k}).
		for _, col := range a.literalColumns(first) {
			o.where = append(o.where, col)
			o.keys = append(o.keys, col)
			o.keyArgs = append(o.keyArgs, nil)
		}
		if len(args) == 1 && o.keys == nil {
			// First(&p, id): an inline primary key.
			if t := a.info.TypeOf(first); t != nil {
				if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
					o.keys = append(o.keys, "id")
					o.keyArgs = append(o.keyArgs, first)
					o.where = append(o.where, "id")
				}
			}
		}
	}
	for _, cc := range c.Chain {
		fn := typesx.Callee(a.info, cc)
		if fn == nil {
			continue
		}
		switch fn.Name() {
		case "Where":
			addCond(cc.Args)
		case "Or":
			hasOr = true
		}
	}
	switch c.Method {
	case "First", "Take", "Last", "Find", "FirstOrCreate", "Delete":
		if len(c.Expr.Args) > 1 {
			addCond(c.Expr.Args[1:])
		}
	}
	if o.model != nil && (o.kind == opUpdate || o.kind == opDelete) {
		// Model(&o) / Save(&o): the row's primary key.
		o.keys = append(o.keys, "id")
		o.keyArgs = append(o.keyArgs, nil)
	}
	if hasOr {
		o.keys, o.keyArgs = nil, nil
	}
}

// gormOnConflict classifies a Create's clause.OnConflict.
func (a *checker) gormOnConflict(c *dbcall.Call) opKind {
	for _, cl := range c.Clauses {
		lit, ok := unaddr(cl).(*ast.CompositeLit)
		if !ok || !typesx.IsNamedOrPointer(a.info.TypeOf(lit), "gorm.io/gorm/clause", "OnConflict") {
			continue
		}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "DoNothing" {
				if tv, ok := a.info.Types[kv.Value]; ok && tv.Value != nil && constant.BoolVal(tv.Value) {
					return opInsertGate
				}
			}
		}
		return opUpsert
	}
	return opNone
}

func (a *checker) isGormLocking(e ast.Expr) bool {
	lit, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	return typesx.IsNamedOrPointer(a.info.TypeOf(lit), "gorm.io/gorm/clause", "Locking")
}

// gormSetColumns returns the columns a GORM Update/Updates sets.
func (a *checker) gormSetColumns(c *dbcall.Call) ([]string, bool) {
	args := c.Expr.Args
	switch c.Method {
	case "Update", "UpdateColumn":
		if len(args) >= 1 {
			if s, ok := typesx.StringConst(a.info, args[0]); ok {
				return []string{columnName(s)}, false
			}
		}
		return nil, false
	case "Updates", "UpdateColumns":
		if len(args) == 1 {
			if cols := a.literalColumns(args[0]); cols != nil {
				return cols, false
			}
			return nil, true
		}
	}
	return nil, false
}

// gormConstColumns returns the columns a GORM Update/Updates sets to a
// constant: Update("status", "paid"), Updates(map[string]any{"used": true}).
func (a *checker) gormConstColumns(c *dbcall.Call) []string {
	args := c.Expr.Args
	switch c.Method {
	case "Update", "UpdateColumn":
		if len(args) == 2 && a.constArg(args[1]) {
			if s, ok := typesx.StringConst(a.info, args[0]); ok {
				return []string{columnName(s)}
			}
		}
	case "Updates", "UpdateColumns":
		lit, ok := unaddr(argAtIdx(args, 0)).(*ast.CompositeLit)
		if !ok || len(args) != 1 {
			return nil
		}
		if _, isMap := a.info.TypeOf(lit).Underlying().(*types.Map); !isMap {
			return nil
		}
		var out []string
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok && a.constArg(kv.Value) {
				if s, ok := typesx.StringConst(a.info, kv.Key); ok {
					out = append(out, columnName(s))
				}
			}
		}
		return out
	}
	return nil
}

// literalColumns returns the columns a struct or map literal names:
// &Payment{Key: k} -> [key], map[string]any{"status": s} -> [status].
func (a *checker) literalColumns(e ast.Expr) []string {
	lit, ok := unaddr(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	t := a.info.TypeOf(lit)
	if t == nil {
		return nil
	}
	var cols []string
	switch u := t.Underlying().(type) {
	case *types.Map:
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if s, ok := typesx.StringConst(a.info, kv.Key); ok {
					cols = append(cols, columnName(s))
				}
			}
		}
	case *types.Struct:
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			for i := 0; i < u.NumFields(); i++ {
				if f := u.Field(i); f.Name() == id.Name {
					cols = append(cols, fieldColumn(f, u.Tag(i)))
				}
			}
		}
	}
	return cols
}

// fieldColumn is the column a struct field maps to: a db or gorm column
// tag, else GORM's snake_case naming.
func fieldColumn(f *types.Var, tag string) string {
	st := reflect.StructTag(tag)
	if db := st.Get("db"); db != "" && db != "-" {
		name, _, _ := strings.Cut(db, ",")
		return strings.ToLower(name)
	}
	for _, part := range strings.Split(st.Get("gorm"), ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "column:"); ok {
			return strings.ToLower(v)
		}
	}
	return snake(f.Name())
}

// snake converts a Go name to GORM's column naming: IdempotencyKey ->
// idempotency_key, ID -> id, UserID -> user_id.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// columnName normalises a column as GORM accepts it: a Go field name or a
// column name.
func columnName(s string) string {
	if s != "" && unicode.IsUpper(rune(s[0])) {
		return snake(s)
	}
	return strings.ToLower(s)
}

func unaddr(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return ast.Unparen(u.X)
	}
	return e
}

func derefType(t types.Type) types.Type {
	for t != nil {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	if t == nil {
		return types.Typ[types.Invalid]
	}
	return t
}

// selfReferencing reports an assignment whose value uses its own column:
// credits = credits + 100.
func selfReferencing(col, value string) bool {
	if col == "" || !plainColumn(col) {
		return false
	}
	v := strings.ToLower(value)
	col = strings.ToLower(col)
	for i := strings.Index(v, col); i >= 0; {
		before := i == 0 || !isIdentByte(v[i-1])
		after := i+len(col) >= len(v) || !isIdentByte(v[i+len(col)])
		if before && after {
			return true
		}
		j := strings.Index(v[i+1:], col)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}
