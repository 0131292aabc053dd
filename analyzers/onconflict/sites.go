package onconflict

import (
	"go/ast"
	"go/constant"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// library is the DB library of a call site.
type library int

const (
	libSQL library = iota // database/sql
	libSQLX
	libPgx
	libGorm
)

// rowsAffectedCheck is how the library's users ask whether an insert won.
func (l library) rowsAffectedCheck() string {
	switch l {
	case libPgx:
		return "tag.RowsAffected() == 0"
	case libGorm:
		return "result.RowsAffected == 0"
	}
	return "res.RowsAffected() is 0"
}

// noRowsName is the library's no-rows error.
func (l library) noRowsName() string {
	if l == libPgx {
		return "pgx.ErrNoRows"
	}
	return "sql.ErrNoRows"
}

// op is what a call site does.
type op int

const (
	opExec      op = iota // Exec, ExecContext, MustExec, NamedExec, GORM Exec: a result with a row count
	opQueryRow            // QueryRow, QueryRowContext, QueryRowx: a row to Scan
	opQuery               // Query, QueryContext, Queryx, NamedQuery: rows
	opGet                 // sqlx Get/GetContext: scans one row, ErrNoRows if none
	opGormWrite           // GORM Create, Save, Update(s), UpdateColumn(s), Delete
	opGormRaw             // GORM Raw(sql): scanned later with Scan
)

// site is one DB call site.
type site struct {
	call   *ast.CallExpr
	lib    library
	op     op
	sql    string
	hasSQL bool
	stmt   sqlparse.Stmt
	gorm   *gormWrite // for opGormWrite
	db     *dbcall.Call
}

// gormWrite describes a GORM write chain such as
// db.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).
type gormWrite struct {
	method       string // Create, CreateInBatches, Save, Update, ...
	doNothing    bool   // OnConflict{DoNothing: true} or Insert{Modifier: "IGNORE"}
	ignore       bool   // the latter
	upsert       bool   // OnConflict with DoUpdates or UpdateAll
	accumulating bool   // a gorm.Expr that adds to a column's own value
	table        string // from Table("x"), else the model's default table name
	fields       []string
	conflictCols []string
}

func (s *site) isDedupInsert() bool {
	if s.gorm != nil {
		return s.gorm.doNothing && strings.HasPrefix(s.gorm.method, "Create")
	}
	return s.hasSQL && s.stmt.IsDedupInsert()
}

// table is the statement's target table, "" if unknown.
func (s *site) table() string {
	if s.gorm != nil {
		return s.gorm.table
	}
	if s.hasSQL && s.stmt.Table != sqlparse.Hole {
		return s.stmt.Table
	}
	return ""
}

// keyColumns are the gate's conflict target, or its inserted columns when
// it names no target.
func (s *site) keyColumns() []string {
	if s.gorm != nil {
		if len(s.gorm.conflictCols) > 0 {
			return s.gorm.conflictCols
		}
		return nil
	}
	if len(s.stmt.ConflictTarget) > 0 {
		return s.stmt.ConflictTarget
	}
	return nil
}

// insertedColumns are the columns an INSERT writes.
func (s *site) insertedColumns() []string {
	if s.gorm != nil {
		return s.gorm.fields
	}
	return s.stmt.Columns
}

// suppliedColumns are the columns an INSERT writes with values its caller
// supplies: a constant ('running', now(), DEFAULT) says nothing about the
// row (sqlparse's ValuesBound; every column when that is not known).
func (s *site) suppliedColumns() []string {
	cols := s.insertedColumns()
	if s.gorm != nil || len(s.stmt.ValuesBound) != len(cols) {
		return cols
	}
	var out []string
	for i, c := range cols {
		if s.stmt.ValuesBound[i] {
			out = append(out, c)
		}
	}
	return out
}

func (s *site) describeGate() string {
	t := s.table()
	if t == "" {
		t = "?"
	}
	if s.gorm != nil {
		if s.gorm.ignore {
			return "GORM INSERT IGNORE " + s.gorm.method + " into " + t
		}
		return "GORM DoNothing " + s.gorm.method + " into " + t
	}
	switch {
	case s.stmt.Conflict == sqlparse.ConflictDoNothing:
		if s.stmt.HasReturning {
			return "DO NOTHING RETURNING insert into " + t
		}
		return "DO NOTHING insert into " + t
	case s.stmt.InsertIgnore && strings.Contains(strings.ToUpper(s.sql), "OR IGNORE"):
		return "INSERT OR IGNORE into " + t
	case s.stmt.InsertIgnore:
		return "INSERT IGNORE into " + t
	}
	return "the insert into " + t
}

// siteOf returns the DB call site of call, or nil.
func (c *checker) siteOf(call *ast.CallExpr) *site {
	if s, ok := c.sites[call]; ok {
		return s
	}
	s := c.classify(call)
	c.sites[call] = s
	return s
}

// classify maps dbcall's description of call (direct or through a
// package-local wrapper) to a site.
func (c *checker) classify(call *ast.CallExpr) *site {
	dc := c.index.Match(call)
	if dc == nil {
		return nil
	}
	s := &site{call: call, db: dc}
	switch dc.Lib {
	case dbcall.LibSQL:
		s.lib = libSQL
	case dbcall.LibSQLX:
		s.lib = libSQLX
	case dbcall.LibPGX:
		s.lib = libPgx
	case dbcall.LibGORM:
		s.lib = libGorm
	default:
		return nil
	}
	switch {
	case dc.Op == dbcall.OpExec:
		s.op = opExec
	case dc.Op == dbcall.OpQueryRow:
		s.op = opQueryRow
	case dc.Op == dbcall.OpQuery:
		s.op = opQuery
	case dc.Op == dbcall.OpGet:
		s.op = opGet
	case dc.Op == dbcall.OpGormFind && dc.Method == "Scan" && dc.Query != nil && c.gormRaw(dc):
		s.op = opExec // db.Raw(sql).Scan(&x): RowsAffected is the verdict
	case dc.Op == dbcall.OpGormCreate, dc.Op == dbcall.OpGormSave, dc.Op == dbcall.OpGormUpdate, dc.Op == dbcall.OpGormDelete:
		s.op = opGormWrite
		s.gorm = c.gormChain(dc)
		return s
	default:
		return nil
	}
	switch {
	case dc.Lib != dbcall.LibGORM && dc.SQL.Found:
		// dbcall's text and parse: a statement prepared elsewhere (a field
		// set in a constructor) carries its Prepare's SQL.
		s.sql, s.hasSQL = dc.SQL.SQL, true
		s.stmt = dc.Stmt
	case dc.Query != nil:
		// db.Raw(sql).Scan: dbcall's SQL of a GORM chain is its Where
		// fragment, so the Raw text is read here.
		t := c.sqlText.Of(dc.Query)
		if t.Found {
			s.sql, s.hasSQL = t.SQL, true
			s.stmt = sqlparse.Parse(t.SQL)
		}
	}
	return s
}

// gormRaw reports a GORM chain whose SQL comes from Raw.
func (c *checker) gormRaw(dc *dbcall.Call) bool {
	for _, ch := range dc.Chain {
		if sel, ok := ast.Unparen(ch.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Raw" {
			return true
		}
	}
	return false
}

// gormChain describes a GORM write from its chain and clauses.
func (c *checker) gormChain(dc *dbcall.Call) *gormWrite {
	w := &gormWrite{method: dc.Method, table: dc.Table}
	call := dc.Expr
	if dc.Dest != nil && (strings.HasPrefix(dc.Method, "Create") || dc.Method == "Save") {
		w.fields = c.literalFields(dc.Dest)
	}
	switch dc.Method {
	case "Update", "UpdateColumn":
		if len(call.Args) == 2 {
			w.accumulating = c.gormExprAccumulates(call.Args[1], c.stringConst(call.Args[0]))
		}
	case "Updates", "UpdateColumns":
		if len(call.Args) == 1 {
			w.accumulating = c.mapAccumulates(call.Args[0])
		}
	}
	for _, a := range dc.Clauses {
		c.gormClause(a, w)
	}
	return w
}

func (c *checker) gormClause(e ast.Expr, w *gormWrite) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return
	}
	t := c.info.TypeOf(lit)
	switch {
	case typesx.IsNamedOrPointer(t, "gorm.io/gorm/clause", "OnConflict"):
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, _ := kv.Key.(*ast.Ident)
			if key == nil {
				continue
			}
			switch key.Name {
			case "DoNothing":
				if tv, ok := c.info.Types[kv.Value]; ok && tv.Value != nil && constant.BoolVal(tv.Value) {
					w.doNothing = true
				}
			case "DoUpdates":
				w.upsert = true
				if c.exprAccumulatesAnywhere(kv.Value) {
					w.accumulating = true
				}
			case "UpdateAll":
				w.upsert = true
			case "Columns":
				w.conflictCols = c.clauseColumns(kv.Value)
			}
		}
	case typesx.IsNamedOrPointer(t, "gorm.io/gorm/clause", "Insert"):
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if key, _ := kv.Key.(*ast.Ident); key != nil && key.Name == "Modifier" {
				m := strings.ToUpper(c.stringConst(kv.Value))
				if strings.Contains(m, "IGNORE") {
					w.doNothing, w.ignore = true, true
				}
			}
		}
	}
}

// clauseColumns reads []clause.Column{{Name: "event_id"}}.
func (c *checker) clauseColumns(e ast.Expr) []string {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, el := range lit.Elts {
		cl, ok := el.(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, f := range cl.Elts {
			if kv, ok := f.(*ast.KeyValueExpr); ok {
				if key, _ := kv.Key.(*ast.Ident); key != nil && key.Name == "Name" {
					if s := c.stringConst(kv.Value); s != "" {
						out = append(out, strings.ToLower(s))
					}
				}
			}
		}
	}
	return out
}

// literalFields returns the snake_case names of the fields set in a
// composite literal (or &literal) e.
func (c *checker) literalFields(e ast.Expr) []string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if key, _ := kv.Key.(*ast.Ident); key != nil {
				out = append(out, typesx.Snake(key.Name))
			}
		}
	}
	return out
}

func (c *checker) stringConst(e ast.Expr) string {
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

// gormExprAccumulates reports whether e is gorm.Expr("col + ?", ...) (or
// clause.Expr{SQL: ...}) adding to the column col.
func (c *checker) gormExprAccumulates(e ast.Expr, col string) bool {
	sqlText, ok := c.gormExprSQL(e)
	if !ok {
		return false
	}
	if col == "" {
		return accumulatesAny(sqlText)
	}
	return accumulates(strings.ToLower(col), strings.ToLower(sqlText))
}

func (c *checker) gormExprSQL(e ast.Expr) (string, bool) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CallExpr:
		if fn := typesx.Callee(c.info, x); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "gorm.io/gorm" && fn.Name() == "Expr" && len(x.Args) > 0 {
			s := c.stringConst(x.Args[0])
			return s, s != ""
		}
	case *ast.CompositeLit:
		if typesx.IsNamedOrPointer(c.info.TypeOf(x), "gorm.io/gorm/clause", "Expr") {
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if key, _ := kv.Key.(*ast.Ident); key != nil && key.Name == "SQL" {
						s := c.stringConst(kv.Value)
						return s, s != ""
					}
				}
			}
		}
	}
	return "", false
}

// mapAccumulates reports whether a map literal of updates holds
// "col": gorm.Expr("col + ?", n).
func (c *checker) mapAccumulates(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if c.gormExprAccumulates(kv.Value, c.stringConst(kv.Key)) {
			return true
		}
	}
	return false
}

// exprAccumulatesAnywhere reports a gorm.Expr / clause.Expr anywhere in e
// whose SQL adds to a column's own value.
func (c *checker) exprAccumulatesAnywhere(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if x, ok := n.(ast.Expr); ok {
			if s, ok := c.gormExprSQL(x); ok && accumulatesAny(s) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}
