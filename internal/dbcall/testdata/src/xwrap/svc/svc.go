// Package svc calls the db package's wrappers with its own SQL.
package svc

import (
	"context"

	"xwrap/db"
)

const giftCardExists = `SELECT 1 FROM gift_cards WHERE purchase_id = $1`

func issue(ctx context.Context, d *db.DB, id int64) error {
	ok, err := d.Exists(ctx, giftCardExists, id) // want `sql queryrow QueryRowContext recv=db/d ctx=ctx q=giftCardExists args=1 dest=- table=gift_cards via=Exists stmt=SELECT/where:purchase_id use=res=ok,err=err`
	if err != nil || ok {
		return err
	}
	_, err = d.Exec(ctx, `INSERT INTO gift_cards (purchase_id) VALUES ($1)`, id) // want `sql exec ExecContext recv=db/d ctx=ctx q=lit args=1 dest=- table=gift_cards via=Exec stmt=INSERT use=res=_,err=err`
	return err
}
