// Package migrations runs the schema migrations at startup with
// context.Background() on purpose: a deadline that aborts DDL halfway is
// worse than waiting. Quiet, unless run with -ctxtimeout.all-sql.
package migrations

import (
	"context"
	"database/sql"
)

func V4(db *sql.DB) error {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(context.Background(), "ALTER TABLE posts ADD COLUMN slug text"); err != nil {
		return err
	}
	return tx.Commit()
}
