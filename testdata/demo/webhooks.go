package shopd

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/jackc/pgx/v5"
)

// PaymentEvent is a payment provider's webhook, delivered at least once:
// the provider redelivers it on a timeout, a 5xx, or just because.
type PaymentEvent struct {
	ID          string // the provider's event id, unique per event
	OrderID     int64
	AmountCents int64
	Customer    string
}

// FulfilmentQueue starts shipping an order.
type FulfilmentQueue interface {
	EnqueueShipment(ctx context.Context, orderID int64) error
}

// TxStarter begins transactions: *pgxpool.Pool and *pgx.Conn satisfy it.
type TxStarter interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Webhooks applies payment webhooks to orders and the customer ledger.
type Webhooks struct {
	pool  TxStarter
	queue FulfilmentQueue
}

// HandlePaymentSucceeded records the event in the inbox and applies it.
//
// BUG (onconflict): the inbox insert's command tag is dropped. On a
// redelivery the insert does nothing and raises no error, so the ledger is
// credited again and a second shipment is queued.
func (w *Webhooks) HandlePaymentSucceeded(ctx context.Context, ev PaymentEvent) error {
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)

	_, err = tx.Exec(ctx, `INSERT INTO webhook_inbox (event_id, received_at) VALUES ($1, now()) ON CONFLICT (event_id) DO NOTHING`, ev.ID)
	if err != nil {
		return fmt.Errorf("record webhook %s: %w", ev.ID, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE customer_balances SET paid_cents = paid_cents + $2 WHERE customer = $1`, ev.Customer, ev.AmountCents); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE orders SET status = 'paid' WHERE id = $1`, ev.OrderID); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	return w.queue.EnqueueShipment(ctx, ev.OrderID)
}

// HandlePaymentSucceededOnce is the same handler with the gate checked: a
// redelivery affects no row and returns nil (the provider stops retrying).
func (w *Webhooks) HandlePaymentSucceededOnce(ctx context.Context, ev PaymentEvent) error {
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)

	tag, err := tx.Exec(ctx, `INSERT INTO webhook_inbox (event_id, received_at) VALUES ($1, now()) ON CONFLICT (event_id) DO NOTHING`, ev.ID)
	if err != nil {
		return fmt.Errorf("record webhook %s: %w", ev.ID, err)
	}
	if tag.RowsAffected() == 0 {
		log.Printf("webhook %s already applied", ev.ID)
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE customer_balances SET paid_cents = paid_cents + $2 WHERE customer = $1`, ev.Customer, ev.AmountCents); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE orders SET status = 'paid' WHERE id = $1`, ev.OrderID); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	return w.queue.EnqueueShipment(ctx, ev.OrderID)
}

const claimRefund = `INSERT INTO refund_claims (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`

// HandleRefund claims the event with RETURNING.
//
// BUG (onconflict): on a redelivery the insert returns no row, Scan
// returns pgx.ErrNoRows, and the handler answers 500: the provider retries
// the event forever and the alerting pages someone for a duplicate.
func (w *Webhooks) HandleRefund(ctx context.Context, tx pgx.Tx, ev PaymentEvent) error {
	var claimed string
	if err := tx.QueryRow(ctx, claimRefund, ev.ID).Scan(&claimed); err != nil {
		return fmt.Errorf("claim refund %s: %w", ev.ID, err)
	}
	_, err := tx.Exec(ctx, `UPDATE customer_balances SET paid_cents = paid_cents - $2 WHERE customer = $1`, ev.Customer, ev.AmountCents)
	return err
}

// HandleRefundOnce treats "no row" as "already claimed".
func (w *Webhooks) HandleRefundOnce(ctx context.Context, tx pgx.Tx, ev PaymentEvent) error {
	var claimed string
	err := tx.QueryRow(ctx, claimRefund, ev.ID).Scan(&claimed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // a redelivery: the refund was applied the first time
	}
	if err != nil {
		return fmt.Errorf("claim refund %s: %w", ev.ID, err)
	}
	_, err = tx.Exec(ctx, `UPDATE customer_balances SET paid_cents = paid_cents - $2 WHERE customer = $1`, ev.Customer, ev.AmountCents)
	return err
}

// EnsureCustomer creates the customer row if it is missing. It is an
// ensure-exists insert, not a dedup gate: what follows must run on every
// call, and stays quiet.
func (w *Webhooks) EnsureCustomer(ctx context.Context, tx pgx.Tx, ev PaymentEvent) error {
	if _, err := tx.Exec(ctx, `INSERT INTO customers (id, created_at) VALUES ($1, now()) ON CONFLICT (id) DO NOTHING`, ev.Customer); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO customer_events (customer, kind) VALUES ($1, 'payment')`, ev.Customer)
	return err
}
