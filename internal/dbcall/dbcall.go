// Package dbcall recognises database call sites — database/sql, pgx v5 (and
// v4), pgxpool, sqlx and GORM — and the package's own wrappers around them,
// and says which argument carries the SQL, which the context, the bind
// arguments and the destination, and where the call's result and error go.
//
// Every match is made on types, never on names alone: the callee must be a
// method of the real library types (by import path, including vendored
// copies), a method promoted from them by embedding (sqlx.DB -> *sql.DB), a
// method of the libraries' interfaces (pgx.Tx, sqlx.Ext), or a method of a
// user-declared interface whose signature has the exact shape of a library
// method (sqlc's DBTX: ExecContext(context.Context, string, ...interface{})
// (sql.Result, error), or pgx's Exec(context.Context, string, ...any)
// (pgconn.CommandTag, error)). An Exec on an unrelated type is not a DB call.
//
// Two entry points:
//
//   - Match(info, call) recognises one direct call with nothing but type
//     information.
//   - Analyzer (result *Index) indexes a whole package: every DB call in
//     source order, package-local wrapper functions and methods (whose string
//     parameter flows into the query argument of a DB call, through any number
//     of wrapper levels), model TableName methods, and the Use of each call.
//     Analyzers should require Analyzer and use Index.Match / Index.Calls.
//
// Squirrel (github.com/Masterminds/squirrel) runners —
// sq.Insert("t")...RunWith(db).Exec(), .QueryRow(), .Query() and their
// Context forms — are database/sql calls whose SQL is the builder's
// statement; dotsql's DotSql.Exec/Query/Prepare (and Context forms) are
// database/sql calls on their handle argument whose SQL is the named query
// of the file the DotSql was loaded from.
//
// Each Call carries the SQL it runs (SQL, via internal/sqltext: constants,
// concatenation, fmt.Sprintf, locals, embedded and named-query files,
// squirrel builders) and its classification (Stmt, via
// internal/sqlparse), the target Table, and — from an Index — where its
// result and error go (Use) and the function it is in (Enclosing). For GORM
// chains without Raw/Exec the Stmt is synthesised from the chain (Where,
// Model/Table, Update, Clauses(clause.OnConflict/Locking/Returning)).
//
// In an analyzer:
//
//	Requires: []*analysis.Analyzer{dbcall.Analyzer, ...},
//	...
//	ix := pass.ResultOf[dbcall.Analyzer].(*dbcall.Index)
//	for _, c := range ix.Calls() {
//		if c.Stmt.IsDedupInsert() && c.Use.ResultDiscarded { ... }
//		if c.Op.ReadsOneRow() && c.Table != "" { ... c.Stmt.Where ... }
//	}
//
// Wrappers are found in the package at hand; exported ones travel to the
// packages that import them as facts (WrapperFact), for SQL-text wrappers
// (not GORM chains whose caller gives a Where fragment).
//
// Not recognised: GORM chains split across variables (q := db.Where(..);
// q.First(&u) is a First with no Where), GORM's generics API (gorm.G[T]),
// other ORMs (ent, bun, xorm, sqlboiler, jinzhu/gorm v1), goqu and other
// query builders than squirrel, dotsql's QueryRow, Commit/Rollback on
// user-declared interfaces, the SQL of pgx Batch.Queue, statements from
// tx.Stmt(stmt), and wrappers that transform their query parameter before
// running it other than with constant text around it (q = rewrite(q); the
// "SELECT EXISTS (" + q + ")" of an Exists helper is followed).
package dbcall

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/sqltext"
)

// Lib is the database library a call belongs to.
type Lib uint8

// Libraries.
const (
	LibUnknown Lib = iota
	LibSQL         // database/sql, and user interfaces with database/sql shapes (sqlc DBTX)
	LibPGX         // github.com/jackc/pgx/v5 (and v4): pgx.Conn, pgx.Tx, pgxpool.Pool/Conn/Tx, pgx-shaped interfaces
	LibSQLX        // github.com/jmoiron/sqlx, including *sql.DB/*sql.Tx methods called through sqlx.DB/sqlx.Tx
	LibGORM        // gorm.io/gorm
)

func (l Lib) String() string {
	switch l {
	case LibSQL:
		return "sql"
	case LibPGX:
		return "pgx"
	case LibSQLX:
		return "sqlx"
	case LibGORM:
		return "gorm"
	}
	return "unknown"
}

// Op is what a call does.
type Op uint8

// Statement reports whether a GORM call of this kind runs a statement on
// the database with the chain's context: not a transaction's Begin, Commit
// or Rollback, nor Transaction(fc), whose callback's tx runs the
// statements.
func (op Op) Statement() bool {
	switch op {
	case OpGormTransaction, OpBegin, OpCommit, OpRollback:
		return false
	}
	return true
}

// Operations.
const (
	OpUnknown Op = iota
	// OpQuery returns rows: Query, QueryContext, Queryx, NamedQuery, pgx Query, GORM Rows.
	OpQuery
	// OpQueryRow returns a single row whose Scan reports the no-row case
	// (sql.ErrNoRows, pgx.ErrNoRows): QueryRow, QueryRowContext, QueryRowx,
	// pgx QueryRow, GORM Row.
	OpQueryRow
	// OpExec runs a statement: Exec, ExecContext, NamedExec, MustExec, pgx
	// Exec, GORM Exec. The result is sql.Result, pgconn.CommandTag or *gorm.DB.
	OpExec
	// OpGet is sqlx Get/GetContext: a single row into Dest; sql.ErrNoRows when none.
	OpGet
	// OpSelect is sqlx Select/SelectContext: all rows into the slice Dest; no error when none.
	OpSelect
	// OpPrepare prepares a statement: Prepare, PrepareContext, Preparex, PrepareNamed, pgx Prepare.
	OpPrepare
	// OpBegin starts a transaction: Begin, BeginTx, Beginx, BeginTxx, MustBegin, pgx Begin/BeginTx, GORM Begin.
	OpBegin
	// OpCommit commits a transaction.
	OpCommit
	// OpRollback rolls a transaction back.
	OpRollback
	// OpPing pings the database.
	OpPing
	// OpBeginFunc is pgx.BeginFunc / pgx.BeginTxFunc: TxFunc runs in a
	// transaction committed when it returns nil.
	OpBeginFunc
	// OpSendBatch is pgx SendBatch (the SQL lives in Batch.Queue calls).
	OpSendBatch
	// OpCopyFrom is pgx CopyFrom (bulk insert into Table).
	OpCopyFrom
	// OpGormFirst is GORM First/Take/Last: ErrRecordNotFound when no row.
	OpGormFirst
	// OpGormFind is GORM Find/Scan/Pluck/FindInBatches: no error when no row
	// (RowsAffected is 0).
	OpGormFind
	// OpGormCount is GORM Count(&n).
	OpGormCount
	// OpGormCreate is GORM Create/CreateInBatches (an INSERT).
	OpGormCreate
	// OpGormSave is GORM Save (an UPDATE of all fields, or INSERT when the
	// primary key is zero).
	OpGormSave
	// OpGormUpdate is GORM Update/Updates/UpdateColumn/UpdateColumns.
	OpGormUpdate
	// OpGormDelete is GORM Delete.
	OpGormDelete
	// OpGormFirstOrCreate is GORM FirstOrCreate/FirstOrInit.
	OpGormFirstOrCreate
	// OpGormTransaction is GORM Transaction(fc): TxFunc runs in a transaction
	// committed when it returns nil.
	OpGormTransaction
)

var opNames = [...]string{
	OpUnknown:           "unknown",
	OpQuery:             "query",
	OpQueryRow:          "queryrow",
	OpExec:              "exec",
	OpGet:               "get",
	OpSelect:            "select",
	OpPrepare:           "prepare",
	OpBegin:             "begin",
	OpCommit:            "commit",
	OpRollback:          "rollback",
	OpPing:              "ping",
	OpBeginFunc:         "beginfunc",
	OpSendBatch:         "sendbatch",
	OpCopyFrom:          "copyfrom",
	OpGormFirst:         "gorm-first",
	OpGormFind:          "gorm-find",
	OpGormCount:         "gorm-count",
	OpGormCreate:        "gorm-create",
	OpGormSave:          "gorm-save",
	OpGormUpdate:        "gorm-update",
	OpGormDelete:        "gorm-delete",
	OpGormFirstOrCreate: "gorm-firstorcreate",
	OpGormTransaction:   "gorm-transaction",
}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "unknown"
}

// ReadsOneRow reports an operation that reads at most one row and reports
// the no-row case as an error: OpQueryRow (at Scan), OpGet, OpGormFirst.
func (o Op) ReadsOneRow() bool {
	return o == OpQueryRow || o == OpGet || o == OpGormFirst
}

// IsRead reports an operation that reads rows (it may still write, e.g. a
// query that runs INSERT ... RETURNING: look at Call.Stmt).
func (o Op) IsRead() bool {
	switch o {
	case OpQuery, OpQueryRow, OpGet, OpSelect, OpGormFirst, OpGormFind, OpGormCount:
		return true
	}
	return false
}

// IsGormWrite reports a GORM write finisher: Create, Save, Update, Delete,
// FirstOrCreate.
func (o Op) IsGormWrite() bool {
	switch o {
	case OpGormCreate, OpGormSave, OpGormUpdate, OpGormDelete, OpGormFirstOrCreate:
		return true
	}
	return false
}

// RecvKind is the kind of handle a call is made on.
type RecvKind uint8

// Receiver kinds.
const (
	RecvNone  RecvKind = iota // a package-level function with no handle
	RecvDB                    // *sql.DB, *sqlx.DB (a pool)
	RecvTx                    // *sql.Tx, *sqlx.Tx, pgx.Tx, *pgxpool.Tx
	RecvConn                  // *sql.Conn, *sqlx.Conn, *pgx.Conn, *pgxpool.Conn
	RecvStmt                  // *sql.Stmt, *sqlx.Stmt, *sqlx.NamedStmt (no query argument)
	RecvPool                  // *pgxpool.Pool
	RecvGorm                  // *gorm.DB (a session or a transaction: GORM does not tell)
	RecvIface                 // an interface that both pools and transactions satisfy (sqlc DBTX, sqlx.Ext, ...)
)

func (k RecvKind) String() string {
	switch k {
	case RecvDB:
		return "db"
	case RecvTx:
		return "tx"
	case RecvConn:
		return "conn"
	case RecvStmt:
		return "stmt"
	case RecvPool:
		return "pool"
	case RecvGorm:
		return "gorm"
	case RecvIface:
		return "iface"
	}
	return "none"
}

// Call is one recognised database call.
type Call struct {
	// Expr is the call expression. For GORM it is the finisher (First,
	// Create, ...), the last call of the chain.
	Expr *ast.CallExpr
	Lib  Lib
	Op   Op
	// Method is the library method or function called ("ExecContext",
	// "GetContext", "QueryRow", "First", "BeginFunc"). Through a wrapper it
	// is still the library method the wrapper calls.
	Method string
	// Func is the library callee (for interface receivers, the interface
	// method). Through a wrapper it is the library callee inside the wrapper.
	Func *types.Func

	// Recv is the handle expression (db in db.Exec, r.db in r.db.Where(..).First(..),
	// the Queryer argument of sqlx.Get, the db argument of pgx.BeginFunc),
	// nil when none. Through a wrapper: the wrapper method's receiver, or the
	// caller's argument when the wrapper takes the handle as a parameter.
	Recv     ast.Expr
	RecvKind RecvKind

	// Ctx is the context argument; nil for the non-Context forms (db.Exec,
	// sqlx Get). For GORM it is the argument of a WithContext in the chain
	// or the Context field of a Session(&gorm.Session{...}) in the chain.
	// Through a wrapper it is the caller's argument when the wrapper passes a
	// context parameter on; otherwise the expression inside the wrapper
	// (e.g. context.Background()) or nil.
	Ctx ast.Expr

	// Query is the expression carrying the SQL text, nil when none (sql.Stmt
	// methods, GORM Create/Save/...). GORM: the Raw/Exec SQL argument; else
	// the first Where (or Or/Not) whose condition is a string; else a string
	// inline condition of First/Find/Delete/... Through a wrapper: the
	// caller's argument at the wrapper's query parameter.
	Query ast.Expr

	// SQL is the statically known text of Query (constants, concatenation,
	// fmt.Sprintf, locals through the Index's Resolver; unknown pieces are
	// sqlparse.Hole). For GORM chains it is the text of the Where fragment.
	// Zero when Query is nil, except for *sql.Stmt/*sqlx.Stmt calls whose
	// Prepare the Index found (see Prepared).
	SQL sqltext.Text
	// Stmt is the classification of SQL (sqlparse.Parse) when SQL.Found.
	// For GORM calls without Raw/Exec it is synthesised from the chain:
	// Kind from the finisher (First/Find/Count/FirstOrCreate: SELECT;
	// Create: INSERT; Save/Update*: UPDATE; Delete: DELETE), Table, Where
	// from string fragments, struct and map conditions and, for writes on a
	// loaded model, "id = ?"; Keysets (offsets zero) and OrColumns from the
	// string fragments (an Or(...) turns every earlier condition into an
	// OR-ed one); OrderBy from constant Order strings (others are left
	// out); Limit and Offset; Set from Update/Updates; Conflict from
	// clause.OnConflict; Lock from clause.Locking; Returning from
	// clause.Returning; Limit "1" for First/Take/Last. Partial marks
	// conditions it could not read.
	Stmt sqlparse.Stmt
	// Prepared is, for a call on a prepared statement (RecvStmt), the
	// Prepare call that created it when the Index can see it (the statement
	// variable is assigned once, from that call); SQL and Stmt come from it.
	Prepared *Call

	// Args are the bind arguments as written (after the query); when Spread
	// is set the last one is a slice passed with "...". For sqlx Named*
	// calls, the single struct/map argument. GORM: the values of the Raw,
	// Exec or Where that gave Query, or the inline conditions.
	Args   []ast.Expr
	Spread bool

	// Dest is the destination: sqlx Get/Select dest; GORM First/Take/Last/
	// Find/Scan/Pluck/Count/Create/Save/Delete/FirstOrCreate argument.
	Dest ast.Expr

	// Chain holds, for GORM, the calls of the receiver chain before the
	// finisher, root first: db.WithContext(ctx).Where(..).First(&u) ->
	// [WithContext(ctx), Where(..)].
	Chain []*ast.CallExpr
	// Clauses are the arguments of every Clauses(...) in a GORM chain, e.g.
	// clause.OnConflict{DoNothing: true}, clause.Locking{Strength: "UPDATE"}.
	Clauses []ast.Expr
	// Model is the GORM model type (Model(&X{}) in the chain, else Dest's
	// element type), without pointers or slices; nil if unknown.
	Model types.Type
	// Table is the target table when known: from the SQL (Stmt.Table), GORM
	// .Table("x") with a constant name, or the GORM model type (a TableName
	// method returning a constant, else GORM's default naming:
	// PaymentIntent -> payment_intents). Empty when unknown, e.g. a model
	// with a TableName method whose result is not a constant.
	Table string

	// TxFunc is the callback of OpGormTransaction and OpBeginFunc.
	TxFunc ast.Expr
	// Tx is the call that began the transaction this call runs in, when the
	// Index can see it: the Begin/BeginTx/Beginx/MustBegin (or GORM Begin)
	// whose result is the receiver variable, or the GORM Transaction / pgx
	// BeginFunc whose callback parameter is the receiver. Nil otherwise —
	// which does not prove the call runs outside a transaction (the handle
	// may be a parameter); RecvKind tells what the handle's type is.
	Tx *Call

	// Via is the package-local wrapper the call goes through, nil for a
	// direct call; Inner is then the DB call inside the wrapper.
	Via   *types.Func
	Inner *Call
	// Fact is set for a call through another package's wrapper (Via is
	// that wrapper, Inner is nil): what the wrapper's fact says.
	Fact *WrapperFact

	// Enclosing is the innermost *ast.FuncDecl or *ast.FuncLit that contains
	// the call; set for calls from an Index.
	Enclosing ast.Node
	// Use says where the call's result and error go; set for calls from an
	// Index (see UseOf).
	Use Use

	// builder is, for a squirrel runner (Exec, Query, QueryRow and their
	// Context forms), the builder whose statement runs; named holds, for a
	// dotsql method, the DotSql handle and the query name. Query is nil for
	// both: the SQL text is not an argument.
	builder ast.Expr
	named   [2]ast.Expr
	// prefix and suffix: what a wrapper puts around the caller's query.
	prefix, suffix string
}
