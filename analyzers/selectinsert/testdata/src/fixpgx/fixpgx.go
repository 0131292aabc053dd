// Package fixpgx holds selectinsert's suggested fixes for pgx v5.
package fixpgx

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var ErrConflict = errors.New("conflict")

type Store struct {
	pool *pgxpool.Pool
}

// BeginFunc: FOR UPDATE.
func (s *Store) Refund(ctx context.Context, paymentID int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, "SELECT status FROM payments WHERE id = $1", paymentID).Scan(&status); err != nil {
			return err
		}
		if status != "captured" {
			return ErrConflict
		}
		_, err := tx.Exec(ctx, "UPDATE payments SET status = 'refunding' WHERE id = $1", paymentID) // want `check-then-act on payments.status: .* add FOR UPDATE to the SELECT`
		return err
	})
}

// The pool: conditional UPDATE and a CommandTag gate.
func (s *Store) Withdraw(ctx context.Context, accountID int64, amount int64) (int64, error) {
	var balance int64
	if err := s.pool.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", accountID).Scan(&balance); err != nil {
		return 0, err
	}
	if balance < amount {
		return 0, ErrConflict
	}
	tag, err := s.pool.Exec(ctx, `UPDATE accounts SET balance = balance - $1 WHERE id = $2`, amount, accountID) // want `check-then-act on accounts.balance`
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}
