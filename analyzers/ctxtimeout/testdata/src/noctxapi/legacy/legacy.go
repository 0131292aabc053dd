// Package legacy is a storage layer with no contexts at all: its callers
// are told only with -ctxtimeout.all-sql.
package legacy

import "database/sql"

type Store struct{ db *sql.DB }

func (s *Store) Touch(id int64) error {
	_, err := s.db.Exec("UPDATE items SET touched = now() WHERE id = $1", id)
	return err
}
