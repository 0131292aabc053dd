// Package sqlstd holds database/sql firing shapes and near-misses.
package sqlstd

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
	"strings"
)

type Event struct {
	ID     string
	SKU    string
	Qty    int
	Amount int64
	UserID int64
}

type Publisher interface {
	Publish(ctx context.Context, topic string, body []byte) error
}

type Store struct {
	db  *sql.DB
	pub Publisher
}

// --- firing shapes ---

// The classic: the result is discarded, only the error checked.
func (s *Store) ReserveDiscarded(ctx context.Context, tx *sql.Tx, ev Event) error { // want ReserveDiscarded:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, ev.ID) // want `DO NOTHING insert into processed_events discards its result: UPDATE inventory \(reserved\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// MySQL INSERT IGNORE as an expression statement, then a ledger insert.
func (s *Store) IgnoreThenLedger(ev Event) error { // want IgnoreThenLedger:"onconflict summary"
	s.db.Exec("INSERT IGNORE INTO processed_webhooks (webhook_id) VALUES (?)", ev.ID) // want `INSERT IGNORE into processed_webhooks discards its result: INSERT INTO ledger_entries runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	_, err := s.db.Exec("INSERT INTO ledger_entries (account_id, amount) VALUES (?, ?)", ev.UserID, ev.Amount)
	return err
}

// The row count is read but only logged.
func (s *Store) LoggedThenNotify(ctx context.Context, ev Event) error { // want LoggedThenNotify:"onconflict summary"
	res, err := s.db.ExecContext(ctx, `INSERT INTO deliveries (delivery_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `DO NOTHING insert into deliveries only logs its row count: http\.Post runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	log.Printf("recorded delivery %s: %d row(s)", ev.ID, n)
	resp, err := http.Post("https://hooks.example.com/notify", "application/json", strings.NewReader(ev.ID))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// SQLite INSERT OR IGNORE, then a publish on an interface field.
func (s *Store) OrIgnoreThenPublish(ctx context.Context, ev Event) error { // want OrIgnoreThenPublish:"onconflict summary"
	if _, err := s.db.ExecContext(ctx, "INSERT OR IGNORE INTO inbox (message_id) VALUES (?)", ev.ID); err != nil { // want `INSERT OR IGNORE into inbox discards its result: s\.pub\.Publish runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		return err
	}
	return s.pub.Publish(ctx, "orders", []byte(ev.ID))
}

const markSeen = "INSERT INTO seen_messages (message_id) VALUES ($1) " +
	"ON CONFLICT DO NOTHING"

// SQL in a concatenated const, the effect in a package helper.
func (s *Store) SeenThenCredit(ctx context.Context, tx *sql.Tx, ev Event) error { // want SeenThenCredit:"onconflict summary"
	if _, err := tx.ExecContext(ctx, markSeen, ev.ID); err != nil { // want `DO NOTHING insert into seen_messages discards its result: s\.credit runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		return err
	}
	return s.credit(ctx, tx, ev.UserID, ev.Amount)
}

func (s *Store) credit(ctx context.Context, tx *sql.Tx, user, amount int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance + $1 WHERE user_id = $2`, amount, user)
	return err
}

// A run-once helper that runs its callback whether or not it won.
func (s *Store) Once(ctx context.Context, key string, fn func(context.Context) error) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO once_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, key) // want `DO NOTHING insert into once_keys discards its result: the callback fn runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	return fn(ctx)
}

// Per-row dedup in a loop, then an accumulating upsert per row.
func (s *Store) Totals(ctx context.Context, tx *sql.Tx, evs []Event) error { // want Totals:"onconflict summary"
	for _, ev := range evs {
		_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `the dedup insert discards its result: the upsert into daily_totals that adds to amount runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO daily_totals (day, amount) VALUES (current_date, $1) ON CONFLICT (day) DO UPDATE SET amount = daily_totals.amount + EXCLUDED.amount`, ev.Amount)
		if err != nil {
			return err
		}
	}
	return nil
}

// An entity insert (no dedup naming) followed by an accumulating write:
// strong effects are reported after any dedup insert.
func (s *Store) SignupBonus(ctx context.Context, tx *sql.Tx, userID int64, email string) error { // want SignupBonus:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, userID, email) // want `DO NOTHING insert into users discards its result: UPDATE wallets \(credits\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE wallets SET credits = credits + 100 WHERE user_id = $1`, userID)
	return err
}

// The error is handled with a switch; the HTTP call is built as a POST.
func (s *Store) SwitchThenDo(ctx context.Context, ev Event) error { // want SwitchThenDo:"onconflict summary"
	_, err := s.db.ExecContext(ctx, `INSERT INTO webhook_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID) // want `DO NOTHING insert into webhook_events discards its result: http\.DefaultClient\.Do \(POST\) runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
	switch {
	case err != nil:
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.example.com/fulfil", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// --- near-misses ---

// Correct: the row count gates the rest.
func (s *Store) ReserveChecked(ctx context.Context, tx *sql.Tx, ev Event) error { // want ReserveChecked:"onconflict summary"
	res, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, ev.ID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// Correct: a switch on the row count.
func (s *Store) ReserveSwitch(ctx context.Context, tx *sql.Tx, ev Event) error { // want ReserveSwitch:"onconflict summary"
	res, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, ev.ID)
	if err != nil {
		return err
	}
	switch n, _ := res.RowsAffected(); n {
	case 0:
		return nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The result goes to the caller, who decides.
func (s *Store) MarkProcessed(ctx context.Context, tx *sql.Tx, id string) (sql.Result, error) {
	return tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id)
}

var errDuplicate = errors.New("duplicate")

// The result goes to a helper that checks it.
func (s *Store) ReserveViaHelper(ctx context.Context, tx *sql.Tx, ev Event) error { // want ReserveViaHelper:"onconflict summary"
	res, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
	if err != nil {
		return err
	}
	if err := mustHaveInserted(res); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

func mustHaveInserted(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errDuplicate
	}
	return nil
}

// DO UPDATE is an upsert, not a dedup gate.
func (s *Store) UpsertThenIncrement(ctx context.Context, tx *sql.Tx, ev Event) error { // want UpsertThenIncrement:"onconflict summary"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id, seen_at) VALUES ($1, now()) ON CONFLICT (event_id) DO UPDATE SET seen_at = EXCLUDED.seen_at`, ev.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// A bulk import: nothing per row after the insert; the notification after
// the loop is batch-level.
func (s *Store) Import(ctx context.Context, tx *sql.Tx, evs []Event) error { // want Import:"onconflict hidden gate" Import:"onconflict summary"
	for _, ev := range evs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (event_id, sku) VALUES ($1, $2) ON CONFLICT DO NOTHING`, ev.ID, ev.SKU); err != nil {
			return err
		}
	}
	return s.pub.Publish(ctx, "import-finished", nil)
}

// Ensure-exists, then an idempotent UPDATE (constants and parameters).
func (s *Store) EnsureThenSetStatus(ctx context.Context, tx *sql.Tx, ev Event) error { // want EnsureThenSetStatus:"onconflict hidden gate"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'paid', paid_at = now(), amount = $2 WHERE id = $1`, ev.SKU, ev.Amount)
	return err
}

// Ensure-exists, then another dedup insert and a DELETE: all idempotent.
func (s *Store) EnsureThenIdempotent(ctx context.Context, tx *sql.Tx, ev Event) error { // want EnsureThenIdempotent:"onconflict hidden gate"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_tags (order_id, tag) VALUES ($1, 'paid') ON CONFLICT DO NOTHING`, ev.SKU); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM carts WHERE user_id = $1`, ev.UserID)
	return err
}

// Ensure the counter row exists, then increment it: the same table.
func (s *Store) CountView(ctx context.Context, page string) error { // want CountView:"onconflict hidden gate" CountView:"onconflict summary"
	if _, err := s.db.ExecContext(ctx, `INSERT INTO page_views (page, views) VALUES ($1, 0) ON CONFLICT DO NOTHING`, page); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `UPDATE page_views SET views = views + 1 WHERE page = $1`, page)
	return err
}

// Get-or-create: the row is read back and used.
func (s *Store) TagPost(ctx context.Context, tx *sql.Tx, postID int64, tag string) error { // want TagPost:"onconflict hidden gate" TagPost:"onconflict summary"
	if _, err := tx.ExecContext(ctx, `INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, tag); err != nil {
		return err
	}
	var tagID int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM tags WHERE name = $1`, tag).Scan(&tagID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2)`, postID, tagID)
	return err
}

// Ensure a parent row, then insert a child: not a dedup record.
func (s *Store) PlaceOrder(ctx context.Context, tx *sql.Tx, userID int64, email string, total int64) error { // want PlaceOrder:"onconflict hidden gate" PlaceOrder:"onconflict summary"
	if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, email) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, userID, email); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO orders (customer_id, total) VALUES ($1, $2)`, userID, total)
	return err
}

// The only write after the gate is in the error branch.
func (s *Store) RecordFailure(ctx context.Context, ev Event) error { // want RecordFailure:"onconflict hidden gate"
	_, err := s.db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
	if err != nil {
		s.db.ExecContext(ctx, `UPDATE failure_counts SET n = n + 1 WHERE kind = 'dedup'`)
		return err
	}
	return nil
}

// Gating in SQL: the update runs only if the insert returned a row.
func (s *Store) GatedInSQL(ctx context.Context, ev Event) error { // want GatedInSQL:"onconflict summary"
	_, err := s.db.ExecContext(ctx, `WITH ins AS (INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id) UPDATE inventory SET reserved = reserved + $2 WHERE sku = $3 AND EXISTS (SELECT 1 FROM ins)`, ev.ID, ev.Qty, ev.SKU)
	return err
}

// The next insert carries the same key: a unique key on it makes it its
// own gate.
func (s *Store) SameKeyInsert(ctx context.Context, tx *sql.Tx, ev Event) error { // want SameKeyInsert:"onconflict hidden gate" SameKeyInsert:"onconflict summary"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO payments (event_id, amount) VALUES ($1, $2)`, ev.ID, ev.Amount)
	return err
}

// A state transition guarded by its own WHERE applies once.
func (s *Store) GuardedTransition(ctx context.Context, tx *sql.Tx, ev Event) error { // want GuardedTransition:"onconflict hidden gate"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'paid', paid_cents = paid_cents + $1 WHERE id = $2 AND status = 'pending'`, ev.Amount, ev.SKU)
	return err
}

// A conditional insert is its own gate.
func (s *Store) ConditionalInsert(ctx context.Context, tx *sql.Tx, ev Event) error { // want ConditionalInsert:"onconflict hidden gate"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (ref, amount) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM ledger_entries WHERE ref = $1)`, ev.ID, ev.Amount)
	return err
}

// Bumping a version column is not a business effect; a GET changes nothing.
func (s *Store) VersionAndGet(ctx context.Context, tx *sql.Tx, ev Event) error { // want VersionAndGet:"onconflict hidden gate"
	if _, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET version = version + 1 WHERE id = $1`, ev.SKU); err != nil {
		return err
	}
	resp, err := http.Get("https://api.example.com/orders/" + ev.SKU)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Everything after the gate is behind a return.
func (s *Store) ReturnsFirst(ctx context.Context, tx *sql.Tx, ev Event, dryRun bool) error { // want ReturnsFirst:"onconflict hidden gate"
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
	return err
}

// The inbox is marked done at the end; the effect in between is gated.
func (s *Store) InboxChecked(ctx context.Context, tx *sql.Tx, ev Event) error { // want InboxChecked:"onconflict summary"
	res, err := tx.ExecContext(ctx, `INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	if err := s.pub.Publish(ctx, "orders", []byte(ev.ID)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE inbox SET processed_at = now() WHERE message_id = $1`, ev.ID)
	return err
}

// recordEvent hides the verdict from its callers: it returns only an error.
func (s *Store) recordEvent(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id)
	return err
}

// The gate is in a helper that cannot say whether it won.
func (s *Store) HandleViaHelper(ctx context.Context, tx *sql.Tx, ev Event) error { // want HandleViaHelper:"onconflict summary"
	if err := s.recordEvent(ctx, tx, ev.ID); err != nil { // want `s\.recordEvent runs the dedup insert and discards its result: UPDATE inventory \(reserved\) runs on duplicates too; have s\.recordEvent report whether it inserted`
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1`, ev.SKU, ev.Qty)
	return err
}

// The same helper with nothing after it, and with an idempotent write after.
func (s *Store) RecordOnly(ctx context.Context, tx *sql.Tx, ev Event) error {
	if err := s.recordEvent(ctx, tx, ev.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'seen' WHERE id = $1`, ev.SKU)
	return err
}
