// Package holdout3fp holds the holdout3 function keyset reported against its
// OK label (a false positive in the holdout run): an inclusive cursor whose
// query excludes the tie's rows already returned is quiet since; the same
// cursor excluding only the last row's id still repeats the others.
package holdout3fp

import (
	"context"
	"database/sql"
	"time"
)

type Store struct {
	db *sql.DB
}

// OK: inclusive cursor that excludes the already-seen rows of the tie by id.
func (s *Store) InclusiveExcludingSeen(ctx context.Context, cursor time.Time, seen []int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id, created_at FROM messages WHERE created_at <= $1 AND NOT (id = ANY($2)) ORDER BY created_at DESC LIMIT 30`, cursor, seen)
}

// OK: the same exclusion written id <> ALL($2).
func (s *Store) InclusiveExcludingAll(ctx context.Context, cursor time.Time, seen []int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id, created_at FROM messages WHERE created_at <= $1 AND id <> ALL($2) ORDER BY created_at DESC LIMIT 30`, cursor, seen)
}

// BUG: only the last row's id is excluded; the tie's other rows on the page
// come back.
func (s *Store) InclusiveExcludingLast(ctx context.Context, cursor time.Time, lastID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id, created_at FROM messages WHERE created_at <= $1 AND id <> $2 ORDER BY created_at DESC LIMIT 30`, cursor, lastID) // want `cursor on created_at, which is not unique, repeats rows tied on it`
}
