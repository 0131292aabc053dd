package sqlstd

import (
	"context"
	"database/sql"
	"errors"
)

// A transaction helper whose body the check cannot read (an interface, or
// another package's wrapper), handed the isolation level.
type TxRunner interface {
	InTx(ctx context.Context, opts *sql.TxOptions, fn func(*sql.Tx) error) error
}

type Ledger struct{ db TxRunner }

// Quiet: SERIALIZABLE aborts one of two concurrent updaters (40001).
func (l *Ledger) TransferSerializable(ctx context.Context, from, to, cents int64) error {
	return l.db.InTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}, func(tx *sql.Tx) error {
		var bal int64
		if err := tx.QueryRowContext(ctx, `SELECT balance_cents FROM accounts WHERE id = $1`, from).Scan(&bal); err != nil {
			return err
		}
		if bal < cents {
			return errors.New("insufficient funds")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = $2 WHERE id = $1`, from, bal-cents); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents + $2 WHERE id = $1`, to, cents)
		return err
	})
}

// The default isolation (READ COMMITTED) lets both read the old balance.
func (l *Ledger) TransferDefault(ctx context.Context, from, to, cents int64) error {
	return l.db.InTx(ctx, nil, func(tx *sql.Tx) error {
		var bal int64
		if err := tx.QueryRowContext(ctx, `SELECT balance_cents FROM accounts WHERE id = $1`, from).Scan(&bal); err != nil {
			return err
		}
		if bal < cents {
			return errors.New("insufficient funds")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = $2 WHERE id = $1`, from, bal-cents); err != nil { // want `check-then-act on accounts\.balance_cents`
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET balance_cents = balance_cents + $2 WHERE id = $1`, to, cents)
		return err
	})
}
