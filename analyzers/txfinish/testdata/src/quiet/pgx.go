package quiet

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func pgxDefer(ctx context.Context, p *pgxpool.Pool, bad bool) error {
	tx, err := p.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if bad {
		return errBad
	}
	return tx.Commit(ctx)
}

func beginFunc(ctx context.Context, c *pgx.Conn) error {
	return pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE t SET x = 1")
		return err
	})
}

func beginTxFunc(ctx context.Context, p *pgxpool.Pool) error {
	return pgx.BeginTxFunc(ctx, p, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE t SET x = 1")
		return err
	})
}

// A savepoint: the outer transaction's end ends it.
func savepoint(ctx context.Context, tx pgx.Tx, bad bool) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	sp.Commit(ctx)
	return nil
}
