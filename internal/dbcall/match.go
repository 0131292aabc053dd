package dbcall

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Import paths of the recognised libraries (vendored copies are matched by
// their path after "/vendor/").
const (
	pathSQL     = "database/sql"
	pathPGX5    = "github.com/jackc/pgx/v5"
	pathPGX4    = "github.com/jackc/pgx/v4"
	pathPool5   = "github.com/jackc/pgx/v5/pgxpool"
	pathPool4   = "github.com/jackc/pgx/v4/pgxpool"
	pathPgconn5 = "github.com/jackc/pgx/v5/pgconn"
	pathPgconn4 = "github.com/jackc/pgconn"
	pathSQLX    = "github.com/jmoiron/sqlx"
	pathGORM    = "gorm.io/gorm"

	pathSquirrel = "github.com/Masterminds/squirrel"
	pathDotsql   = "github.com/qustavo/dotsql"
	pathDotsql0  = "github.com/gchaincl/dotsql"
)

// squirrel: the runners of SelectBuilder, InsertBuilder, UpdateBuilder and
// DeleteBuilder (the runner is the RunWith argument).
var squirrelSpecs = map[string]spec{
	"Exec":            mspec(OpExec, no, no, no, no),
	"ExecContext":     mspec(OpExec, 0, no, no, no),
	"Query":           mspec(OpQuery, no, no, no, no),
	"QueryContext":    mspec(OpQuery, 0, no, no, no),
	"QueryRow":        mspec(OpQueryRow, no, no, no, no),
	"QueryRowContext": mspec(OpQueryRow, 0, no, no, no),
}

// dotsql: DotSql methods taking the handle and a query name (QueryRow is
// left out: its error is the name lookup's, its row's Scan the query's).
var dotsqlSpecs = map[string]spec{
	"Exec":           fspec(OpExec, no, 0, 1, no, 2),
	"ExecContext":    fspec(OpExec, 0, 1, 2, no, 3),
	"Query":          fspec(OpQuery, no, 0, 1, no, 2),
	"QueryContext":   fspec(OpQuery, 0, 1, 2, no, 3),
	"Prepare":        fspec(OpPrepare, no, 0, 1, no, no),
	"PrepareContext": fspec(OpPrepare, 0, 1, 2, no, no),
}

// no marks an absent argument position in a spec.
const no = -1

// spec says where a callee's arguments are; indices into call.Args, no for none.
type spec struct {
	op    Op
	ctx   int
	recv  int // package-level functions: the handle argument
	query int
	dest  int
	args  int // first bind argument
	fn    int // transaction callback
}

func mspec(op Op, ctx, query, dest, args int) spec {
	return spec{op: op, ctx: ctx, recv: no, query: query, dest: dest, args: args, fn: no}
}

// database/sql: *sql.DB, *sql.Tx, *sql.Conn.
var sqlSpecs = map[string]spec{
	"Exec":            mspec(OpExec, no, 0, no, 1),
	"ExecContext":     mspec(OpExec, 0, 1, no, 2),
	"Query":           mspec(OpQuery, no, 0, no, 1),
	"QueryContext":    mspec(OpQuery, 0, 1, no, 2),
	"QueryRow":        mspec(OpQueryRow, no, 0, no, 1),
	"QueryRowContext": mspec(OpQueryRow, 0, 1, no, 2),
	"Prepare":         mspec(OpPrepare, no, 0, no, no),
	"PrepareContext":  mspec(OpPrepare, 0, 1, no, no),
	"Begin":           mspec(OpBegin, no, no, no, no),
	"BeginTx":         mspec(OpBegin, 0, no, no, no),
	"Commit":          mspec(OpCommit, no, no, no, no),
	"Rollback":        mspec(OpRollback, no, no, no, no),
	"Ping":            mspec(OpPing, no, no, no, no),
	"PingContext":     mspec(OpPing, 0, no, no, no),
}

// database/sql: *sql.Stmt (the SQL was given to Prepare).
var sqlStmtSpecs = map[string]spec{
	"Exec":            mspec(OpExec, no, no, no, 0),
	"ExecContext":     mspec(OpExec, 0, no, no, 1),
	"Query":           mspec(OpQuery, no, no, no, 0),
	"QueryContext":    mspec(OpQuery, 0, no, no, 1),
	"QueryRow":        mspec(OpQueryRow, no, no, no, 0),
	"QueryRowContext": mspec(OpQueryRow, 0, no, no, 1),
}

// pgx: *pgx.Conn, pgx.Tx, *pgxpool.Pool, *pgxpool.Conn, *pgxpool.Tx.
var pgxSpecs = map[string]spec{
	"Exec":      mspec(OpExec, 0, 1, no, 2),
	"Query":     mspec(OpQuery, 0, 1, no, 2),
	"QueryRow":  mspec(OpQueryRow, 0, 1, no, 2),
	"Prepare":   mspec(OpPrepare, 0, 2, no, no),
	"Begin":     mspec(OpBegin, 0, no, no, no),
	"BeginTx":   mspec(OpBegin, 0, no, no, no),
	"Commit":    mspec(OpCommit, 0, no, no, no),
	"Rollback":  mspec(OpRollback, 0, no, no, no),
	"Ping":      mspec(OpPing, 0, no, no, no),
	"SendBatch": mspec(OpSendBatch, 0, no, no, no),
	"CopyFrom":  mspec(OpCopyFrom, 0, no, no, 3),
}

// sqlx: methods declared on *sqlx.DB, *sqlx.Tx, *sqlx.Conn (the database/sql
// methods they promote are matched through sqlSpecs).
var sqlxSpecs = map[string]spec{
	"Get":                 mspec(OpGet, no, 1, 0, 2),
	"GetContext":          mspec(OpGet, 0, 2, 1, 3),
	"Select":              mspec(OpSelect, no, 1, 0, 2),
	"SelectContext":       mspec(OpSelect, 0, 2, 1, 3),
	"NamedExec":           mspec(OpExec, no, 0, no, 1),
	"NamedExecContext":    mspec(OpExec, 0, 1, no, 2),
	"NamedQuery":          mspec(OpQuery, no, 0, no, 1),
	"NamedQueryContext":   mspec(OpQuery, 0, 1, no, 2),
	"MustExec":            mspec(OpExec, no, 0, no, 1),
	"MustExecContext":     mspec(OpExec, 0, 1, no, 2),
	"Queryx":              mspec(OpQuery, no, 0, no, 1),
	"QueryxContext":       mspec(OpQuery, 0, 1, no, 2),
	"QueryRowx":           mspec(OpQueryRow, no, 0, no, 1),
	"QueryRowxContext":    mspec(OpQueryRow, 0, 1, no, 2),
	"Preparex":            mspec(OpPrepare, no, 0, no, no),
	"PreparexContext":     mspec(OpPrepare, 0, 1, no, no),
	"PrepareNamed":        mspec(OpPrepare, no, 0, no, no),
	"PrepareNamedContext": mspec(OpPrepare, 0, 1, no, no),
	"Beginx":              mspec(OpBegin, no, no, no, no),
	"BeginTxx":            mspec(OpBegin, 0, no, no, no),
	"MustBegin":           mspec(OpBegin, no, no, no, no),
	"MustBeginTx":         mspec(OpBegin, 0, no, no, no),
}

// sqlx: *sqlx.Stmt methods (plus the promoted *sql.Stmt ones).
var sqlxStmtSpecs = map[string]spec{
	"Get":              mspec(OpGet, no, no, 0, 1),
	"GetContext":       mspec(OpGet, 0, no, 1, 2),
	"Select":           mspec(OpSelect, no, no, 0, 1),
	"SelectContext":    mspec(OpSelect, 0, no, 1, 2),
	"MustExec":         mspec(OpExec, no, no, no, 0),
	"MustExecContext":  mspec(OpExec, 0, no, no, 1),
	"QueryRowx":        mspec(OpQueryRow, no, no, no, 0),
	"QueryRowxContext": mspec(OpQueryRow, 0, no, no, 1),
	"Queryx":           mspec(OpQuery, no, no, no, 0),
	"QueryxContext":    mspec(OpQuery, 0, no, no, 1),
}

// sqlx: *sqlx.NamedStmt methods (arg is the single named-parameter struct/map).
var sqlxNamedStmtSpecs = map[string]spec{
	"Exec":            mspec(OpExec, no, no, no, 0),
	"ExecContext":     mspec(OpExec, 0, no, no, 1),
	"Query":           mspec(OpQuery, no, no, no, 0),
	"QueryContext":    mspec(OpQuery, 0, no, no, 1),
	"QueryRow":        mspec(OpQueryRow, no, no, no, 0),
	"QueryRowContext": mspec(OpQueryRow, 0, no, no, 1),
	"MustExec":        mspec(OpExec, no, no, no, 0),
	"Queryx":          mspec(OpQuery, no, no, no, 0),
	"QueryRowx":       mspec(OpQueryRow, no, no, no, 0),
	"Get":             mspec(OpGet, no, no, 0, 1),
	"GetContext":      mspec(OpGet, 0, no, 1, 2),
	"Select":          mspec(OpSelect, no, no, 0, 1),
	"SelectContext":   mspec(OpSelect, 0, no, 1, 2),
}

func fspec(op Op, ctx, recv, query, dest, args int) spec {
	return spec{op: op, ctx: ctx, recv: recv, query: query, dest: dest, args: args, fn: no}
}

// sqlx package-level functions taking the handle as an argument.
var sqlxFuncSpecs = map[string]spec{
	"Get":               fspec(OpGet, no, 0, 2, 1, 3),
	"Select":            fspec(OpSelect, no, 0, 2, 1, 3),
	"GetContext":        fspec(OpGet, 0, 1, 3, 2, 4),
	"SelectContext":     fspec(OpSelect, 0, 1, 3, 2, 4),
	"MustExec":          fspec(OpExec, no, 0, 1, no, 2),
	"MustExecContext":   fspec(OpExec, 0, 1, 2, no, 3),
	"NamedExec":         fspec(OpExec, no, 0, 1, no, 2),
	"NamedExecContext":  fspec(OpExec, 0, 1, 2, no, 3),
	"NamedQuery":        fspec(OpQuery, no, 0, 1, no, 2),
	"NamedQueryContext": fspec(OpQuery, 0, 1, 2, no, 3),
	"Preparex":          fspec(OpPrepare, no, 0, 1, no, no),
	"PreparexContext":   fspec(OpPrepare, 0, 1, 2, no, no),
}

// pgx package-level functions.
var pgxFuncSpecs = map[string]spec{
	"BeginFunc":   {op: OpBeginFunc, ctx: 0, recv: 1, query: no, dest: no, args: no, fn: 2},
	"BeginTxFunc": {op: OpBeginFunc, ctx: 0, recv: 1, query: no, dest: no, args: no, fn: 3},
}

// GORM finishers: the *gorm.DB methods that run SQL.
var gormSpecs = map[string]spec{
	"First":           mspec(OpGormFirst, no, no, 0, 1),
	"Take":            mspec(OpGormFirst, no, no, 0, 1),
	"Last":            mspec(OpGormFirst, no, no, 0, 1),
	"Find":            mspec(OpGormFind, no, no, 0, 1),
	"FindInBatches":   mspec(OpGormFind, no, no, 0, no),
	"Scan":            mspec(OpGormFind, no, no, 0, no),
	"Pluck":           mspec(OpGormFind, no, no, 1, no),
	"Count":           mspec(OpGormCount, no, no, 0, no),
	"Create":          mspec(OpGormCreate, no, no, 0, no),
	"CreateInBatches": mspec(OpGormCreate, no, no, 0, no),
	"Save":            mspec(OpGormSave, no, no, 0, no),
	"Update":          mspec(OpGormUpdate, no, no, no, 0),
	"UpdateColumn":    mspec(OpGormUpdate, no, no, no, 0),
	"Updates":         mspec(OpGormUpdate, no, no, no, 0),
	"UpdateColumns":   mspec(OpGormUpdate, no, no, no, 0),
	"Delete":          mspec(OpGormDelete, no, no, 0, 1),
	"FirstOrCreate":   mspec(OpGormFirstOrCreate, no, no, 0, 1),
	"FirstOrInit":     mspec(OpGormFirstOrCreate, no, no, 0, 1),
	"Exec":            mspec(OpExec, no, 0, no, 1),
	"Row":             mspec(OpQueryRow, no, no, no, no),
	"Rows":            mspec(OpQuery, no, no, no, no),
	"Transaction":     {op: OpGormTransaction, ctx: no, recv: no, query: no, dest: no, args: no, fn: 0},
	"Begin":           mspec(OpBegin, no, no, no, no),
	"Commit":          mspec(OpCommit, no, no, no, no),
	"Rollback":        mspec(OpRollback, no, no, no, no),
}

// gormInlineConds are the finishers whose trailing conds may be an inline
// string condition: db.First(&u, "email = ?", email).
var gormInlineConds = map[string]bool{
	"First": true, "Take": true, "Last": true, "Find": true, "Delete": true,
	"FirstOrCreate": true, "FirstOrInit": true,
}

// gormModelDest are the finishers whose Dest is a model (its type names the table).
var gormModelDest = map[string]bool{
	"First": true, "Take": true, "Last": true, "Find": true, "FindInBatches": true,
	"Create": true, "CreateInBatches": true, "Save": true, "Delete": true,
	"FirstOrCreate": true, "FirstOrInit": true,
}

// matcher carries what matching needs besides the call.
type matcher struct {
	info *types.Info
	// tableName resolves a model's TableName method to the constant it
	// returns; nil or !ok means unknown.
	tableName func(*types.Func) (string, bool)
	// resolver follows local variables and helpers for SQL text; nil: constants only.
	resolver *sqltext.Resolver
	// override substitutes expressions when evaluating SQL text (a
	// wrapper's parameter -> the caller's argument).
	override map[ast.Expr]ast.Expr
}

// Match recognises a direct call to a database library: database/sql, pgx
// v5/v4 and pgxpool, sqlx, GORM finishers, and methods of user-declared
// interfaces with the exact shape of a library method. It returns nil for
// anything else (including GORM chain methods such as Where, which are not
// calls that run SQL, and package-local wrappers: use Index.Match for
// those). Match needs only type information; a model's TableName method
// is not evaluated (Table is left empty for such models), Enclosing and Use
// are not set.
func Match(info *types.Info, call *ast.CallExpr) *Call {
	m := &matcher{info: info}
	return m.match(call)
}

func (m *matcher) match(call *ast.CallExpr) (c *Call) {
	if m == nil || m.info == nil || call == nil {
		return nil
	}
	failed := false // odd code must never crash an analyzer (bug.Catch re-panics in tests)
	defer func() {
		if failed {
			c = nil
		}
	}()
	defer bug.Catch(&failed, "dbcall.match")
	fn, _ := typeutil.Callee(m.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return nil
	}
	if sig.Recv() == nil {
		c = m.matchFunc(call, fn)
	} else {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if s := m.info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
			return nil // method expressions, qualified identifiers
		}
		c = m.matchMethod(call, fn, sig, sel)
	}
	if c != nil {
		m.fillSQL(c)
	}
	return c
}

func (m *matcher) matchFunc(call *ast.CallExpr, fn *types.Func) *Call {
	var (
		sp  spec
		lib Lib
		ok  bool
	)
	switch typesx.ImportPath(fn.Pkg()) {
	case pathSQLX:
		sp, ok = sqlxFuncSpecs[fn.Name()]
		lib = LibSQLX
	case pathPGX5, pathPGX4:
		sp, ok = pgxFuncSpecs[fn.Name()]
		lib = LibPGX
	}
	if !ok {
		return nil
	}
	c := m.build(call, fn, lib, sp)
	if sp.recv >= 0 && sp.recv < len(call.Args) {
		c.Recv = call.Args[sp.recv]
		c.RecvKind = kindOfType(m.info.TypeOf(c.Recv))
	}
	return c
}

func (m *matcher) matchMethod(call *ast.CallExpr, fn *types.Func, sig *types.Signature, sel *ast.SelectorExpr) *Call {
	path, name := typesx.TypeKey(sig.Recv().Type())
	var (
		table map[string]spec
		lib   Lib
		kind  RecvKind
	)
	switch path {
	case pathSQL:
		lib = LibSQL
		switch name {
		case "DB":
			table, kind = sqlSpecs, RecvDB
		case "Tx":
			table, kind = sqlSpecs, RecvTx
		case "Conn":
			table, kind = sqlSpecs, RecvConn
		case "Stmt":
			table, kind = sqlStmtSpecs, RecvStmt
		}
		if table != nil && m.throughSQLX(sel) {
			lib = LibSQLX
		}
	case pathPGX5, pathPGX4:
		lib = LibPGX
		switch name {
		case "Conn":
			table, kind = pgxSpecs, RecvConn
		case "Tx":
			table, kind = pgxSpecs, RecvTx
		}
	case pathPool5, pathPool4:
		lib = LibPGX
		switch name {
		case "Pool":
			table, kind = pgxSpecs, RecvPool
		case "Conn":
			table, kind = pgxSpecs, RecvConn
		case "Tx":
			table, kind = pgxSpecs, RecvTx
		}
	case pathSQLX:
		lib = LibSQLX
		switch name {
		case "DB":
			table, kind = sqlxSpecs, RecvDB
		case "Tx":
			table, kind = sqlxSpecs, RecvTx
		case "Conn":
			table, kind = sqlxSpecs, RecvConn
		case "Stmt":
			table, kind = sqlxStmtSpecs, RecvStmt
		case "NamedStmt":
			table, kind = sqlxNamedStmtSpecs, RecvStmt
		}
	case pathGORM:
		if name == "DB" {
			return m.matchGorm(call, fn, sel)
		}
		return nil
	case pathSquirrel:
		return m.matchSquirrel(call, fn, sel, name)
	case pathDotsql, pathDotsql0:
		return m.matchDotsql(call, fn, sel, name)
	}
	var sp spec
	if table != nil {
		var ok bool
		if sp, ok = table[fn.Name()]; !ok {
			return nil
		}
	} else {
		if !types.IsInterface(sig.Recv().Type()) {
			return nil
		}
		var ok bool
		if lib, sp, ok = matchShape(fn, sig); !ok {
			return nil
		}
		if path == pathSQLX {
			lib = LibSQLX
		}
		kind = RecvIface
	}
	c := m.build(call, fn, lib, sp)
	c.Recv = sel.X
	c.RecvKind = kind
	if c.Op == OpCopyFrom && len(call.Args) > 1 {
		c.Table = identifierTable(m.info, call.Args[1])
	}
	return c
}

// build fills the argument fields of a Call from a spec.
func (m *matcher) build(call *ast.CallExpr, fn *types.Func, lib Lib, sp spec) *Call {
	c := &Call{Expr: call, Lib: lib, Op: sp.op, Method: fn.Name(), Func: fn}
	c.Ctx = argAt(call, sp.ctx)
	c.Query = argAt(call, sp.query)
	c.Dest = argAt(call, sp.dest)
	c.TxFunc = argAt(call, sp.fn)
	if sp.args >= 0 && sp.args < len(call.Args) {
		c.Args = call.Args[sp.args:]
		c.Spread = call.Ellipsis.IsValid()
	}
	return c
}

func argAt(call *ast.CallExpr, i int) ast.Expr {
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	if call.Ellipsis.IsValid() && i == len(call.Args)-1 {
		// f(a, xs...) with i pointing into the spread: not a single argument.
		return nil
	}
	return call.Args[i]
}

// throughSQLX reports a database/sql method reached through an sqlx type
// (x.ExecContext with x a *sqlx.DB, or a struct embedding one).
func (m *matcher) throughSQLX(sel *ast.SelectorExpr) bool {
	s := m.info.Selections[sel]
	if s == nil {
		return false
	}
	t := s.Recv()
	idx := s.Index()
	for i := 0; ; i++ {
		if p, _ := typesx.TypeKey(t); p == pathSQLX {
			return true
		}
		if i >= len(idx)-1 {
			return false
		}
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || idx[i] >= st.NumFields() {
			return false
		}
		t = st.Field(idx[i]).Type()
	}
}

// result shapes of library methods, for interface matching.
type shape uint8

const (
	shapeNone shape = iota
	shapeSQLResult
	shapeSQLRows
	shapeSQLRow
	shapeSQLStmt
	shapeSQLTx
	shapeSQLXRows
	shapeSQLXRow
	shapeSQLXStmt
	shapeSQLXTx
	shapePGXTag
	shapePGXRows
	shapePGXRow
	shapePGXTx
	shapeErrorOnly
	shapeMustResult // sql.Result with no error (MustExec)
)

func resultShape(sig *types.Signature) shape {
	res := sig.Results()
	one := func(t types.Type) shape {
		path, name := typesx.TypeKey(t)
		_, isPtr := types.Unalias(t).(*types.Pointer)
		switch {
		case path == pathSQL && name == "Result" && !isPtr:
			return shapeSQLResult
		case path == pathSQL && name == "Rows" && isPtr:
			return shapeSQLRows
		case path == pathSQL && name == "Row" && isPtr:
			return shapeSQLRow
		case path == pathSQL && name == "Stmt" && isPtr:
			return shapeSQLStmt
		case path == pathSQL && name == "Tx" && isPtr:
			return shapeSQLTx
		case path == pathSQLX && name == "Rows" && isPtr:
			return shapeSQLXRows
		case path == pathSQLX && name == "Row" && isPtr:
			return shapeSQLXRow
		case path == pathSQLX && (name == "Stmt" || name == "NamedStmt") && isPtr:
			return shapeSQLXStmt
		case path == pathSQLX && name == "Tx" && isPtr:
			return shapeSQLXTx
		case (path == pathPgconn5 || path == pathPgconn4) && name == "CommandTag" && !isPtr:
			return shapePGXTag
		case (path == pathPGX5 || path == pathPGX4) && name == "Rows" && !isPtr:
			return shapePGXRows
		case (path == pathPGX5 || path == pathPGX4) && name == "Row" && !isPtr:
			return shapePGXRow
		case (path == pathPGX5 || path == pathPGX4) && name == "Tx" && !isPtr:
			return shapePGXTx
		}
		return shapeNone
	}
	switch res.Len() {
	case 1:
		if typesx.IsError(res.At(0).Type()) {
			return shapeErrorOnly
		}
		s := one(res.At(0).Type())
		switch s {
		case shapeSQLRow, shapeSQLXRow, shapePGXRow:
			return s
		case shapeSQLResult:
			return shapeMustResult
		}
	case 2:
		if !typesx.IsError(res.At(1).Type()) {
			return shapeNone
		}
		switch s := one(res.At(0).Type()); s {
		case shapeSQLRow, shapeSQLXRow, shapePGXRow:
			return shapeNone
		default:
			return s
		}
	}
	return shapeNone
}

// matchShape matches a method of an interface type that is not one of the
// libraries' own named types (sqlc's DBTX, sqlx.Ext, a repository's
// Querier) by name and exact signature shape.
func matchShape(fn *types.Func, sig *types.Signature) (Lib, spec, bool) {
	name := fn.Name()
	sh := resultShape(sig)
	var (
		lib Lib
		sp  spec
		ok  bool
	)
	switch sh {
	case shapePGXTag, shapePGXRows, shapePGXRow, shapePGXTx:
		lib = LibPGX
		sp, ok = pgxSpecs[name]
	case shapeSQLXRows, shapeSQLXRow, shapeSQLXStmt, shapeSQLXTx, shapeErrorOnly, shapeMustResult:
		lib = LibSQLX
		sp, ok = sqlxSpecs[name]
	case shapeSQLResult, shapeSQLRows, shapeSQLRow, shapeSQLStmt, shapeSQLTx:
		lib = LibSQL
		if sp, ok = sqlSpecs[name]; !ok {
			lib = LibSQLX
			sp, ok = sqlxSpecs[name] // NamedExec -> sql.Result, Preparex...
		}
	}
	if !ok {
		return 0, spec{}, false
	}
	// The result shape must agree with the operation.
	want := map[Op][]shape{
		OpExec:     {shapeSQLResult, shapePGXTag, shapeMustResult},
		OpQuery:    {shapeSQLRows, shapeSQLXRows, shapePGXRows},
		OpQueryRow: {shapeSQLRow, shapeSQLXRow, shapePGXRow},
		OpGet:      {shapeErrorOnly},
		OpSelect:   {shapeErrorOnly},
		OpPrepare:  {shapeSQLStmt, shapeSQLXStmt},
		OpBegin:    {shapeSQLTx, shapeSQLXTx, shapePGXTx},
	}[sp.op]
	agree := false
	for _, w := range want {
		if w == sh {
			agree = true
		}
	}
	if !agree {
		return 0, spec{}, false
	}
	// MustExec returns no error; Exec does.
	if (sh == shapeMustResult) != (name == "MustExec" || name == "MustExecContext") {
		return 0, spec{}, false
	}
	// Parameters: exact count and types at the positions the spec names.
	params := sig.Params()
	n := -1
	for _, i := range []int{sp.ctx, sp.query, sp.dest, sp.args} {
		n = max(n, i)
	}
	if params.Len() != n+1 {
		return 0, spec{}, false
	}
	if sp.ctx >= 0 && !typesx.IsNamedOrPointer(params.At(sp.ctx).Type(), "context", "Context") {
		return 0, spec{}, false
	}
	if sp.query >= 0 && !typesx.IsString(params.At(sp.query).Type()) {
		return 0, spec{}, false
	}
	if sp.dest >= 0 && !types.IsInterface(params.At(sp.dest).Type()) {
		return 0, spec{}, false
	}
	if sp.args >= 0 {
		named := strings.HasPrefix(name, "Named")
		if named == sig.Variadic() {
			return 0, spec{}, false // Named* take one arg; the others are variadic
		}
	}
	return lib, sp, true
}

// identifierTable returns the table of a pgx.Identifier{"schema", "table"}
// composite literal, "" otherwise.
func identifierTable(info *types.Info, e ast.Expr) string {
	cl, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok || len(cl.Elts) == 0 {
		return ""
	}
	if s, ok := typesx.StringConst(info, cl.Elts[len(cl.Elts)-1]); ok {
		return strings.ToLower(s)
	}
	return ""
}

// kindOfType classifies the static type of a handle expression.
func kindOfType(t types.Type) RecvKind {
	if t == nil {
		return RecvNone
	}
	path, name := typesx.TypeKey(t)
	switch path {
	case pathSQL, pathSQLX:
		switch name {
		case "DB":
			return RecvDB
		case "Tx":
			return RecvTx
		case "Conn":
			return RecvConn
		case "Stmt", "NamedStmt":
			return RecvStmt
		}
	case pathPGX5, pathPGX4:
		switch name {
		case "Conn":
			return RecvConn
		case "Tx":
			return RecvTx
		}
	case pathPool5, pathPool4:
		switch name {
		case "Pool":
			return RecvPool
		case "Conn":
			return RecvConn
		case "Tx":
			return RecvTx
		}
	case pathGORM:
		if name == "DB" {
			return RecvGorm
		}
	}
	if types.IsInterface(t) {
		return RecvIface
	}
	return RecvNone
}

func deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}

// matchSquirrel matches a squirrel builder's runner: the Recv is the
// argument of the last RunWith in the chain (nil when the runner was set
// elsewhere), the SQL the builder's.
func (m *matcher) matchSquirrel(call *ast.CallExpr, fn *types.Func, sel *ast.SelectorExpr, recvType string) *Call {
	switch recvType {
	case "SelectBuilder", "InsertBuilder", "UpdateBuilder", "DeleteBuilder":
	default:
		return nil
	}
	sp, ok := squirrelSpecs[fn.Name()]
	if !ok {
		return nil
	}
	c := m.build(call, fn, LibSQL, sp)
	c.builder = sel.X
	for e := ast.Unparen(sel.X); ; {
		cc, ok := e.(*ast.CallExpr)
		if !ok {
			break
		}
		s, ok := ast.Unparen(cc.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		if s.Sel.Name == "RunWith" && len(cc.Args) == 1 {
			if f, _ := typeutil.Callee(m.info, cc).(*types.Func); f != nil && f.Pkg() != nil && typesx.ImportPath(f.Pkg()) == pathSquirrel {
				c.Recv = cc.Args[0]
				c.RecvKind = kindOfType(m.info.TypeOf(c.Recv))
				break
			}
		}
		e = ast.Unparen(s.X)
	}
	return c
}

// matchDotsql matches DotSql.Exec(db, name, args...) and its kin.
func (m *matcher) matchDotsql(call *ast.CallExpr, fn *types.Func, sel *ast.SelectorExpr, recvType string) *Call {
	if recvType != "DotSql" {
		return nil
	}
	sp, ok := dotsqlSpecs[fn.Name()]
	if !ok || sp.query >= len(call.Args) {
		return nil
	}
	c := m.build(call, fn, LibSQL, sp)
	c.named = [2]ast.Expr{sel.X, c.Query}
	c.Query = nil // the argument is a name, not SQL
	if sp.recv < len(call.Args) {
		c.Recv = call.Args[sp.recv]
		c.RecvKind = kindOfType(m.info.TypeOf(c.Recv))
	}
	return c
}
