package ifaces

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"
)

// sqlc, database/sql flavour.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

type Queries struct{ db DBTX }

const createUser = `-- name: CreateUser :exec
INSERT INTO users (email) VALUES ($1)
`

func (q *Queries) CreateUser(ctx context.Context, email string) error {
	_, err := q.db.ExecContext(ctx, createUser, email) // want `sql exec ExecContext recv=iface/q.db ctx=ctx q=createUser args=1 dest=- table=users stmt=INSERT use=res=_,err=err`
	return err
}

func (q *Queries) GetUser(ctx context.Context, id int64) (string, error) {
	row := q.db.QueryRowContext(ctx, "SELECT email FROM users WHERE id = $1", id) // want `sql queryrow QueryRowContext recv=iface/q.db ctx=ctx q=lit args=1 dest=- table=users stmt=SELECT/where:id use=res=row`
	var email string
	err := row.Scan(&email)
	return email, err
}

// sqlc, pgx flavour.
type PgxDBTX interface {
	Exec(context.Context, string, ...interface{}) (pgconn.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

type PgxQueries struct{ db PgxDBTX }

func (q *PgxQueries) MarkPaid(ctx context.Context, id int64) (int64, error) {
	tag, err := q.db.Exec(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1 AND status = 'pending'", id) // want `pgx exec Exec recv=iface/q.db ctx=ctx q=lit args=1 dest=- table=orders stmt=UPDATE/where:id,status/set:status=paid use=res=tag,err=err`
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// A hand-written querier with sqlx shapes, and an interface embedding pgx.Tx.
type Getter interface {
	GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error
	Beginx() (*sqlx.Tx, error)
}

type TxLike interface {
	pgx.Tx
	Name() string
}

func hand(ctx context.Context, g Getter, t TxLike) error {
	var n int
	if err := g.GetContext(ctx, &n, "SELECT count(*) FROM t"); err != nil { // want `sqlx get GetContext recv=iface/g ctx=ctx q=lit args=0 dest=&n table=t stmt=SELECT use=err=err`
		return err
	}
	tx, err := g.Beginx() // want `sqlx begin Beginx recv=iface/g ctx=- q=- args=0 dest=- table=- use=res=tx,err=err`
	_, _ = tx, err
	_, err = t.Exec(ctx, "DELETE FROM t") // want `pgx exec Exec recv=tx/t ctx=ctx q=lit args=0 dest=- table=t stmt=DELETE use=res=_,err=err`
	if err != nil {
		return err
	}
	return t.Commit(ctx) // want `pgx commit Commit recv=tx/t ctx=ctx q=- args=0 dest=- table=- use=ret`
}

// Look-alike interfaces: same names, other shapes. Not DB calls.
type Cache interface {
	Get(ctx context.Context, key string) (string, error)
	Exec(ctx context.Context, cmd string, args ...interface{}) error
	Query(q string) ([]string, error)
	QueryRow(ctx context.Context, q string, args ...interface{}) *sql.Rows
	Commit() error
	Begin() error
}

func lookalike(ctx context.Context, c Cache) error {
	_, _ = c.Get(ctx, "k")
	_ = c.Exec(ctx, "SET", "k", 1)
	_, _ = c.Query("SELECT")
	_ = c.QueryRow(ctx, "SELECT 1")
	_ = c.Begin()
	return c.Commit()
}
