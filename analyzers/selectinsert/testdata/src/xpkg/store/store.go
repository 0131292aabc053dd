// Package store is a repository package; its callers live in another package. // want package:"selectinsert summaries"
package store

import (
	"context"
	"database/sql"
	"errors"
)

var ErrNotFound = errors.New("not found")

type Payment struct {
	ID  int64
	Key string
}

type Store struct {
	DB *sql.DB
}

// FindByKey maps no row to ErrNotFound.
func (s *Store) FindByKey(ctx context.Context, key string) (*Payment, error) { // want FindByKey:"selectinsert summary"
	p := &Payment{}
	err := s.DB.QueryRowContext(ctx, "SELECT id, idempotency_key FROM payments WHERE idempotency_key = $1", key).Scan(&p.ID, &p.Key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// Insert records a payment.
func (s *Store) Insert(ctx context.Context, key string, amount int64) error { // want Insert:"selectinsert summary"
	_, err := s.DB.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}

// InsertIfAbsent is the atomic gate.
func (s *Store) InsertIfAbsent(ctx context.Context, key string, amount int64) (bool, error) { // want InsertIfAbsent:"selectinsert summary"
	res, err := s.DB.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) ON CONFLICT DO NOTHING", key, amount)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// The store's migration: a device may have many tokens over time.
const migration = `CREATE TABLE push_tokens (id BIGSERIAL PRIMARY KEY, device_id TEXT NOT NULL, token TEXT NOT NULL, revoked_at TIMESTAMPTZ)`

// ActiveToken finds the device's token not yet revoked.
func (s *Store) ActiveToken(ctx context.Context, deviceID string) (string, error) { // want ActiveToken:"selectinsert summary"
	var tok string
	err := s.DB.QueryRowContext(ctx, "SELECT token FROM push_tokens WHERE device_id = $1 AND revoked_at IS NULL", deviceID).Scan(&tok)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return tok, err
}

// AddToken records a token.
func (s *Store) AddToken(ctx context.Context, deviceID, tok string) error { // want AddToken:"selectinsert summary"
	_, err := s.DB.ExecContext(ctx, "INSERT INTO push_tokens (device_id, token) VALUES ($1, $2)", deviceID, tok)
	return err
}

// Balance reads an account's balance.
func (s *Store) Balance(ctx context.Context, id int64) (int64, error) { // want Balance:"selectinsert summary"
	var b int64
	err := s.DB.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = $1", id).Scan(&b)
	return b, err
}

// SetBalance overwrites it with the value given.
func (s *Store) SetBalance(ctx context.Context, id, balance int64) error { // want SetBalance:"selectinsert summary"
	_, err := s.DB.ExecContext(ctx, "UPDATE accounts SET balance = $2 WHERE id = $1", id, balance)
	return err
}
