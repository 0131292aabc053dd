package sqlstd

// Fixtures for the control-flow graph: paths through continue, select cases,
// and calls that never return.

import (
	"context"
	"database/sql"
	"errors"
	"log"
)

// ---- continue: the path goes on to the next iteration ----

// The first attempt charges and continues; the next attempt inserts: on the
// not-found path the charge runs before the insert, for both requests.
func (s *Service) PayAttempts(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for attempt := 0; attempt < 3; attempt++ {
		if attempt == 0 {
			if _, err := s.provider.Charge(ctx, key, amount); err != nil {
				return err
			}
			continue
		}
		_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
		return err
	}
	return nil
}

// Near miss: the charging attempt returns instead of continuing, so no path
// charges and then inserts.
func (s *Service) PayAttemptsReturn(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for attempt := 0; attempt < 3; attempt++ {
		if attempt == 0 {
			_, err := s.provider.Charge(ctx, key, amount)
			return err
		}
		_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
		return err
	}
	return nil
}

// Near miss: the charge before the continue is for this iteration's key; the
// next iteration reads its own key again, and its insert follows no charge.
func (s *Service) PayEachContinue(ctx context.Context, keys []string, amount int64) error {
	for i, key := range keys {
		var id int64
		err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if i%2 == 0 {
			if _, err := s.provider.Charge(ctx, key, amount); err != nil {
				return err
			}
			continue
		}
		if _, err := s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount); err != nil {
			return err
		}
	}
	return nil
}

// ---- select: each case starts from the state before the select ----

// The receive of the first case overwrites err in that case only: in the
// second case err is still the read's, and its not-found branch charges
// before inserting.
func (s *Service) PayOrCancel(ctx context.Context, key string, amount int64, errc <-chan error) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	select {
	case err = <-errc:
		// Near miss: err is the channel's error here, not the read's.
		if errors.Is(err, sql.ErrNoRows) {
			if _, err := s.provider.Charge(ctx, key, amount); err != nil {
				return err
			}
			_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
			return err
		}
	case <-ctx.Done():
		if errors.Is(err, sql.ErrNoRows) {
			if _, err := s.provider.Charge(ctx, key, amount); err != nil {
				return err
			}
			_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
			return err
		}
	}
	return err
}

// ---- calls that never return ----

// fail never returns: every path ends in log.Fatalf.
func fail(err error) {
	log.Fatalf("pay: %v", err)
}

// FatalLog returns, whatever its name says.
func FatalLog(err error) {
	log.Printf("fatal: %v", err)
}

// The package's own no-return helper ends the found and failed paths: what
// follows runs only when there was no row.
func (s *Service) PayOrFail(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		fail(err)
	}
	if _, err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

// Near miss: FatalLog returns, so a found row also reaches the charge and
// the insert (which then fails on its key); the old name heuristic took it
// for a call that never returns.
func (s *Service) PayOrLog(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		FatalLog(err)
	}
	if _, err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}
