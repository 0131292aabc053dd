// Package returning holds ... DO NOTHING RETURNING shapes.
package returning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

type Event struct {
	ID     string
	SKU    string
	Amount int64
}

type Charger interface {
	Charge(ctx context.Context, customer string, cents int64) error
}

type Worker struct {
	db     *sql.DB
	x      *sqlx.DB
	charge Charger
}

const claim = `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`

// --- firing shapes ---

// ErrNoRows handled like any other error: a redelivery fails forever.
func (w *Worker) AsFailure(ctx context.Context, tx pgx.Tx, ev Event) error { // want AsFailure:"onconflict summary"
	var id string
	err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id) // want `the dedup insert gives pgx\.ErrNoRows on a duplicate and err != nil makes it a failure, so redeliveries fail; return early on errors\.Is\(err, pgx\.ErrNoRows\)`
	if err != nil {
		return fmt.Errorf("claim %s: %w", ev.ID, err)
	}
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

// The Scan error ignored: a duplicate proceeds.
func (w *Worker) Ignored(ctx context.Context, ev Event) error { // want Ignored:"onconflict summary"
	var id string
	w.db.QueryRowContext(ctx, claim, ev.ID).Scan(&id) // want `the dedup insert gives sql\.ErrNoRows on a duplicate, ignored here: w\.charge\.Charge runs on duplicates too; return early on errors\.Is\(err, sql\.ErrNoRows\)`
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

// ErrNoRows deliberately let through.
func (w *Worker) Swallowed(ctx context.Context, tx pgx.Tx, ev Event) error { // want Swallowed:"onconflict summary"
	var id string
	err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id) // want `the dedup insert gives pgx\.ErrNoRows on a duplicate and goes on: UPDATE accounts \(balance\) runs on duplicates too; return early on errors\.Is\(err, pgx\.ErrNoRows\)`
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE accounts SET balance = balance + $1 WHERE id = $2`, ev.Amount, ev.SKU)
	return err
}

// sqlx Get with the failure shape.
func (w *Worker) GetAsFailure(ctx context.Context, ev Event) error { // want GetAsFailure:"onconflict summary"
	var id string
	if err := w.x.GetContext(ctx, &id, claim, ev.ID); err != nil { // want `the dedup insert gives sql\.ErrNoRows on a duplicate and err != nil makes it a failure, so redeliveries fail; return early on errors\.Is\(err, sql\.ErrNoRows\)`
		return err
	}
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

// --- near-misses ---

func (w *Worker) Handled(ctx context.Context, tx pgx.Tx, ev Event) error { // want Handled:"onconflict summary"
	var id string
	err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

func (w *Worker) HandledSwitch(ctx context.Context, ev Event) error { // want HandledSwitch:"onconflict summary"
	var id string
	err := w.db.QueryRowContext(ctx, claim, ev.ID).Scan(&id)
	switch {
	case err == sql.ErrNoRows:
		return nil
	case err != nil:
		return err
	}
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

// A duplicate (and any error) skips the row: not a failure loop.
func (w *Worker) SkipOnError(ctx context.Context, tx pgx.Tx, evs []Event) error { // want SkipOnError:"onconflict summary"
	for _, ev := range evs {
		var id string
		if err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id); err != nil {
			continue
		}
		if err := w.charge.Charge(ctx, ev.SKU, ev.Amount); err != nil {
			return err
		}
	}
	return nil
}

// The scanned value is tested.
func (w *Worker) ValueTested(ctx context.Context, ev Event) error { // want ValueTested:"onconflict summary"
	var id sql.NullString
	_ = w.db.QueryRowContext(ctx, claim, ev.ID).Scan(&id)
	if !id.Valid {
		return nil
	}
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

// claimEvent reports a duplicate as ErrNoRows, and its caller tests it.
func (w *Worker) claimEvent(ctx context.Context, tx pgx.Tx, ev Event) error {
	var id string
	if err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id); err != nil {
		return err
	}
	return w.charge.Charge(ctx, ev.SKU, ev.Amount)
}

func (w *Worker) Handle(ctx context.Context, tx pgx.Tx, ev Event) error { // want Handle:"onconflict summary"
	err := w.claimEvent(ctx, tx, ev)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	return err
}

// A repository primitive: nothing follows.
func (w *Worker) Insert(ctx context.Context, tx pgx.Tx, ev Event) (string, error) {
	var id string
	err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id)
	return id, err
}

type Mailer interface {
	SendWelcome(ctx context.Context, email string) error
}

// A duplicate e-mail failing the signup is the intended outcome: users is
// an entity table, not a dedup record.
func CreateUser(ctx context.Context, db *sql.DB, m Mailer, email string) (int64, error) { // want CreateUser:"onconflict summary"
	var id int64
	if err := db.QueryRowContext(ctx, `INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING id`, email).Scan(&id); err != nil {
		return 0, fmt.Errorf("create user: %w", err)
	}
	return id, m.SendWelcome(ctx, email)
}

// Start has nothing after the gate, but a retried request (same key) gets
// ErrNoRows and fails: the duplicate the insert exists to absorb.
func (w *Worker) Start(ctx context.Context, key string, cents int64) (int64, error) {
	var id int64
	if err := w.db.QueryRowContext(ctx, `INSERT INTO payments (idempotency_key, amount, status) VALUES ($1, $2, 'pending') ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`, key, cents).Scan(&id); err != nil { // want `the dedup insert gives sql\.ErrNoRows on a duplicate and err != nil makes it a failure, so retries fail; return early on errors\.Is\(err, sql\.ErrNoRows\)`
		return 0, fmt.Errorf("start payment: %w", err)
	}
	return id, nil
}

// StartOrResume tells the duplicate apart: quiet.
func (w *Worker) StartOrResume(ctx context.Context, key string, cents int64) (int64, bool, error) {
	var id int64
	err := w.db.QueryRowContext(ctx, `INSERT INTO payments (idempotency_key, amount, status) VALUES ($1, $2, 'pending') ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`, key, cents).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, true, err
}

// A user may be meant to exist once: a duplicate sign-up failing is no
// retry failing. Quiet.
func (w *Worker) SignUp(ctx context.Context, email string) (int64, error) {
	var id int64
	if err := w.db.QueryRowContext(ctx, `INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING id`, email).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}
