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

// A helper with no context whose every caller has one (a handler's request,
// a context parameter): it drops the deadline they could give it. No fix:
// it needs a context parameter.
func (s *store) revenueSince(day string) (*sql.Rows, error) {
	return s.db.Query("SELECT sum(amount) FROM payments WHERE day >= $1", day) // want `\(\*sql\.DB\)\.Query has no deadline and cannot be cancelled, though every caller has a context \(r\.Context\(\) in revenue\); take a ctx parameter and use QueryContext`
}

func (s *store) revenue(w http.ResponseWriter, r *http.Request) {
	rows, err := s.revenueSince(r.URL.Query().Get("since"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	rows.Close()
}

func (s *store) countPaid() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM payments WHERE paid").Scan(&n) // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, though every caller has a context \(ctx in report\)`
	return n, err
}

func (s *store) report(ctx context.Context) (int, error) { return s.countPaid() }

func (s *store) audit(ctx context.Context) (int, error) { return s.countPaid() }

// Quiet: one caller has no context either (startup code).
func (s *store) countOrders() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

func (s *store) dashboard(ctx context.Context) (int, error) { return s.countOrders() }

func (s *store) warmUp() error {
	_, err := s.countOrders()
	return err
}

// Quiet: used as a value, its callers are not all in sight.
func (s *store) countRefunds() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM refunds").Scan(&n)
	return n, err
}

func (s *store) refunds(ctx context.Context) (int, error) { return s.countRefunds() }

func (s *store) counters() []func() (int, error) { return []func() (int, error){s.countRefunds} }

// Quiet: exported, its callers are in other packages.
func (s *store) CountUsers() (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM users").Scan(&n)
	return n, err
}

func (s *store) users(ctx context.Context) (int, error) { return s.CountUsers() }
