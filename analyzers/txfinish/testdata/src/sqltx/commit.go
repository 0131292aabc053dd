package sqltx

import (
	"database/sql"
	"log"

	"github.com/jmoiron/sqlx"
)

func bare(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	tx.Commit() // want `Commit error dropped: a failed commit loses the writes while the caller sees success`
	return nil
}

func blank(db *sqlx.DB) {
	tx := db.MustBegin()
	defer tx.Rollback()
	tx.MustExec("UPDATE t SET x = 1")
	_ = tx.Commit() // want `Commit error dropped`
}

// commitParam drops the error of a transaction it was given.
func commitParam(tx *sql.Tx) {
	tx.Commit() // want `Commit error dropped`
}

func deferredCommit(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Commit() // want `deferred Commit commits on error paths too and its error is lost`
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

func deferredCommitLit(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err := tx.Commit(); err != nil { // want `deferred Commit commits on error paths too`
			log.Print(err)
		}
	}()
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

func deferredCommitBare(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		tx.Commit() // want `deferred Commit commits on error paths too`
	}()
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

// A guarded deferred Commit whose error is dropped.
func deferredGuardedDrop(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
			return
		}
		tx.Commit() // want `Commit error dropped`
	}()
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

func goCommit(tx *sql.Tx) {
	go tx.Commit() // want `Commit error dropped`
}

// INSERT ... RETURNING through QueryRow writes: its Commit error matters.
func returning(db *sql.DB) (int64, error) {
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRow("INSERT INTO t (x) VALUES (1) RETURNING id").Scan(&id); err != nil {
		return 0, err
	}
	tx.Commit() // want `Commit error dropped`
	return id, nil
}
