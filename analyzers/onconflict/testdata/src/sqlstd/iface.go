package sqlstd // want package:"onconflict hidden gates"

import (
	"context"
	"database/sql"
)

// EventLog is a repository interface with one implementation in the
// package: a call of Record is a call of (*eventLog).Record.
type EventLog interface {
	Record(ctx context.Context, tx *sql.Tx, id string) error // want Record:"onconflict hidden gate"
}

type eventLog struct{}

func (*eventLog) Record(ctx context.Context, tx *sql.Tx, id string) error { // want Record:"onconflict hidden gate"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id)
	return err
}

type Handler struct {
	log  EventLog
	twin Twin
}

func (h *Handler) Handle(ctx context.Context, tx *sql.Tx, ev Event) error { // want Handle:"onconflict summary"
	if err := h.log.Record(ctx, tx, ev.ID); err != nil { // want `h\.log\.Record runs the dedup insert and discards its result: UPDATE inventory \(reserved\) runs on duplicates too; have h\.log\.Record report whether it inserted`
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// Twin has two implementations, one of which gates nothing: which runs is
// decided elsewhere, so the call is not judged.
type Twin interface {
	Mark(ctx context.Context, tx *sql.Tx, id string) error
}

type twinA struct{}

func (twinA) Mark(ctx context.Context, tx *sql.Tx, id string) error { // want Mark:"onconflict hidden gate"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id)
	return err
}

type twinB struct{}

func (twinB) Mark(ctx context.Context, tx *sql.Tx, id string) error { return nil }

func (h *Handler) HandleTwin(ctx context.Context, tx *sql.Tx, ev Event) error { // want HandleTwin:"onconflict summary"
	if err := h.twin.Mark(ctx, tx, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// A once-per-slot scheduler: the runs row is all key, so it is a claim,
// whatever the table is called; the job runs for every duplicate too.
func (s *Store) RunSlot(ctx context.Context, name string, slot int64, job func(context.Context) error) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO runs (name, slot, started_at) VALUES ($1, $2, now()) ON CONFLICT (name, slot) DO NOTHING`, name, slot) // want `DO NOTHING insert into runs discards its result: the callback job runs on duplicates too`
	if err != nil {
		return err
	}
	return job(ctx)
}

// Quiet: a row with data beyond its key (ensure the user exists, then run
// the welcome hook for whoever exists) is not a claim by its shape alone.
func (s *Store) EnsureUser(ctx context.Context, email, name string, hook func(context.Context) error) error { // want EnsureUser:"onconflict hidden gate"
	_, err := s.db.ExecContext(ctx, `INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING`, email, name)
	if err != nil {
		return err
	}
	return hook(ctx)
}

// A statement prepared once in a constructor (dendrite's shape) is the
// dedup insert it was prepared from.
type prepared struct {
	markStmt *sql.Stmt
	pub      Publisher
}

func newPrepared(db *sql.DB, pub Publisher) (*prepared, error) {
	p := &prepared{pub: pub}
	var err error
	if p.markStmt, err = db.Prepare(`INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *prepared) Handle(ctx context.Context, ev Event) error { // want Handle:"onconflict summary"
	if _, err := p.markStmt.ExecContext(ctx, ev.ID); err != nil { // want `DO NOTHING insert into processed_events discards its result: p\.pub\.Publish runs on duplicates too`
		return err
	}
	return p.pub.Publish(ctx, "orders", []byte(ev.ID))
}

// RETURNING through Query, closed without reading a row: whether the
// insert won is never asked.
func (s *Store) QueryClosed(ctx context.Context, ev Event) error { // want QueryClosed:"onconflict summary"
	rows, err := s.db.QueryContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`, ev.ID) // want `processed_events reads no row of its RETURNING result: s\.pub\.Publish runs on duplicates too; return early unless rows\.Next\(\)`
	if err != nil {
		return err
	}
	rows.Close()
	return s.pub.Publish(ctx, "orders", []byte(ev.ID))
}

// Quiet: rows.Next() is the verdict.
func (s *Store) QueryNext(ctx context.Context, ev Event) error { // want QueryNext:"onconflict summary"
	rows, err := s.db.QueryContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`, ev.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		return rows.Err()
	}
	return s.pub.Publish(ctx, "orders", []byte(ev.ID))
}
