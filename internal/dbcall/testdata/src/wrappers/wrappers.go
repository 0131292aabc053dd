package wrappers

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"gorm.io/gorm"
)

type Repo struct {
	db   *sql.DB
	pool *pgxpool.Pool
	gdb  *gorm.DB
}

// One level: a method passing its query parameter on.
func (r *Repo) exec(ctx context.Context, q string, args ...any) error {
	_, err := r.db.ExecContext(ctx, q, args...) // want `sql exec ExecContext recv=db/r.db ctx=ctx q=q args=1... dest=- table=- use=res=_,err=err`
	return err
}

// Two levels: a wrapper of the wrapper, with a fixed context.
func (r *Repo) mustExec(q string, args ...any) {
	if err := r.exec(context.Background(), q, args...); err != nil { // want `sql exec ExecContext recv=db/r ctx=context.Background# q=q args=1... dest=- table=- via=exec use=err=err`
		panic(err)
	}
}

// A row wrapper returning the row for the caller to Scan.
func (r *Repo) row(ctx context.Context, query string, args ...any) *sql.Row {
	return r.db.QueryRowContext(ctx, query, args...) // want `sql queryrow QueryRowContext recv=db/r.db ctx=ctx q=query args=1... dest=- table=- use=ret`
}

// A function taking the handle as a parameter.
func queryOne(ctx context.Context, db pgx.Tx, sql string, dest ...any) error {
	return db.QueryRow(ctx, sql).Scan(dest...) // want `pgx queryrow QueryRow recv=tx/db ctx=ctx q=sql args=0 dest=- table=- use=scan,ret`
}

func (r *Repo) tag(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return r.pool.Exec(ctx, sql, args...) // want `pgx exec Exec recv=pool/r.pool ctx=ctx q=sql args=1... dest=- table=- use=ret`
}

// GORM raw wrapper.
func (r *Repo) rawExec(q string, vals ...any) error {
	return r.gdb.Exec(q, vals...).Error // want `gorm exec Exec recv=gorm/r.gdb ctx=- q=q args=1... dest=- table=- use=gormerr,ret`
}

const insertKey = "INSERT INTO idempotency_keys (key) VALUES ($1) ON CONFLICT DO NOTHING"

func (r *Repo) callers(ctx context.Context, tx pgx.Tx, key string) error {
	if err := r.exec(ctx, insertKey, key); err != nil { // want `sql exec ExecContext recv=db/r ctx=ctx q=insertKey args=1 dest=- table=idempotency_keys via=exec stmt=INSERT/conflict:donothing use=err=err`
		return err
	}
	r.mustExec("DELETE FROM sessions WHERE key = $1", key) // want `sql exec ExecContext recv=db/r ctx=context.Background# q=lit args=1 dest=- table=sessions via=mustExec stmt=DELETE/where:key use=inline`
	var id int64
	if err := r.row(ctx, "SELECT id FROM orders WHERE key = $1", key).Scan(&id); err != nil { // want `sql queryrow QueryRowContext recv=db/r ctx=ctx q=lit args=1 dest=- table=orders via=row stmt=SELECT/where:key use=scan,err=err`
		return err
	}
	if err := queryOne(ctx, tx, "SELECT id FROM orders WHERE key = $1 FOR UPDATE", &id); err != nil { // want `pgx queryrow QueryRow recv=tx/tx ctx=ctx q=lit args=0 dest=- table=orders via=queryOne stmt=SELECT/where:key/lock:forupdate use=err=err`
		return err
	}
	tag, err := r.tag(ctx, "UPDATE orders SET status = $1", "paid") // want `pgx exec Exec recv=pool/r ctx=ctx q=lit args=1 dest=- table=orders via=tag stmt=UPDATE/set:status=D1 use=res=tag,err=err`
	_, _ = tag, err
	return r.rawExec("DELETE FROM t WHERE id = ?", 1) // want `gorm exec Exec recv=gorm/r ctx=- q=lit args=1 dest=- table=t via=rawExec stmt=DELETE/where:id use=ret`
}

// Not wrappers: the query is built from the parameter, or the parameter is
// reassigned, or the string parameter is a bind argument.
func (r *Repo) byTable(ctx context.Context, table string) error {
	_, err := r.db.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s", table)) // want `sql exec ExecContext recv=db/r.db ctx=ctx q=fmt.Sprintf# args=0 dest=- table=- stmt=DELETE/partial use=res=_,err=err`
	return err
}

func (r *Repo) reassigned(ctx context.Context, q string) error {
	q = q + " LIMIT 1"
	_, err := r.db.ExecContext(ctx, q) // want `sql exec ExecContext recv=db/r.db ctx=ctx q=q args=0 dest=- table=- use=res=_,err=err`
	return err
}

func (r *Repo) bindOnly(ctx context.Context, key string) error {
	_, err := r.db.ExecContext(ctx, insertKey, key) // want `sql exec ExecContext recv=db/r.db ctx=ctx q=insertKey args=1 dest=- table=idempotency_keys stmt=INSERT/conflict:donothing use=res=_,err=err`
	return err
}

func (r *Repo) notWrapped(ctx context.Context) {
	_ = r.byTable(ctx, "orders")
	_ = r.reassigned(ctx, "SELECT 1")
	_ = r.bindOnly(ctx, "k")
}

// Prepare-then-run wrapper: the operation is the statement's QueryRowContext.
func (r *Repo) getOne(ctx context.Context, query string, args ...interface{}) (id int64, err error) {
	stmt, err := r.db.PrepareContext(ctx, query) // want `sql prepare PrepareContext recv=db/r.db ctx=ctx q=query args=0 dest=- table=- use=res=stmt,err=err`
	if err != nil {
		return 0, err
	}
	row := stmt.QueryRowContext(ctx, args...) // want `sql queryrow QueryRowContext recv=stmt/stmt ctx=ctx q=- args=1... dest=- table=- use=res=row`
	err = row.Scan(&id)
	return
}

func (r *Repo) GetByKey(ctx context.Context, key string) (int64, error) {
	query := `SELECT id FROM orders WHERE key = ?`
	return r.getOne(ctx, query, key) // want `sql queryrow QueryRowContext recv=db/r ctx=ctx q=query args=1 dest=- table=orders via=getOne stmt=SELECT/where:key use=ret`
}
