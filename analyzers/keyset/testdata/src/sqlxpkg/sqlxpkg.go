// Package sqlxpkg holds sqlx cursor queries.
package sqlxpkg

import (
	"time"

	"github.com/jmoiron/sqlx"
)

type Entry struct {
	ID        int64     `db:"id"`
	Published time.Time `db:"published_at"`
}

func Entries(db *sqlx.DB, feed int64, before time.Time) ([]Entry, error) {
	var out []Entry
	err := db.Select(&out, `SELECT id, published_at FROM entries WHERE feed_id = $1 AND published_at < $2 ORDER BY published_at DESC LIMIT 100`, feed, before) // want `cursor on published_at`
	return out, err
}

// A time-typed argument makes a column with any name a timestamp.
func ByStamp(db *sqlx.DB, before time.Time) ([]Entry, error) {
	var out []Entry
	err := db.Select(&out, `SELECT id FROM entries WHERE stamp < ? ORDER BY stamp DESC LIMIT 10`, before) // want `cursor on stamp`
	return out, err
}

// --- near-misses ---

func EntriesRow(db *sqlx.DB, last Entry) ([]Entry, error) {
	var out []Entry
	err := db.Select(&out, `SELECT id FROM entries WHERE (published_at, id) < (?, ?) ORDER BY published_at DESC, id DESC LIMIT 100`, last.Published, last.ID)
	return out, err
}

// A name that is not a timestamp, with an argument that is not a time.
func ByStampNumber(db *sqlx.DB, before int64) ([]Entry, error) {
	var out []Entry
	err := db.Select(&out, `SELECT id FROM entries WHERE seq < ? ORDER BY seq DESC LIMIT 10`, before)
	return out, err
}
