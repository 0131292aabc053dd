// Package wrappers holds dedup gates through the package's own helpers,
// SQL built with fmt.Sprintf and local variables, and effects in helpers.
package wrappers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
)

type Store struct {
	db *sql.DB
}

// exec drops the sql.Result.
func (s *Store) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.db.ExecContext(ctx, q, args...)
	return err
}

// execResult passes the result on.
func (s *Store) execResult(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, q, args...)
}

var errDuplicate = errors.New("duplicate")

// insertOnce checks the result itself.
func (s *Store) insertOnce(ctx context.Context, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errDuplicate
	}
	return nil
}

// logExec only logs the row count.
func (s *Store) logExec(ctx context.Context, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	log.Printf("%d rows", n)
	return nil
}

const table = "processed_events"

// --- firing shapes ---

// Through a wrapper that drops the result.
func (s *Store) ViaExec(ctx context.Context, id, sku string, qty int) error { // want ViaExec:"onconflict summary"
	if err := s.exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id); err != nil { // want `the dedup insert goes via exec, which drops its result: the effect runs on duplicates too; have exec return it; stop when res\.RowsAffected\(\) is 0`
		return err
	}
	return s.exec(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, sku, qty)
}

// Through a wrapper that only logs.
func (s *Store) ViaLog(ctx context.Context, id string, cents int64) error { // want ViaLog:"onconflict summary"
	if err := s.logExec(ctx, `INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT DO NOTHING`, id); err != nil { // want `the dedup insert goes via logExec, which only logs it: UPDATE wallets \(cents\) runs on duplicates too; have logExec return it; stop when res\.RowsAffected\(\) is 0`
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE wallets SET cents = cents + $1`, cents)
	return err
}

// Through a result-returning wrapper, the result dropped at the call.
func (s *Store) ViaResult(ctx context.Context, id string, cents int64) error { // want ViaResult:"onconflict summary"
	_, err := s.execResult(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id) // want `DO NOTHING insert into processed_events discards its result: UPDATE wallets \(cents\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE wallets SET cents = cents + $1`, cents)
	return err
}

// SQL built with Sprintf from a constant table name, in a local variable.
func (s *Store) Sprintf(ctx context.Context, id string, cents int64) error { // want Sprintf:"onconflict summary"
	q := fmt.Sprintf("INSERT INTO %s (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING", table)
	if _, err := s.db.ExecContext(ctx, q, id); err != nil { // want `DO NOTHING insert into processed_events discards its result: s\.apply runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		return err
	}
	return s.apply(ctx, cents)
}

func (s *Store) apply(ctx context.Context, cents int64) error {
	return s.exec(ctx, `UPDATE wallets SET cents = cents + $1`, cents)
}

// --- near-misses ---

// The wrapper checks the result and reports a duplicate.
func (s *Store) ViaInsertOnce(ctx context.Context, id string, cents int64) error { // want ViaInsertOnce:"onconflict summary"
	if err := s.insertOnce(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id); err != nil {
		if errors.Is(err, errDuplicate) {
			return nil
		}
		return err
	}
	return s.apply(ctx, cents)
}

// The result of the passing wrapper is checked.
func (s *Store) ViaResultChecked(ctx context.Context, id string, cents int64) error { // want ViaResultChecked:"onconflict summary"
	res, err := s.execResult(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return s.apply(ctx, cents)
}

// The helper after the gate only sets values.
func (s *Store) HelperIdempotent(ctx context.Context, id string) error {
	if err := s.exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id); err != nil {
		return err
	}
	return s.markShipped(ctx, id)
}

func (s *Store) markShipped(ctx context.Context, id string) error {
	return s.exec(ctx, `UPDATE shipments SET status = 'shipped' WHERE order_id = $1`, id)
}

// Unknown SQL (a parameter) is not a gate.
func (s *Store) Dynamic(ctx context.Context, q string, cents int64) error { // want Dynamic:"onconflict summary"
	if _, err := s.db.ExecContext(ctx, q); err != nil {
		return err
	}
	return s.apply(ctx, cents)
}
