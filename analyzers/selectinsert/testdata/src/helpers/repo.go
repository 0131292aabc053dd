// Package helpers holds selectinsert fixtures where the reads and writes
// live in the package's own helpers: repository methods and query wrappers.
package helpers

import (
	"context"
	"database/sql"
	"errors"
)

var ErrNotFound = errors.New("not found")

type Payment struct {
	ID     int64
	Key    string
	Amount int64
	Status string
}

type Repo struct {
	db *sql.DB
}

// findByKey returns nil, nil when there is no row.
func (r *Repo) findByKey(ctx context.Context, key string) (*Payment, error) {
	p := &Payment{}
	err := r.db.QueryRowContext(ctx, "SELECT id, idempotency_key, amount, status FROM payments WHERE idempotency_key = $1", key).Scan(&p.ID, &p.Key, &p.Amount, &p.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Get maps sql.ErrNoRows to the package's own ErrNotFound.
func (r *Repo) Get(ctx context.Context, key string) (*Payment, error) {
	p := &Payment{}
	err := r.db.QueryRowContext(ctx, "SELECT id, idempotency_key, amount, status FROM payments WHERE idempotency_key = $1", key).Scan(&p.ID, &p.Key, &p.Amount, &p.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return p, err
}

// Exists is a found-bool helper.
func (r *Repo) Exists(ctx context.Context, eventID string) (bool, error) {
	var ok bool
	err := r.db.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM processed_events WHERE event_id = $1)", eventID).Scan(&ok)
	return ok, err
}

// Status reads a state column by key.
func (r *Repo) Status(ctx context.Context, id int64) (string, error) {
	var st string
	err := r.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", id).Scan(&st)
	return st, err
}

func (r *Repo) insert(ctx context.Context, p *Payment) error {
	_, err := r.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount, status) VALUES ($1, $2, $3)", p.Key, p.Amount, p.Status)
	return err
}

func (r *Repo) MarkProcessed(ctx context.Context, eventID string) error {
	_, err := r.db.ExecContext(ctx, "INSERT INTO processed_events (event_id) VALUES ($1)", eventID)
	return err
}

func (r *Repo) SetStatus(ctx context.Context, id int64, status string) error {
	_, err := r.db.ExecContext(ctx, "UPDATE orders SET status = $2 WHERE id = $1", id, status)
	return err
}

// insertIfAbsent is an atomic gate: it reports whether this call created the row.
func (r *Repo) insertIfAbsent(ctx context.Context, p *Payment) (bool, error) {
	var id int64
	err := r.db.QueryRowContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id", p.Key, p.Amount).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (r *Repo) logAudit(ctx context.Context, action string) error {
	_, err := r.db.ExecContext(ctx, "INSERT INTO audit_log (action) VALUES ($1)", action)
	return err
}

// ---- a package-local query wrapper ----

type Store struct {
	db *sql.DB
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, query, args...)
}

func (s *Store) exec(ctx context.Context, query string, args ...any) error {
	_, err := s.db.ExecContext(ctx, query, args...)
	return err
}
