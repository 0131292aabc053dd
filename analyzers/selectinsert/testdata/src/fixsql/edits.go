package fixsql

import (
	"context"
	"database/sql"
	"fmt"
)

// The SQL ends in a line comment: FOR UPDATE goes before it, not into it.
func (s *Store) ShipCommented(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM orders WHERE id = $1 -- by primary key`, orderID).Scan(&status); err != nil {
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

// A block comment and a newline escape after the statement.
func (s *Store) PackCommented(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1 /* pk */\n", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "paid" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'packed' WHERE id = $1", orderID); err != nil { // want `check-then-act on orders.status: .* add FOR UPDATE to the SELECT`
		return err
	}
	return tx.Commit()
}

// A raw string over several lines whose last line is a comment, and a
// placeholder in the comment that is not one.
func (s *Store) CaptureCommented(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext( // want `check-then-act on orders.status: .* make the UPDATE conditional`
		ctx, `
		UPDATE orders SET status = 'paid'
		WHERE id = $1
		-- was: WHERE id = $1 AND shop = $2
	`, orderID)
	return err
}

// Concatenated literals: the condition goes into the last piece, before
// its comment.
func (s *Store) VoidConcat(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext( // want `check-then-act on orders.status: .* make the UPDATE conditional`
		ctx, "UPDATE orders SET status = 'void' "+
			"WHERE id = $1 /* one row */", orderID)
	return err
}

// Escapes before the insertion point: \t and \" in an interpreted string.
func (s *Store) HoldEscaped(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE \"orders\"\tSET status = 'held'\tWHERE id = $1\t-- hold\n", orderID) // want `check-then-act on orders.status: .* make the UPDATE conditional`
	return err
}

// No fix: the SQL is built at run time.
func (s *Store) ExpireBuilt(ctx context.Context, orderID int64, table string) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, fmt.Sprintf("UPDATE orders SET status = 'expired' WHERE id = $1 -- %s", table), orderID) // want `check-then-act on orders.status: .* make the UPDATE conditional`
	return err
}

// No fix: two statements in one text.
func (s *Store) CloseTwice(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'closed' WHERE id = $1; UPDATE stats SET closed = closed + 1", orderID) // want `check-then-act on orders.status: .* make the UPDATE conditional`
	return err
}

// No fix: an UPDATE ... FROM, where a bare column may be ambiguous.
func (s *Store) SettleFrom(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'settled' FROM batches WHERE orders.batch_id = batches.id AND orders.id = $1", orderID) // want `check-then-act on orders.status: .* make the UPDATE conditional`
	return err
}

// No fix: a WITH query.
func (s *Store) ArchiveCTE(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "WITH x AS (SELECT 1) UPDATE orders SET status = 'archived' WHERE id = $1", orderID) // want `check-then-act on orders.status: .* make the UPDATE conditional`
	return err
}

// No FOR UPDATE: the SELECT joins another table (an outer join's nullable
// side cannot be locked).
func (s *Store) ShipJoined(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT o.status FROM orders o LEFT JOIN notes n ON n.order_id = o.id WHERE o.id = $1", orderID).Scan(&status); err != nil {
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

var _ *sql.DB
