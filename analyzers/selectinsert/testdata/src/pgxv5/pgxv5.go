// Package pgxv5 holds selectinsert fixtures for pgx v5.
package pgxv5

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Gateway interface {
	Capture(ctx context.Context, paymentID string) error
	Transfer(ctx context.Context, from, to string, amount int64) error
}

type Store struct {
	pool *pgxpool.Pool
	gw   Gateway
	hc   *http.Client
}

var ErrConflict = errors.New("conflict")

type Payment struct {
	ID     int64
	Key    string
	Status string
}

// ---- firing shapes ----

func (s *Store) Capture(ctx context.Context, key string) error {
	var id int64
	err := s.pool.QueryRow(ctx, "SELECT id FROM captures WHERE payment_key = $1", key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		if err := s.gw.Capture(ctx, key); err != nil {
			return err
		}
		_, err = s.pool.Exec(ctx, "INSERT INTO captures (payment_key) VALUES ($1)", key) // want `read of captures then insert into captures on not-found is a race: both requests call gw\.Capture; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
		return err
	}
	return err
}

// CollectOneRow over Query.
func (s *Store) TransferOnce(ctx context.Context, key, from, to string, amount int64) error {
	rows, err := s.pool.Query(ctx, "SELECT id, key, status FROM transfers WHERE key = $1", key)
	if err != nil {
		return err
	}
	_, err = pgx.CollectOneRow(rows, pgx.RowToStructByName[Payment])
	if err == nil {
		return nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if err := s.gw.Transfer(ctx, from, to, amount); err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, "INSERT INTO transfers (key, status) VALUES ($1, 'done')", key) // want `read of transfers then insert into transfers on not-found is a race: both requests call gw\.Transfer; gate on INSERT \.\.\. ON CONFLICT \(key\) DO NOTHING RETURNING`
	return err
}

// Inside pool.Begin: the HTTP call is outside the database, the transaction does not help.
func (s *Store) NotifyOnce(ctx context.Context, key string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var n int64
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM notifications WHERE dedup_key = $1", key).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		req, _ := http.NewRequestWithContext(ctx, "POST", "https://hooks.example.com", bytes.NewReader(nil))
		resp, err := s.hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if _, err := tx.Exec(ctx, "INSERT INTO notifications (dedup_key) VALUES ($1)", key); err != nil { // want `read of notifications then insert into notifications on not-found is a race: both requests call hc\.Do; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
			return err
		}
	}
	return tx.Commit(ctx)
}

// pgx.BeginFunc without FOR UPDATE.
func (s *Store) Refund(ctx context.Context, paymentID int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, "SELECT status FROM payments WHERE id = $1", paymentID).Scan(&status); err != nil {
			return err
		}
		if status != "captured" {
			return ErrConflict
		}
		_, err := tx.Exec(ctx, "UPDATE payments SET status = 'refunding' WHERE id = $1", paymentID) // want `check-then-act on payments.status: .* add FOR UPDATE to the SELECT`
		return err
	})
}

// Balance checked, then debited, on the pool.
func (s *Store) Withdraw(ctx context.Context, accountID int64, amount int64) error {
	var balance int64
	if err := s.pool.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", accountID).Scan(&balance); err != nil {
		return err
	}
	if balance < amount {
		return ErrConflict
	}
	tag, err := s.pool.Exec(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, accountID) // want `check-then-act on accounts.balance`
	if err != nil {
		return err
	}
	_ = tag
	return nil
}

// FOR UPDATE on the pool locks nothing.
func (s *Store) LockOnPool(ctx context.Context, id int64) error {
	var status string
	return s.pool.QueryRow(ctx, "SELECT status FROM payments WHERE id = $1 FOR UPDATE SKIP LOCKED", id).Scan(&status) // want `SELECT \.\.\. FOR UPDATE on payments runs outside a transaction`
}

// ---- near-misses ----

// The insert is the gate.
func (s *Store) CaptureGate(ctx context.Context, key string) error {
	var id int64
	err := s.pool.QueryRow(ctx, "INSERT INTO captures (payment_key) VALUES ($1) ON CONFLICT (payment_key) DO NOTHING RETURNING id", key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.gw.Capture(ctx, key)
}

// A CommandTag gate.
func (s *Store) CaptureTagGate(ctx context.Context, key string) error {
	tag, err := s.pool.Exec(ctx, "INSERT INTO captures (payment_key) VALUES ($1) ON CONFLICT DO NOTHING", key)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return nil
	}
	return s.gw.Capture(ctx, key)
}

// FOR UPDATE inside BeginFunc.
func (s *Store) RefundLocked(ctx context.Context, paymentID int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, "SELECT status FROM payments WHERE id = $1 FOR UPDATE", paymentID).Scan(&status); err != nil {
			return err
		}
		if status != "captured" {
			return ErrConflict
		}
		_, err := tx.Exec(ctx, "UPDATE payments SET status = 'refunding' WHERE id = $1", paymentID)
		return err
	})
}

// Conditional UPDATE with a CommandTag gate.
func (s *Store) WithdrawConditional(ctx context.Context, accountID int64, amount int64) error {
	var balance int64
	if err := s.pool.QueryRow(ctx, "SELECT balance FROM accounts WHERE id = $1", accountID).Scan(&balance); err != nil {
		return err
	}
	if balance < amount {
		return ErrConflict
	}
	tag, err := s.pool.Exec(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1", amount, accountID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return ErrConflict
	}
	return nil
}

// SERIALIZABLE, retried on 40001.
func (s *Store) CaptureSerializable(ctx context.Context, key string) error {
	for {
		err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			var status string
			if err := tx.QueryRow(ctx, "SELECT status FROM payments WHERE key = $1", key).Scan(&status); err != nil {
				return err
			}
			if status != "authorized" {
				return ErrConflict
			}
			_, err := tx.Exec(ctx, "UPDATE payments SET status = 'captured' WHERE key = $1", key)
			return err
		})
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "40001" {
			continue
		}
		return err
	}
}

// An advisory lock on the key, held to the end of the transaction.
func (s *Store) CaptureAdvisory(ctx context.Context, key string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key); err != nil {
		return err
	}
	var id int64
	err = tx.QueryRow(ctx, "SELECT id FROM captures WHERE payment_key = $1", key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		if err := s.gw.Capture(ctx, key); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO captures (payment_key) VALUES ($1)", key); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Insert first; on 23505 return the existing row.
func (s *Store) CaptureInsertFirst(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, "INSERT INTO captures (payment_key) VALUES ($1) RETURNING id", key).Scan(&id)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		err = s.pool.QueryRow(ctx, "SELECT id FROM captures WHERE payment_key = $1", key).Scan(&id)
		return id, err
	}
	if err != nil {
		return 0, err
	}
	return id, s.gw.Capture(ctx, key)
}

// Read-only lookup.
func (s *Store) Lookup(ctx context.Context, key string) (*Payment, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, key, status FROM payments WHERE key = $1", key)
	if err != nil {
		return nil, err
	}
	p, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Payment])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return p, err
}

// Not found goes to another table: an audit row.
func (s *Store) AuditMiss(ctx context.Context, key string) error {
	var id int64
	err := s.pool.QueryRow(ctx, "SELECT id FROM captures WHERE payment_key = $1", key).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = s.pool.Exec(ctx, "INSERT INTO capture_audit (payment_key, note) VALUES ($1, 'miss')", key)
	}
	return err
}

// ---- duplicate-insert ----

const pendingPayoutSQL = `SELECT id FROM withdrawals WHERE merchant_id = $1 AND status = 'pending'`

// A pending payout is looked for, then created: two requests both create
// one, and both are paid out later.
func (s *Store) RequestPayout(ctx context.Context, merchantID, amount int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, pendingPayoutSQL, merchantID).Scan(&id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO withdrawals (merchant_id, amount, status) VALUES ($1, $2, 'pending')`, merchantID, amount) // want `read of withdrawals then insert on not-found leaves duplicate rows: \(merchant_id\) with status = 'pending' is no unique key`
	return err
}

// The same with the insert as the gate (a partial unique index behind
// ON CONFLICT): quiet.
func (s *Store) RequestPayoutGate(ctx context.Context, merchantID, amount int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM payouts WHERE merchant_id = $1 AND status = 'pending'`, merchantID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = s.pool.Exec(ctx, `INSERT INTO payouts (merchant_id, amount, status) VALUES ($1, $2, 'pending') ON CONFLICT (merchant_id) WHERE status = 'pending' DO NOTHING`, merchantID, amount)
	}
	return err
}

// The package's ON CONFLICT (merchant_id) above needs a unique index on
// payouts (merchant_id): the plain insert here fails on a duplicate.
func (s *Store) RequestPayoutPlain(ctx context.Context, merchantID, amount int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM payouts WHERE merchant_id = $1 AND status = 'pending'`, merchantID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = s.pool.Exec(ctx, `INSERT INTO payouts (merchant_id, amount, status) VALUES ($1, $2, 'pending')`, merchantID, amount)
	}
	return err
}

// ---- capacity-check ----

// pgx: the count plus the new row against the plan's limit.
func (s *Store) AddSeat(ctx context.Context, orgID int64, email string, maxSeats int) error {
	var count int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM seats WHERE org_id = $1`, orgID).Scan(&count); err != nil {
		return err
	}
	if count+1 > maxSeats {
		return ErrConflict
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO seats (org_id, email) VALUES ($1, $2)`, orgID, email) // want `capacity check on seats is a race: COUNT\(\*\) compared with maxSeats`
	return err
}

// Elsewhere the package upserts on (merchant_id, status): a unique index
// on those columns exists, so the second insert of RequestRefund fails.
func (s *Store) TouchRefund(ctx context.Context, merchantID int64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO refund_requests (merchant_id, status) VALUES ($1, 'open') ON CONFLICT (merchant_id, status) DO NOTHING`, merchantID)
	return err
}

func (s *Store) RequestRefund(ctx context.Context, merchantID int64) error {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM refund_requests WHERE merchant_id = $1 AND status = $2`, merchantID, "open").Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = s.pool.Exec(ctx, `INSERT INTO refund_requests (merchant_id, status) VALUES ($1, 'open')`, merchantID)
	}
	return err
}

// TxRunner is a transaction helper whose serializable variant sets the
// level itself: the call site shows only its name.
type TxRunner interface {
	SerializableTx(ctx context.Context, fn func(pgx.Tx) error) error
	InTx(ctx context.Context, fn func(pgx.Tx) error) error
}

// Quiet: read-compute-write inside a helper named for a serializable
// transaction (a concurrent writer makes one of them fail and retry).
func SpendSerializable(ctx context.Context, db TxRunner, merchant, amount int64) error {
	return db.SerializableTx(ctx, func(tx pgx.Tx) error {
		var balance int64
		if err := tx.QueryRow(ctx, `SELECT balance FROM credits WHERE merchant_id = $1`, merchant).Scan(&balance); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE credits SET balance = $1 WHERE merchant_id = $2`, balance-amount, merchant)
		return err
	})
}

// The same in a plain helper: a lost update.
func SpendInTx(ctx context.Context, db TxRunner, merchant, amount int64) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		var balance int64
		if err := tx.QueryRow(ctx, `SELECT balance FROM credits WHERE merchant_id = $1`, merchant).Scan(&balance); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE credits SET balance = $1 WHERE merchant_id = $2`, balance-amount, merchant) // want `lost update on credits\.balance`
		return err
	})
}
