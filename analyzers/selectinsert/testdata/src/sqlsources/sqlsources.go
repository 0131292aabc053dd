// Package sqlsources holds read-then-create races whose SQL is not
// written at the call site: squirrel builders and a name map.
package sqlsources

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"
)

type Provider interface {
	Charge(ctx context.Context, key string, amount int64) (string, error)
}

type Service struct {
	db       *sql.DB
	builder  sq.StatementBuilderType
	provider Provider
}

var queries = map[string]string{
	"payment-by-key": "SELECT id FROM payments WHERE idempotency_key = $1",
	"insert-payment": "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)",
	"claim-payment":  "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) ON CONFLICT DO NOTHING",
}

// Both statements are squirrel builders.
func (s *Service) PayBuilt(ctx context.Context, key string, amount int64) error {
	q, args, err := s.builder.Select("id").From("payments").Where(sq.Eq{"idempotency_key": key}).ToSql()
	if err != nil {
		return err
	}
	var id int64
	err = s.db.QueryRowContext(ctx, q, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		ins, insArgs, err := s.builder.Insert("payments").Columns("idempotency_key", "amount").Values(key, amount).ToSql()
		if err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, ins, insArgs...) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge`
		return err
	}
	return err
}

// Both statements come from a name map.
func (s *Service) PayNamed(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, queries["payment-by-key"], key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, queries["insert-payment"], key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge`
		return err
	}
	return err
}

// --- near misses ---

// The insert claims the key first (ON CONFLICT DO NOTHING) and its result
// is checked: no race.
func (s *Service) PayClaimed(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, queries["payment-by-key"], key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := s.db.ExecContext(ctx, queries["claim-payment"], key, amount)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		_, err = s.provider.Charge(ctx, key, amount)
		return err
	}
	return err
}

// The read's name is not in the map: what it reads is unknown, so nothing is said.
func (s *Service) PayUnknown(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, queries["payment-by-id"], key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, queries["insert-payment"], key, amount)
		return err
	}
	return err
}
