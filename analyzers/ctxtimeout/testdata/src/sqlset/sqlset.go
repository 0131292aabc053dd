// Package sqlset: timeouts set in SQL on a transaction or a connection
// bound the statements after them on that session.
package sqlset

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

const setStatementTimeout = "SET LOCAL statement_timeout = '5s'"

type repo struct {
	db   *sql.DB
	pool *pgxpool.Pool
}

// ---- quiet: the session bounds its statements ----

func (r *repo) archive(ctx context.Context, id int64) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(setStatementTimeout); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO archive SELECT * FROM orders WHERE id = $1", id); err != nil {
		return err
	}
	return tx.Commit()
}

func (r *repo) nightly() error {
	ctx := context.Background()
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '2s'"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM carts WHERE stale"); err != nil {
		return err
	}
	return tx.Commit()
}

// Other settings first: they return at once, and the timeout SET still
// comes before every statement that can wait.
func (r *repo) closeMonth(month string) error {
	ctx := context.Background()
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL search_path = billing, public"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = '60s'"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO closings (month) SELECT $1", month); err != nil {
		return err
	}
	return tx.Commit()
}

// set_config takes the timeout as a bind parameter.
func (r *repo) setConfig(ms string) error {
	ctx := context.Background()
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT set_config('statement_timeout', $1, true)", ms); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM carts WHERE stale"); err != nil {
		return err
	}
	return tx.Commit()
}

func (r *repo) pgxTx(id int64) error {
	tx, err := r.pool.Begin(context.Background())
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(context.Background(), "SET LOCAL statement_timeout = 3000"); err != nil {
		return err
	}
	_, err = tx.Exec(context.Background(), "UPDATE orders SET paid = true WHERE id = $1", id)
	if err != nil {
		return err
	}
	return tx.Commit(context.Background())
}

func (r *repo) onConn(ctx context.Context) error {
	conn, err := r.db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "SET SESSION statement_timeout = '10s'"); err != nil {
		return err
	}
	_, err = conn.ExecContext(context.Background(), "VACUUM orders")
	return err
}

func (r *repo) mysqlSession(ctx context.Context) (int, error) {
	conn, err := r.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET SESSION max_execution_time = 2000"); err != nil {
		return 0, err
	}
	var n int
	err = conn.QueryRowContext(context.Background(), "SELECT count(*) FROM events").Scan(&n)
	return n, err
}

// ---- reported: the SET does not bound the call ----

// The SET runs on one branch only: it does not dominate the delete.
func (r *repo) setOnOneBranch(strict bool) error {
	tx, err := r.pool.Begin(context.Background()) // want `context\.Background\(\) carries no deadline into \(\*pgxpool\.Pool\)\.Begin`
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if strict {
		if _, err := tx.Exec(context.Background(), "SET LOCAL statement_timeout = '1s'"); err != nil {
			return err
		}
	}
	_, err = tx.Exec(context.Background(), "DELETE FROM carts WHERE stale") // want `context\.Background\(\) carries no deadline into pgx\.Tx\.Exec`
	if err != nil {
		return err
	}
	return tx.Commit(context.Background()) // want `context\.Background\(\) carries no deadline into pgx\.Tx\.Commit`
}

// The SET comes after the statement it would bound.
func (r *repo) setTooLate(ctx context.Context, id int64) error { // want setTooLate:`ctx reaches \(\*sql\.DB\)\.BeginTx`
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM carts WHERE id = $1", id); err != nil { // want `\(\*sql\.Tx\)\.Exec has no deadline`
		return err
	}
	if _, err := tx.Exec(setStatementTimeout); err != nil {
		return err
	}
	return tx.Commit()
}

// A statement that can wait runs between the other SET and the timeout.
func (r *repo) readBeforeSet(month string) error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.BeginTx`
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL search_path = billing"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "LOCK TABLE closings IN EXCLUSIVE MODE"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = '60s'"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO closings (month) SELECT $1", month); err != nil {
		return err
	}
	return tx.Commit()
}

// The SET runs on another transaction.
func (r *repo) otherTx(ctx context.Context) error { // want otherTx:`ctx reaches \(\*sql\.DB\)\.BeginTx`
	setup, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := setup.Exec(setStatementTimeout); err != nil {
		return err
	}
	work, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	_, err = work.Exec("DELETE FROM carts") // want `\(\*sql\.Tx\)\.Exec has no deadline`
	return err
}

// SET LOCAL outside a transaction does nothing.
func (r *repo) localOnConn() error {
	conn, err := r.db.Conn(context.Background()) // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.Conn`
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "SET LOCAL statement_timeout = '1s'"); err != nil {
		return err
	}
	_, err = conn.ExecContext(context.Background(), "VACUUM orders") // want `context\.Background\(\) carries no deadline into \(\*sql\.Conn\)\.ExecContext`
	return err
}

// A timeout of 0 turns the timeout off.
func (r *repo) timeoutOff(ctx context.Context) error { // want timeoutOff:`ctx reaches \(\*sql\.DB\)\.BeginTx`
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("SET LOCAL statement_timeout = 0"); err != nil { // want `\(\*sql\.Tx\)\.Exec has no deadline`
		return err
	}
	_, err = tx.Exec("REFRESH MATERIALIZED VIEW totals") // want `\(\*sql\.Tx\)\.Exec has no deadline`
	return err
}

// A SET on the pool reaches one connection of it, not the next call's.
func (r *repo) setOnPool() error {
	if _, err := r.pool.Exec(context.Background(), "SET statement_timeout = '5s'"); err != nil {
		return err
	}
	_, err := r.pool.Exec(context.Background(), "DELETE FROM carts") // want `context\.Background\(\) carries no deadline into \(\*pgxpool\.Pool\)\.Exec`
	return err
}

// The statement is built at run time: the check cannot read it.
func (r *repo) builtSet(ctx context.Context, ms int) error { // want builtSet:`ctx reaches \(\*sql\.DB\)\.BeginTx`
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(fmt.Sprintf("SET LOCAL statement_timeout = %d", ms)); err != nil { // want `\(\*sql\.Tx\)\.Exec has no deadline`
		return err
	}
	_, err = tx.Exec("DELETE FROM carts") // want `\(\*sql\.Tx\)\.Exec has no deadline`
	return err
}

// The variable names another session by the time of the call.
func (r *repo) reassigned(conn *pgx.Conn, other *pgx.Conn) error {
	if _, err := conn.Exec(context.Background(), "SET statement_timeout = '5s'"); err != nil {
		return err
	}
	conn = other
	_, err := conn.Exec(context.Background(), "DELETE FROM carts") // want `context\.Background\(\) carries no deadline into \(\*pgx\.Conn\)\.Exec`
	return err
}
