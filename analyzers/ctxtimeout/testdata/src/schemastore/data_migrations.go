package schemastore

import "context"

// A file named for migrations: quiet.
func (s *Store) backfill() error {
	_, err := s.db.ExecContext(context.Background(), "UPDATE t SET id = id")
	return err
}
