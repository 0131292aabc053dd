// A command-line tool: it does not serve, so only what loops forever is
// reported.
package main

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"time"
)

func main() {
	db, err := sql.Open("postgres", os.Getenv("DSN"))
	if err != nil {
		os.Exit(1)
	}
	migrate(db)
	resp, err := http.Get(os.Args[1])
	if err == nil {
		resp.Body.Close()
	}
	poll(db)
}

func migrate(db *sql.DB) {
	_, _ = db.Exec("CREATE TABLE IF NOT EXISTS t (id int)")
	_, _ = db.ExecContext(context.Background(), "ANALYZE")
}

func poll(db *sql.DB) {
	t := time.NewTicker(time.Minute)
	for range t.C {
		_, _ = db.ExecContext(context.Background(), "DELETE FROM t WHERE old") // want `context\.Background\(\) carries no deadline`
	}
}
