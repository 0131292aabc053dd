package sqlxcalls

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

type Payment struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
}

const byKey = `SELECT * FROM payments WHERE idempotency_key = ?`

func dbMethods(ctx context.Context, db *sqlx.DB, key string) error {
	var p Payment
	err := db.GetContext(ctx, &p, byKey, key) // want `sqlx get GetContext recv=db/db ctx=ctx q=byKey args=1 dest=&p table=payments stmt=SELECT/where:idempotency_key use=err=err`
	if err == sql.ErrNoRows {
		return nil
	}
	if err := db.Get(&p, "SELECT * FROM payments WHERE id = ?", 1); err != nil { // want `sqlx get Get recv=db/db ctx=- q=lit args=1 dest=&p table=payments stmt=SELECT/where:id use=err=err`
		return err
	}
	var ps []Payment
	if err := db.SelectContext(ctx, &ps, "SELECT * FROM payments"); err != nil { // want `sqlx select SelectContext recv=db/db ctx=ctx q=lit args=0 dest=&ps table=payments stmt=SELECT use=err=err`
		return err
	}
	_ = db.Select(&ps, "SELECT * FROM payments WHERE status = ?", "new")                       // want `sqlx select Select recv=db/db ctx=- q=lit args=1 dest=&ps table=payments stmt=SELECT/where:status use=err=_`
	res, err := db.NamedExecContext(ctx, "INSERT INTO payments (status) VALUES (:status)", &p) // want `sqlx exec NamedExecContext recv=db/db ctx=ctx q=lit args=1 dest=- table=payments stmt=INSERT use=res=res,err=err`
	_, _ = res, err
	_, _ = db.NamedExec("UPDATE payments SET status = :status WHERE id = :id", p) // want `sqlx exec NamedExec recv=db/db ctx=- q=lit args=1 dest=- table=payments stmt=UPDATE/where:id/set:status=:status use=res=_,err=_`
	db.MustExec("DELETE FROM payments WHERE id = ?", 1)                           // want `sqlx exec MustExec recv=db/db ctx=- q=lit args=1 dest=- table=payments stmt=DELETE/where:id use=res=_`
	db.MustExecContext(ctx, "DELETE FROM payments")                               // want `sqlx exec MustExecContext recv=db/db ctx=ctx q=lit args=0 dest=- table=payments stmt=DELETE use=res=_`
	row := db.QueryRowxContext(ctx, "SELECT * FROM payments WHERE id = ?", 1)     // want `sqlx queryrow QueryRowxContext recv=db/db ctx=ctx q=lit args=1 dest=- table=payments stmt=SELECT/where:id use=res=row`
	_ = row.StructScan(&p)
	if err := db.QueryRowx("SELECT * FROM payments").StructScan(&p); err != nil { // want `sqlx queryrow QueryRowx recv=db/db ctx=- q=lit args=0 dest=- table=payments stmt=SELECT use=scan,err=err`
		return err
	}
	rows, err := db.Queryx("SELECT * FROM payments") // want `sqlx query Queryx recv=db/db ctx=- q=lit args=0 dest=- table=payments stmt=SELECT use=res=rows,err=err`
	_, _ = rows, err
	nrows, err := db.NamedQuery("SELECT * FROM payments WHERE id = :id", map[string]any{"id": 1}) // want `sqlx query NamedQuery recv=db/db ctx=- q=lit args=1 dest=- table=payments stmt=SELECT/where:id use=res=nrows,err=err`
	_, _ = nrows, err
	// promoted *sql.DB methods through *sqlx.DB are sqlx calls
	_, err = db.ExecContext(ctx, "DELETE FROM payments WHERE id = ?", 1) // want `sqlx exec ExecContext recv=db/db ctx=ctx q=lit args=1 dest=- table=payments stmt=DELETE/where:id use=res=_,err=err`
	// Rebind and In are not DB calls; the Get that runs the result is
	q, args, err := sqlx.In("SELECT * FROM payments WHERE id IN (?)", []int{1, 2})
	if err != nil {
		return err
	}
	return db.Select(&ps, db.Rebind(q), args...) // want `sqlx select Select recv=db/db ctx=- q=db.Rebind# args=1... dest=&ps table=payments stmt=SELECT/where:id use=ret`
}

func txMethods(ctx context.Context, db *sqlx.DB) error {
	tx, err := db.BeginTxx(ctx, nil) // want `sqlx begin BeginTxx recv=db/db ctx=ctx q=- args=0 dest=- table=- use=res=tx,err=err`
	if err != nil {
		return err
	}
	defer tx.Rollback() // want `sqlx rollback Rollback recv=tx/tx ctx=- q=- args=0 dest=- table=- intx=BeginTxx use=err=_`
	var p Payment
	if err := tx.GetContext(ctx, &p, "SELECT * FROM payments WHERE id = ? FOR UPDATE", 1); err != nil { // want `sqlx get GetContext recv=tx/tx ctx=ctx q=lit args=1 dest=&p table=payments intx=BeginTxx stmt=SELECT/where:id/lock:forupdate use=err=err`
		return err
	}
	tx.MustExec("UPDATE payments SET status = 'paid' WHERE id = ?", p.ID) // want `sqlx exec MustExec recv=tx/tx ctx=- q=lit args=1 dest=- table=payments intx=BeginTxx stmt=UPDATE/where:id/set:status=paid use=res=_`
	mtx := db.MustBegin()                                                 // want `sqlx begin MustBegin recv=db/db ctx=- q=- args=0 dest=- table=- use=res=mtx`
	_ = mtx
	return tx.Commit() // want `sqlx commit Commit recv=tx/tx ctx=- q=- args=0 dest=- table=- intx=BeginTxx use=ret`
}

func stmts(ctx context.Context, db *sqlx.DB) error {
	st, err := db.PreparexContext(ctx, "SELECT * FROM payments WHERE id = ?") // want `sqlx prepare PreparexContext recv=db/db ctx=ctx q=lit args=0 dest=- table=payments stmt=SELECT/where:id use=res=st,err=err`
	if err != nil {
		return err
	}
	var p Payment
	if err := st.GetContext(ctx, &p, 1); err != nil { // want `sqlx get GetContext recv=stmt/st ctx=ctx q=- args=1 dest=&p table=payments stmt=SELECT/where:id/prepared use=err=err`
		return err
	}
	ns, err := db.PrepareNamed("SELECT * FROM payments WHERE id = :id") // want `sqlx prepare PrepareNamed recv=db/db ctx=- q=lit args=0 dest=- table=payments stmt=SELECT/where:id use=res=ns,err=err`
	if err != nil {
		return err
	}
	return ns.Get(&p, map[string]any{"id": 1}) // want `sqlx get Get recv=stmt/ns ctx=- q=- args=1 dest=&p table=payments stmt=SELECT/where:id/prepared use=ret`
}

func pkgFuncs(ctx context.Context, db *sqlx.DB, q sqlx.QueryerContext, e sqlx.Ext) error {
	var p Payment
	if err := sqlx.Get(db, &p, "SELECT * FROM payments WHERE id = ?", 1); err != nil { // want `sqlx get Get recv=db/db ctx=- q=lit args=1 dest=&p table=payments stmt=SELECT/where:id use=err=err`
		return err
	}
	if err := sqlx.GetContext(ctx, q, &p, byKey, "k"); err != nil { // want `sqlx get GetContext recv=iface/q ctx=ctx q=byKey args=1 dest=&p table=payments stmt=SELECT/where:idempotency_key use=err=err`
		return err
	}
	_, err := sqlx.NamedExec(e, "INSERT INTO payments (status) VALUES (:status)", p) // want `sqlx exec NamedExec recv=iface/e ctx=- q=lit args=1 dest=- table=payments stmt=INSERT use=res=_,err=err`
	return err
}

// sqlx interfaces are matched by shape; their database/sql-shaped methods are sqlx calls.
func ext(ctx context.Context, e sqlx.ExtContext) error {
	_, err := e.ExecContext(ctx, "DELETE FROM payments") // want `sqlx exec ExecContext recv=iface/e ctx=ctx q=lit args=0 dest=- table=payments stmt=DELETE use=res=_,err=err`
	return err
}

// Statements prepared into locals, then stored by a keyed struct literal.
type payoutStore struct {
	findStmt *sqlx.Stmt
}

func newPayoutStore(ctx context.Context, db *sqlx.DB) (*payoutStore, error) {
	find, err := db.PreparexContext(ctx, `SELECT id FROM payouts WHERE external_id = $1`) // want `sqlx prepare PreparexContext`
	if err != nil {
		return nil, err
	}
	return &payoutStore{findStmt: find}, nil
}

func (s *payoutStore) find(ctx context.Context, ext string) (int64, error) {
	var id int64
	err := s.findStmt.QueryRowxContext(ctx, ext).Scan(&id) // want `sqlx queryrow QueryRowxContext recv=stmt/s.findStmt ctx=ctx q=- args=1 dest=- table=payouts stmt=SELECT/where:external_id/prepared use=scan,err=err`
	return id, err
}
