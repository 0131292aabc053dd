// Package fakesql declares types with database/sql's names and shapes in a
// path that is not database/sql.
package fakesql

import (
	"context"
	"database/sql"
)

type DB struct{}

func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}

func (db *DB) QueryRow(query string, args ...any) *sql.Row { return nil }
