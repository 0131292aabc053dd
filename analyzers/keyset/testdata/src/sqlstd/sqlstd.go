// Package sqlstd holds database/sql cursor queries.
package sqlstd

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

type Event struct {
	ID        int64
	Kind      string
	CreatedAt time.Time
}

// The canonical bug: a timestamp cursor, no tiebreaker.
func Page(ctx context.Context, db *sql.DB, before time.Time, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT $2`, before, n) // want `cursor on created_at, which is not unique, skips rows tied on it at a page boundary; add a unique column to ORDER BY`
}

// ORDER BY breaks ties on id, the cursor does not.
func PageTiebreak(ctx context.Context, db *sql.DB, before time.Time, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC, id DESC LIMIT $2`, before, n) // want `cursor compares only created_at, not the ORDER BY tiebreaker id`
}

// <= returns the tie again.
func PageInclusive(ctx context.Context, db *sql.DB, after time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE kind = 'x' AND created_at >= $1 ORDER BY created_at LIMIT 100`, after) // want `repeats rows tied on it`
}

// A secondary ORDER BY column admits ties on a column that is not a timestamp.
func PageScore(ctx context.Context, db *sql.DB, score, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM players WHERE score < $1 ORDER BY score DESC, name LIMIT $2`, score, n) // want `cursor on score, which is not unique`
}

// The SQL built with Sprintf and concatenation.
func PageSprintf(ctx context.Context, db *sql.DB, table string, before time.Time) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT id FROM %s", "events") + " WHERE updated_at < $1 ORDER BY updated_at DESC LIMIT 50"
	return db.QueryContext(ctx, q, before) // want `cursor on updated_at`
}

// --- near-misses ---

// Row comparison with the tiebreaker.
func RowValue(ctx context.Context, db *sql.DB, last Event, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3`, last.CreatedAt, last.ID, n)
}

// The expanded form of the row comparison.
func Expanded(ctx context.Context, db *sql.DB, last Event, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 OR (created_at = $1 AND id < $2) ORDER BY created_at DESC, id DESC LIMIT $3`, last.CreatedAt, last.ID, n)
}

// The index-friendly form: a bound plus an OR-ed tiebreak.
func IndexFriendly(ctx context.Context, db *sql.DB, last Event, n int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at <= $1 AND (created_at < $1 OR id < $2) ORDER BY created_at DESC, id DESC LIMIT $3`, last.CreatedAt, last.ID, n)
}

// A cursor on the unique id.
func ByID(ctx context.Context, db *sql.DB, after int64) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT 100`, after)
}

// OFFSET pagination.
func Offset(ctx context.Context, db *sql.DB, before time.Time, page int) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20 OFFSET $2`, before, page*20)
}

// No LIMIT: an aggregate window.
func Window(ctx context.Context, db *sql.DB, since time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT kind, count(*) FROM events WHERE created_at > $1 GROUP BY kind ORDER BY kind`, since)
}

// A constant bound, not a cursor.
func Recent(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at > now() - interval '1 day' ORDER BY created_at LIMIT 100`)
}

// Both bounds: a time range capped by LIMIT.
func Range(ctx context.Context, db *sql.DB, from, to time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at LIMIT 1000`, from, to)
}

// BETWEEN is a range too.
func Between(ctx context.Context, db *sql.DB, from, to time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at > $1 AND created_at BETWEEN $1 AND $2 ORDER BY created_at LIMIT 1000`, from, to)
}

// The newest n since t: the comparison runs against the ORDER BY.
func NewestSince(ctx context.Context, db *sql.DB, since time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at > $1 ORDER BY created_at DESC LIMIT 50`, since)
}

// LIMIT 1: the first event after t.
func Next(ctx context.Context, db *sql.DB, after time.Time) *sql.Row {
	return db.QueryRowContext(ctx, `SELECT id FROM events WHERE created_at > $1 ORDER BY created_at LIMIT 1`, after)
}

// The first page, from now.
func FirstPage(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, time.Now().UTC())
}

// A single ORDER BY column that is not a timestamp: uniqueness unknown.
func ByName(ctx context.Context, db *sql.DB, after string) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM users WHERE username > $1 ORDER BY username LIMIT 100`, after)
}

// The cursor column is not the first ORDER BY column.
func Pinned(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM posts WHERE created_at < $1 ORDER BY pinned DESC, created_at DESC LIMIT 20`, before)
}

// The cursor compares another column than the ORDER BY.
func OtherColumn(ctx context.Context, db *sql.DB, before int64) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM events WHERE id < $1 ORDER BY created_at DESC LIMIT 20`, before)
}

// UNION: the WHERE is one branch's.
func Union(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id, created_at FROM a WHERE created_at < $1 UNION ALL SELECT id, created_at FROM b ORDER BY created_at DESC LIMIT 20`, before)
}

// An update is not a page.
func Touch(ctx context.Context, db *sql.DB, before time.Time) (sql.Result, error) {
	return db.ExecContext(ctx, `DELETE FROM events WHERE created_at < $1 ORDER BY created_at LIMIT 1000`, before)
}

// Silenced with a reason.
func Silenced(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	//faultline:ignore keyset created_at is set by a sequence-backed trigger and unique
	return db.QueryContext(ctx, `SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20`, before)
}

// A page in a CTE.
func InCTE(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `WITH page AS (SELECT id, created_at FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20) SELECT p.id, k.name FROM page p JOIN kinds k ON k.id = p.id`, before) // want `cursor on created_at`
}

// A batch of old rows to delete is not a page.
func DeleteBatch(ctx context.Context, db *sql.DB, cutoff time.Time) (sql.Result, error) {
	return db.ExecContext(ctx, `DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 1000)`, cutoff)
}

// A row comparison with a leading equality column holds the cursor column;
// the extra bound is a filter.
func LedgerBefore(ctx context.Context, db *sql.DB, user string, last Event, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT id FROM ledger WHERE user_id = $1 AND (user_id, created_at, id) < ($1, $2, $3) AND created_at < $4 ORDER BY created_at DESC LIMIT 20`, user, last.CreatedAt, last.ID, before)
}

// An unknown piece of the WHERE clause may be the tiebreak.
func Dynamic(ctx context.Context, db *sql.DB, extra string, before time.Time) (*sql.Rows, error) {
	q := "SELECT id FROM events WHERE created_at < $1 " + extra + " ORDER BY created_at DESC LIMIT 20"
	return db.QueryContext(ctx, q, before)
}

// An unknown table name is no such piece.
func DynamicTable(ctx context.Context, db *sql.DB, table string, before time.Time) (*sql.Rows, error) {
	q := "SELECT id FROM " + table + " WHERE created_at < $1 ORDER BY created_at DESC LIMIT 20"
	return db.QueryContext(ctx, q, before) // want `cursor on created_at`
}

// Long names get the short message.
func LongNames(ctx context.Context, db *sql.DB, before time.Time) (*sql.Rows, error) {
	return db.QueryContext(ctx, `SELECT x.id FROM subscription_notifications x WHERE x.last_notification_delivery_attempted_at < $1 ORDER BY x.last_notification_delivery_attempted_at DESC, x.id DESC LIMIT 20`, before) // want `cursor on x.last_notification_delivery_attempted_at, which is not unique, skips rows tied on it at a page boundary; compare it with a unique tiebreaker as a row`
}

// A batch picked by a DELETE in a CTE of a SELECT.
func DeleteInCTE(ctx context.Context, db *sql.DB, cutoff time.Time) *sql.Row {
	return db.QueryRowContext(ctx, `WITH d AS (DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT 1000) RETURNING id) SELECT count(*) FROM d`, cutoff)
}

// The function drops the rows tied with the last one: the next page
// starts with the whole tie.
func TrimTies(ctx context.Context, db *sql.DB, since time.Time, n int) ([]Event, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, created_at FROM events WHERE created_at > $1 ORDER BY created_at LIMIT $2`, since, n+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if len(out) <= n {
		return out, rows.Err()
	}
	last := out[len(out)-1].CreatedAt
	i := len(out) - 1
	for i >= 0 && out[i].CreatedAt.Equal(last) {
		i--
	}
	return out[:i+1], rows.Err()
}

// Comparing another field does not handle the ties.
func CompareOther(ctx context.Context, db *sql.DB, since time.Time, n int) ([]Event, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, kind, created_at FROM events WHERE created_at > $1 ORDER BY created_at LIMIT $2`, since, n) // want `cursor on created_at`
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
		if len(out) > 0 && out[len(out)-1].Kind == e.Kind {
			continue
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

type Change struct {
	ID        int64
	UpdatedAt int64 // microseconds
}

// The same with an integer timestamp and ==.
func TrimTiesMicros(ctx context.Context, db *sql.DB, since int64, n int) ([]Change, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, updated_at FROM changes WHERE updated_at > $1 ORDER BY updated_at LIMIT $2`, since, n+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var ch Change
		if err := rows.Scan(&ch.ID, &ch.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	i := len(out) - 1
	for i > 0 && out[i].UpdatedAt == out[len(out)-1].UpdatedAt {
		i--
	}
	return out[:i+1], rows.Err()
}
