// Package sqldsn: a pool whose connection string or config sets
// statement_timeout bounds every statement run on it.
package sqldsn

import (
	"context"
	"database/sql"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
)

const dsn = "postgres://app@db/orders?sslmode=disable&statement_timeout=5000"

// ---- quiet: the pool's sessions carry a statement timeout ----

type store struct{ db *sql.DB }

func newStore() (*store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	return &store{db: db}, nil
}

func (s *store) purge() error {
	_, err := s.db.ExecContext(context.Background(), "DELETE FROM carts WHERE stale")
	return err
}

func (s *store) count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

func (s *store) inTx(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM carts"); err != nil {
		return err
	}
	return tx.Commit()
}

var pool *pgxpool.Pool

func connect(ctx context.Context) error {
	cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = "10s"
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	pool = p
	return nil
}

func sweep() error {
	_, err := pool.Exec(context.Background(), "DELETE FROM sessions WHERE expired")
	return err
}

type xrepo struct{ db *sqlx.DB }

func newXRepo(base string) *xrepo {
	return &xrepo{db: sqlx.MustConnect("postgres", base+" statement_timeout=3000")}
}

func (r *xrepo) get(ctx context.Context, dest any) error {
	return r.db.Get(dest, "SELECT * FROM t LIMIT 1")
}

// ---- reported: no timeout the check can see on the pool ----

type plain struct{ db *sql.DB }

func newPlain(url string) (*plain, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	return &plain{db: db}, nil
}

func (p *plain) purge() error {
	_, err := p.db.ExecContext(context.Background(), "DELETE FROM carts WHERE stale") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

// statement_timeout=0 turns the timeout off.
type off struct{ db *sql.DB }

func newOff() *off {
	db, _ := sql.Open("pgx", "postgres://app@db/orders?statement_timeout=0")
	return &off{db: db}
}

func (o *off) purge() error {
	_, err := o.db.ExecContext(context.Background(), "DELETE FROM carts") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

// One of the two constructors sets no timeout.
type mixed struct{ db *sql.DB }

func newMixed() *mixed {
	db, _ := sql.Open("pgx", dsn)
	return &mixed{db: db}
}

func newMixedFrom(db *sql.DB) *mixed { return &mixed{db: db} }

func (m *mixed) purge() error {
	_, err := m.db.ExecContext(context.Background(), "DELETE FROM carts") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

// Another runtime parameter is not a timeout.
func connectPlain(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["search_path"] = "app"
	return pgx.ConnectConfig(ctx, cfg)
}

func refresh() error {
	conn, err := connectPlain(context.Background())
	if err != nil {
		return err
	}
	_, err = conn.Exec(context.Background(), "REFRESH MATERIALIZED VIEW totals") // want `context\.Background\(\) carries no deadline into \(\*pgx\.Conn\)\.Exec`
	return err
}

// An exported field other packages may set.
type Repo struct{ DB *sql.DB }

func NewRepo() *Repo {
	db, _ := sql.Open("pgx", dsn)
	return &Repo{DB: db}
}

func (r *Repo) Purge() error {
	_, err := r.DB.ExecContext(context.Background(), "DELETE FROM carts") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

// ---- an AfterConnect hook that sets the timeout on every connection ----

var hooked *pgxpool.Pool

func connectHooked(ctx context.Context) error {
	afterConnect := func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "SET statement_timeout = 30000")
		return err
	}
	cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	cfg.AfterConnect = afterConnect
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	hooked = p
	return nil
}

// Quiet: bounded by the hook's statement_timeout.
func purgeHooked() error {
	_, err := hooked.Exec(context.Background(), "DELETE FROM holds WHERE expired")
	return err
}

var hookedLocal *pgxpool.Pool

// A hook that sets the timeout only under a condition bounds nothing for sure.
func connectMaybe(ctx context.Context, strict bool) error {
	cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if strict {
			_, err := conn.Exec(ctx, "SET statement_timeout = 30000")
			return err
		}
		return nil
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	hookedLocal = p
	return nil
}

func purgeMaybe() error {
	_, err := hookedLocal.Exec(context.Background(), "DELETE FROM holds WHERE expired") // want `context\.Background\(\) carries no deadline into \(\*pgxpool\.Pool\)\.Exec`
	return err
}
