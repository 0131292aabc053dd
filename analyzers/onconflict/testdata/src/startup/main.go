// Command startup seeds its reference rows at start-up: the DO NOTHING there
// is an ensure-exists, and what follows is the program itself.
package main

import (
	"context"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

var pool *pgxpool.Pool

func init() {
	ctx := context.Background()
	_, _ = pool.Exec(ctx, `INSERT INTO plans (code) VALUES ('free') ON CONFLICT (code) DO NOTHING`)
	_, _ = pool.Exec(ctx, `UPDATE counters SET boots = boots + 1 WHERE id = 1`)
}

func main() {
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO plans (code) VALUES ('pro') ON CONFLICT (code) DO NOTHING`); err != nil {
		panic(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE counters SET starts = starts + 1 WHERE id = 1`); err != nil {
		panic(err)
	}
	http.HandleFunc("/events", handle)
	_ = http.ListenAndServe(":8080", nil)
}

// A handler of the same command is not start-up code.
func handle(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if _, err := pool.Exec(r.Context(), `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, id); err != nil { // want `DO NOTHING insert into processed_events discards its result`
		return
	}
	_, _ = http.Post("https://partner.example.com/credit", "text/plain", strings.NewReader(id))
}
