// Package db is a team's thin wrapper over database/sql: the services
// pass it their SQL.
package db

import (
	"context"
	"database/sql"
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
