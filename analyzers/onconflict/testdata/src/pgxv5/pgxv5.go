// Package pgxv5 holds pgx v5 firing shapes and near-misses. // want package:"onconflict hidden gates"
package pgxv5

import (
	"context"
	"log"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Event struct {
	ID     string
	SKU    string
	Qty    int
	Amount int64
}

type Bus interface {
	PublishOrderPaid(ctx context.Context, id string) error
}

type Service struct {
	pool *pgxpool.Pool
	bus  Bus
}

// --- firing shapes ---

func (s *Service) Reserve(ctx context.Context, ev Event) error { // want Reserve:"onconflict summary"
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, ev.ID) // want `DO NOTHING insert into processed_events discards its result: UPDATE inventory \(reserved\) runs on duplicates too; return early when tag\.RowsAffected\(\) == 0`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// The command tag is printed, never tested.
func (s *Service) LoggedTag(ctx context.Context, ev Event) error { // want LoggedTag:"onconflict summary"
	tag, err := s.pool.Exec(ctx, `INSERT INTO stripe_events (id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `DO NOTHING insert into stripe_events only logs its row count: INSERT INTO ledger_entries runs on duplicates too; return early when tag\.RowsAffected\(\) == 0`
	if err != nil {
		return err
	}
	log.Printf("stripe event %s: %s", ev.ID, tag)
	_, err = s.pool.Exec(ctx, `INSERT INTO ledger_entries (account, amount) VALUES ($1, $2)`, ev.SKU, ev.Amount)
	return err
}

// The gate in a pgx.BeginFunc callback; the publish after it commits.
func (s *Service) PayThenPublish(ctx context.Context, ev Event) error { // want PayThenPublish:"onconflict summary"
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `DO NOTHING insert into processed_events discards its result: s\.bus\.PublishOrderPaid runs on duplicates too; return early when tag\.RowsAffected\(\) == 0`
		if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.bus.PublishOrderPaid(ctx, ev.ID)
}

// The tag is assigned and never read (only re-assigned).
func (s *Service) Unread(ctx context.Context, tx pgx.Tx, ev Event) error { // want Unread:"onconflict summary"
	tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `the dedup insert assigns its result to tag and never reads it: UPDATE balances \(cents\) runs on duplicates too; return early when tag\.RowsAffected\(\) == 0`
	if err != nil {
		return err
	}
	tag, err = tx.Exec(ctx, `UPDATE balances SET cents = cents - $1 WHERE account = $2`, ev.Amount, ev.SKU)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		log.Printf("no balance for %s", ev.SKU)
	}
	return nil
}

// --- near-misses ---

func (s *Service) ReserveChecked(ctx context.Context, tx pgx.Tx, ev Event) error { // want ReserveChecked:"onconflict summary"
	tag, err := tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, ev.ID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return nil
	}
	_, err = tx.Exec(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The verdict is returned to the caller.
func (s *Service) Claim(ctx context.Context, tx pgx.Tx, id string) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id)
	return tag.RowsAffected() == 1, err
}

// Checked inside the BeginFunc callback.
func (s *Service) PayChecked(ctx context.Context, ev Event) error { // want PayChecked:"onconflict summary"
	published := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
		if err != nil {
			return err
		}
		published = tag.RowsAffected() == 1
		return nil
	})
	if err != nil || !published {
		return err
	}
	return s.bus.PublishOrderPaid(ctx, ev.ID)
}

// Ensure each stock row, then add to it: the same row.
func (s *Service) Restock(ctx context.Context, tx pgx.Tx, evs []Event) error { // want Restock:"onconflict hidden gate" Restock:"onconflict summary"
	for _, ev := range evs {
		if _, err := tx.Exec(ctx, `INSERT INTO stock (sku, qty) VALUES ($1, 0) ON CONFLICT (sku) DO NOTHING`, ev.SKU); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE stock SET qty = qty + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
			return err
		}
	}
	return nil
}

// A dedup insert then only a commit.
func (s *Service) Record(ctx context.Context, tx pgx.Tx, ev Event) error { // want Record:"onconflict hidden gate"
	if _, err := tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

type Pager interface {
	Page(ctx context.Context, summary string) error
}

type Alerts struct {
	pool  *pgxpool.Pool
	pager Pager
}

// The claim row's RETURNING is never read: nothing makes it an entity, so
// its one use is the gate, and the gate is not asked.
func (a *Alerts) Raise(ctx context.Context, resultID, summary string) error { // want Raise:"onconflict summary"
	rows, err := a.pool.Query(ctx, // want `critical_alerts reads no row of its RETURNING result: a\.pager\.Page runs on duplicates too; return early unless rows\.Next\(\)`
		`INSERT INTO critical_alerts (result_id) VALUES ($1)
		 ON CONFLICT (result_id) DO NOTHING RETURNING id`, resultID)
	if err != nil {
		return err
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return a.pager.Page(ctx, summary)
}
