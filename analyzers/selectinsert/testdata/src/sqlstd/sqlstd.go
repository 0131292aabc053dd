// Package sqlstd holds selectinsert fixtures for database/sql.
package sqlstd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

type Provider interface {
	Charge(ctx context.Context, key string, amount int64) (string, error)
	Refund(ctx context.Context, chargeID string) error
}

type Mailer interface {
	Send(ctx context.Context, to, body string) error
}

type Service struct {
	db       *sql.DB
	provider Provider
	mailer   Mailer
}

var ErrConflict = errors.New("conflict")

const paymentsTable = "payments"

// ---- read-then-create: firing shapes ----

// The textbook shape: errors.Is(err, sql.ErrNoRows) guards the charge and the insert.
func (s *Service) PayErrorsIs(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
		return err
	}
	return err
}

// Early returns: the found row returns first, other errors next; the rest is the not-found path.
func (s *Service) PayEarlyReturn(ctx context.Context, key string, amount int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM payments WHERE idempotency_key = $1`, key).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if _, err := s.provider.Charge(ctx, key, amount); err != nil {
		return 0, err
	}
	err = s.db.QueryRowContext(ctx, `INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) RETURNING id`, key, amount).Scan(&id) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return id, err
}

// err == sql.ErrNoRows, the old comparison, inside an err != nil block.
func (s *Service) PayNestedCompare(ctx context.Context, key string, amount int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM payments WHERE idempotency_key = ?", key).Scan(&status); err != nil {
		if err != sql.ErrNoRows {
			return err
		}
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount, status) VALUES (?, ?, 'paid')", key, amount); err != nil { // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
			return err
		}
	}
	return nil
}

// COUNT(*) > 0 returns; the webhook is then handled and recorded.
func (s *Service) HandleWebhookCount(ctx context.Context, eventID, email string) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM processed_events WHERE event_id = $1", eventID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if err := s.mailer.Send(ctx, email, "your order shipped"); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO processed_events (event_id) VALUES ($1)", eventID) // want `read of processed_events then insert into processed_events on not-found is a race: the effect runs twice; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

// SELECT EXISTS(...) into a bool.
func (s *Service) HandleWebhookExists(ctx context.Context, eventID string) error {
	var seen bool
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM processed_events WHERE event_id = $1)", eventID).Scan(&seen)
	if err != nil {
		return err
	}
	if !seen {
		resp, err := http.Post("https://fulfilment.internal/ship", "application/json", strings.NewReader(eventID))
		if err != nil {
			return err
		}
		resp.Body.Close()
		_, err = s.db.ExecContext(ctx, "INSERT INTO processed_events (event_id) VALUES ($1)", eventID) // want `read of processed_events then insert into processed_events on not-found is a race: the effect runs twice; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
		return err
	}
	return nil
}

// A switch on the error.
func (s *Service) PaySwitch(ctx context.Context, key string, amount int64) error {
	var id int64
	row := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1 AND merchant_id = $2", key, 7)
	switch err := row.Scan(&id); {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, merchant_id, amount) VALUES ($1, $2, $3)", key, 7, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
		return err
	default:
		return err
	}
}

const selectPayment = "SELECT id FROM " + paymentsTable + " WHERE idempotency_key = $1"

// SQL in consts and fmt.Sprintf.
func (s *Service) PayConstSprintf(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, selectPayment, key).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil {
		return nil
	}
	chargeID, err := s.provider.Charge(ctx, key, amount)
	if err != nil {
		return err
	}
	q := fmt.Sprintf("INSERT INTO %s (idempotency_key, charge_id) VALUES ($1, $2)", paymentsTable)
	_, err = s.db.ExecContext(ctx, q, key, chargeID) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

// A transaction does not help: the charge is outside the database.
func (s *Service) PayInTx(ctx context.Context, key string, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount); err != nil { // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
			return err
		}
	} else if err != nil {
		return err
	}
	return tx.Commit()
}

// A write to another table outside any transaction is a side effect too.
func (s *Service) GrantCredits(ctx context.Context, key string, userID int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM credit_grants WHERE grant_key = $1", key).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE accounts SET credits = credits + 100 WHERE user_id = $1", userID); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO credit_grants (grant_key, user_id) VALUES ($1, $2)", key, userID) // want `read of credit_grants then insert into credit_grants on not-found is a race: both requests update accounts; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

// ---- check-then-act: firing shapes ----

// Status read, checked, then overwritten by id.
func (s *Service) CapturePending(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	if _, err := s.provider.Charge(ctx, fmt.Sprint(orderID), 100); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID) // want `check-then-act on orders\.status: concurrent requests both act; run a conditional UPDATE \(AND status = <read>\) before the effect`
	return err
}

// Stock read, checked, then decremented: two buyers take the last item.
func (s *Service) Reserve(ctx context.Context, productID int64, qty int) error {
	var stock int
	if err := s.db.QueryRowContext(ctx, "SELECT stock FROM products WHERE id = $1", productID).Scan(&stock); err != nil {
		return err
	}
	if stock < qty {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE products SET stock = stock - $1 WHERE id = $2", qty, productID) // want `check-then-act on products.stock`
	return err
}

// A coupon's used flag, checked inside the if.
func (s *Service) Redeem(ctx context.Context, code string, userID int64) error {
	var used bool
	var discount int
	err := s.db.QueryRowContext(ctx, "SELECT used, discount FROM coupons WHERE code = $1", code).Scan(&used, &discount)
	if err != nil {
		return err
	}
	if !used {
		_, err = s.db.ExecContext(ctx, "UPDATE coupons SET used = TRUE, used_by = $2 WHERE code = $1", code, userID) // want `check-then-act on coupons.used`
		return err
	}
	return ErrConflict
}

// A transaction without FOR UPDATE: READ COMMITTED lets both transactions read 'pending'.
func (s *Service) ShipInTx(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var state string
	if err := tx.QueryRowContext(ctx, "SELECT state FROM shipments WHERE order_id = $1", orderID).Scan(&state); err != nil {
		return err
	}
	switch state {
	case "shipped", "delivered":
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE shipments SET state = 'shipped' WHERE order_id = $1", orderID); err != nil { // want `check-then-act on shipments.state: .* add FOR UPDATE to the SELECT`
		return err
	}
	return tx.Commit()
}

// An in-progress idempotency record: the provider is called again.
func (s *Service) ResumeIdempotent(ctx context.Context, key string) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM idempotency_keys WHERE key = $1", key).Scan(&status); err != nil {
		return err
	}
	if status == "done" {
		return nil
	}
	if _, err := s.provider.Charge(ctx, key, 100); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE idempotency_keys SET status = 'done' WHERE key = $1", key) // want `check-then-act on idempotency_keys.status`
	return err
}

// ---- FOR UPDATE outside a transaction ----

func (s *Service) LockNothing(ctx context.Context, orderID int64) (string, error) {
	var status string
	err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1 FOR UPDATE", orderID).Scan(&status) // want `SELECT \.\.\. FOR UPDATE on orders runs outside a transaction`
	return status, err
}

// The Scan inline in errors.Is.
func (s *Service) PayInlineScan(ctx context.Context, key string, amount int64) error {
	var id int64
	if !errors.Is(s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id), sql.ErrNoRows) {
		return nil
	}
	if _, err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

type commenter struct {
	ID    int64
	Email string
}

func scanCommenter(row *sql.Row, c *commenter) error {
	return row.Scan(&c.ID, &c.Email)
}

// The row is scanned by a package-local helper; a ledger insert is the effect.
func (s *Service) Welcome(ctx context.Context, email string) error {
	row := s.db.QueryRowContext(ctx, "SELECT id, email FROM commenters WHERE email = $1", email)
	var c commenter
	if err := scanCommenter(row, &c); err == nil {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO ledger_entries (email, amount) VALUES ($1, 500)", email); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO commenters (email) VALUES ($1)", email) // want `read of commenters then insert into commenters on not-found is a race: the effect runs twice; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

// Query and rows.Next() as the found-bool.
func (s *Service) ReserveTopic(ctx context.Context, topic string, userID int64) error {
	rows, err := s.db.QueryContext(ctx, "SELECT user_id FROM reservations WHERE topic = $1", topic)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return ErrConflict
	}
	if err := s.mailer.Send(ctx, "owner@example.com", "reserved "+topic); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO reservations (topic, user_id) VALUES ($1, $2)", topic, userID) // want `read of reservations then insert into reservations on not-found is a race: both requests call mailer\.Send; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}
