// Package goroutines: calls in goroutines a handler starts outlive the
// request, so the request's context is not the one to pass them.
package goroutines

import (
	"context"
	"database/sql"
	"net"
	"net/http"
)

type api struct{ db *sql.DB }

// ---- the message names a detached context (no fix: the file's Go version is unknown) ----

func (a *api) track(w http.ResponseWriter, r *http.Request) {
	go func() {
		_, _ = a.db.Exec("UPDATE stats SET hits = hits + 1") // want `\(\*sql\.DB\)\.Exec has no deadline, and its goroutine outlives r\.Context\(\); use ExecContext with context\.WithTimeout\(context\.WithoutCancel\(r\.Context\(\)\), d\)`
	}()
	w.WriteHeader(http.StatusAccepted)
}

func (a *api) record(ctx context.Context, id int64) {
	go a.db.Exec("INSERT INTO seen (id) VALUES ($1)", id) // want `\(\*sql\.DB\)\.Exec has no deadline, and its goroutine outlives ctx; use ExecContext with context\.WithTimeout\(context\.WithoutCancel\(ctx\), d\)`
}

func (a *api) warm(w http.ResponseWriter, r *http.Request) {
	go func() {
		conn, err := net.Dial("tcp", "cache:6379") // want `net\.Dial has no timeout: a host that does not answer holds it for minutes; use net\.DialTimeout or a net\.Dialer with a Timeout$`
		if err == nil {
			conn.Close()
		}
	}()
}

// The goroutine's own context parameter: the check cannot see what the
// literal is called with, so the request's is the one it names.

func (a *api) worker(w http.ResponseWriter, r *http.Request) {
	go func(ctx context.Context) {
		_, _ = a.db.Exec("DELETE FROM carts WHERE stale") // want `has no deadline, and its goroutine outlives r\.Context\(\)`
	}(context.WithoutCancel(r.Context()))
}

func (a *api) inline(w http.ResponseWriter, r *http.Request) {
	_, _ = a.db.Exec("DELETE FROM sessions WHERE expired") // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass r\.Context\(\)`
}

// A function literal that is not a goroutine runs while the request lives.
func (a *api) callback(w http.ResponseWriter, r *http.Request) {
	each := func(f func()) { f() }
	each(func() {
		_, _ = a.db.Exec("DELETE FROM t") // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass r\.Context\(\)`
	})
}
