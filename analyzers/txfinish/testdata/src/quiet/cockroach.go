package quiet

import (
	"context"
	"database/sql"
)

// CockroachDB's client-side retry: RELEASE SAVEPOINT commits, its error is
// checked, and the Commit after it is bookkeeping. Quiet.
func inTxCockroach(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err == nil {
			_ = tx.Commit() // the tx has already been committed by RELEASE
		} else {
			_ = tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, "SAVEPOINT cockroach_restart"); err != nil {
		return err
	}
	if err = fn(tx); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "RELEASE SAVEPOINT cockroach_restart")
	return err
}
