// Package pgxfix holds pgx gates with fixes.
package pgxfix

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

type Event struct {
	ID     string
	SKU    string
	Qty    int
	Amount int64
}

// err declared before: the fix declares tag with := and reuses err.
func Assign(ctx context.Context, conn *pgx.Conn, ev Event) error { // want Assign:"onconflict summary"
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Inside a BeginFunc callback.
func Callback(ctx context.Context, conn *pgx.Conn, ev Event) error { // want Callback:"onconflict summary"
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil { // want `discards its result`
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE balances SET cents = cents + $1 WHERE account = $2`, ev.Amount, ev.SKU)
		return err
	})
}

// A transaction begun without a deferred Rollback: an early return would
// leak it, so no fix.
func NoRollback(ctx context.Context, conn *pgx.Conn, ev Event) error { // want NoRollback:"onconflict summary"
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		tx.Rollback(ctx)
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

const claim = `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`

// RETURNING with the error handled as a failure; errors is not imported.
func Returning(ctx context.Context, tx pgx.Tx, ev Event) (string, error) { // want Returning:"onconflict summary"
	var id string
	err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id) // want `gives pgx\.ErrNoRows on a duplicate and err != nil makes it a failure`
	if err != nil {
		return "", fmt.Errorf("claim: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE balances SET cents = cents + $1 WHERE account = $2`, ev.Amount, ev.SKU); err != nil {
		return "", err
	}
	return id, nil
}

// RETURNING scanned in an if's init.
func ReturningIfInit(ctx context.Context, tx pgx.Tx, ev Event) error { // want ReturningIfInit:"onconflict summary"
	var id string
	if err := tx.QueryRow(ctx, claim, ev.ID).Scan(&id); err != nil { // want `gives pgx\.ErrNoRows on a duplicate and err != nil makes it a failure`
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE balances SET cents = cents + $1 WHERE account = $2`, ev.Amount, ev.SKU)
	return err
}
