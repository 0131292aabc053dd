package nofactslib

import (
	"context"
	"database/sql"
)

type Store struct{ DB *sql.DB }

// Save's context reaches ExecContext; with -ctxtimeout.facts=false no
// fact says so.
func (s *Store) Save(ctx context.Context, id string) error {
	_, err := s.DB.ExecContext(ctx, "INSERT INTO t(id) VALUES ($1)", id)
	return err
}
