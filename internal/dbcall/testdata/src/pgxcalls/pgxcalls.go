package pgxcalls

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Service struct {
	pool *pgxpool.Pool
}

func pool(ctx context.Context, p *pgxpool.Pool, key string) error {
	tag, err := p.Exec(ctx, "INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING", key) // want `pgx exec Exec recv=pool/p ctx=ctx q=lit args=1 dest=- table=processed_events stmt=INSERT/conflict:donothing use=res=tag,err=err`
	if err != nil {
		return err
	}
	_ = tag.RowsAffected()
	var id int64
	if err := p.QueryRow(ctx, "SELECT id FROM orders WHERE key = $1", key).Scan(&id); err != nil { // want `pgx queryrow QueryRow recv=pool/p ctx=ctx q=lit args=1 dest=- table=orders stmt=SELECT/where:key use=scan,err=err`
		return err
	}
	rows, err := p.Query(ctx, "SELECT id FROM orders") // want `pgx query Query recv=pool/p ctx=ctx q=lit args=0 dest=- table=orders stmt=SELECT use=res=rows,err=err`
	if err != nil {
		return err
	}
	defer rows.Close()
	return p.Ping(ctx) // want `pgx ping Ping recv=pool/p ctx=ctx q=- args=0 dest=- table=- use=ret`
}

func tx(ctx context.Context, p *pgxpool.Pool) error {
	tx, err := p.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}) // want `pgx begin BeginTx recv=pool/p ctx=ctx q=- args=0 dest=- table=- use=res=tx,err=err`
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)                                                                        // want `pgx rollback Rollback recv=tx/tx ctx=ctx q=- args=0 dest=- table=- intx=BeginTx use=err=_`
	if _, err := tx.Exec(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", 1); err != nil { // want `pgx exec Exec recv=tx/tx ctx=ctx q=lit args=1 dest=- table=orders intx=BeginTx stmt=UPDATE/where:id/set:status=paid use=res=_,err=err`
		return err
	}
	_, _ = tx.CopyFrom(ctx, pgx.Identifier{"public", "Events"}, []string{"id"}, pgx.CopyFromRows(nil)) // want `pgx copyfrom CopyFrom recv=tx/tx ctx=ctx q=- args=1 dest=- table=events intx=BeginTx use=res=_,err=_`
	return tx.Commit(ctx)                                                                              // want `pgx commit Commit recv=tx/tx ctx=ctx q=- args=0 dest=- table=- intx=BeginTx use=ret`
}

func conn(ctx context.Context, c *pgx.Conn, pc *pgxpool.Conn) error {
	_, err := c.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", 42) // want `pgx exec Exec recv=conn/c ctx=ctx q=lit args=1 dest=- table=- stmt=SELECT use=res=_,err=err`
	if err != nil {
		return err
	}
	_, err = c.Prepare(ctx, "getuser", "SELECT * FROM users WHERE id = $1") // want `pgx prepare Prepare recv=conn/c ctx=ctx q=lit args=0 dest=- table=users stmt=SELECT/where:id use=res=_,err=err`
	if err != nil {
		return err
	}
	var n int
	_ = pc.QueryRow(ctx, "SELECT 1").Scan(&n) // want `pgx queryrow QueryRow recv=conn/pc ctx=ctx q=lit args=0 dest=- table=- stmt=SELECT use=scan,err=_`
	t, err := c.Begin(ctx)                    // want `pgx begin Begin recv=conn/c ctx=ctx q=- args=0 dest=- table=- use=res=t,err=err`
	_ = t
	return err
}

func beginFunc(ctx context.Context, p *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, p, func(tx pgx.Tx) error { // want `pgx beginfunc BeginFunc recv=pool/p ctx=ctx q=- args=0 dest=- table=- txfunc use=ret`
		_, err := tx.Exec(ctx, "DELETE FROM t") // want `pgx exec Exec recv=tx/tx ctx=ctx q=lit args=0 dest=- table=t intx=BeginFunc stmt=DELETE use=res=_,err=err`
		return err
	})
}

func beginTxFunc(ctx context.Context, c *pgx.Conn) error {
	return pgx.BeginTxFunc(ctx, c, pgx.TxOptions{}, func(tx pgx.Tx) error { return nil }) // want `pgx beginfunc BeginTxFunc recv=conn/c ctx=ctx q=- args=0 dest=- table=- txfunc use=ret`
}

type User struct {
	ID    int64
	Email string
}

// Named args, then generic collection of the rows.
func (s *Service) collect(ctx context.Context, email string) (User, error) {
	rows, err := s.pool.Query(ctx, "SELECT * FROM users WHERE email = @email", pgx.NamedArgs{"email": email}) // want `pgx query Query recv=pool/s.pool ctx=ctx q=lit args=1 dest=- table=users stmt=SELECT/where:email use=res=rows,err=err`
	if err != nil {
		return User{}, err
	}
	return pgx.CollectOneRow(rows, pgx.RowToStructByName[User])
}

// Batch results carry no SQL; only SendBatch is the DB call.
func batch(ctx context.Context, p *pgxpool.Pool) error {
	b := &pgx.Batch{}
	b.Queue("INSERT INTO t VALUES ($1)", 1)
	br := p.SendBatch(ctx, b) // want `pgx sendbatch SendBatch recv=pool/p ctx=ctx q=- args=0 dest=- table=- use=res=br`
	return br.Close()
}
