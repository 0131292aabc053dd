//go:build go1.22

package plain

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgerrcode"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Issue 16, shape 5: a SERIALIZABLE transaction retried on every error. Its
// retry is for serialization failures (SQLSTATE 40001) and deadlocks
// (40P01); a constraint violation or a syntax error fails every time.

type ledger struct {
	db   *sql.DB
	pool *pgxpool.Pool
}

// transfer runs one serializable transaction (database/sql).
func (l *ledger) transfer(ctx context.Context, from, to string, amount int64) error {
	tx, err := l.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance - $1 WHERE id = $2`, amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET balance = balance + $1 WHERE id = $2`, amount, to); err != nil {
		return err
	}
	return tx.Commit()
}

// No wait at all: the usual shape of a transaction retry.
func (l *ledger) transferRetry(ctx context.Context, from, to string, amount int64) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = l.transfer(ctx, from, to, amount); err == nil { // want `retry loop around l\.transfer retries every error of a serializable transaction; retry only serialization failures and deadlocks \(SQLSTATE 40001, 40P01\)`
			return nil
		}
	}
	return err
}

// Inline pgx, options in a variable, a jittered wait: only the predicate
// is missing.
func (l *ledger) reserve(ctx context.Context, seat string) error {
	opts := pgx.TxOptions{IsoLevel: pgx.Serializable}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var tx pgx.Tx
		tx, err = l.pool.BeginTx(ctx, opts)
		if err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, `UPDATE seats SET taken = true WHERE id = $1 AND NOT taken`, seat); err != nil {
			tx.Rollback(ctx)
			time.Sleep(jittered(50 * time.Millisecond)) // want `retry loop around tx\.Exec retries every error of a serializable transaction; retry only serialization failures and deadlocks \(SQLSTATE 40001, 40P01\)`
			continue
		}
		if err = tx.Commit(ctx); err == nil {
			return nil
		}
		time.Sleep(jittered(50 * time.Millisecond))
	}
	return err
}

// SET TRANSACTION in a helper, retried forever with a fixed pause.
func (l *ledger) settle(ctx context.Context, id string) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE invoices SET settled = true WHERE id = $1`, id); err != nil {
		return err
	}
	return tx.Commit()
}

func (l *ledger) settleForever(ctx context.Context, id string) {
	for {
		err := l.settle(ctx, id)
		if err == nil {
			return
		}
		logf("settle %s: %v", id, err)
		time.Sleep(100 * time.Millisecond) // want `retry loop has no jitter, retries every transaction error, and has no attempt cap; add jitter \(rand\.N\), retry only SQLSTATE 40001/40P01, and bound the attempts`
	}
}

// pgx.BeginTxFunc with a literal: the transaction is the loop's operation.
func (l *ledger) bookAll(ctx context.Context, ids []string) error {
	var err error
	for i := 0; i < 3; i++ {
		err = pgx.BeginTxFunc(ctx, l.pool, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error { // want `retry loop around pgx\.BeginTxFunc retries every error of a serializable transaction; retry only serialization failures and deadlocks \(SQLSTATE 40001, 40P01\)`
			for _, id := range ids {
				if _, err := tx.Exec(ctx, `UPDATE rooms SET booked = true WHERE id = $1`, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			break
		}
	}
	return err
}

// Near miss: the loop retries only serialization failures (pgconn.PgError).
func (l *ledger) transferRetryPg(ctx context.Context, from, to string, amount int64) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = l.transfer(ctx, from, to, amount)
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "40001" && pgErr.Code != "40P01" {
			return err
		}
	}
	return err
}

// Near miss: the same with pgerrcode's constants and a jittered wait.
func (l *ledger) transferRetryCodes(ctx context.Context, from, to string, amount int64) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(jittered(10 * time.Millisecond << attempt))
		}
		err = l.transfer(ctx, from, to, amount)
		if err == nil {
			return nil
		}
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) {
			return err
		}
		switch pgErr.Code {
		case pgerrcode.SerializationFailure, pgerrcode.DeadlockDetected:
			continue
		}
		return err
	}
	return err
}

// Near miss: a classifier function.
func isSerializationFailure(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == pgerrcode.SerializationFailure
}

func (l *ledger) transferRetryClassifier(ctx context.Context, from, to string, amount int64) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = l.transfer(ctx, from, to, amount); err == nil || !isSerializationFailure(err) {
			return err
		}
	}
	return err
}

// Near miss: one serializable transaction per item; the loop goes round
// after a success (not a retry).
func (l *ledger) transferEach(ctx context.Context, moves [][2]string) error {
	for _, m := range moves {
		if err := l.transfer(ctx, m[0], m[1], 1); err != nil {
			logf("transfer %v: %v", m, err)
			continue
		}
	}
	return nil
}

// Near miss for the serializable finding: a read-committed transaction
// retried a bounded number of times is not told to retry only
// serialization failures (nothing says its errors are those). Retrying
// every error at once, with no wait, is still a retry with no wait.
func (l *ledger) touch(ctx context.Context, id string) error {
	tx, err := l.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE t SET at = now() WHERE id = $1`, id); err != nil {
		return err
	}
	return tx.Commit()
}

func (l *ledger) touchRetry(ctx context.Context, id string) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = l.touch(ctx, id); err == nil { // want `retry loop around l\.touch retries every error at once, with no wait between attempts`
			return nil
		}
	}
	return err
}

// Near miss for the serializable finding: the serializable helper retries
// serialization failures itself; the caller's retry is for something else
// (and, with no wait, a retry with no wait).
func (l *ledger) transferSafe(ctx context.Context, from, to string, amount int64) error {
	for {
		err := l.transfer(ctx, from, to, amount)
		if !isSerializationFailure(err) {
			return err
		}
	}
}

func (l *ledger) transferSafeRetry(ctx context.Context, from, to string, amount int64) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = l.transferSafe(ctx, from, to, amount); err == nil { // want `retry loop around l\.transferSafe retries every error at once, with no wait`
			return nil
		}
	}
	return err
}

// A range over a count is a retry too.
func (l *ledger) transferRange(ctx context.Context, from, to string, amount int64) (err error) {
	for range 3 {
		if err = l.transfer(ctx, from, to, amount); err == nil { // want `retry loop around l\.transfer retries every error of a serializable transaction; retry only serialization failures and deadlocks \(SQLSTATE 40001, 40P01\)`
			return nil
		}
	}
	return err
}

// Near miss: trying each shard in turn is a failover, not a retry of the
// same transaction.
func transferAnyShard(ctx context.Context, shards []*ledger, from, to string) error {
	var err error
	for _, sh := range shards {
		if err = sh.transfer(ctx, from, to, 1); err == nil {
			return nil
		}
	}
	return err
}
