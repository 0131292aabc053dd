// Package db is a team's thin wrapper over database/sql.
package db

import (
	"context"
	"database/sql"
)

type DB struct{ sql *sql.DB }

func (d *DB) Exists(ctx context.Context, q string, args ...any) (bool, error) {
	var ok bool
	err := d.sql.QueryRowContext(ctx, "SELECT EXISTS ("+q+")", args...).Scan(&ok) // want `sql queryrow QueryRowContext recv=db/d.sql ctx=ctx q=lit_q_lit args=1... dest=- table=- stmt=SELECT/partial use=scan,err=err`
	return ok, err
}

func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, q, args...) // want `sql exec ExecContext recv=db/d.sql ctx=ctx q=q args=1... dest=- table=- use=ret`
}

// An unexported wrapper travels nowhere.
func (d *DB) exec(ctx context.Context, q string) error {
	_, err := d.sql.ExecContext(ctx, q) // want `sql exec ExecContext recv=db/d.sql ctx=ctx q=q args=0 dest=- table=- use=res=_,err=err`
	return err
}
