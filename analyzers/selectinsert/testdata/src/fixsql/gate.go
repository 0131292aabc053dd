package fixsql

import (
	"context"
)

type Provider interface {
	Charge(ctx context.Context, orderID int64) error
}

type Inventory interface {
	Release(ctx context.Context, orderID int64) error
}

// No fix: a conditional UPDATE here would gate only what follows it, and
// the charge before it would still run twice.
func (s *Store) ChargeThenMark(ctx context.Context, p Provider, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	if err := p.Charge(ctx, orderID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID) // want `check-then-act on orders\.status: concurrent requests both act; run a conditional UPDATE \(AND status = <read>\) before the effect`
	return err
}

// No fix: the release runs on one path before the UPDATE.
func (s *Store) ReleaseThenCancel(ctx context.Context, inv Inventory, orderID int64, restock bool) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status == "cancelled" {
		return ErrConflict
	}
	if restock {
		if err := inv.Release(ctx, orderID); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1", orderID) // want `check-then-act on orders\.status: concurrent requests both act; run a conditional UPDATE \(AND status = <read>\) before the effect`
	return err
}

// The charge comes after the UPDATE: the fix gates it.
func (s *Store) MarkThenCharge(ctx context.Context, p Provider, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID); err != nil { // want `check-then-act on orders.status: .* make the UPDATE conditional`
		return err
	}
	return p.Charge(ctx, orderID)
}

// In a transaction the fix is FOR UPDATE on the SELECT, which holds the
// row from the read on: the charge after the check is gated too.
func (s *Store) ChargeInTx(ctx context.Context, p Provider, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	if err := p.Charge(ctx, orderID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID); err != nil { // want `check-then-act on orders.status: .* add FOR UPDATE to the SELECT`
		return err
	}
	return tx.Commit()
}
