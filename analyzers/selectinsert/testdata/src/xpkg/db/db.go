// Package db is a team's thin wrapper over database/sql: the services
// pass it their SQL.
package db

import (
	"context"
	"database/sql"
	"errors"
)

type DB struct{ sql *sql.DB }

// Exists wraps the query in SELECT EXISTS (...).
func (d *DB) Exists(ctx context.Context, q string, args ...any) (bool, error) {
	var ok bool
	err := d.sql.QueryRowContext(ctx, "SELECT EXISTS ("+q+")", args...).Scan(&ok)
	return ok, err
}

func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, q, args...)
}

// RowExists runs the query as given and reports whether it returned a row.
func (d *DB) RowExists(ctx context.Context, q string, args ...any) (bool, error) {
	var one int
	err := d.sql.QueryRowContext(ctx, q, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Flag scans one boolean column: its result is the column, not whether a
// row came back.
func (d *DB) Flag(ctx context.Context, q string, args ...any) (bool, error) {
	var b bool
	err := d.sql.QueryRowContext(ctx, q, args...).Scan(&b)
	return b, err
}
