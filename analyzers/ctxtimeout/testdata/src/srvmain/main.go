// A long-running server: it calls http.ListenAndServe.
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"time"
)

var db *sql.DB

func main() {
	// Startup: a hang here shows at deploy time, not at 2 AM.
	resp, err := http.Get("http://config/bootstrap")
	if err == nil {
		resp.Body.Close()
	}
	if err := db.Ping(); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get("http://inventory/stock") // want `http\.Get uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
		if err != nil {
			return
		}
		resp.Body.Close()
	})
	go func() {
		for {
			refresh()
			time.Sleep(time.Minute)
		}
	}()
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func refresh() {
	_, _ = db.ExecContext(context.Background(), "REFRESH MATERIALIZED VIEW stats") // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
}
