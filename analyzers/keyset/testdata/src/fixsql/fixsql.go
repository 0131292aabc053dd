// Package fixsql holds cursor queries with fixes, and the shapes that get none.
package fixsql

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

type Event struct {
	ID        int64
	Kind      string
	CreatedAt time.Time
}

type Entry struct {
	Key       string    `db:"id"`
	Published time.Time `db:"published_at"`
}

// ORDER BY gets id, the cursor becomes a row.
func Page(ctx context.Context, db *sql.DB, last Event, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id, kind FROM events WHERE kind = $1 AND created_at < $2 ORDER BY created_at DESC LIMIT $3 -- newest first`, "x", last.CreatedAt, n) // want `add id to ORDER BY and compare \(created_at, id\) as a row`
}

// The ORDER BY has the tiebreaker: only the cursor changes.
func PageTiebreak(ctx context.Context, conn *pgx.Conn, rows []Event) (pgx.Rows, error) {
	return conn.Query(ctx, `SELECT id FROM events e WHERE e.created_at > $1::timestamptz ORDER BY e.created_at, e.id LIMIT 100`, rows[len(rows)-1].CreatedAt) // want `cursor compares only e.created_at, not the ORDER BY tiebreaker id`
}

// db tags name the fields; a constant used once.
const entriesSQL = "SELECT id FROM entries WHERE published_at <= $1 ORDER BY published_at desc LIMIT 10"

func Entries(db *sqlx.DB, last *Entry) ([]Entry, error) {
	var out []Entry
	err := db.Select(&out, entriesSQL, last.Published) // want `repeats rows tied on it at a page boundary; add id to ORDER BY`
	return out, err
}

// --- reported, no fix ---

// The cursor is a plain time: the tiebreaker's value cannot be named.
func Plain(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, before) // want `add a unique column to ORDER BY and to the cursor as a row`
}

// An escape in the literal.
func Escaped(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT id FROM events\nWHERE created_at < $1 ORDER BY created_at DESC LIMIT 20", last.CreatedAt) // want `add a unique column`
}

// An unqualified id in a join.
func Join(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT e.id FROM events JOIN kinds ON kinds.name = events.kind WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, last.CreatedAt) // want `add a unique column`
}

// A constant used twice.
const shared = `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`

func Shared1(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, shared, last.CreatedAt) // want `add a unique column`
}

func Shared2(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, shared, last.CreatedAt) // want `add a unique column`
}

// The cursor comes from a call.
func Called(ctx context.Context, db *sql.DB, f func() Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, f().CreatedAt) // want `add a unique column`
}

// ? placeholders.
func Question(db *sqlx.DB, last Entry) ([]Entry, error) {
	var out []Entry
	err := db.Select(&out, `SELECT id FROM entries WHERE published_at < ? ORDER BY published_at DESC LIMIT 10`, last.Published) // want `add a unique column`
	return out, err
}

// A non-unique column follows in the ORDER BY: (created_at, kind, id) would be needed.
func ThreeColumns(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC, kind DESC LIMIT 20`, last.CreatedAt) // want `add a unique column`
}

// Mixed directions cannot be one row comparison.
func Mixed(ctx context.Context, db *sql.DB, last Event) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC, id ASC LIMIT 20`, last.CreatedAt) // want `add a unique column`
}
