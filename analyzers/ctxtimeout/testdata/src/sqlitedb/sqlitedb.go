// Package sqlitedb: an embedded SQLite database has no server to wait on;
// its statements are bounded by its busy timeout. A PostgreSQL pool opened
// the same way is still outbound.
package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
)

const driver = "sqlite3"

// ---- quiet: SQLite ----

func openSQLite(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(context.Background(), "PRAGMA foreign_keys = ON"); err != nil {
		return nil, fmt.Errorf("foreign keys: %w", err)
	}
	return db, nil
}

type store struct{ db *sqlx.DB }

func newStore(path string) (*store, error) {
	db, err := sqlx.Connect(driver, path)
	if err != nil {
		return nil, err
	}
	return &store{db: db}, nil
}

func (s *store) vacuum() error {
	_, err := s.db.ExecContext(context.Background(), "VACUUM")
	return err
}

func (s *store) count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM items").Scan(&n)
	return n, err
}

// ---- reported: a server database opened the same way ----

func openPG(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(context.Background(), "SET search_path = app"); err != nil { // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
		return nil, err
	}
	return db, nil
}

// The driver name comes from configuration: the check cannot tell.
func openAny(driverName, dsn string) (*sql.DB, error) {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(context.Background(), "SELECT 1"); err != nil { // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
		return nil, err
	}
	return db, nil
}
