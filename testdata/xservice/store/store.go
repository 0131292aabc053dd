// Package store is a database/sql repository: its callers live in
// another package.
package store

import (
	"context"
	"database/sql"
	"errors"
)

// ErrNotFound is FindByKey's "no row".
var ErrNotFound = errors.New("not found")

// Payment is one row of payments.
type Payment struct {
	ID  int64
	Key string
}

// Store reads and writes payments.
type Store struct {
	DB *sql.DB
}

// FindByKey maps no row to ErrNotFound.
func (s *Store) FindByKey(ctx context.Context, key string) (*Payment, error) {
	p := &Payment{}
	err := s.DB.QueryRowContext(ctx, "SELECT id, idempotency_key FROM payments WHERE idempotency_key = $1", key).Scan(&p.ID, &p.Key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// Insert records a payment.
func (s *Store) Insert(ctx context.Context, key string, amount int64) error {
	_, err := s.DB.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}

// InsertIfAbsent is the atomic gate: it reports whether the row is new.
func (s *Store) InsertIfAbsent(ctx context.Context, key string, amount int64) (bool, error) {
	res, err := s.DB.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) ON CONFLICT (idempotency_key) DO NOTHING", key, amount)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
