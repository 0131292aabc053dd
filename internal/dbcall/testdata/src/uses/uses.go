package uses

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"gorm.io/gorm"
)

type holder struct {
	res sql.Result
	err error
}

func uses(ctx context.Context, db *sql.DB, p *pgxpool.Pool, g *gorm.DB) error {
	var h holder
	h.res, h.err = db.ExecContext(ctx, "DELETE FROM t") // want `sql exec ExecContext recv=db/db ctx=ctx q=lit args=0 dest=- table=t stmt=DELETE use=inline`

	if errors.Is((db.QueryRowContext(ctx, "SELECT 1").Scan()), sql.ErrNoRows) { // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=lit args=0 dest=- table=- stmt=SELECT use=scan`
		return nil
	}

	go db.ExecContext(ctx, "DELETE FROM t") // want `sql exec ExecContext recv=db/db ctx=ctx q=lit args=0 dest=- table=t stmt=DELETE use=res=_,err=_`

	var id int64
	switch err := p.QueryRow(ctx, "SELECT id FROM t").Scan(&id); { // want `pgx queryrow QueryRow recv=pool/p ctx=ctx q=lit args=0 dest=- table=t stmt=SELECT use=scan,err=err`
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	case err != nil:
		return err
	}

	tag, _ := p.Exec(ctx, "UPDATE t SET a = 1") // want `pgx exec Exec recv=pool/p ctx=ctx q=lit args=0 dest=- table=t stmt=UPDATE/set:a=1 use=res=tag,err=_`
	if tag.RowsAffected() == 0 {
		return nil
	}

	a, b := (g.Exec("DELETE FROM t").Error), 1 // want `gorm exec Exec recv=gorm/g ctx=- q=lit args=0 dest=- table=t stmt=DELETE use=gormerr,err=a`
	_, _ = a, b

	_ = g.Exec("DELETE FROM t").Error // want `gorm exec Exec recv=gorm/g ctx=- q=lit args=0 dest=- table=t stmt=DELETE use=gormerr,err=_`
	_ = g.Exec("DELETE FROM t")       // want `gorm exec Exec recv=gorm/g ctx=- q=lit args=0 dest=- table=t stmt=DELETE use=res=_,err=_`

	return use(db.QueryRowContext(ctx, "SELECT 1")) // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=lit args=0 dest=- table=- stmt=SELECT use=inline`
}

func use(*sql.Row) error { return nil }
