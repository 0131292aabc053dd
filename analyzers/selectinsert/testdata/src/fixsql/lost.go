package fixsql

import "context"

// The balance is read, the new one computed in Go and written back: two
// deposits both read 100 and one is lost. The fix moves the arithmetic into
// the statement.
func (s *Accounts) Deposit(ctx context.Context, accountID, amount int64) error {
	var balance int64
	if err := s.db.QueryRowContext(ctx, "SELECT balance FROM accounts WHERE id = $1", accountID).Scan(&balance); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE accounts SET balance = $1 WHERE id = $2", balance+amount, accountID) // want `lost update on accounts\.balance: the new value is computed from a read with no lock, so a concurrent write is overwritten; use SET balance = balance \+ \$n`
	return err
}

// A withdrawal through a struct read with sqlx: balance - amount.
func (s *Accounts) Withdraw(ctx context.Context, accountID, amount int64) error {
	var acct struct {
		ID      int64 `db:"id"`
		Balance int64 `db:"balance"`
	}
	if err := s.dbx.GetContext(ctx, &acct, "SELECT id, balance FROM accounts WHERE id = $1", accountID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE accounts SET balance = $2, updated_at = now() WHERE id = $1", accountID, acct.Balance-amount) // want `lost update on accounts\.balance: .*use SET balance = balance - \$n`
	return err
}
