// Package sqlsources holds dedup inserts whose SQL is not written at the
// call site: embedded .sql files, named queries loaded from a file, and
// squirrel builders.
package sqlsources

import (
	"context"
	"database/sql"
	_ "embed"

	sq "github.com/Masterminds/squirrel"
	"github.com/nleof/goyesql"
)

type Event struct {
	ID  string
	SKU string
	Qty int
}

//go:embed queries/mark_processed.sql
var markProcessed string

var deliveries = goyesql.MustParseFile("queries/deliveries.sql")

type Store struct {
	db      *sql.DB
	builder sq.StatementBuilderType
}

// The insert is an embedded file: its result is discarded.
func (s *Store) Reserve(ctx context.Context, tx *sql.Tx, ev Event) error { // want Reserve:"onconflict summary"
	_, err := tx.ExecContext(ctx, markProcessed, ev.ID) // want `DO NOTHING insert into processed_events discards its result: UPDATE inventory \(reserved\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The insert is a goyesql named query.
func (s *Store) Deliver(ctx context.Context, ev Event) error { // want Deliver:"onconflict summary"
	if _, err := s.db.ExecContext(ctx, string(deliveries["mark-delivery"]), ev.ID); err != nil { // want `DO NOTHING insert into webhook_deliveries discards its result: UPDATE inventory \(reserved\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The insert is a squirrel builder run through ToSql.
func (s *Store) ReserveBuilt(ctx context.Context, ev Event) error { // want ReserveBuilt:"onconflict summary"
	q, args, err := s.builder.Insert("processed_events").Columns("event_id").Values(ev.ID).Suffix("ON CONFLICT DO NOTHING").ToSql()
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil { // want `DO NOTHING insert into processed_events discards its result: UPDATE inventory \(reserved\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The insert is a squirrel builder that runs itself.
func (s *Store) ReserveRunner(ctx context.Context, tx *sql.Tx, ev Event) error { // want ReserveRunner:"onconflict summary"
	if _, err := sq.Insert("processed_events").Columns("event_id").Values(ev.ID).Suffix("ON CONFLICT DO NOTHING").PlaceholderFormat(sq.Dollar).RunWith(tx).ExecContext(ctx); err != nil { // want `DO NOTHING insert into processed_events discards its result: UPDATE inventory \(reserved\) runs on duplicates too`
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// --- near misses ---

// The embedded insert's result gates the update.
func (s *Store) ReserveChecked(ctx context.Context, tx *sql.Tx, ev Event) error { // want ReserveChecked:"onconflict summary"
	res, err := tx.ExecContext(ctx, markProcessed, ev.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// A named query that is a plain insert, and a name the file does not have:
// nothing to say.
func (s *Store) Plain(ctx context.Context, ev Event) error { // want Plain:"onconflict summary"
	if _, err := s.db.ExecContext(ctx, string(deliveries["plain-insert"]), ev.ID); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, string(deliveries["no-such-query"]), ev.ID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The ON CONFLICT suffix is added only sometimes: the statement is not known.
func (s *Store) MaybeDedup(ctx context.Context, ev Event, dedup bool) error { // want MaybeDedup:"onconflict summary"
	b := s.builder.Insert("processed_events").Columns("event_id").Values(ev.ID)
	if dedup {
		b = b.Suffix("ON CONFLICT DO NOTHING")
	}
	q, args, err := b.ToSql()
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}
