// Package db is a team's thin wrapper over database/sql.
package db

import (
	"context"
	"database/sql"
	"log"
)

type DB struct{ sql *sql.DB }

// Exec returns the result: the caller holds the verdict.
func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, q, args...)
}

// ExecQuiet runs a statement whose result nobody needs.
func (d *DB) ExecQuiet(ctx context.Context, q string, args ...any) error {
	_, err := d.sql.ExecContext(ctx, q, args...)
	if err != nil {
		log.Printf("exec: %v", err)
	}
	return err
}

// Claim runs the insert and reports whether it inserted: it decides.
func (d *DB) Claim(ctx context.Context, q string, args ...any) (bool, error) {
	res, err := d.sql.ExecContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ExecLogged logs the statement and hands the result back through a
// variable: the caller still holds the verdict.
func (d *DB) ExecLogged(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := d.sql.ExecContext(ctx, q, args...)
	log.Printf("exec %q: %v", q, err)
	return res, err
}
