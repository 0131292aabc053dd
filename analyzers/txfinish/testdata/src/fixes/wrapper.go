package fixes

import (
	"context"

	"example.com/dbx"
)

// A transaction wrapper of another package (fider's dbx.Trx): the fix defers
// its own Rollback, which after Commit does nothing.
func wrapperLeak(ctx context.Context, q string) error {
	trx, err := dbx.BeginTx(ctx) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if _, err := trx.Execute(q); err != nil {
		return err
	}
	return trx.Commit()
}
