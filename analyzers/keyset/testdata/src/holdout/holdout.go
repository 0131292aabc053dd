// Package holdout is service code written from keyset's documentation only,
// to measure its recall and precision. Every function is labelled BUG or OK
// before the check was first run on it.
package holdout

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type Event struct {
	ID        int64     `db:"id"`
	Kind      string    `db:"kind"`
	CreatedAt time.Time `db:"created_at"`
}

type Comment struct {
	ID        uint `gorm:"primaryKey"`
	PostID    uint
	Body      string
	CreatedAt time.Time
	Score     int
}

type EventRepo struct {
	db   *sql.DB
	pool *pgxpool.Pool
	x    *sqlx.DB
	orm  *gorm.DB
}

const listEventsBefore = `
SELECT id, kind, created_at
FROM events
WHERE tenant_id = $1 AND created_at < $2
ORDER BY created_at DESC
LIMIT $3`

// BUG: strict cursor on created_at (DESC), a timestamp, not unique; the query
// is a package constant.
func (r *EventRepo) ListBefore(ctx context.Context, tenant string, before time.Time, n int) ([]Event, error) {
	rows, err := r.db.QueryContext(ctx, listEventsBefore, tenant, before, n) // want "cursor on created_at, which is not unique, skips"
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Kind, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// BUG: pgx pool, ascending cursor on updated_at with >.
func (r *EventRepo) SyncSince(ctx context.Context, cursor time.Time) ([]Event, error) {
	rows, err := r.pool.Query(ctx, `SELECT id, kind, updated_at FROM events WHERE updated_at > $1 ORDER BY updated_at ASC LIMIT 500`, cursor) // want "cursor on updated_at, which is not unique, skips"
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Kind, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// BUG: inclusive cursor (<=) on created_at repeats the ties.
func (r *EventRepo) ListInclusive(ctx context.Context, before time.Time) ([]Event, error) {
	var out []Event
	err := r.x.SelectContext(ctx, &out, `SELECT id, kind, created_at FROM events WHERE created_at <= $1 ORDER BY created_at DESC LIMIT 50`, before) // want "cursor on created_at, which is not unique, repeats"
	return out, err
}

// BUG: secondary ORDER BY column (id) but the cursor compares the score alone.
func (r *EventRepo) Leaderboard(ctx context.Context, belowScore int, n int) ([]Event, error) {
	var out []Event
	err := r.x.SelectContext(ctx, &out, `SELECT id, kind, created_at FROM scores WHERE score < $1 ORDER BY score DESC, id DESC LIMIT $2`, belowScore, n) // want "cursor compares only score, not the ORDER BY tiebreaker id"
	return out, err
}

// BUG: the SQL is assembled with Sprintf; the cursor column is a timestamp.
func (r *EventRepo) ListByTable(ctx context.Context, table string, before time.Time, n int) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id, created_at FROM %s WHERE created_at < $1 ORDER BY created_at DESC LIMIT $2", table)
	return r.db.QueryContext(ctx, q, before, n) // want "cursor on created_at, which is not unique, skips"
}

// BUG: concatenated query with an optional filter; cursor on created_at.
// MISSED by faultline (the SQL is built with q += in a branch and after it).
func (r *EventRepo) Search(ctx context.Context, kind string, before time.Time) (*sql.Rows, error) {
	q := "SELECT id, kind, created_at FROM events WHERE created_at < $1"
	args := []any{before}
	if kind != "" {
		q += " AND kind = $2"
		args = append(args, kind)
	}
	q += " ORDER BY created_at DESC LIMIT 100"
	return r.db.QueryContext(ctx, q, args...)
}

// BUG: GORM chain with a strict cursor on created_at.
func (r *EventRepo) CommentsPage(postID uint, before time.Time, n int) ([]Comment, error) {
	var out []Comment
	err := r.orm.Where("post_id = ?", postID).
		Where("created_at < ?", before). // want "cursor on created_at, which is not unique, skips"
		Order("created_at desc").
		Limit(n).
		Find(&out).Error
	return out, err
}

// BUG: a CTE selects the page with a created_at cursor.
func (r *EventRepo) FeedWithCounts(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx /* want "cursor on created_at, which is not unique, skips" */, `
WITH page AS (
	SELECT id, created_at FROM posts WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20
)
SELECT p.id, p.created_at, count(c.id) FROM page p LEFT JOIN comments c ON c.post_id = p.id GROUP BY p.id, p.created_at`, before)
}

// queryEvents is a package-local wrapper that runs its SQL.
// OK: wrapper; the SQL is judged at its callers.
func (r *EventRepo) queryEvents(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, q, args...)
}

// BUG: the cursor query goes through a package-local wrapper.
func (r *EventRepo) AuditLog(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return r.queryEvents(ctx, `SELECT id, actor, event_time FROM audit WHERE event_time < $1 ORDER BY event_time DESC LIMIT 200`, before) // want "cursor on event_time, which is not unique, skips"
}

// BUG: sqlx Queryx, ascending inclusive cursor on created_on.
func (r *EventRepo) Replay(from time.Time) (*sqlx.Rows, error) {
	return r.x.Queryx(`SELECT id, payload, created_on FROM outbox WHERE created_on >= $1 ORDER BY created_on LIMIT 1000`, from) // want "cursor on created_on, which is not unique, repeats"
}

// OK: row comparison with the id tiebreaker.
func (r *EventRepo) ListBeforeSafe(ctx context.Context, last Event, n int) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3`, last.CreatedAt, last.ID, n)
}

// OK: expanded row comparison.
func (r *EventRepo) ListBeforeExpanded(ctx context.Context, last Event, n int) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events
WHERE created_at < $1 OR (created_at = $1 AND id < $2)
ORDER BY created_at DESC, id DESC LIMIT $3`, last.CreatedAt, last.ID, n)
}

// OK: cursor on the unique id.
func (r *EventRepo) ListAfterID(ctx context.Context, afterID int64, n int) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2`, afterID, n)
}

// OK: OFFSET pagination.
func (r *EventRepo) ListPage(ctx context.Context, page, size int) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events ORDER BY created_at DESC LIMIT $1 OFFSET $2`, size, page*size)
}

// OK: no LIMIT: a time-range export.
func (r *EventRepo) ExportBefore(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE created_at < $1 ORDER BY created_at DESC`, before)
}

// OK: LIMIT 1: the latest event before t.
func (r *EventRepo) LatestBefore(ctx context.Context, before time.Time) *sql.Row {
	return r.db.QueryRowContext(ctx, `SELECT id, kind, created_at FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 1`, before)
}

// OK: compared against the ORDER BY's direction: the newest n since t.
func (r *EventRepo) NewestSince(ctx context.Context, since time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE created_at > $1 ORDER BY created_at DESC LIMIT 20`, since)
}

// OK: compared with an expression, not a cursor parameter.
func (r *EventRepo) Stale(ctx context.Context) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id FROM jobs WHERE created_at < now() - interval '1 day' ORDER BY created_at LIMIT 100`)
}

// OK: a time range with both bounds.
func (r *EventRepo) Window(ctx context.Context, from, to time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id FROM events WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at LIMIT 1000`, from, to)
}

// OK: the cursor argument is time.Now() (first page, no boundary row).
func (r *EventRepo) FirstPage(ctx context.Context) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 50`, time.Now())
}

// OK: GORM chain with Offset pagination.
func (r *EventRepo) CommentsOffset(postID uint, page int) ([]Comment, error) {
	var out []Comment
	err := r.orm.Where("post_id = ?", postID).Order("created_at desc").Offset(page * 20).Limit(20).Find(&out).Error
	return out, err
}

// OK: GORM cursor on the primary key.
func (r *EventRepo) CommentsAfterID(afterID uint) ([]Comment, error) {
	var out []Comment
	err := r.orm.Where("id > ?", afterID).Order("id asc").Limit(50).Find(&out).Error
	return out, err
}
