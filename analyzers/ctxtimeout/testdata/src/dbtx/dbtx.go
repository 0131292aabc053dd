// Package dbtx: sqlc-style queries that take the database handle as an
// argument, through the package's own DBTX interface.
package dbtx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

type DBTX interface {
	Exec(context.Context, string, ...interface{}) (pgconn.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

type Queries struct{}

const getName = `SELECT name FROM users WHERE id = $1`

func (q *Queries) GetName(ctx context.Context, db DBTX, id int64) (string, error) { // want GetName:`ctx reaches dbtx\.DBTX\.QueryRow`
	var s string
	err := db.QueryRow(ctx, getName, id).Scan(&s)
	return s, err
}

type Repo struct {
	db DBTX
	q  *Queries
}

func (r *Repo) Name(id int64) (string, error) {
	return r.q.GetName(context.Background(), r.db, id) // want `context\.Background\(\) carries no deadline into r\.q\.GetName, which reaches dbtx\.DBTX\.QueryRow`
}

func (r *Repo) Touch() error {
	_, err := r.db.Exec(context.TODO(), `UPDATE users SET seen = now()`) // want `context\.TODO\(\) carries no deadline into dbtx\.DBTX\.Exec`
	return err
}

// ---- near misses ----

// The caller's context.
func (r *Repo) NameCtx(ctx context.Context, id int64) (string, error) { // want NameCtx:`ctx reaches dbtx\.DBTX\.QueryRow`
	return r.q.GetName(ctx, r.db, id)
}

// An interface with an Exec that is not a database's.
type Runner interface {
	Exec(ctx context.Context, cmd string) (string, error)
	Query(ctx context.Context, q string) ([]string, error)
}

func run(r Runner) {
	_, _ = r.Exec(context.Background(), "ls")
}
