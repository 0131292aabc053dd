// Package sqlfix holds database/sql gates with fixes.
package sqlfix

import (
	"context"
	"database/sql"
)

type Event struct {
	ID  string
	SKU string
	Qty int
}

// The blank result, then an error check.
func Blank(ctx context.Context, tx *sql.Tx, ev Event) error { // want Blank:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The gate in an if's init.
func IfInit(ctx context.Context, tx *sql.Tx, ev Event) error { // want IfInit:"onconflict summary"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil { // want `discards its result`
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// In a loop a duplicate skips to the next event.
func Loop(ctx context.Context, tx *sql.Tx, evs []Event) error { // want Loop:"onconflict summary"
	for _, ev := range evs {
		_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
			return err
		}
	}
	return nil
}

// Several results, and names that are taken.
func Taken(ctx context.Context, tx *sql.Tx, ev Event) (int64, string, error) { // want Taken:"onconflict summary"
	res, n := "reserved", int64(0)
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		return 0, "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		return n, "", err
	}
	return n + 1, res, nil
}

// Named results and a shadowed err.
func Named(ctx context.Context, db *sql.DB, ev Event) (reserved int, err error) { // want Named:"onconflict summary"
	if ev.Qty > 0 {
		_, err := db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
		if err != nil {
			return 0, err
		}
		_, err = db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
		if err != nil {
			return 0, err
		}
		reserved = ev.Qty
	}
	return reserved, nil
}

// The error is ignored: no mechanical fix.
func Ignored(ctx context.Context, db *sql.DB, ev Event) { // want Ignored:"onconflict summary"
	db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
}

// A function with an error named otherwise.
func OtherErrName(ctx context.Context, db *sql.DB, ev Event) error { // want OtherErrName:"onconflict summary"
	_, dbErr := db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if dbErr != nil {
		return dbErr
	}
	_, dbErr = db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return dbErr
}

// The result is kept, then only silenced with _ = res: nothing reads it.
func Silenced(ctx context.Context, db *sql.DB, ev Event) error { // want Silenced:"onconflict summary"
	res, err := db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `assigns its result to res and never reads it`
	if err != nil {
		return err
	}
	_ = res
	_, err = db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}
