package shopd

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is the part of *pgxpool.Pool the payments code uses (an interface, so
// tests can pass a fake).
type DB interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Begin(ctx context.Context) (pgx.Tx, error)
}

// PaymentProvider is the card processor (Stripe, Adyen, ...).
type PaymentProvider interface {
	Charge(ctx context.Context, idempotencyKey string, amountCents int64) (chargeID string, err error)
	Refund(ctx context.Context, chargeID string, amountCents int64) error
}

// Payments takes payments for orders. Clients send an Idempotency-Key
// header; a double-click or a retry arrives with the same key.
type Payments struct {
	pool     DB
	provider PaymentProvider
}

// ErrOrderNotPayable is returned when the order is no longer pending.
var ErrOrderNotPayable = errors.New("order is not pending")

// CreatePaymentRacy is the shape selectinsert reports: it looks the key up,
// and on "no row" charges the card and records the payment. Two requests
// with the same key both see no row and both charge; the unique index on
// idempotency_key only stops the second INSERT, after the second charge.
func (p *Payments) CreatePaymentRacy(ctx context.Context, key string, orderID, amount int64) (string, error) {
	var chargeID string
	err := p.pool.QueryRow(ctx,
		`SELECT charge_id FROM payments WHERE idempotency_key = $1`, key).Scan(&chargeID)
	if err == nil {
		return chargeID, nil // a replay: answer with the first result
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("look up payment: %w", err)
	}
	chargeID, err = p.provider.Charge(ctx, key, amount)
	if err != nil {
		return "", fmt.Errorf("charge: %w", err)
	}
	_, err = p.pool.Exec(ctx,
		`INSERT INTO payments (idempotency_key, order_id, amount, charge_id) VALUES ($1, $2, $3, $4)`,
		key, orderID, amount, chargeID)
	return chargeID, err
}

// CreatePayment is the same operation with the insert as the gate: one
// atomic INSERT ... ON CONFLICT DO NOTHING RETURNING picks the winner, and
// only the request that got a row back charges the card.
func (p *Payments) CreatePayment(ctx context.Context, key string, orderID, amount int64) (string, error) {
	var paymentID int64
	err := p.pool.QueryRow(ctx,
		`INSERT INTO payments (idempotency_key, order_id, amount, status) VALUES ($1, $2, $3, 'charging')
		 ON CONFLICT (idempotency_key) DO NOTHING
		 RETURNING id`, key, orderID, amount).Scan(&paymentID)
	if errors.Is(err, pgx.ErrNoRows) {
		// Another request owns this key: answer with its result, never charge again.
		var chargeID string
		err := p.pool.QueryRow(ctx, `SELECT coalesce(charge_id, '') FROM payments WHERE idempotency_key = $1`, key).Scan(&chargeID)
		return chargeID, err
	}
	if err != nil {
		return "", fmt.Errorf("claim payment: %w", err)
	}
	chargeID, err := p.provider.Charge(ctx, key, amount)
	if err != nil {
		return "", fmt.Errorf("charge: %w", err)
	}
	_, err = p.pool.Exec(ctx, `UPDATE payments SET status = 'charged', charge_id = $2 WHERE id = $1`, paymentID, chargeID)
	return chargeID, err
}

// MarkOrderPaidRacy is a check-then-act: it reads the order's status,
// checks it, and overwrites it. A cancellation that lands between the read
// and the write is lost, and the order ships after being cancelled.
func (p *Payments) MarkOrderPaidRacy(ctx context.Context, orderID int64) error {
	var status string
	if err := p.pool.QueryRow(ctx, `SELECT status FROM orders WHERE id = $1`, orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrOrderNotPayable
	}
	_, err := p.pool.Exec(ctx, `UPDATE orders SET status = 'paid' WHERE id = $1`, orderID)
	return err
}

// MarkOrderPaid makes the transition one conditional UPDATE and acts only
// when it changed the row.
func (p *Payments) MarkOrderPaid(ctx context.Context, orderID int64) error {
	tag, err := p.pool.Exec(ctx, `UPDATE orders SET status = 'paid' WHERE id = $1 AND status = 'pending'`, orderID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrOrderNotPayable
	}
	return nil
}

// RefundRacy reads and writes in one transaction, but its SELECT takes no
// lock: two refund requests for the same payment both read 'charged', both
// pass the check, and both refund the card. The second UPDATE waits for the
// first transaction's row lock and then overwrites 'refunded' with
// 'refunded'; nothing stops the second refund.
func (p *Payments) RefundRacy(ctx context.Context, paymentID int64) error {
	return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var status, chargeID string
		var amount int64
		if err := tx.QueryRow(ctx, `SELECT status, charge_id, amount FROM payments WHERE id = $1`, paymentID).Scan(&status, &chargeID, &amount); err != nil {
			return err
		}
		if status != "charged" {
			return fmt.Errorf("payment %d is %s, not charged", paymentID, status)
		}
		if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'refunded' WHERE id = $1`, paymentID); err != nil {
			return err
		}
		return p.provider.Refund(ctx, chargeID, amount)
	})
}

// RefundInTx is RefundRacy with SELECT ... FOR UPDATE: the row stays locked
// until the transaction commits, so a second request waits, reads
// 'refunded', and refunds nothing.
func (p *Payments) RefundInTx(ctx context.Context, paymentID int64) error {
	return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var status, chargeID string
		var amount int64
		if err := tx.QueryRow(ctx, `SELECT status, charge_id, amount FROM payments WHERE id = $1 FOR UPDATE`, paymentID).Scan(&status, &chargeID, &amount); err != nil {
			return err
		}
		if status != "charged" {
			return fmt.Errorf("payment %d is %s, not charged", paymentID, status)
		}
		if _, err := tx.Exec(ctx, `UPDATE payments SET status = 'refunded' WHERE id = $1`, paymentID); err != nil {
			return err
		}
		return p.provider.Refund(ctx, chargeID, amount)
	})
}
