// Package store keeps wallets; its callers live in another package.
package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

type Wallets struct {
	Pool *pgxpool.Pool
}

// AddCredit adds to the balance: not idempotent.
func (w *Wallets) AddCredit(ctx context.Context, accountID, cents int64) error { // want AddCredit:"onconflict summary"
	_, err := w.Pool.Exec(ctx, `UPDATE wallets SET balance_cents = balance_cents + $2 WHERE account_id = $1`, accountID, cents)
	return err
}

// SetPlan sets a value: running it twice does no harm.
func (w *Wallets) SetPlan(ctx context.Context, accountID int64, plan string) error {
	_, err := w.Pool.Exec(ctx, `UPDATE wallets SET plan = $2 WHERE account_id = $1`, accountID, plan)
	return err
}

// Balance only reads.
func (w *Wallets) Balance(ctx context.Context, accountID int64) (int64, error) {
	var b int64
	err := w.Pool.QueryRow(ctx, `SELECT balance_cents FROM wallets WHERE account_id = $1`, accountID).Scan(&b)
	return b, err
}

// StartFlusher starts a background worker: its UPDATE runs on a ticker,
// not for the call that starts it.
func (w *Wallets) StartFlusher(ctx context.Context) {
	go func() {
		for range time.Tick(time.Minute) {
			_, _ = w.Pool.Exec(ctx, `UPDATE wallets SET flushes = flushes + 1`)
		}
	}()
}

// CreditLater credits in a goroutine of its own: still once per call.
func (w *Wallets) CreditLater(ctx context.Context, accountID, cents int64) { // want CreditLater:"onconflict summary"
	go func() {
		_, _ = w.Pool.Exec(ctx, `UPDATE wallets SET balance_cents = balance_cents + $2 WHERE account_id = $1`, accountID, cents)
	}()
}
