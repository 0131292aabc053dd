package payments

import (
	"context"
	"database/sql"
	"errors"
)

var errEmpty = errors.New("empty name")

// Rename leaves its transaction open when the name is empty: the early
// return reaches neither Commit nor Rollback (txfinish, with a fix).
func Rename(ctx context.Context, db *sql.DB, id int64, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if name == "" {
		return errEmpty
	}
	if _, err := tx.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2", name, id); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Retitle defers its Rollback right after Begin: txfinish stays quiet.
func Retitle(ctx context.Context, db *sql.DB, id int64, title string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if title == "" {
		return errEmpty
	}
	if _, err := tx.ExecContext(ctx, "UPDATE posts SET title = $1 WHERE id = $2", title, id); err != nil {
		return err
	}
	return tx.Commit()
}
