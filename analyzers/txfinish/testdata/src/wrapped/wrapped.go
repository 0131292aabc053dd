// Package wrapped calls the dbx wrapper of another package: its MustCommit
// and MustRollback finish the transaction, Execute and Insert borrow it.
package wrapped

import (
	"context"
	"database/sql"
	"errors"

	"example.com/dbx"
)

// The wrapper's Execute only borrows the transaction: the early return of
// its error leaves the transaction open (fider's migrate).
func migrate(ctx context.Context, q string) error {
	trx, err := dbx.BeginTx(ctx) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if _, err := trx.Execute(q); err != nil {
		return err
	}
	return trx.Commit()
}

// A deferred MustCommit finishes it on every path (fider's blob store).
func deferredMustCommit(ctx context.Context, key string) error {
	trx, err := dbx.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer trx.MustCommit()
	if _, err := trx.Execute("DELETE FROM blobs WHERE key = $1", key); err != nil {
		return err
	}
	return nil
}

// MustRollback on the error path, Commit on the other.
func mustRollback(ctx context.Context, next func() error) error {
	trx, err := dbx.BeginTx(ctx)
	if err != nil {
		return err
	}
	if err = next(); err != nil {
		trx.MustRollback()
		return err
	}
	if err = trx.Commit(); err != nil {
		trx.MustRollback()
		return err
	}
	return nil
}

// A method that commits only on some paths counts as finishing.
func commitIf(ctx context.Context, ok bool) error {
	trx, err := dbx.BeginTx(ctx)
	if err != nil {
		return err
	}
	return trx.CommitIf(ok)
}

// dbx.Finish finishes a *sql.Tx of this package on every path.
func finished(ctx context.Context, db *sql.DB) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer dbx.Finish(tx, &err)
	return dbx.Insert(tx, "a")
}

// dbx.Insert only borrows: the early return leaves the transaction open.
func borrowed(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if err := dbx.Insert(tx, "a"); err != nil {
		return err
	}
	return tx.Commit()
}

// dbx.Keep keeps it: handed off, quiet.
func handedOff(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	dbx.Keep(tx)
	return errors.New("kept")
}

type reqCtx struct{ vals map[string]any }

// reqCtx has a Commit and a Rollback of its own, so its methods carry
// summaries too.
func (c *reqCtx) Set(k string, v any) { c.vals[k] = v } // want Set:"txfinish summary"

func (c *reqCtx) Commit() error { return c.vals["trx"].(*dbx.Trx).Commit() } // want Commit:"txfinish summary"

func (c *reqCtx) Rollback() error { return c.vals["trx"].(*dbx.Trx).Rollback() } // want Rollback:"txfinish summary"

// The transaction is stored in the request's context, which commits or
// rolls it back; the function's own Rollback runs only on panics, so it
// does not keep ownership (fider's setup middleware).
func middleware(c *reqCtx, next func(*reqCtx) error) error {
	trx, err := dbx.BeginTx(context.Background())
	if err != nil {
		return err
	}
	c.Set("trx", trx)
	defer func() {
		if r := recover(); r != nil {
			trx.MustRollback()
			panic(r)
		}
	}()
	if err := next(c); err != nil {
		_ = c.Rollback()
		return err
	}
	return c.Commit()
}

// The same with the panic-only Rollback and no hand-off: the error return
// leaks.
func panicGuardOnly(next func() error) error {
	trx, err := dbx.BeginTx(context.Background()) // want `transaction may be left open`
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			trx.MustRollback()
			panic(r)
		}
	}()
	if err := next(); err != nil {
		return err
	}
	return trx.Commit()
}
