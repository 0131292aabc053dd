// Package fixsql holds selectinsert's suggested fixes for database/sql and sqlx.
package fixsql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
)

var ErrConflict = fmt.Errorf("conflict")

type Store struct {
	db  *sql.DB
	dbx *sqlx.DB
}

// In a transaction: FOR UPDATE is appended to the SELECT.
func (s *Store) ShipInTx(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM orders WHERE id = $1`, orderID).Scan(&status); err != nil {
		return err
	}
	if status != "paid" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'shipped' WHERE id = $1", orderID); err != nil { // want `check-then-act on orders.status: .* add FOR UPDATE to the SELECT`
		return err
	}
	return tx.Commit()
}

type Order struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
}

// sqlx, a struct read in a transaction, a trailing semicolon.
func (s *Store) CancelInTx(ctx context.Context, id int64) error {
	tx, err := s.dbx.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var o Order
	if err := tx.GetContext(ctx, &o, "SELECT id, status FROM orders WHERE id = $1;", id); err != nil {
		return err
	}
	if o.Status == "shipped" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1", id); err != nil { // want `check-then-act on orders.status: .* add FOR UPDATE to the SELECT`
		return err
	}
	return tx.Commit()
}

// No transaction: `_, err :=` then `return err`.
func (s *Store) Capture(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID) // want `check-then-act on orders.status: .* make the UPDATE conditional`
	return err
}

// No transaction: `if _, err := ...; err != nil { return ... }`, two results.
func (s *Store) Redeem(ctx context.Context, code string) (int, error) {
	var used bool
	var discount int
	if err := s.db.QueryRowContext(ctx, "SELECT used, discount FROM coupons WHERE code = ?", code).Scan(&used, &discount); err != nil {
		return 0, err
	}
	if used {
		return 0, ErrConflict
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE coupons SET used = TRUE WHERE code = ?", code); err != nil { // want `check-then-act on coupons.used`
		return 0, err
	}
	return discount, nil
}

// No transaction: `_, err = ...` followed by its error check; a struct field read.
func (s *Store) Approve(ctx context.Context, id int64) error {
	var o Order
	err := s.dbx.GetContext(ctx, &o, "SELECT id, status FROM refunds WHERE id = $1", id)
	if err != nil {
		return err
	}
	if o.Status != "requested" {
		return ErrConflict
	}
	_, err = s.dbx.ExecContext(ctx, "UPDATE refunds SET status = 'approved' WHERE id = $1", id) // want `check-then-act on refunds.status`
	if err != nil {
		return err
	}
	return nil
}

// No edit: the SQL is a constant shared with other code.
const updateStock = "UPDATE products SET stock = stock - $1 WHERE id = $2"

func (s *Store) Reserve(ctx context.Context, id int64, qty int) error {
	var stock int
	if err := s.db.QueryRowContext(ctx, "SELECT stock FROM products WHERE id = $1", id).Scan(&stock); err != nil {
		return err
	}
	if stock < qty {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, updateStock, qty, id) // want `check-then-act on products.stock`
	return err
}
