// Package sqlxpkg holds sqlx firing shapes and near-misses.
package sqlxpkg

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Event struct {
	ID     string `db:"event_id"`
	SKU    string `db:"sku"`
	Qty    int    `db:"qty"`
	Amount int64  `db:"amount"`
}

type Mailer interface {
	SendReceipt(ctx context.Context, to string) error
}

type Repo struct {
	db   *sqlx.DB
	mail Mailer
}

// MustExec panics on error; its result is dropped.
func (r *Repo) Reserve(tx *sqlx.Tx, ev Event) { // want Reserve:"onconflict summary"
	tx.MustExec(`INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `DO NOTHING insert into processed_events discards its result: UPDATE inventory \(reserved\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	tx.MustExec(`UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
}

// NamedExec with a struct argument, then an e-mail.
func (r *Repo) Receipt(ctx context.Context, ev Event, to string) error { // want Receipt:"onconflict summary"
	_, err := r.db.NamedExecContext(ctx, `INSERT INTO receipts_sent (event_id) VALUES (:event_id) ON CONFLICT DO NOTHING`, ev) // want `DO NOTHING insert into receipts_sent discards its result: r\.mail\.SendReceipt runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	return r.mail.SendReceipt(ctx, to)
}

// --- near-misses ---

func (r *Repo) ReserveChecked(tx *sqlx.Tx, ev Event) { // want ReserveChecked:"onconflict summary"
	res := tx.MustExec(`INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
	if n, _ := res.RowsAffected(); n == 0 {
		return
	}
	tx.MustExec(`UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
}

func (r *Repo) Upsert(ctx context.Context, ev Event, to string) error { // want Upsert:"onconflict summary"
	_, err := r.db.NamedExecContext(ctx, `INSERT INTO receipts_sent (event_id) VALUES (:event_id) ON CONFLICT (event_id) DO UPDATE SET event_id = EXCLUDED.event_id`, ev)
	if err != nil {
		return err
	}
	return r.mail.SendReceipt(ctx, to)
}
