// Package holdout2 is a second, harder round of repository code written from
// keyset's documentation only. Every function is labelled BUG or OK before the
// check was first run on it.
package holdout2

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type Post struct {
	ID          int64     `db:"id"`
	Title       string    `db:"title"`
	PublishedAt time.Time `db:"published_at"`
}

type Article struct {
	ID        uint   `gorm:"primaryKey"`
	Seq       int64  `gorm:"uniqueIndex"`
	Slug      string `gorm:"unique"`
	UpdatedAt time.Time
	CreatedAt time.Time
}

type Repo struct {
	db   *sql.DB
	pool *pgxpool.Pool
	x    *sqlx.DB
	orm  *gorm.DB
}

// BUG: sqlx named parameter cursor on created_at.
func (r *Repo) FeedNamed(before time.Time) (*sqlx.Rows, error) {
	return r.x.NamedQuery(`SELECT id, title, created_at FROM posts WHERE created_at < :before ORDER BY created_at DESC LIMIT 20`, map[string]any{"before": before}) // want "cursor on created_at, which is not unique, skips"
}

// BUG: MySQL-style ? placeholders.
func (r *Repo) FeedMySQL(ctx context.Context, before time.Time, n int) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, "SELECT id, title, created_at FROM posts WHERE created_at < ? ORDER BY created_at DESC LIMIT ?", before, n) // want "cursor on created_at, which is not unique, skips"
}

// BUG: table-qualified cursor column in a JOIN.
func (r *Repo) FeedForUser(ctx context.Context, userID int64, before time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx /* want "cursor on p.created_at, which is not unique, skips" */, `SELECT p.id, p.title, p.created_at
FROM posts p JOIN follows f ON f.author_id = p.author_id
WHERE f.user_id = $1 AND p.created_at < $2
ORDER BY p.created_at DESC
LIMIT 50`, userID, before)
}

// BUG: ORDER BY has the id tiebreaker but the cursor compares created_at only.
func (r *Repo) FeedTiebreakOnlyInOrder(ctx context.Context, before time.Time) (pgx.Rows, error) {
	return r.pool.Query(ctx, `SELECT id, title, created_at FROM posts WHERE created_at < $1 ORDER BY created_at DESC, id DESC LIMIT 25`, before) // want "cursor compares only created_at, not the ORDER BY tiebreaker id"
}

const postColumns = "SELECT id, title, published_at FROM posts"

// BUG: constant concatenation; published_at is a timestamp name.
func (r *Repo) Published(ctx context.Context, before time.Time, n int) (*sql.Rows, error) {
	q := postColumns + " WHERE published_at < $1 ORDER BY published_at DESC LIMIT $2"
	return r.db.QueryContext(ctx, q, before, n) // want "cursor on published_at, which is not unique, skips"
}

// BUG: the page is a derived table re-sorted outside.
func (r *Repo) FeedAscending(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx /* want "cursor on created_at, which is not unique, skips" */, `SELECT * FROM (
	SELECT id, title, created_at FROM posts WHERE created_at < $1 ORDER BY created_at DESC LIMIT 30
) page ORDER BY created_at ASC`, before)
}

// BUG: GORM Model chain, ascending cursor on updated_at.
func (r *Repo) ChangedSince(since time.Time) ([]Article, error) {
	var out []Article
	err := r.orm.Model(&Article{}).Where("updated_at > ?", since).Order("updated_at").Limit(100).Find(&out).Error // want "cursor on updated_at, which is not unique, skips"
	return out, err
}

// BUG: a column named ts compared with a time.Time argument.
func (r *Repo) Metrics(ctx context.Context, before time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT ts, value FROM samples WHERE ts < $1 ORDER BY ts DESC LIMIT 1000`, before) // want "cursor on ts, which is not unique, skips"
}

// BUG: sqlx Rebind of a ? query with a created_at cursor.
func (r *Repo) FeedRebind(ctx context.Context, before time.Time) ([]Post, error) {
	var out []Post
	err := r.x.SelectContext(ctx, &out, r.x.Rebind(`SELECT id, title, created_at FROM posts WHERE created_at < ? ORDER BY created_at DESC LIMIT 20`), before) // want "cursor on created_at, which is not unique, skips"
	return out, err
}

// BUG: the cursor is an id whose timestamp is looked up in a subquery; the
// comparison is still on created_at alone.
// MISSED by faultline (the cursor is a subquery, which the check treats as an
// expression, as its documentation says).
func (r *Repo) FeedAfterPost(ctx context.Context, lastID int64) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, title, created_at FROM posts
WHERE created_at < (SELECT created_at FROM posts WHERE id = $1)
ORDER BY created_at DESC LIMIT 20`, lastID)
}

// BUG: pgx transaction query with the cursor inside a larger AND.
func (r *Repo) FeedInTx(ctx context.Context, tx pgx.Tx, tenant string, before time.Time) (pgx.Rows, error) {
	return tx.Query(ctx, `SELECT id, created_at FROM posts WHERE tenant = $1 AND deleted_at IS NULL AND created_at < $2 ORDER BY created_at DESC LIMIT 40`, tenant, before) // want "cursor on created_at, which is not unique, skips"
}

// OK: aliased row comparison.
func (r *Repo) FeedForUserSafe(ctx context.Context, userID int64, last Post) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT p.id, p.title, p.published_at
FROM posts p JOIN follows f ON f.author_id = p.author_id
WHERE f.user_id = $1 AND (p.published_at, p.id) < ($2, $3)
ORDER BY p.published_at DESC, p.id DESC
LIMIT 50`, userID, last.PublishedAt, last.ID)
}

// OK: ROW() comparison.
func (r *Repo) FeedRow(ctx context.Context, last Post) (pgx.Rows, error) {
	return r.pool.Query(ctx, `SELECT id, title, published_at FROM posts WHERE ROW(published_at, id) < ROW($1, $2) ORDER BY published_at DESC, id DESC LIMIT 20`, last.PublishedAt, last.ID)
}

// OK: GORM row comparison.
func (r *Repo) ArticlesBefore(last Article) ([]Article, error) {
	var out []Article
	err := r.orm.Where("(created_at, id) < (?, ?)", last.CreatedAt, last.ID).Order("created_at desc, id desc").Limit(20).Find(&out).Error
	return out, err
}

// OK: cursor on a uniqueIndex column with a secondary order column.
func (r *Repo) ArticlesBySeq(after int64) ([]Article, error) {
	var out []Article
	err := r.orm.Where("seq > ?", after).Order("seq asc, created_at asc").Limit(50).Find(&out).Error
	return out, err
}

// OK: cursor on the unique slug.
func (r *Repo) ArticlesBySlug(after string) ([]Article, error) {
	var out []Article
	err := r.orm.Where("slug > ?", after).Order("slug").Limit(50).Find(&out).Error
	return out, err
}

// OK: username is unique in this schema; single non-timestamp column.
func (r *Repo) UsersAfter(ctx context.Context, after string) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id, username FROM users WHERE username > $1 ORDER BY username LIMIT 100`, after)
}

// OK: filtered by created_at but ordered by id (not a created_at page).
func (r *Repo) OldPostsByID(ctx context.Context, before time.Time, afterID int64) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id FROM posts WHERE created_at < $1 AND id > $2 ORDER BY id LIMIT 500`, before, afterID)
}

// OK: inclusive cursor, and the rows tied with the last one that were already
// seen are dropped by ID in Go.
func (r *Repo) FeedDedup(ctx context.Context, last Post, n int) ([]Post, error) {
	var rows []Post
	if err := r.x.SelectContext(ctx, &rows, `SELECT id, title, published_at FROM posts WHERE published_at <= $1 ORDER BY published_at DESC, id DESC LIMIT $2`, last.PublishedAt, n+1); err != nil {
		return nil, err
	}
	out := rows[:0]
	for i := range rows {
		if rows[i].PublishedAt.Equal(last.PublishedAt) && rows[i].ID >= last.ID {
			continue
		}
		out = append(out, rows[i])
	}
	return out, nil
}

// OK: a retention sweep bounded by an expression of the parameter.
func (r *Repo) Expired(ctx context.Context, now time.Time) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, `SELECT id FROM sessions WHERE created_at < $1::timestamptz - interval '30 days' ORDER BY created_at LIMIT 1000`, now)
}

// OK: newest rows since the last poll (against the ORDER BY direction).
func (r *Repo) NewSince(ctx context.Context, since time.Time) (pgx.Rows, error) {
	return r.pool.Query(ctx, `SELECT id, title, created_at FROM posts WHERE created_at > $1 ORDER BY created_at DESC LIMIT 100`, since)
}

// OK: GORM chain with Scopes (not judged) — pagination scope keyed on id.
func (r *Repo) ArticlesScoped(page func(*gorm.DB) *gorm.DB) ([]Article, error) {
	var out []Article
	err := r.orm.Scopes(page).Order("id desc").Find(&out).Error
	return out, err
}
