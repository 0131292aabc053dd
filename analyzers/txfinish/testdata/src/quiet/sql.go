package quiet

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"example.com/txlib"
	"github.com/jmoiron/sqlx"
)

var errBad = errors.New("bad")

// The idiom: a deferred Rollback right after the check (a no-op after Commit).
func deferRollback(ctx context.Context, db *sql.DB, bad bool) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if bad {
		return errBad
	}
	return tx.Commit()
}

func deferRollbackLit(db *sqlx.DB, bad bool) error {
	tx, err := db.Beginx()
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if bad {
		return errBad
	}
	return tx.Commit()
}

// A Rollback on every error path, no defer.
func everyPath(db *sql.DB, a, b string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(a); err != nil {
		tx.Rollback()
		return err
	}
	if _, err := tx.Exec(b); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			log.Print(rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}

// Commit and Rollback in one deferred closure, on a named result.
func deferredBoth(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err // assigns the named result: the deferred function sees it
	}
	return nil
}

// A committed flag.
func flag(db *sql.DB, bad bool) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
		}
	}()
	if bad {
		return errBad
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	committed = true
	return nil
}

// The recover guard and a Rollback on every error path.
func recoverGuard(db *sql.DB, bad bool) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if bad {
		_ = tx.Rollback()
		return errBad
	}
	return tx.Commit()
}

// finishTx finishes the transaction on every path.
func finishTx(tx *sql.Tx, err *error) {
	if p := recover(); p != nil {
		_ = tx.Rollback()
		panic(p)
	}
	if *err != nil {
		_ = tx.Rollback()
		return
	}
	*err = tx.Commit()
}

func withFinish(db *sql.DB, bad bool) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer finishTx(tx, &err)
	if bad {
		return errBad
	}
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

// rollbackOn rolls back when err is set; callers commit otherwise.
func rollbackOn(tx *sql.Tx, err error) error {
	if err != nil {
		_ = tx.Rollback()
	}
	return err
}

func withRollbackOn(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return rollbackOn(tx, err)
	}
	return tx.Commit()
}

// An outside helper that finishes the transaction.
func outsideFinish(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	_, err = tx.Exec("UPDATE t SET x = 1")
	return txlib.Finish(tx, err)
}

// inTx is the module's own callback helper.
func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	return fn(tx)
}

func useInTx(ctx context.Context, db *sql.DB) error {
	return inTx(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE t SET x = 1")
		return err
	})
}

// WithTx in the ent style: the callback's error decides.
func WithTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = fmt.Errorf("%w: rolling back: %v", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// Hand-offs: the caller owns the transaction.
func open(db *sql.DB) (*sql.Tx, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec("SET LOCAL lock_timeout = '1s'"); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}

type unit struct {
	tx *sqlx.Tx
}

func newUnit(db *sqlx.DB) (*unit, error) {
	tx, err := db.Beginx()
	if err != nil {
		return nil, err
	}
	return &unit{tx: tx}, nil
}

func (u *unit) start(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	u.tx = tx
	return nil
}

func send(db *sql.DB, ch chan<- *sql.Tx) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	ch <- tx
	return nil
}

func collect(db *sql.DB, txs []*sql.Tx, m map[string]*sql.Tx) ([]*sql.Tx, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	m["a"] = tx
	tx2, err := db.Begin()
	if err != nil {
		return nil, err
	}
	return append(txs, tx2), nil
}

// One transaction per iteration, finished in the iteration.
func perIteration(db *sql.DB, ids []int64) error {
	for _, id := range ids {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec("DELETE FROM t WHERE id = $1", id); err != nil {
			_ = tx.Rollback()
			continue
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// A tx variable declared first and a deferred guard registered before the Begin.
func declaredFirst(db *sql.DB, bad bool) error {
	var tx *sql.Tx
	defer func() {
		if tx != nil {
			_ = tx.Rollback()
		}
	}()
	var err error
	tx, err = db.Begin()
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit()
}

// The error test is not a nil comparison: which branch holds the
// transaction is not known.
func isFatal(err error) bool { return err != nil }

func unclear(db *sql.DB) error {
	tx, err := db.Begin()
	if isFatal(err) {
		return err
	}
	return tx.Commit()
}

// err != nil || tx == nil: both branches have no transaction.
func orNil(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil || tx == nil {
		return errBad
	}
	return tx.Commit()
}

// A cleanup closure.
func cleanup(db *sql.DB, a, b string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	fail := func(err error) error {
		_ = tx.Rollback()
		return err
	}
	if _, err := tx.Exec(a); err != nil {
		return fail(err)
	}
	if _, err := tx.Exec(b); err != nil {
		return fail(err)
	}
	return tx.Commit()
}

// Paths that end in a panic or log.Fatal end the process or unwind: not returns.
func panics(db *sql.DB, bad bool) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if bad {
		panic("bad")
	}
	if tx == nil {
		log.Fatal("no tx")
	}
	return tx.Commit()
}

// The Begin's error discarded: a deferred Rollback still covers every path.
func discarded(db *sql.DB) error {
	tx, _ := db.Begin()
	defer tx.Rollback()
	return tx.Commit()
}

// Checked and returned Commit errors.
func checked(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func returned(tx *sqlx.Tx) error { return tx.Commit() }

func assigned(tx *sql.Tx) (err error) {
	err = tx.Commit()
	return
}

// A dropped Rollback error is fine (errcheck's false positive).
func droppedRollback(tx *sql.Tx) {
	tx.Rollback()
	_ = tx.Rollback()
}

// A Commit on something that is not a transaction (no Rollback).
type offsets struct{}

func (offsets) Commit() error { return nil }

func notTx(o offsets) {
	o.Commit()
}

// A goroutine that owns the transaction.
func background(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	go func() {
		defer tx.Rollback()
		_, _ = tx.Exec("UPDATE t SET x = 1")
		_ = tx.Commit() // want `Commit error dropped`
	}()
	return nil
}

// The shadowing err is returned, but the guard is the named result: the
// return assigns it before the deferred function runs.
func namedGuard(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

// Passed as a value of type any: it may be kept anywhere.
func keep(v any) {}

func asAny(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	keep(tx)
	return nil
}

// Batches: the transaction is carried across iterations and committed
// every n rows; whether one is open depends on the counter.
func batches(db *sql.DB, rows <-chan string) error {
	var (
		tx  *sql.Tx
		err error
		cur int
	)
	for r := range rows {
		if cur == 0 {
			tx, err = db.Begin()
			if err != nil {
				return err
			}
		}
		if _, err := tx.Exec("INSERT INTO t (x) VALUES ($1)", r); err != nil {
			_ = tx.Rollback()
			return err
		}
		cur++
		if cur == 100 {
			if err := tx.Commit(); err != nil {
				return err
			}
			cur = 0
		}
	}
	if cur == 0 {
		return nil
	}
	return tx.Commit()
}

// The nil return comes after the Commit.
func nilAfterCommit(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err = tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	return nil
}

// A method value stands for the call it will make.
func methodValue(db *sql.DB, bad bool) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	rollback := tx.Rollback
	if bad {
		_ = rollback()
		return errBad
	}
	return tx.Commit()
}

func retryConn(fn func() error) error { return fn() }

// The Begin runs in a retried callback and assigns a variable of the
// enclosing function, which keeps the transaction after the literal returns.
func captured(db *sql.DB) (*sql.Tx, error) {
	var tx *sql.Tx
	err := retryConn(func() error {
		var err error
		tx, err = db.Begin()
		return err
	})
	return tx, err
}
