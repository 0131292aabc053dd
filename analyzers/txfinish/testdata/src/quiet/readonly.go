package quiet

import (
	"context"
	"database/sql"
)

func count(tx *sql.Tx) (int, error) {
	var n int
	err := tx.QueryRow("SELECT count(*) FROM t").Scan(&n)
	return n, err
}

// The transaction only reads (a consistent snapshot): a failed Commit
// loses nothing.
func snapshot(db *sql.DB) (int, int, error) {
	tx, err := db.Begin()
	if err != nil {
		return 0, 0, err
	}
	a, err := count(tx)
	if err != nil {
		tx.Rollback()
		return 0, 0, err
	}
	var b int
	if err := tx.QueryRow("SELECT max(id) FROM t").Scan(&b); err != nil {
		tx.Rollback()
		return 0, 0, err
	}
	tx.Commit()
	return a, b, nil
}

func readOnlyOption(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_sleep(0)"); err != nil {
		return err
	}
	_ = tx.Commit()
	return nil
}
