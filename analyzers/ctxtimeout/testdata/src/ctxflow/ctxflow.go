package ctxflow

import (
	"context"
	"database/sql"
	"os"
	"os/signal"
	"time"
)

type repo struct{ db *sql.DB }

// load is an outbound call for its callers: its ctx reaches QueryRowContext.
func (r *repo) load(ctx context.Context, id int64) (string, error) { // want load:`ctx reaches \(\*sql\.DB\)\.QueryRowContext \(params 1\)`
	var s string
	err := r.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", id).Scan(&s)
	return s, err
}

// loadTimed bounds its own call: not an outbound call for its callers.
func (r *repo) loadTimed(ctx context.Context, id int64) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return r.load(ctx, id)
}

// wrap passes its ctx on through WithValue: still the caller's deadline.
func (r *repo) wrap(ctx context.Context, id int64) (string, error) { // want wrap:`ctx reaches \(\*sql\.DB\)\.QueryRowContext`
	ctx = context.WithValue(ctx, key{}, id)
	return r.load(ctx, id)
}

type key struct{}

// ---- firing shapes ----

func (r *repo) directBackground(id int64) (string, error) {
	return r.load(context.Background(), id) // want `context\.Background\(\) carries no deadline into r\.load, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
}

func (r *repo) todo(id int64) (string, error) {
	return r.load(context.TODO(), id) // want `context\.TODO\(\) carries no deadline into r\.load, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
}

func (r *repo) viaLocal(id int64) (string, error) {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into r\.load, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
	return r.load(ctx, id)
}

func (r *repo) viaCancel(id int64) (string, error) {
	ctx, cancel := context.WithCancel(context.Background()) // want `context\.Background\(\) carries no deadline into r\.wrap, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
	defer cancel()
	return r.wrap(ctx, id)
}

func (r *repo) twoCalls(id int64) error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into r\.load, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
	if _, err := r.load(ctx, id); err != nil {
		return err
	}
	_, err := r.db.ExecContext(ctx, "UPDATE orders SET seen = true WHERE id = $1", id)
	return err
}

func (r *repo) detached(ctx context.Context, id int64) {
	go func() {
		_, _ = r.load(context.WithoutCancel(ctx), id) // want `context\.WithoutCancel\(\) drops its parent's deadline into r\.load, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
	}()
}

func (r *repo) signalCtx(id int64) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `context\.Background\(\) carries no deadline into r\.db\.ExecContext|carries no deadline into \(\*sql\.DB\)\.ExecContext`
	defer stop()
	_, err := r.db.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

func (r *repo) deadlineOnlyLater(id int64) error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	if _, err := r.db.ExecContext(ctx, "SELECT 1"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err := r.load(ctx, id)
	return err
}

func (r *repo) inGoroutine(id int64) {
	go func() {
		_, _ = r.db.ExecContext(context.Background(), "UPDATE stats SET n = n + 1") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	}()
}

func worker(ctx context.Context, db *sql.DB) { // want worker:`ctx reaches \(\*sql\.DB\)\.ExecContext in a loop`
	for {
		if _, err := db.ExecContext(ctx, "DELETE FROM jobs WHERE done"); err != nil {
			return
		}
		time.Sleep(time.Second)
	}
}

func startWorker(db *sql.DB) {
	go worker(context.Background(), db) // want `context\.Background\(\) carries no deadline into worker, which reaches \(\*sql\.DB\)\.ExecContext in a loop; give each call its own context\.WithTimeout`
}

func (r *repo) prepare() (*sql.Stmt, error) {
	return r.db.PrepareContext(context.Background(), "SELECT 1") // want `carries no deadline into \(\*sql\.DB\)\.PrepareContext`
}

func (r *repo) transitively(id int64) (string, error) {
	return r.wrapTwice(context.Background(), id) // want `context\.Background\(\) carries no deadline into r\.wrapTwice, which reaches \(\*sql\.DB\)\.QueryRowContext, so it can wait forever; use context\.WithTimeout`
}

func (r *repo) wrapTwice(ctx context.Context, id int64) (string, error) { // want wrapTwice:`ctx reaches`
	return r.wrap(ctx, id)
}

// ---- near-misses ----

func (r *repo) withTimeout(id int64) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return r.load(ctx, id)
}

func (r *repo) withDeadline(id int64) (string, error) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	defer cancel()
	return r.load(ctx, id)
}

func (r *repo) withTimeoutCause(id int64) (string, error) {
	ctx, cancel := context.WithTimeoutCause(context.Background(), time.Second, errSlow)
	defer cancel()
	return r.load(ctx, id)
}

var errSlow = os.ErrDeadlineExceeded

func (r *repo) timedHelper(id int64) (string, error) {
	return r.loadTimed(context.Background(), id)
}

func (r *repo) derivedFromTimed(id int64) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	ctx = context.WithValue(ctx, key{}, 1)
	return r.load(ctx, id)
}

func (r *repo) conditionalDeadline(id int64, d time.Duration) (string, error) {
	ctx := context.Background()
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	return r.load(ctx, id)
}

func (r *repo) rollbackOnFreshCtx(tx *sql.Tx) error {
	return tx.Rollback()
}

func (r *repo) closeConn(conn *sql.Conn) error {
	return conn.Close()
}

func notOutbound(ctx context.Context) error { return ctx.Err() }

func (r *repo) backgroundToNonOutbound() error {
	return notOutbound(context.Background())
}

func (r *repo) ctxFromField(s *holder, id int64) (string, error) {
	return r.load(s.ctx, id)
}

type holder struct{ ctx context.Context }

func (r *repo) ctxFromCallback(run func(func(context.Context) error) error, id int64) error {
	return run(func(ctx context.Context) error {
		_, err := r.load(ctx, id)
		return err
	})
}

func (r *repo) loopDeadline(ids []int64) error {
	for _, id := range ids {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := r.load(ctx, id)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *repo) reassignedInLoop(ids []int64) error {
	ctx := context.Background()
	for _, id := range ids {
		ctx2, cancel := context.WithTimeout(ctx, time.Second)
		_, err := r.load(ctx2, id)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}
