package sqlstd

// Fixtures for paths whose read state is no longer carried (every variable
// that told the outcome was overwritten): where such a path joins one that
// is carried, the join is as if it had arrived.

import (
	"context"
	"database/sql"
	"errors"
)

// Near miss: the insert runs on the found path too (its err and id are
// overwritten there, so that path is not carried), which makes this an
// upsert-like write, not a not-found-only create: quiet, as it is when
// the found path is carried to the join.
func (s *Service) PayJoinAfterOverwrite(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		err = s.db.QueryRowContext(ctx, "SELECT id FROM refunds WHERE idempotency_key = $1", key).Scan(&id)
	} else if _, err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}

// The same with the found path returning: the insert follows not-found
// only, after the charge.
func (s *Service) PayJoinReturns(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
	} else {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge`
	return err
}

func (s *Service) audit(ctx context.Context, key string) error { return nil }
