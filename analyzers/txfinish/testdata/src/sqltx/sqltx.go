package sqltx

import (
	"context"
	"database/sql"
	"errors"

	"example.com/txlib"
	"github.com/jmoiron/sqlx"
)

var errBad = errors.New("bad")

func early(ctx context.Context, db *sql.DB, bad bool) error {
	tx, err := db.BeginTx(ctx, nil) // want `transaction may be left open: a path returns without Commit or Rollback`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit()
}

// The early return of an inner error is the classic leak.
func innerErr(db *sql.DB) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE a SET x = 1"); err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE b SET x = 1"); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Falling off the end of a function without results.
func noResults(db *sql.DB, skip bool) {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return
	}
	if skip {
		return
	}
	if err := tx.Commit(); err != nil {
		println(err.Error())
	}
}

func conn(ctx context.Context, c *sql.Conn, bad bool) error {
	tx, err := c.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit()
}

func sqlxBeginx(db *sqlx.DB, names []string) error {
	tx, err := db.Beginx() // want `transaction may be left open`
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := tx.NamedExec("INSERT INTO t (name) VALUES (:name)", map[string]any{"name": n}); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func sqlxMust(ctx context.Context, db *sqlx.DB, bad bool) error {
	tx := db.MustBeginTx(ctx, nil) // want `transaction may be left open`
	if bad {
		return errBad
	}
	return tx.Commit()
}

func sqlxTxx(ctx context.Context, db *sqlx.DB, id int64) error {
	tx, err := db.BeginTxx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return err
	}
	var n int
	if err := tx.GetContext(ctx, &n, "SELECT n FROM t WHERE id = $1 FOR UPDATE", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE t SET n = $1 WHERE id = $2", n+1, id); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// The deferred Rollback comes after a statement that can return early.
func lateDefer(db *sql.DB) error {
	tx, err := db.Begin() // want `transaction left open on returns before its deferred Rollback is registered`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("LOCK TABLE t"); err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

// Lending the transaction to a function outside the package does not hand
// it off when this function commits it afterwards.
func lends(db *sql.DB, name string) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	if err := txlib.Insert(tx, name); err != nil {
		return err
	}
	if err := txlib.New(tx).Touch(); err != nil {
		return err
	}
	return tx.Commit()
}

// insert only uses the transaction.
func insert(tx *sql.Tx, name string) error {
	_, err := tx.Exec("INSERT INTO t (name) VALUES ($1)", name)
	return err
}

func localBorrow(db *sql.DB, name string) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	if err := insert(tx, name); err != nil {
		return err
	}
	return tx.Commit()
}

// One transaction per iteration, and continue skips its end.
func perIteration(db *sql.DB, ids []int64) error {
	for _, id := range ids {
		tx, err := db.Begin() // want `transaction may be left open`
		if err != nil {
			return err
		}
		if id == 0 {
			continue
		}
		if _, err := tx.Exec("DELETE FROM t WHERE id = $1", id); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Store wraps a database.
type Store struct{ db *sql.DB }

// begin is the package's own Begin wrapper: it hands the transaction to
// its caller, but leaks it when the setup statement fails.
func (s *Store) begin(ctx context.Context) (tx *sql.Tx, err error) {
	tx, err = s.db.BeginTx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return nil, err
	}
	if _, err = tx.ExecContext(ctx, "SET LOCAL lock_timeout = '1s'"); err != nil {
		return nil, err
	}
	return
}

func (s *Store) useWrapper(ctx context.Context, bad bool) error {
	tx, err := s.begin(ctx) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit()
}

// A switch case that forgets.
func cases(db *sql.DB, kind int) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	switch kind {
	case 0:
		return tx.Commit()
	case 1:
		return tx.Rollback()
	}
	return nil
}

// The variable is declared outside the loop but every iteration begins:
// one transaction per iteration, and continue skips its end.
func declaredOutside(db *sql.DB, ids []int64) error {
	var (
		tx  *sql.Tx
		err error
	)
	for _, id := range ids {
		tx, err = db.Begin() // want `transaction may be left open`
		if err != nil {
			return err
		}
		if id < 0 {
			continue
		}
		if _, err := tx.Exec("DELETE FROM t WHERE id = $1", id); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Falling off the end: the implicit return leaks.
func fallsOff(db *sql.DB, ok bool) {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return
	}
	if ok {
		if err := tx.Commit(); err != nil {
			println(err.Error())
		}
	}
}
