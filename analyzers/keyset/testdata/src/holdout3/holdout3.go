// Package holdout3 is a third round (shapes not taken from the
// documentation's lists) written from keyset's documentation only. Every
// function is labelled BUG or OK before the check was first run on it.
package holdout3

import (
	"context"
	"database/sql"
	"time"
)

type Store struct {
	db *sql.DB
}

// BUG: lowercase SQL.
func (s *Store) Lower(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `select id, body from messages where created_at < $1 order by created_at desc limit 30`, before) // want "cursor on created_at, which is not unique, skips"
}

// BUG: quoted identifiers.
func (s *Store) Quoted(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT "id", "body" FROM "messages" WHERE "created_at" < $1 ORDER BY "created_at" DESC LIMIT 30`, before) // want "cursor on created_at, which is not unique, skips"
}

// BUG: NULLS LAST in the ORDER BY.
func (s *Store) NullsLast(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id FROM tasks WHERE due_at < $1 ORDER BY due_at DESC NULLS LAST LIMIT 50`, before) // want "cursor on due_at, which is not unique, skips"
}

// BUG: the query is chosen in a switch on the direction; both branches page
// on created_at alone.
// MISSED by faultline (the SQL is assigned to q in switch cases).
func (s *Store) Page(ctx context.Context, cursor time.Time, older bool) (*sql.Rows, error) {
	var q string
	switch {
	case older:
		q = `SELECT id FROM messages WHERE created_at < $1 ORDER BY created_at DESC LIMIT 30`
	default:
		q = `SELECT id FROM messages WHERE created_at > $1 ORDER BY created_at ASC LIMIT 30`
	}
	return s.db.QueryContext(ctx, q, cursor)
}

// OK: bigserial sequence cursor (unique), single column.
func (s *Store) BySeq(ctx context.Context, after int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT seq, body FROM journal WHERE seq > $1 ORDER BY seq LIMIT 500`, after)
}

// OK: BETWEEN, a time window (both bounds).
func (s *Store) Between(ctx context.Context, from, to time.Time) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id FROM messages WHERE created_at BETWEEN $1 AND $2 ORDER BY created_at LIMIT 1000`, from, to)
}

// OK: the cursor is the unique id; created_at is only a filter.
func (s *Store) SinceByID(ctx context.Context, since time.Time, afterID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id FROM messages WHERE created_at >= $1 AND id > $2 ORDER BY id LIMIT 200`, since, afterID)
}

// OK: the top n by created_at with no cursor at all.
func (s *Store) Latest(ctx context.Context, n int) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT id FROM messages ORDER BY created_at DESC LIMIT $1`, n)
}

// OK: a delete of expired rows in batches (a cursor on a constant bound).
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (sql.Result, error) {
	return s.db.ExecContext(ctx, `DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE created_at < $1 ORDER BY created_at LIMIT 1000)`, cutoff)
}
