package pgxtx

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var errBad = errors.New("bad")

func pool(ctx context.Context, p *pgxpool.Pool, id int64) error {
	tx, err := p.Begin(ctx) // want `transaction may be left open`
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT n FROM t WHERE id = $1 FOR UPDATE", id).Scan(&n); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE t SET n = $1 WHERE id = $2", n+1, id); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

func conn(ctx context.Context, c *pgx.Conn, bad bool) error {
	tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit(ctx)
}

func poolConn(ctx context.Context, p *pgxpool.Pool, bad bool) error {
	c, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	defer c.Release()
	tx, err := c.Begin(ctx) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit(ctx)
}

func dropped(ctx context.Context, p *pgxpool.Pool) error {
	tx, err := p.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE t SET x = 1"); err != nil {
		return err
	}
	tx.Commit(ctx) // want `Commit error dropped`
	return nil
}

func deferred(ctx context.Context, p *pgxpool.Pool) error {
	tx, err := p.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Commit(ctx) // want `deferred Commit commits on error paths too`
	_, err = tx.Exec(ctx, "UPDATE t SET x = 1")
	return err
}

// A deferred Rollback after a fallible statement.
func late(ctx context.Context, c *pgx.Conn) error {
	tx, err := c.Begin(ctx) // want `transaction left open on returns before its deferred Rollback is registered`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 1000"); err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
