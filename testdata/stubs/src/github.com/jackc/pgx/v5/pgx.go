// Package pgx is a signature-faithful stub of github.com/jackc/pgx/v5 for
// analysistest fixtures. Bodies are trivial.
package pgx

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoRows occurs when rows are expected but none are returned.
// (In pgx v5.6+ it wraps sql.ErrNoRows.)
var ErrNoRows = newProxyErr(sql.ErrNoRows, "no rows in result set")

// ErrTooManyRows occurs when more rows than expected are returned.
var ErrTooManyRows = errors.New("too many rows in result set")

// ErrTxClosed occurs when Commit or Rollback is called on a closed tx.
var ErrTxClosed = errors.New("tx is closed")

// ErrTxCommitRollback occurs when an error has occurred in a transaction and
// Commit() is called.
var ErrTxCommitRollback = errors.New("commit unexpectedly resulted in rollback")

type proxyError struct {
	msg string
	err error
}

func newProxyErr(background error, msg string) error {
	return &proxyError{msg: msg, err: background}
}

func (err *proxyError) Error() string { return err.msg }

func (err *proxyError) Unwrap() error { return err.err }

// ConnConfig contains all the options used to establish a connection.
type ConnConfig struct {
	pgconn.Config
}

// ParseConfig creates a ConnConfig from a connection string.
func ParseConfig(connString string) (*ConnConfig, error) { return &ConnConfig{}, nil }

// Conn is a PostgreSQL connection handle. It is not safe for concurrent usage.
type Conn struct{}

// Connect establishes a connection with a PostgreSQL server.
func Connect(ctx context.Context, connString string) (*Conn, error) { return &Conn{}, nil }

// ConnectConfig establishes a connection with a PostgreSQL server.
func ConnectConfig(ctx context.Context, connConfig *ConnConfig) (*Conn, error) {
	return &Conn{}, nil
}

// Close closes a connection.
func (c *Conn) Close(ctx context.Context) error { return nil }

// IsClosed reports if the connection has been closed.
func (c *Conn) IsClosed() bool { return false }

// Ping delegates to the underlying *pgconn.PgConn.Ping.
func (c *Conn) Ping(ctx context.Context) error { return nil }

// PgConn returns the underlying *pgconn.PgConn.
func (c *Conn) PgConn() *pgconn.PgConn { return nil }

// Config returns a copy of config that was used to establish this connection.
func (c *Conn) Config() *ConnConfig { return nil }

// Prepare creates a prepared statement with name and sql.
func (c *Conn) Prepare(ctx context.Context, name, sql string) (sd *pgconn.StatementDescription, err error) {
	return nil, nil
}

// Exec executes sql.
func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}

// Query sends a query to the server and returns a Rows to read the results.
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }

// QueryRow is a convenience wrapper over Query.
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row { return nil }

// SendBatch sends all queued queries to the server at once.
func (c *Conn) SendBatch(ctx context.Context, b *Batch) (br BatchResults) { return nil }

// CopyFrom uses the PostgreSQL copy protocol to perform bulk data insertion.
func (c *Conn) CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error) {
	return 0, nil
}

// Begin starts a transaction.
func (c *Conn) Begin(ctx context.Context) (Tx, error) { return nil, nil }

// BeginTx starts a transaction with txOptions determining the transaction mode.
func (c *Conn) BeginTx(ctx context.Context, txOptions TxOptions) (Tx, error) { return nil, nil }

// TxIsoLevel is the transaction isolation level.
type TxIsoLevel string

// Transaction isolation levels.
const (
	Serializable    TxIsoLevel = "serializable"
	RepeatableRead  TxIsoLevel = "repeatable read"
	ReadCommitted   TxIsoLevel = "read committed"
	ReadUncommitted TxIsoLevel = "read uncommitted"
)

// TxAccessMode is the transaction access mode (read write or read only).
type TxAccessMode string

// Transaction access modes.
const (
	ReadWrite TxAccessMode = "read write"
	ReadOnly  TxAccessMode = "read only"
)

// TxDeferrableMode is the transaction deferrable mode.
type TxDeferrableMode string

// Transaction deferrable modes.
const (
	Deferrable    TxDeferrableMode = "deferrable"
	NotDeferrable TxDeferrableMode = "not deferrable"
)

// TxOptions are transaction modes within a transaction block.
type TxOptions struct {
	IsoLevel       TxIsoLevel
	AccessMode     TxAccessMode
	DeferrableMode TxDeferrableMode
	BeginQuery     string
	CommitQuery    string
}

// Tx represents a database transaction.
type Tx interface {
	Begin(ctx context.Context) (Tx, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
	SendBatch(ctx context.Context, b *Batch) BatchResults
	LargeObjects() LargeObjects
	Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error)
	Exec(ctx context.Context, sql string, arguments ...any) (commandTag pgconn.CommandTag, err error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Conn() *Conn
}

// LargeObjects is a structure used to access the large objects API.
type LargeObjects struct{}

// BeginFunc calls Begin on db and then calls fn. If fn does not return an
// error then it calls Commit on db. If fn returns an error it calls Rollback.
func BeginFunc(
	ctx context.Context,
	db interface {
		Begin(ctx context.Context) (Tx, error)
	},
	fn func(Tx) error,
) (err error) {
	return nil
}

// BeginTxFunc is like BeginFunc with txOptions.
func BeginTxFunc(
	ctx context.Context,
	db interface {
		BeginTx(ctx context.Context, txOptions TxOptions) (Tx, error)
	},
	txOptions TxOptions,
	fn func(Tx) error,
) (err error) {
	return nil
}

// Row is a convenience wrapper over Rows that is returned by QueryRow.
type Row interface {
	Scan(dest ...any) error
}

// Rows is the result set returned from *Conn.Query.
type Rows interface {
	Close()
	Err() error
	CommandTag() pgconn.CommandTag
	FieldDescriptions() []pgconn.FieldDescription
	Next() bool
	Scan(dest ...any) error
	Values() ([]any, error)
	RawValues() [][]byte
	Conn() *Conn
}

// CollectableRow is the subset of Rows methods that a RowToFunc is allowed to call.
type CollectableRow interface {
	FieldDescriptions() []pgconn.FieldDescription
	Scan(dest ...any) error
	Values() ([]any, error)
	RawValues() [][]byte
}

// RowToFunc is a function that scans or otherwise converts row to a T.
type RowToFunc[T any] func(row CollectableRow) (T, error)

// CollectRows iterates through rows, calling fn for each row, and collecting the results into a slice of T.
func CollectRows[T any](rows Rows, fn RowToFunc[T]) ([]T, error) { return nil, nil }

// CollectOneRow calls fn for the first row in rows and returns the result.
// If no rows are found returns an error where errors.Is(ErrNoRows) is true.
func CollectOneRow[T any](rows Rows, fn RowToFunc[T]) (T, error) {
	var zero T
	return zero, nil
}

// CollectExactlyOneRow calls fn for the first row in rows and returns the result.
func CollectExactlyOneRow[T any](rows Rows, fn RowToFunc[T]) (T, error) {
	var zero T
	return zero, nil
}

// RowTo returns a T scanned from row.
func RowTo[T any](row CollectableRow) (T, error) {
	var zero T
	return zero, nil
}

// RowToStructByName returns a T scanned from row.
func RowToStructByName[T any](row CollectableRow) (T, error) {
	var zero T
	return zero, nil
}

// RowToAddrOfStructByName returns the address of a T scanned from row.
func RowToAddrOfStructByName[T any](row CollectableRow) (*T, error) { return nil, nil }

// NamedArgs can be used as the first argument to a query method. It will replace every '@' named placeholder with a '$' ordinal placeholder.
type NamedArgs map[string]any

// StrictNamedArgs is like NamedArgs but requires every argument to be used.
type StrictNamedArgs map[string]any

// Identifier a PostgreSQL identifier or name.
type Identifier []string

// Sanitize returns a sanitized string safe for SQL interpolation.
func (ident Identifier) Sanitize() string { return "" }

// CopyFromSource is the interface used by *Conn.CopyFrom as the source for copy data.
type CopyFromSource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

// CopyFromRows returns a CopyFromSource interface over the provided rows slice.
func CopyFromRows(rows [][]any) CopyFromSource { return nil }

// QueuedQuery is a query that has been queued for execution via a Batch.
type QueuedQuery struct {
	SQL       string
	Arguments []any
}

// Batch queries are a way of bundling multiple queries together.
type Batch struct {
	QueuedQueries []*QueuedQuery
}

// Queue queues a query to batch b.
func (b *Batch) Queue(query string, arguments ...any) *QueuedQuery { return nil }

// Len returns number of queries that have been queued so far.
func (b *Batch) Len() int { return 0 }

// BatchResults are the results of a batch.
type BatchResults interface {
	Exec() (pgconn.CommandTag, error)
	Query() (Rows, error)
	QueryRow() Row
	Close() error
}
