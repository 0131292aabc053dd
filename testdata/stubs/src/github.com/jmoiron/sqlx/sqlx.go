// Package sqlx is a signature-faithful stub of github.com/jmoiron/sqlx for
// analysistest fixtures. Bodies are trivial.
package sqlx

import (
	"context"
	"database/sql"
)

// Bind types.
const (
	UNKNOWN = iota
	QUESTION
	DOLLAR
	NAMED
	AT
)

// Queryer is an interface used by Get and Select.
type Queryer interface {
	Query(query string, args ...interface{}) (*sql.Rows, error)
	Queryx(query string, args ...interface{}) (*Rows, error)
	QueryRowx(query string, args ...interface{}) *Row
}

// Execer is an interface used by MustExec and LoadFile.
type Execer interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
}

type binder interface {
	DriverName() string
	Rebind(string) string
	BindNamed(string, interface{}) (string, []interface{}, error)
}

// Ext is a union interface which can bind, query, and exec.
type Ext interface {
	binder
	Queryer
	Execer
}

// QueryerContext is an interface used by GetContext and SelectContext.
type QueryerContext interface {
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
	QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error)
	QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row
}

// ExecerContext is an interface used by MustExecContext and LoadFileContext.
type ExecerContext interface {
	ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error)
}

// ExtContext is a union interface which can bind, query, and exec, with Context.
type ExtContext interface {
	binder
	QueryerContext
	ExecerContext
}

// DB is a wrapper around sql.DB which keeps track of the driverName upon Open.
type DB struct {
	*sql.DB
	driverName string
	unsafe     bool
}

// NewDb returns a new sqlx DB wrapper for a pre-existing *sql.DB.
func NewDb(db *sql.DB, driverName string) *DB { return &DB{DB: db, driverName: driverName} }

// Open is the same as sql.Open, but returns an *sqlx.DB instead.
func Open(driverName, dataSourceName string) (*DB, error) { return &DB{}, nil }

// MustOpen is the same as sql.Open, but returns an *sqlx.DB instead and panics on error.
func MustOpen(driverName, dataSourceName string) *DB { return &DB{} }

// Connect to a database and verify with a ping.
func Connect(driverName, dataSourceName string) (*DB, error) { return &DB{}, nil }

// ConnectContext to a database and verify with a ping.
func ConnectContext(ctx context.Context, driverName, dataSourceName string) (*DB, error) {
	return &DB{}, nil
}

// MustConnect connects to a database and panics on error.
func MustConnect(driverName, dataSourceName string) *DB { return &DB{} }

// DriverName returns the driverName passed to the Open function for this DB.
func (db *DB) DriverName() string { return db.driverName }

// Rebind transforms a query from QUESTION to the DB driver's bindvar type.
func (db *DB) Rebind(query string) string { return query }

// Unsafe returns a version of DB which will silently succeed to scan when
// columns in the SQL result have no fields in the destination struct.
func (db *DB) Unsafe() *DB { return db }

// BindNamed binds a query using the DB driver's bindvar type.
func (db *DB) BindNamed(query string, arg interface{}) (string, []interface{}, error) {
	return query, nil, nil
}

// NamedQuery using this DB.
func (db *DB) NamedQuery(query string, arg interface{}) (*Rows, error) { return nil, nil }

// NamedExec using this DB.
func (db *DB) NamedExec(query string, arg interface{}) (sql.Result, error) { return nil, nil }

// Select using this DB.
func (db *DB) Select(dest interface{}, query string, args ...interface{}) error { return nil }

// Get using this DB. Any placeholder parameters are replaced with supplied args.
// An error is returned if the result set is empty.
func (db *DB) Get(dest interface{}, query string, args ...interface{}) error { return nil }

// MustBegin starts a transaction, and panics on error.
func (db *DB) MustBegin() *Tx { return &Tx{} }

// Beginx begins a transaction and returns an *sqlx.Tx instead of an *sql.Tx.
func (db *DB) Beginx() (*Tx, error) { return &Tx{}, nil }

// Queryx queries the database and returns an *sqlx.Rows.
func (db *DB) Queryx(query string, args ...interface{}) (*Rows, error) { return nil, nil }

// QueryRowx queries the database and returns an *sqlx.Row.
func (db *DB) QueryRowx(query string, args ...interface{}) *Row { return &Row{} }

// MustExec (panic) runs MustExec using this database.
func (db *DB) MustExec(query string, args ...interface{}) sql.Result { return nil }

// Preparex returns an sqlx.Stmt instead of a sql.Stmt.
func (db *DB) Preparex(query string) (*Stmt, error) { return &Stmt{}, nil }

// PrepareNamed returns an sqlx.NamedStmt.
func (db *DB) PrepareNamed(query string) (*NamedStmt, error) { return &NamedStmt{}, nil }

// PrepareNamedContext returns an sqlx.NamedStmt.
func (db *DB) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error) {
	return &NamedStmt{}, nil
}

// NamedQueryContext using this DB.
func (db *DB) NamedQueryContext(ctx context.Context, query string, arg interface{}) (*Rows, error) {
	return nil, nil
}

// NamedExecContext using this DB.
func (db *DB) NamedExecContext(ctx context.Context, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}

// SelectContext using this DB.
func (db *DB) SelectContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// GetContext using this DB. An error is returned if the result set is empty.
func (db *DB) GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// PreparexContext returns an sqlx.Stmt instead of a sql.Stmt.
func (db *DB) PreparexContext(ctx context.Context, query string) (*Stmt, error) {
	return &Stmt{}, nil
}

// QueryxContext queries the database and returns an *sqlx.Rows.
func (db *DB) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}

// QueryRowxContext queries the database and returns an *sqlx.Row.
func (db *DB) QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row {
	return &Row{}
}

// MustBeginTx starts a transaction, and panics on error.
func (db *DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx { return &Tx{} }

// MustExecContext (panic) runs MustExec using this database.
func (db *DB) MustExecContext(ctx context.Context, query string, args ...interface{}) sql.Result {
	return nil
}

// BeginTxx begins a transaction and returns an *sqlx.Tx instead of an *sql.Tx.
func (db *DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return &Tx{}, nil }

// Connx returns an *sqlx.Conn instead of an *sql.Conn.
func (db *DB) Connx(ctx context.Context) (*Conn, error) { return &Conn{}, nil }

// Conn is a wrapper around sql.Conn with extra functionality.
type Conn struct {
	*sql.Conn
	driverName string
	unsafe     bool
}

// BeginTxx begins a transaction.
func (c *Conn) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return &Tx{}, nil }

// SelectContext using this Conn.
func (c *Conn) SelectContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// GetContext using this Conn.
func (c *Conn) GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// QueryxContext queries the database and returns an *sqlx.Rows.
func (c *Conn) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}

// QueryRowxContext queries the database and returns an *sqlx.Row.
func (c *Conn) QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row {
	return &Row{}
}

// Rebind a query within a Conn's bindvar type.
func (c *Conn) Rebind(query string) string { return query }

// Tx is an sqlx wrapper around sql.Tx with extra functionality.
type Tx struct {
	*sql.Tx
	driverName string
	unsafe     bool
}

// DriverName returns the driverName used by the DB which began this transaction.
func (tx *Tx) DriverName() string { return tx.driverName }

// Rebind a query within a transaction's bindvar type.
func (tx *Tx) Rebind(query string) string { return query }

// Unsafe returns a version of Tx which will silently succeed to scan.
func (tx *Tx) Unsafe() *Tx { return tx }

// BindNamed binds a query within a transaction's bindvar type.
func (tx *Tx) BindNamed(query string, arg interface{}) (string, []interface{}, error) {
	return query, nil, nil
}

// NamedQuery within a transaction.
func (tx *Tx) NamedQuery(query string, arg interface{}) (*Rows, error) { return nil, nil }

// NamedExec a named query within a transaction.
func (tx *Tx) NamedExec(query string, arg interface{}) (sql.Result, error) { return nil, nil }

// Select within a transaction.
func (tx *Tx) Select(dest interface{}, query string, args ...interface{}) error { return nil }

// Queryx within a transaction.
func (tx *Tx) Queryx(query string, args ...interface{}) (*Rows, error) { return nil, nil }

// QueryRowx within a transaction.
func (tx *Tx) QueryRowx(query string, args ...interface{}) *Row { return &Row{} }

// Get within a transaction. An error is returned if the result set is empty.
func (tx *Tx) Get(dest interface{}, query string, args ...interface{}) error { return nil }

// MustExec runs MustExec within a transaction.
func (tx *Tx) MustExec(query string, args ...interface{}) sql.Result { return nil }

// Preparex a statement within a transaction.
func (tx *Tx) Preparex(query string) (*Stmt, error) { return &Stmt{}, nil }

// Stmtx returns a version of the prepared statement which runs within a transaction.
func (tx *Tx) Stmtx(stmt interface{}) *Stmt { return &Stmt{} }

// NamedStmt returns a version of the prepared statement which runs within a transaction.
func (tx *Tx) NamedStmt(stmt *NamedStmt) *NamedStmt { return stmt }

// PrepareNamed returns an sqlx.NamedStmt.
func (tx *Tx) PrepareNamed(query string) (*NamedStmt, error) { return &NamedStmt{}, nil }

// NamedExecContext using this Tx.
func (tx *Tx) NamedExecContext(ctx context.Context, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}

// SelectContext within a transaction.
func (tx *Tx) SelectContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// GetContext within a transaction. An error is returned if the result set is empty.
func (tx *Tx) GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// PreparexContext a statement within a transaction.
func (tx *Tx) PreparexContext(ctx context.Context, query string) (*Stmt, error) {
	return &Stmt{}, nil
}

// PrepareNamedContext returns an sqlx.NamedStmt.
func (tx *Tx) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error) {
	return &NamedStmt{}, nil
}

// QueryxContext within a transaction.
func (tx *Tx) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}

// QueryRowxContext within a transaction.
func (tx *Tx) QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row {
	return &Row{}
}

// MustExecContext runs MustExecContext within a transaction.
func (tx *Tx) MustExecContext(ctx context.Context, query string, args ...interface{}) sql.Result {
	return nil
}

// StmtxContext returns a version of the prepared statement which runs within a transaction.
func (tx *Tx) StmtxContext(ctx context.Context, stmt interface{}) *Stmt { return &Stmt{} }

// Stmt is an sqlx wrapper around sql.Stmt with extra functionality.
type Stmt struct {
	*sql.Stmt
	unsafe bool
}

// Unsafe returns a version of Stmt which will silently succeed to scan.
func (s *Stmt) Unsafe() *Stmt { return s }

// Select using the prepared statement.
func (s *Stmt) Select(dest interface{}, args ...interface{}) error { return nil }

// Get using the prepared statement. An error is returned if the result set is empty.
func (s *Stmt) Get(dest interface{}, args ...interface{}) error { return nil }

// MustExec (panic) using this statement.
func (s *Stmt) MustExec(args ...interface{}) sql.Result { return nil }

// QueryRowx using this statement.
func (s *Stmt) QueryRowx(args ...interface{}) *Row { return &Row{} }

// Queryx using this statement.
func (s *Stmt) Queryx(args ...interface{}) (*Rows, error) { return nil, nil }

// SelectContext using the prepared statement.
func (s *Stmt) SelectContext(ctx context.Context, dest interface{}, args ...interface{}) error {
	return nil
}

// GetContext using the prepared statement.
func (s *Stmt) GetContext(ctx context.Context, dest interface{}, args ...interface{}) error {
	return nil
}

// MustExecContext (panic) using this statement.
func (s *Stmt) MustExecContext(ctx context.Context, args ...interface{}) sql.Result { return nil }

// QueryRowxContext using this statement.
func (s *Stmt) QueryRowxContext(ctx context.Context, args ...interface{}) *Row { return &Row{} }

// QueryxContext using this statement.
func (s *Stmt) QueryxContext(ctx context.Context, args ...interface{}) (*Rows, error) {
	return nil, nil
}

// NamedStmt is a prepared statement that executes named queries.
type NamedStmt struct {
	Params      []string
	QueryString string
	Stmt        *Stmt
}

// Close closes the named statement.
func (n *NamedStmt) Close() error { return nil }

// Exec executes a named statement using the struct passed.
func (n *NamedStmt) Exec(arg interface{}) (sql.Result, error) { return nil, nil }

// Query executes a named statement using the struct argument.
func (n *NamedStmt) Query(arg interface{}) (*sql.Rows, error) { return nil, nil }

// QueryRow executes a named statement against the database.
func (n *NamedStmt) QueryRow(arg interface{}) *Row { return &Row{} }

// MustExec execs a NamedStmt, panicing on error.
func (n *NamedStmt) MustExec(arg interface{}) sql.Result { return nil }

// Queryx using this NamedStmt.
func (n *NamedStmt) Queryx(arg interface{}) (*Rows, error) { return nil, nil }

// QueryRowx this NamedStmt.
func (n *NamedStmt) QueryRowx(arg interface{}) *Row { return &Row{} }

// Select using this NamedStmt.
func (n *NamedStmt) Select(dest interface{}, arg interface{}) error { return nil }

// Get using this NamedStmt.
func (n *NamedStmt) Get(dest interface{}, arg interface{}) error { return nil }

// ExecContext executes a named statement using the struct passed.
func (n *NamedStmt) ExecContext(ctx context.Context, arg interface{}) (sql.Result, error) {
	return nil, nil
}

// QueryContext executes a named statement using the struct argument.
func (n *NamedStmt) QueryContext(ctx context.Context, arg interface{}) (*sql.Rows, error) {
	return nil, nil
}

// QueryRowContext executes a named statement against the database.
func (n *NamedStmt) QueryRowContext(ctx context.Context, arg interface{}) *Row { return &Row{} }

// GetContext using this NamedStmt.
func (n *NamedStmt) GetContext(ctx context.Context, dest interface{}, arg interface{}) error {
	return nil
}

// SelectContext using this NamedStmt.
func (n *NamedStmt) SelectContext(ctx context.Context, dest interface{}, arg interface{}) error {
	return nil
}

// Row is a reimplementation of sql.Row in order to gain access to the underlying
// sql.Rows.Columns() data, necessary for StructScan.
type Row struct {
	err    error
	unsafe bool
	rows   *sql.Rows
}

// Scan is a fixed implementation of sql.Row.Scan.
func (r *Row) Scan(dest ...interface{}) error { return r.err }

// Columns returns the underlying sql.Rows.Columns().
func (r *Row) Columns() ([]string, error) { return nil, nil }

// ColumnTypes returns the underlying sql.Rows.ColumnTypes().
func (r *Row) ColumnTypes() ([]*sql.ColumnType, error) { return nil, nil }

// Err returns the error encountered while scanning.
func (r *Row) Err() error { return r.err }

// SliceScan using this Rows.
func (r *Row) SliceScan() ([]interface{}, error) { return nil, nil }

// MapScan using this Rows.
func (r *Row) MapScan(dest map[string]interface{}) error { return nil }

// StructScan a single Row into dest.
func (r *Row) StructScan(dest interface{}) error { return nil }

// Rows is a wrapper around sql.Rows which caches costly reflect operations.
type Rows struct {
	*sql.Rows
	unsafe  bool
	started bool
}

// SliceScan using this Rows.
func (r *Rows) SliceScan() ([]interface{}, error) { return nil, nil }

// MapScan using this Rows.
func (r *Rows) MapScan(dest map[string]interface{}) error { return nil }

// StructScan is like sql.Rows.Scan, but scans a single Row into a single Struct.
func (r *Rows) StructScan(dest interface{}) error { return nil }

// Get does a QueryRow using the provided Queryer, and scans the resulting row to dest.
// An error is returned if the result set is empty.
func Get(q Queryer, dest interface{}, query string, args ...interface{}) error { return nil }

// Select executes a query using the provided Queryer, and StructScans each row into dest.
func Select(q Queryer, dest interface{}, query string, args ...interface{}) error { return nil }

// GetContext does a QueryRow using the provided Queryer, and scans the resulting row to dest.
func GetContext(ctx context.Context, q QueryerContext, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// SelectContext executes a query using the provided Queryer.
func SelectContext(ctx context.Context, q QueryerContext, dest interface{}, query string, args ...interface{}) error {
	return nil
}

// MustExec execs the query using e and panics if there was an error.
func MustExec(e Execer, query string, args ...interface{}) sql.Result { return nil }

// MustExecContext execs the query using e and panics if there was an error.
func MustExecContext(ctx context.Context, e ExecerContext, query string, args ...interface{}) sql.Result {
	return nil
}

// NamedExec uses BindStruct to get a query executable by the driver and then runs Exec on the result.
func NamedExec(e Ext, query string, arg interface{}) (sql.Result, error) { return nil, nil }

// NamedExecContext uses BindStruct to get a query executable by the driver.
func NamedExecContext(ctx context.Context, e ExtContext, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}

// NamedQuery binds a named query and then runs Query on the result.
func NamedQuery(e Ext, query string, arg interface{}) (*Rows, error) { return nil, nil }

// In expands slice values in args, returning the modified query string and a
// new arg list that can be executed by a database.
func In(query string, args ...interface{}) (string, []interface{}, error) {
	return query, args, nil
}

// Named takes a query using named parameters and an argument and returns a
// new query with a list of args that can be executed by a database.
func Named(query string, arg interface{}) (string, []interface{}, error) {
	return query, nil, nil
}

// Rebind a query from the default bindtype (QUESTION) to the target bindtype.
func Rebind(bindType int, query string) string { return query }

// BindType returns the bindtype for a given database given a drivername.
func BindType(driverName string) int { return UNKNOWN }

// NamedQueryContext binds a named query and then runs Query on the result using the provided Ext.
func NamedQueryContext(ctx context.Context, e ExtContext, query string, arg interface{}) (*Rows, error) {
	return nil, nil
}

// Preparer is an interface used by Preparex.
type Preparer interface {
	Prepare(query string) (*sql.Stmt, error)
}

// PreparerContext is an interface used by PreparexContext.
type PreparerContext interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Preparex prepares a statement.
func Preparex(p Preparer, query string) (*Stmt, error) { return &Stmt{}, nil }

// PreparexContext prepares a statement.
func PreparexContext(ctx context.Context, p PreparerContext, query string) (*Stmt, error) {
	return &Stmt{}, nil
}
