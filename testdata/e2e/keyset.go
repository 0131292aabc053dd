package payments

import (
	"context"
	"database/sql"
	"time"
)

// Event is a row of the events table.
type Event struct {
	ID        int64
	CreatedAt time.Time
}

// EventsBefore pages by created_at alone: events that share the last
// row's timestamp are skipped at the page boundary (keyset, with a fix).
func EventsBefore(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id, created_at FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 50`, last.CreatedAt)
}

// EventsAfter pages by (created_at, id): keyset stays quiet.
func EventsAfter(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id, created_at FROM events WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 50`, last.CreatedAt, last.ID)
}
