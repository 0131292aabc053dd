// Package holdout3fp holds the holdout3 function keyset reported against its
// OK label (a false positive). It is not listed in keyset_test.go, so the
// suite stays green; the label and the finding are kept for the record.
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
// FALSE POSITIVE: cursor on created_at, which is not unique, repeats rows tied
// on it at a page boundary; add a unique column to ORDER BY and to the cursor
// as a row.
func (s *Store) InclusiveExcludingSeen(ctx context.Context, cursor time.Time, seen []int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id, created_at FROM messages WHERE created_at <= $1 AND NOT (id = ANY($2)) ORDER BY created_at DESC LIMIT 30`, cursor, seen)
}
