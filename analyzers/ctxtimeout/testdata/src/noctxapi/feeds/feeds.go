// Package feeds is a storage layer without contexts (miniflux's shape):
// its only context-taking methods are those an interface dictates, on an
// unexported type. Its callers are told only with -ctxtimeout.all-sql.
package feeds

import (
	"context"
	"database/sql"
)

type Storage struct{ db *sql.DB }

func NewStorage(db *sql.DB) *Storage { return &Storage{db: db} }

func (s *Storage) Feed(id int64) (string, error) {
	var title string
	err := s.db.QueryRow("SELECT title FROM feeds WHERE id = $1", id).Scan(&title)
	return title, err
}

func (s *Storage) MarkRead(id int64) error {
	_, err := s.db.Exec("UPDATE entries SET status = 'read' WHERE feed_id = $1", id)
	return err
}

func (s *Storage) Categories() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM categories").Scan(&n)
	return n, err
}

// certCache is an autocert.Cache: its context comes with the interface.
type certCache struct{ db *sql.DB }

func (c *certCache) Get(ctx context.Context, key string) ([]byte, error) { // want Get:`ctx reaches`
	var b []byte
	err := c.db.QueryRowContext(ctx, "SELECT data FROM certs WHERE key = $1", key).Scan(&b)
	return b, err
}

func (s *Storage) CertCache() *certCache { return &certCache{db: s.db} }
