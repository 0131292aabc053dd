// Package schemastore: a store whose migration function is quiet and whose
// request-path functions are not.
package schemastore

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

// RunMigrations is named for a migration: quiet.
func (s *Store) RunMigrations() error {
	_, err := s.db.ExecContext(context.Background(), "CREATE TABLE IF NOT EXISTS t (id bigint)")
	return err
}

// Purge is not: reported.
func (s *Store) Purge() error {
	_, err := s.db.ExecContext(context.Background(), "DELETE FROM t") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}
