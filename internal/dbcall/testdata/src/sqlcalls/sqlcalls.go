package sqlcalls

import (
	"context"
	"database/sql"
)

const getUser = "SELECT id, email FROM users WHERE id = $1"

type Repo struct {
	db *sql.DB
}

// embedded *sql.DB: promoted methods are still database/sql calls
type Store struct {
	*sql.DB
}

func dbMethods(ctx context.Context, db *sql.DB, id int64) error {
	rows, err := db.QueryContext(ctx, "SELECT id FROM users WHERE org = $1", id) // want `sql query QueryContext recv=db/db ctx=ctx q=lit args=1 dest=- table=users stmt=SELECT/where:org use=res=rows,err=err`
	if err != nil {
		return err
	}
	defer rows.Close()
	var email string
	err = db.QueryRowContext(ctx, getUser, id).Scan(&id, &email) // want `sql queryrow QueryRowContext recv=db/db ctx=ctx q=getUser args=1 dest=- table=users stmt=SELECT/where:id use=scan,err=err`
	if err != nil {
		return err
	}
	res, err := db.ExecContext(ctx, "UPDATE users SET email = $1 WHERE id = $2", email, id) // want `sql exec ExecContext recv=db/db ctx=ctx q=lit args=2 dest=- table=users stmt=UPDATE/where:id/set:email=D1 use=res=res,err=err`
	_ = res
	db.Exec("DELETE FROM sessions")      // want `sql exec Exec recv=db/db ctx=- q=lit args=0 dest=- table=sessions stmt=DELETE use=res=_,err=_`
	_ = db.QueryRow("SELECT 1")          // want `sql queryrow QueryRow recv=db/db ctx=- q=lit args=0 dest=- table=- stmt=SELECT use=res=_`
	r2, _ := db.Query("SELECT * FROM t") // want `sql query Query recv=db/db ctx=- q=lit args=0 dest=- table=t stmt=SELECT use=res=r2,err=_`
	_ = r2
	args := []any{1, 2}
	_, err = db.Exec("UPDATE t SET a = $1 WHERE b = $2", args...) // want `sql exec Exec recv=db/db ctx=- q=lit args=1... dest=- table=t stmt=UPDATE/where:b/set:a=D1 use=res=_,err=err`
	return db.PingContext(ctx)                                    // want `sql ping PingContext recv=db/db ctx=ctx q=- args=0 dest=- table=- use=ret`
}

func txMethods(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}) // want `sql begin BeginTx recv=db/db ctx=ctx q=- args=0 dest=- table=- use=res=tx,err=err`
	if err != nil {
		return err
	}
	defer tx.Rollback()                                                                // want `sql rollback Rollback recv=tx/tx ctx=- q=- args=0 dest=- table=- intx=BeginTx use=err=_`
	if _, err := tx.ExecContext(ctx, "INSERT INTO t (a) VALUES ($1)", 1); err != nil { // want `sql exec ExecContext recv=tx/tx ctx=ctx q=lit args=1 dest=- table=t intx=BeginTx stmt=INSERT use=res=_,err=err`
		return err
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO t (a) VALUES ($1)") // want `sql prepare PrepareContext recv=tx/tx ctx=ctx q=lit args=0 dest=- table=t intx=BeginTx stmt=INSERT use=res=stmt,err=err`
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx, 2); err != nil { // want `sql exec ExecContext recv=stmt/stmt ctx=ctx q=- args=1 dest=- table=t intx=BeginTx stmt=INSERT/prepared use=res=_,err=err`
		return err
	}
	tx2, _ := db.Begin() // want `sql begin Begin recv=db/db ctx=- q=- args=0 dest=- table=- use=res=tx2,err=_`
	_ = tx2
	return tx.Commit() // want `sql commit Commit recv=tx/tx ctx=- q=- args=0 dest=- table=- intx=BeginTx use=ret`
}

func connMethods(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var n int
	return conn.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n) // want `sql queryrow QueryRowContext recv=conn/conn ctx=ctx q=lit args=0 dest=- table=t stmt=SELECT use=scan,ret`
}

func (r *Repo) field(ctx context.Context, id int64) (sql.Result, error) {
	return r.db.ExecContext(ctx, "DELETE FROM t WHERE id = $1", id) // want `sql exec ExecContext recv=db/r.db ctx=ctx q=lit args=1 dest=- table=t stmt=DELETE/where:id use=ret`
}

func (s *Store) promoted(ctx context.Context) error {
	_, err := s.ExecContext(ctx, "DELETE FROM t") // want `sql exec ExecContext recv=db/s ctx=ctx q=lit args=0 dest=- table=t stmt=DELETE use=res=_,err=err`
	return err
}

// A var declaration receives the results too.
func varDecl(db *sql.DB) error {
	var res, err = db.Exec("DELETE FROM t") // want `sql exec Exec recv=db/db ctx=- q=lit args=0 dest=- table=t stmt=DELETE use=res=res,err=err`
	_ = res
	return err
}

// Calls inside closures are indexed as well.
func closure(ctx context.Context, db *sql.DB) func() error {
	return func() error {
		_, err := db.ExecContext(ctx, "DELETE FROM t") // want `sql exec ExecContext recv=db/db ctx=ctx q=lit args=0 dest=- table=t stmt=DELETE use=res=_,err=err`
		return err
	}
}

// store holds statements prepared once, in its constructor (dendrite's
// shape); the calls on them carry the prepared SQL, also when re-bound to
// a transaction.
type store struct {
	insertStmt *sql.Stmt
	selectStmt *sql.Stmt
	reused     *sql.Stmt
}

func newStore(db *sql.DB) (*store, error) {
	s := &store{}
	var err error
	if s.insertStmt, err = db.Prepare("INSERT INTO events (id) VALUES ($1)"); err != nil { // want `sql prepare Prepare recv=db/db ctx=- q=lit args=0 dest=- table=events stmt=INSERT use=err=err`
		return nil, err
	}
	s.selectStmt, err = db.Prepare("SELECT id FROM events WHERE id = $1") // want `sql prepare Prepare recv=db/db ctx=- q=lit args=0 dest=- table=events stmt=SELECT/where:id use=err=err`
	if err != nil {
		return nil, err
	}
	s.reused, _ = db.Prepare("SELECT 1")           // want `sql prepare Prepare recv=db/db ctx=- q=lit args=0 dest=- table=- stmt=SELECT use=err=_`
	s.reused, _ = db.Prepare("DELETE FROM events") // want `sql prepare Prepare recv=db/db ctx=- q=lit args=0 dest=- table=events stmt=DELETE use=err=_`
	return s, nil
}

func txStmt(tx *sql.Tx, st *sql.Stmt) *sql.Stmt { return tx.Stmt(st) }

func (s *store) use(ctx context.Context, db *sql.DB, id int) error {
	if _, err := s.insertStmt.ExecContext(ctx, id); err != nil { // want `sql exec ExecContext recv=stmt/s.insertStmt ctx=ctx q=- args=1 dest=- table=events stmt=INSERT/prepared use=res=_,err=err`
		return err
	}
	tx, err := db.BeginTx(ctx, nil) // want `sql begin BeginTx .*`
	if err != nil {
		return err
	}
	defer tx.Rollback() // want `sql rollback Rollback .*`
	var got int
	if err := tx.StmtContext(ctx, s.selectStmt).QueryRowContext(ctx, id).Scan(&got); err != nil { // want `sql queryrow QueryRowContext recv=stmt/tx.StmtContext# ctx=ctx q=- args=1 dest=- table=events intx=BeginTx stmt=SELECT/where:id/prepared use=scan,err=err`
		return err
	}
	if _, err := txStmt(tx, s.insertStmt).ExecContext(ctx, id); err != nil { // want `sql exec ExecContext recv=stmt/txStmt# ctx=ctx q=- args=1 dest=- table=events stmt=INSERT/prepared use=res=_,err=err`
		return err
	}
	if _, err := s.reused.ExecContext(ctx); err != nil { // want `sql exec ExecContext recv=stmt/s.reused ctx=ctx q=- args=0 dest=- table=- use=res=_,err=err`
		return err
	}
	return tx.Commit() // want `sql commit Commit .*`
}
