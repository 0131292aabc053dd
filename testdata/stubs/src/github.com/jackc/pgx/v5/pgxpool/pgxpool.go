// Package pgxpool is a signature-faithful stub of
// github.com/jackc/pgx/v5/pgxpool for analysistest fixtures.
package pgxpool

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Config is the configuration struct for creating a pool.
type Config struct {
	ConnConfig        *pgx.ConnConfig
	MaxConnLifetime   time.Duration
	MaxConnIdleTime   time.Duration
	MaxConns          int32
	MinConns          int32
	HealthCheckPeriod time.Duration
	// AfterConnect is called after a connection is established, before it
	// is added to the pool.
	AfterConnect func(context.Context, *pgx.Conn) error
}

// ParseConfig builds a Config from connString.
func ParseConfig(connString string) (*Config, error) { return &Config{}, nil }

// Pool allows for connection reuse.
type Pool struct{}

// New creates a new Pool.
func New(ctx context.Context, connString string) (*Pool, error) { return &Pool{}, nil }

// NewWithConfig creates a new Pool.
func NewWithConfig(ctx context.Context, config *Config) (*Pool, error) { return &Pool{}, nil }

// Close closes all connections in the pool.
func (p *Pool) Close() {}

// Acquire returns a connection (*Conn) from the Pool.
func (p *Pool) Acquire(ctx context.Context) (c *Conn, err error) { return nil, nil }

// Config returns a copy of config that was used to initialize this pool.
func (p *Pool) Config() *Config { return nil }

// Exec acquires a connection from the Pool and executes the given SQL.
func (p *Pool) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}

// Query acquires a connection and executes a query that returns pgx.Rows.
func (p *Pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return nil, nil
}

// QueryRow acquires a connection and executes a query that is expected to return at most one row.
func (p *Pool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row { return nil }

// SendBatch sends all queued queries to the server at once.
func (p *Pool) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults { return nil }

// Begin acquires a connection from the Pool and starts a transaction.
func (p *Pool) Begin(ctx context.Context) (pgx.Tx, error) { return nil, nil }

// BeginTx acquires a connection from the Pool and starts a transaction with pgx.TxOptions.
func (p *Pool) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	return nil, nil
}

// CopyFrom uses the PostgreSQL copy protocol to perform bulk data insertion.
func (p *Pool) CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error) {
	return 0, nil
}

// Ping acquires a connection from the Pool and executes an empty sql statement against it.
func (p *Pool) Ping(ctx context.Context) error { return nil }

// Conn is an acquired *pgx.Conn from a Pool.
type Conn struct{}

// Release returns c to the pool it was acquired from.
func (c *Conn) Release() {}

// Hijack assumes ownership of the connection from the pool.
func (c *Conn) Hijack() *pgx.Conn { return nil }

// Exec executes sql.
func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}

// Query sends a query to the server.
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return nil, nil
}

// QueryRow is a convenience wrapper over Query.
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row { return nil }

// SendBatch sends all queued queries to the server at once.
func (c *Conn) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults { return nil }

// CopyFrom uses the PostgreSQL copy protocol to perform bulk data insertion.
func (c *Conn) CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error) {
	return 0, nil
}

// Begin starts a transaction block from the *Conn.
func (c *Conn) Begin(ctx context.Context) (pgx.Tx, error) { return nil, nil }

// BeginTx starts a transaction block from the *Conn with txOptions.
func (c *Conn) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	return nil, nil
}

// Ping runs an empty statement.
func (c *Conn) Ping(ctx context.Context) error { return nil }

// Conn returns the underlying *pgx.Conn.
func (c *Conn) Conn() *pgx.Conn { return nil }

// Tx represents a database transaction acquired from a Pool.
type Tx struct{}

// Begin starts a pseudo nested transaction.
func (tx *Tx) Begin(ctx context.Context) (pgx.Tx, error) { return nil, nil }

// Commit commits the transaction and returns the associated connection back to the Pool.
func (tx *Tx) Commit(ctx context.Context) error { return nil }

// Rollback rolls back the transaction and returns the associated connection back to the Pool.
func (tx *Tx) Rollback(ctx context.Context) error { return nil }

// CopyFrom uses the PostgreSQL copy protocol.
func (tx *Tx) CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error) {
	return 0, nil
}

// SendBatch sends all queued queries to the server at once.
func (tx *Tx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults { return nil }

// LargeObjects returns a LargeObjects instance for the transaction.
func (tx *Tx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }

// Prepare creates a prepared statement.
func (tx *Tx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return nil, nil
}

// Exec executes sql.
func (tx *Tx) Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}

// Query sends a query.
func (tx *Tx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return nil, nil
}

// QueryRow is a convenience wrapper over Query.
func (tx *Tx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row { return nil }

// Conn returns the underlying *pgx.Conn.
func (tx *Tx) Conn() *pgx.Conn { return nil }
