//go:build go1.22

package fix

import (
	"context"
	"database/sql"
	"time"
)

// A serializable transaction retried forever on every error with a fixed
// pause: the jitter fix applies to the pause (a positive constant, so
// rand.N); the predicate and the bound are left to the message.
func settleForever(ctx context.Context, db *sql.DB, id string) {
	for {
		err := settle(ctx, db, id)
		if err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond) // want `retry loop has no jitter, retries every transaction error, and has no attempt cap; add jitter \(rand\.N\), retry only SQLSTATE 40001/40P01, and bound the attempts`
	}
}

func settle(ctx context.Context, db *sql.DB, id string) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE invoices SET settled = true WHERE id = $1`, id); err != nil {
		return err
	}
	return tx.Commit()
}
