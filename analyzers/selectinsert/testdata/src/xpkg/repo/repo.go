// Package repo is a repository interface beside its one implementation. // want package:"selectinsert summaries"
package repo

import (
	"context"
	"database/sql"
	"errors"
)

var ErrNotFound = errors.New("not found")

// Payments is what the services hold.
type Payments interface {
	ByKey(ctx context.Context, key string) (int64, error)       // want ByKey:"selectinsert summary"
	Create(ctx context.Context, key string, amount int64) error // want Create:"selectinsert summary"
}

// New returns the implementation behind the interface.
func New(db *sql.DB) Payments { return &payments{db: db} }

type payments struct{ db *sql.DB }

func (p *payments) ByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := p.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

func (p *payments) Create(ctx context.Context, key string, amount int64) error {
	_, err := p.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}

// Ledger has two implementations: which one runs is decided elsewhere.
type Ledger interface {
	Has(ctx context.Context, key string) (bool, error)
	Add(ctx context.Context, key string) error
}

type sqlLedger struct{ db *sql.DB }

func (l sqlLedger) Has(ctx context.Context, key string) (bool, error) {
	var n int
	err := l.db.QueryRowContext(ctx, "SELECT count(*) FROM ledger WHERE key = $1", key).Scan(&n)
	return n > 0, err
}

func (l sqlLedger) Add(ctx context.Context, key string) error {
	_, err := l.db.ExecContext(ctx, "INSERT INTO ledger (key) VALUES ($1)", key)
	return err
}

type memLedger struct{ keys map[string]bool }

func (m memLedger) Has(ctx context.Context, key string) (bool, error) { return m.keys[key], nil }
func (m memLedger) Add(ctx context.Context, key string) error         { m.keys[key] = true; return nil }
