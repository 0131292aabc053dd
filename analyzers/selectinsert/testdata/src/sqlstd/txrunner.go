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

// Quiet: the options are kept in a local first.
func (l *Ledger) AddDomain(ctx context.Context, accountID int64, host string, max int) error {
	opts := &sql.TxOptions{Isolation: sql.LevelSerializable}
	return l.db.InTx(ctx, opts, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM custom_domains WHERE account_id = $1`, accountID).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return errors.New("limit reached")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO custom_domains (account_id, host) VALUES ($1, $2)`, accountID, host)
		return err
	})
}

// A local that one path leaves at the default level: READ COMMITTED there.
func (l *Ledger) AddDomainMaybe(ctx context.Context, accountID int64, host string, max int, strict bool) error {
	opts := &sql.TxOptions{Isolation: sql.LevelSerializable}
	if !strict {
		opts = &sql.TxOptions{}
	}
	return l.db.InTx(ctx, opts, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM custom_domains WHERE account_id = $1`, accountID).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return errors.New("limit reached")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO custom_domains (account_id, host) VALUES ($1, $2)`, accountID, host) // want `capacity check on custom_domains is a race`
		return err
	})
}
