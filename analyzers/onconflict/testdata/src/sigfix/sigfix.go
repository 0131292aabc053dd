// Package sigfix holds gates in functions with awkward signatures.
package sigfix

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

type Order struct {
	ID    string
	Total int64
}

type Event struct {
	ID  string
	SKU string
	Qty int
}

// A struct, a bool and an error.
func Struct(ctx context.Context, tx *sql.Tx, ev Event) (Order, bool, error) { // want Struct:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		return Order{}, false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		return Order{}, false, err
	}
	return Order{ID: ev.ID}, true, nil
}

// A type from another package.
func Time(ctx context.Context, tx *sql.Tx, ev Event) (time.Time, error) { // want Time:"onconflict summary"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil { // want `discards its result`
		return time.Time{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		return time.Time{}, err
	}
	return time.Now(), nil
}

// An HTTP handler literal: no results, and a bare return would answer an
// empty 200 the handler never chose: no fix.
func Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("id")
		_, err := db.ExecContext(r.Context(), `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id) // want `discards its result`
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if _, err := db.ExecContext(r.Context(), `UPDATE counters SET hits = hits + 1 WHERE id = 'webhooks'`); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// The last result is not an error: no fix.
func NotError(ctx context.Context, tx *sql.Tx, ev Event) bool { // want NotError:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		return false
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err == nil
}

// A write before the gate: an early return would drop it, so no fix.
func WriteBefore(ctx context.Context, tx *sql.Tx, ev Event) error { // want WriteBefore:"onconflict summary"
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (event_id) VALUES ($1)`, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The error check does not leave: reading the result after a failed
// insert would be wrong, so no fix.
func CheckDoesNotLeave(ctx context.Context, tx *sql.Tx, ev Event) error { // want CheckDoesNotLeave:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `discards its result`
	if err != nil {
		println("dedup insert failed:", err.Error())
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// A consumer with no results: a duplicate just returns.
func Consume(ctx context.Context, db *sql.DB, ev Event) { // want Consume:"onconflict summary"
	if _, err := db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil { // want `discards its result`
		println("dedup:", err.Error())
		return
	}
	if _, err := db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty); err != nil {
		println("reserve:", err.Error())
	}
}
