// Package pgxv5 holds pgx v5 cursor queries.
package pgxv5

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Message struct {
	ID       string
	RoomID   string
	PostedAt time.Time
}

type Store struct{ pool *pgxpool.Pool }

// A joined query, qualified columns.
func (s *Store) History(ctx context.Context, room string, last Message) (pgx.Rows, error) {
	return s.pool.Query(ctx, `SELECT m.id FROM messages m JOIN rooms r ON r.id = m.room_id`+ // want `cursor on m.posted_at, which is not unique`
		` WHERE r.id = $1 AND m.posted_at < $2 ORDER BY m.posted_at DESC LIMIT 50`, room, last.PostedAt)
}

// A package-local wrapper carries the SQL.
func (s *Store) query(ctx context.Context, q string, args ...any) (pgx.Rows, error) {
	return s.pool.Query(ctx, q, args...)
}

func (s *Store) Since(ctx context.Context, after time.Time) (pgx.Rows, error) {
	return s.query(ctx, `SELECT id FROM messages WHERE posted_at > $1 ORDER BY posted_at, id LIMIT 100`, after) // want `cursor compares only posted_at, not the ORDER BY tiebreaker id`
}

// A constant query.
const pageSQL = `SELECT id FROM messages WHERE room_id = $1 AND posted_at < $2 ORDER BY posted_at DESC LIMIT $3`

func (s *Store) Page(ctx context.Context, room string, before time.Time, n int) (pgx.Rows, error) {
	return s.pool.Query(ctx, pageSQL, room, before, n) // want `cursor on posted_at`
}

// --- near-misses ---

func (s *Store) PageRow(ctx context.Context, room string, last Message) (pgx.Rows, error) {
	return s.pool.Query(ctx, `SELECT id FROM messages WHERE room_id = $1 AND (posted_at, id) > ($2, $3) ORDER BY posted_at, id LIMIT 50`, room, last.PostedAt, last.ID)
}

func (s *Store) PageRowKeyword(ctx context.Context, last Message) (pgx.Rows, error) {
	return s.pool.Query(ctx, `SELECT id FROM messages WHERE ROW(posted_at, id) > ROW($1, $2) ORDER BY posted_at, id LIMIT 50`, last.PostedAt, last.ID)
}

func (s *Store) ByID(ctx context.Context, after string) (pgx.Rows, error) {
	return s.pool.Query(ctx, `SELECT id FROM messages WHERE id > $1 ORDER BY id LIMIT 100`, after)
}
