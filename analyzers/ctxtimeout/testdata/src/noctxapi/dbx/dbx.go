// Package dbx wraps the pool with contexts, but for one legacy helper.
package dbx

import (
	"context"
	"database/sql"
)

type DB struct{ sql *sql.DB }

func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) { // want Exec:`ctx reaches \(\*sql\.DB\)\.ExecContext \(params 1\)`
	return d.sql.ExecContext(ctx, q, args...)
}

func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row { // want QueryRow:`ctx reaches \(\*sql\.DB\)\.QueryRowContext \(params 1\)`
	return d.sql.QueryRowContext(ctx, q, args...)
}

// Count takes no context.
func (d *DB) Count(q string, args ...any) (int, error) { // want Count:"no context into \\(\\*sql\\.DB\\)\\.QueryRow"
	var n int
	err := d.sql.QueryRow(q, args...).Scan(&n)
	return n, err
}
