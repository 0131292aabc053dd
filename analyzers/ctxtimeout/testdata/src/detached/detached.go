// Package detached: contexts the code documents as detached on purpose.
package detached

import (
	"context"
	"database/sql"
	"net/http"
)

type jobs struct{ db *sql.DB }

// ---- quiet: a documented detachment ----

func (j *jobs) rebuildIndex() error {
	// The rebuild takes hours on large tenants and must not be cut short;
	// the operator cancels it with pg_cancel_backend.
	ctx := context.Background()
	_, err := j.db.ExecContext(ctx, "REINDEX DATABASE app")
	return err
}

func (j *jobs) audit(r *http.Request, id int64) {
	ctx := context.WithoutCancel(r.Context()) // the audit row must be written even if the client hangs up
	go j.db.ExecContext(ctx, "INSERT INTO audit (id) VALUES ($1)", id)
}

func (j *jobs) flush(r *http.Request) error {
	/* Detached: the flush finishes after the response is sent. */
	_, err := j.db.ExecContext(context.WithoutCancel(r.Context()), "SELECT flush_stats()")
	return err
}

func (j *jobs) vacuum() error {
	var ctx = context.TODO() // long-running maintenance, bounded by the server's statement_timeout
	_, err := j.db.ExecContext(ctx, "VACUUM FULL")
	return err
}

// ---- reported ----

// No comment.
func (j *jobs) purge() error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	_, err := j.db.ExecContext(ctx, "DELETE FROM carts")
	return err
}

// WithoutCancel with no comment drops the request's deadline.
func (j *jobs) notify(r *http.Request) error {
	_, err := j.db.ExecContext(context.WithoutCancel(r.Context()), "NOTIFY jobs") // want `context\.WithoutCancel\(\) drops its parent's deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}

// The comment is a line away from the statement.
func (j *jobs) spaced() error {
	// Detached on purpose.

	ctx := context.Background() // want `context\.Background\(\) carries no deadline`
	_, err := j.db.ExecContext(ctx, "DELETE FROM sessions")
	return err
}

// The comment above belongs to the statement before (a trailing comment).
func (j *jobs) trailingBefore() error {
	n := 3                      // retries
	ctx := context.Background() // want `context\.Background\(\) carries no deadline`
	_, err := j.db.ExecContext(ctx, "DELETE FROM t WHERE n < $1", n)
	return err
}

// A directive documents nothing.
func (j *jobs) directive() error {
	//nolint:contextcheck
	ctx := context.Background() // want `context\.Background\(\) carries no deadline`
	_, err := j.db.ExecContext(ctx, "DELETE FROM t")
	return err
}

// ---- the function's doc comment says why ----

// sweep runs on its own schedule from main and is not tied to any request:
// the sweep must finish whatever the caller does.
func (j *jobs) sweep() error {
	ctx := context.Background()
	_, err := j.db.ExecContext(ctx, "DELETE FROM holds WHERE expired")
	return err
}

// compact is bounded by the worker role's statement_timeout (60 s).
func (j *jobs) compact() error {
	ctx := context.Background()
	_, err := j.db.ExecContext(ctx, "VACUUM holds")
	return err
}

// An inline root is about the call, not the function: still reported,
// whatever the doc comment says (not tied to any request).
func (j *jobs) inline() error {
	_, err := j.db.ExecContext(context.Background(), "DELETE FROM holds") // want `context\.Background\(\) carries no deadline`
	return err
}

// prune deletes the expired rows of the background queue.
func (j *jobs) prune() error {
	ctx := context.Background() // want `context\.Background\(\) carries no deadline`
	_, err := j.db.ExecContext(ctx, "DELETE FROM queue WHERE expired")
	return err
}
