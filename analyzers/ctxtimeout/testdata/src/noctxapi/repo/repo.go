// Package repo is a context-aware store with one legacy method.
package repo

import (
	"context"
	"database/sql"

	"noctxapi/dbx"
)

type Listings struct {
	db *sql.DB
	x  *dbx.DB
}

func (s *Listings) Get(ctx context.Context, id int64) (string, error) { // want Get:`ctx reaches \(\*sql\.DB\)\.QueryRowContext \(params 1\)`
	var title string
	err := s.db.QueryRowContext(ctx, "SELECT title FROM listings WHERE id = $1", id).Scan(&title)
	return title, err
}

// IncrementViews takes no context, unlike its neighbours.
func (s *Listings) IncrementViews(id int64) error { // want IncrementViews:"no context into \\(\\*sql\\.DB\\)\\.Exec"
	_, err := s.db.Exec("UPDATE listings SET views = views + 1 WHERE id = $1", id)
	return err
}

// Dashboard is how handlers see the store: its asserted implementation
// below passes a legacy call on.
type Dashboard interface {
	Get(ctx context.Context, id int64) (string, error)
	CountActive(depot int64) (int, error) // want CountActive:"no context into \\(\\*sql\\.DB\\)\\.QueryRow"
}

var _ Dashboard = (*Listings)(nil)

// CountActive takes no context and calls the wrapper's legacy Count: its
// callers are told in turn.
func (s *Listings) CountActive(depot int64) (int, error) { // want CountActive:"no context into \\(\\*sql\\.DB\\)\\.QueryRow"
	return s.x.Count("SELECT count(*) FROM listings WHERE depot = $1", depot)
}

func (s *Listings) Count(ctx context.Context) (int, error) { // want Count:`ctx reaches \(\*sql\.DB\)\.QueryRowContext \(params 1\)`
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM listings").Scan(&n)
	return n, err
}
