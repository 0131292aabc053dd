// Package refunds is a repository interface beside its one
// implementation: callers in other packages hold the interface.
package refunds

import (
	"context"
	"database/sql"
	"errors"
)

// ErrNotFound is ByKey's "no row".
var ErrNotFound = errors.New("refund not found")

// Store is what the handlers hold.
type Store interface {
	ByKey(ctx context.Context, key string) (int64, error)
	Create(ctx context.Context, key string, amount int64) error
}

// New returns the database/sql implementation.
func New(db *sql.DB) Store { return &store{db: db} }

type store struct{ db *sql.DB }

func (s *store) ByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM refunds WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

func (s *store) Create(ctx context.Context, key string, amount int64) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO refunds (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}
