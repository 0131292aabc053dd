package sqlcalls

import (
	"context"
	"database/sql"
	"net/http"
)

type store struct{ db *sql.DB }

// ---- firing shapes ----

func (s *store) count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM orders").Scan(&n) // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryRowContext and pass ctx`
	return n, err
}

func (s *store) list(ctx context.Context) (*sql.Rows, error) {
	return s.db.Query("SELECT id FROM orders") // want `\(\*sql\.DB\)\.Query has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryContext and pass ctx`
}

func (s *store) markPaid(ctx context.Context, id int64) error {
	_, err := s.db.Exec("UPDATE orders SET paid = true WHERE id = $1", id) // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass ctx`
	return err
}

func (s *store) begin(ctx context.Context) (*sql.Tx, error) {
	return s.db.Begin() // want `\(\*sql\.DB\)\.Begin has no deadline and cannot be cancelled, so a stuck database holds it forever; use BeginTx and pass ctx`
}

func (s *store) ping(ctx context.Context) error {
	return s.db.Ping() // want `\(\*sql\.DB\)\.Ping has no deadline and cannot be cancelled, so a stuck database holds it forever; use PingContext and pass ctx`
}

func (s *store) prepare(ctx context.Context) (*sql.Stmt, error) {
	return s.db.Prepare("SELECT 1") // want `\(\*sql\.DB\)\.Prepare has no deadline and cannot be cancelled, so a stuck database holds it forever; use PrepareContext and pass ctx`
}

func inTx(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.Exec("DELETE FROM carts WHERE id = $1", id) // want `\(\*sql\.Tx\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass ctx`
	return err
}

func stmtQuery(ctx context.Context, st *sql.Stmt) (*sql.Rows, error) {
	return st.Query(1) // want `\(\*sql\.Stmt\)\.Query has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryContext and pass ctx`
}

func handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, err := db.Query("SELECT 1") // want `\(\*sql\.DB\)\.Query has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryContext and pass r\.Context\(\)`
		if err != nil {
			return
		}
		rows.Close()
	}
}

func (s *store) backgroundQuery() error {
	rows, err := s.db.QueryContext(context.Background(), "SELECT 1") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.QueryContext, so the call can wait forever; derive a context with context\.WithTimeout for it`
	if err != nil {
		return err
	}
	return rows.Close()
}

// ---- near-misses ----

func (s *store) countCtx(ctx context.Context) (int, error) { // want countCtx:`ctx reaches`
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

func (s *store) beginTx(ctx context.Context) (*sql.Tx, error) { // want beginTx:`ctx reaches`
	return s.db.BeginTx(ctx, nil)
}

func (s *store) withConn(ctx context.Context) error { // want withConn:`ctx reaches`
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.PingContext(ctx)
}

func rollback(tx *sql.Tx) error { return tx.Rollback() }

func commit(tx *sql.Tx) error { return tx.Commit() }

func open(dsn string) (*sql.DB, error) { return sql.Open("postgres", dsn) }

func rowsNext(rows *sql.Rows) bool { return rows.Next() }

// No context at hand: a storage layer without contexts, startup code. The
// fix is an API change; reported only with -all-sql (see package sqlall).
func (s *store) noCtxAtHand() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

func migrate(db *sql.DB) error {
	_, err := db.Exec("CREATE TABLE IF NOT EXISTS orders (id bigint)")
	return err
}

// A context with no deadline is not one to pass on: the call is reported
// only with -all-sql.
func (s *store) backgroundAtHand() error {
	ctx := context.Background()
	_ = ctx
	return s.db.Ping()
}
