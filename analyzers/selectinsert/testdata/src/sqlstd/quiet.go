package sqlstd

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"
)

// ---- near-misses: each must stay quiet ----

// The insert is the gate: ON CONFLICT DO NOTHING RETURNING, no row means a duplicate.
func (s *Service) PayInsertGate(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id", key, amount).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = s.provider.Charge(ctx, key, amount)
	return err
}

// Exec + RowsAffected gate.
func (s *Service) HandleWebhookGate(ctx context.Context, eventID, email string) error {
	res, err := s.db.ExecContext(ctx, "INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING", eventID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return s.mailer.Send(ctx, email, "your order shipped")
}

// A read first (to answer replays fast), then the atomic gate anyway.
func (s *Service) PayReadThenGate(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	err = s.db.QueryRowContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id", key, amount).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = s.provider.Charge(ctx, key, amount)
	return err
}

// FOR UPDATE in the same transaction before the write.
func (s *Service) CaptureLocked(ctx context.Context, orderID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1 FOR UPDATE", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID); err != nil {
		return err
	}
	return tx.Commit()
}

// Conditional UPDATE with the rows checked.
func (s *Service) CaptureConditional(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	res, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1 AND status = 'pending'", orderID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrConflict
	}
	_, err = s.provider.Charge(ctx, fmt.Sprint(orderID), 100)
	return err
}

// Stock decremented with the check in the WHERE.
func (s *Service) ReserveConditional(ctx context.Context, productID int64, qty int) error {
	var stock int
	if err := s.db.QueryRowContext(ctx, "SELECT stock FROM products WHERE id = $1", productID).Scan(&stock); err != nil {
		return err
	}
	if stock < qty {
		return ErrConflict
	}
	res, err := s.db.ExecContext(ctx, "UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1", qty, productID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// Optimistic locking: the version read is re-checked.
func (s *Service) CaptureVersioned(ctx context.Context, orderID int64) error {
	var status string
	var version int
	if err := s.db.QueryRowContext(ctx, "SELECT status, version FROM orders WHERE id = $1", orderID).Scan(&status, &version); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	res, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid', version = version + 1 WHERE id = $1 AND version = $2", orderID, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// SELECT then INSERT into a different table: an audit row.
func (s *Service) AuditView(ctx context.Context, key string, userID int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		log.Printf("payment %s not found", key)
		_, err = s.db.ExecContext(ctx, "INSERT INTO audit_log (user_id, action) VALUES ($1, 'lookup-miss')", userID)
		return err
	}
	return err
}

// Read-only: not found is an answer.
func (s *Service) GetPayment(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("payment %s: not found", key)
	}
	return id, err
}

// Insert first, unique-violation fallback reads the winner's row.
func (s *Service) PayInsertFirst(ctx context.Context, key string, amount int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) RETURNING id", key, amount).Scan(&id)
	if err != nil {
		var uv interface{ SQLState() string }
		if errors.As(err, &uv) && uv.SQLState() == "23505" {
			err = s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
			return id, err
		}
		return 0, err
	}
	_, err = s.provider.Charge(ctx, key, amount)
	return id, err
}

// An upsert that is the whole operation.
func (s *Service) TouchSession(ctx context.Context, sessionID string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO sessions (id, seen_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at", sessionID)
	return err
}

// SERIALIZABLE with a 40001 retry loop.
func (s *Service) PaySerializable(ctx context.Context, key string, amount int64) error {
	for attempt := 0; attempt < 3; attempt++ {
		err := s.paySerializableOnce(ctx, key, amount)
		var st interface{ SQLState() string }
		if errors.As(err, &st) && st.SQLState() == "40001" {
			continue
		}
		return err
	}
	return ErrConflict
}

func (s *Service) paySerializableOnce(ctx context.Context, key string, amount int64) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", key).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", key); err != nil {
		return err
	}
	return tx.Commit()
}

// pg_advisory_xact_lock on the key, held around the pair.
func (s *Service) PayAdvisory(ctx context.Context, key string, amount int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", key); err != nil {
		return err
	}
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, key, amount); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Get-or-create of a reference row, no side effect: a duplicate insert fails on the unique key.
func (s *Service) TagID(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM tags WHERE name = $1", name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.QueryRowContext(ctx, "INSERT INTO tags (name) VALUES ($1) RETURNING id", name).Scan(&id)
	}
	return id, err
}

// A read that is not by key (a range), then an insert.
func (s *Service) DailyReport(ctx context.Context, day time.Time) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM reports WHERE created_at >= $1", day).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if err := s.mailer.Send(ctx, "ops@example.com", "report"); err != nil {
			return err
		}
		_, err := s.db.ExecContext(ctx, "INSERT INTO reports (created_at) VALUES ($1)", day)
		return err
	}
	return nil
}

// The insert comes first on the not-found path and its error stops the side effect: the unique key is the gate.
func (s *Service) PayInsertThenCharge(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO payments (idempotency_key, amount, status) VALUES ($1, $2, 'pending')", key, amount); err != nil {
		return err
	}
	_, err = s.provider.Charge(ctx, key, amount)
	return err
}

// The status of one table is checked, another table is updated.
func (s *Service) NoteOnOrder(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status != "pending" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE order_notes SET status = 'seen' WHERE order_id = $1", orderID)
	return err
}

// The status is checked, but the update sets another column.
func (s *Service) TouchOrder(ctx context.Context, orderID int64) error {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return err
	}
	if status == "archived" {
		return ErrConflict
	}
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET viewed_at = now() WHERE id = $1", orderID)
	return err
}

// The status is read but no branch depends on it.
func (s *Service) MarkPaidUnconditionally(ctx context.Context, orderID int64) (string, error) {
	var status string
	if err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status); err != nil {
		return "", err
	}
	log.Printf("order %d was %s", orderID, status)
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", orderID)
	return status, err
}

// FOR UPDATE on a transaction: the lock is real.
func (s *Service) LockInTx(ctx context.Context, orderID int64) (string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var status string
	if err := tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1 FOR UPDATE", orderID).Scan(&status); err != nil {
		return "", err
	}
	return status, tx.Commit()
}

// A different key: the read looks up the customer, the insert creates an order.
func (s *Service) FirstOrder(ctx context.Context, customerID int64, amount int64) error {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM payments WHERE customer_id = $1", customerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.provider.Charge(ctx, fmt.Sprint(customerID), amount); err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, "INSERT INTO payments (order_ref, amount) VALUES ($1, $2)", "welcome", amount)
		return err
	}
	return err
}

// A list read in a rows.Next() loop, then an insert: not a lookup.
func (s *Service) CopyTopics(ctx context.Context, userID int64) error {
	rows, err := s.db.QueryContext(ctx, "SELECT topic FROM reservations WHERE user_id = $1", userID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var topic string
		if err := rows.Scan(&topic); err != nil {
			return err
		}
		if err := s.mailer.Send(ctx, "owner@example.com", topic); err != nil {
			return err
		}
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO reservations (topic, user_id) VALUES ('all', $1)", userID)
	return err
}
