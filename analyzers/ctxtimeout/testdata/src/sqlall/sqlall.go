// Package sqlall is checked with -ctxtimeout.all-sql.
package sqlall

import (
	"context"
	"database/sql"
)

type store struct{ db *sql.DB }

func (s *store) count() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM orders").Scan(&n) // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryRowContext and pass the caller's context`
	return n, err
}

func migrate(db *sql.DB) error {
	_, err := db.Exec("CREATE TABLE IF NOT EXISTS orders (id bigint)") // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass the caller's context`
	return err
}

func (s *store) withCtx(ctx context.Context) error { // want withCtx:`ctx reaches`
	return s.db.PingContext(ctx)
}
