// Package repo is a context-aware store with one legacy method.
package repo

import (
	"context"
	"database/sql"
)

type Listings struct{ db *sql.DB }

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
