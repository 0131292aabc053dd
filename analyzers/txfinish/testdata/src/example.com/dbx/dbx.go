// Package dbx is a transaction wrapper in the shape of fider's: Trx has its
// own Commit and Rollback, and MustCommit and MustRollback that panic on
// failure. Its callers live in another package.
package dbx

import (
	"context"
	"database/sql"
)

var conn *sql.DB

type Trx struct {
	tx *sql.Tx
}

func BeginTx(ctx context.Context) (*Trx, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Trx{tx: tx}, nil
}

func (trx *Trx) Execute(command string, args ...any) (int64, error) { // want Execute:"txfinish summary"
	res, err := trx.tx.Exec(command, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (trx *Trx) Commit() error { // want Commit:"txfinish summary"
	err := trx.tx.Commit()
	if err != nil && err != sql.ErrTxDone {
		return err
	}
	return nil
}

func (trx *Trx) MustCommit() { // want MustCommit:"txfinish summary"
	if err := trx.Commit(); err != nil {
		panic(err)
	}
}

func (trx *Trx) Rollback() error { // want Rollback:"txfinish summary"
	if trx.tx == nil {
		return nil
	}
	err := trx.tx.Rollback()
	if err != nil && err != sql.ErrTxDone {
		return err
	}
	return nil
}

func (trx *Trx) MustRollback() { // want MustRollback:"txfinish summary"
	if err := trx.Rollback(); err != nil {
		panic(err)
	}
}

// CommitIf finishes the transaction only when ok: on some paths.
func (trx *Trx) CommitIf(ok bool) error { // want CommitIf:"txfinish summary"
	if ok {
		return trx.Commit()
	}
	return nil
}

// Finish commits or rolls back by *errp: every path finishes tx.
func Finish(tx *sql.Tx, errp *error) { // want Finish:"txfinish summary"
	if *errp != nil {
		_ = tx.Rollback()
		return
	}
	*errp = tx.Commit()
}

// Insert uses the transaction it is lent.
func Insert(tx *sql.Tx, key string) error { // want Insert:"txfinish summary"
	_, err := tx.Exec("INSERT INTO kv (k) VALUES ($1)", key)
	return err
}

// Keep stores the transaction: its caller hands it off.
var kept []*sql.Tx

func Keep(tx *sql.Tx) { // want Keep:"txfinish summary"
	kept = append(kept, tx)
}
