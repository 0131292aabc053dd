// Package flagged runs with -keyset.unique=events.created_at,seq.
package flagged

import (
	"context"
	"database/sql"
	"time"
)

func Events(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, before)
}

func Jobs(ctx context.Context, db *sql.DB, after int64) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM jobs WHERE seq > $1 ORDER BY seq, queued_at LIMIT 20`, after)
}

// Another table's created_at is not covered.
func Logs(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM logs WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, before) // want `cursor on created_at`
}
