package fixes

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

type repo struct{ db *sql.DB }

func (r *repo) list(ctx context.Context, owner string) (*sql.Rows, error) {
	return r.db.Query("SELECT id FROM orders WHERE owner = $1", owner) // want `\(\*sql\.DB\)\.Query has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryContext and pass ctx`
}

func (r *repo) begin(ctx context.Context) (*sql.Tx, error) {
	return r.db.Begin() // want `\(\*sql\.DB\)\.Begin has no deadline and cannot be cancelled, so a stuck database holds it forever; use BeginTx and pass ctx`
}

func (r *repo) handler(w http.ResponseWriter, req *http.Request) {
	var n int
	if err := r.db.QueryRow("SELECT count(*) FROM orders").Scan(&n); err != nil { // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryRowContext and pass req\.Context\(\)`
		return
	}
}

func (r *repo) noCtx() error {
	return r.db.Ping() // no context at hand: quiet unless -all-sql
}

func (r *repo) purge() error {
	_, err := r.db.ExecContext(context.Background(), "DELETE FROM carts WHERE stale") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

func (r *repo) namesTaken(ctx2 context.Context) error { // want namesTaken:`ctx reaches`
	ctx, cancel := context.WithCancel(ctx2)
	defer cancel()
	if err := r.db.PingContext(ctx); err != nil {
		return err
	}
	_, err := r.db.ExecContext(context.TODO(), "VACUUM") // want `context\.TODO\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

func (r *repo) rowsStayLocal() (int, error) {
	rows, err := r.db.QueryContext(context.Background(), "SELECT 1") // want `context\.Background\(\) carries no deadline`
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// No fix: the rows outlive the function, and its context with them.
func (r *repo) rowsReturned() (*sql.Rows, error) {
	return r.db.QueryContext(context.Background(), "SELECT 1") // want `context\.Background\(\) carries no deadline`
}

// No fix: a deferred cancel in a loop piles up until the function returns.
func (r *repo) inLoop(ids []int) error {
	for _, id := range ids {
		if _, err := r.db.ExecContext(context.Background(), "DELETE FROM t WHERE id = $1", id); err != nil { // want `context\.Background\(\) carries no deadline`
			return err
		}
	}
	return nil
}

// No fix: a loop made with goto piles up deferred cancels too.
func (r *repo) gotoLoop(ids []int) error {
	i := 0
next:
	if i < len(ids) {
		if _, err := r.db.ExecContext(context.Background(), "DELETE FROM t WHERE id = $1", ids[i]); err != nil { // want `context\.Background\(\) carries no deadline`
			return err
		}
		i++
		goto next
	}
	return nil
}

// No fix: the goroutine outlives the function.
func (r *repo) async() {
	go r.db.ExecContext(context.Background(), "UPDATE stats SET n = n + 1") // want `context\.Background\(\) carries no deadline`
}

func (r *repo) sweep(ctx context.Context) { // want sweep:`ctx reaches \(\*sql\.DB\)\.ExecContext in a loop`
	for {
		if _, err := r.db.ExecContext(ctx, "DELETE FROM carts WHERE stale"); err != nil {
			return
		}
	}
}

// No fix: sweep runs for the life of its context; a 30-second deadline
// would stop it. The deadline belongs on each call in its loop.
func (r *repo) runSweeper() {
	r.sweep(context.Background()) // want `context\.Background\(\) carries no deadline into r\.sweep, which reaches \(\*sql\.DB\)\.ExecContext in a loop; give each call its own context\.WithTimeout`
}

// A transaction begun on context.Background(): the fix's new ctx would
// bring tx.Exec (taking no context, not reported without one in scope)
// into the check, so the fix converts it too.
func (r *repo) nightlyTx() error {
	tx, err := r.db.BeginTx(context.Background(), nil) // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.BeginTx`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM carts WHERE stale"); err != nil {
		return err
	}
	return tx.Commit()
}

// count's ctx comes only from its callers, and one of them passes
// context.Background(): threading ctx into QueryRowContext would leave that
// caller with no deadline (and a new finding there), so no fix.
func (r *repo) count(ctx context.Context) (int, error) {
	var n int
	err := r.db.QueryRow("SELECT count(*) FROM t").Scan(&n) // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryRowContext and pass ctx, and a deadline from its callers \(one passes a context with none\)`
	return n, err
}

func (r *repo) countNow() (int, error) {
	return r.count(context.Background())
}

// Every caller of total passes a context with a deadline: fixed.
func (r *repo) total(ctx context.Context) (int, error) {
	var n int
	err := r.db.QueryRow("SELECT sum(n) FROM t").Scan(&n) // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryRowContext and pass ctx`
	return n, err
}

func (r *repo) totalSoon(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return r.total(ctx)
}

// Two context.Background() roots in one function: only the first gets the
// WithTimeout fix in a round (both would declare ctx, cancel := and not
// compile); the next round of -fix names the second's context afresh.
func (r *repo) twoRoots() error {
	if _, err := r.db.ExecContext(context.Background(), "UPDATE a SET b = 1"); err != nil { // want `context\.Background\(\) carries no deadline`
		return err
	}
	_, err := r.db.ExecContext(context.Background(), "UPDATE a SET b = 2") // want `context\.Background\(\) carries no deadline`
	return err
}
