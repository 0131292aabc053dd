//go:build go1.21

package fixes

import (
	"database/sql"
	"net/http"
)

type tracker struct{ db *sql.DB }

// The goroutine outlives the request: the fix detaches from it and sets a
// deadline of the goroutine's own.
func (t *tracker) hit(w http.ResponseWriter, r *http.Request) {
	go func() {
		if _, err := t.db.Exec("UPDATE stats SET hits = hits + 1"); err != nil { // want `\(\*sql\.DB\)\.Exec has no deadline, and its goroutine outlives r\.Context\(\)`
			return
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

// No fix: the call is the go statement itself.
func (t *tracker) seen(w http.ResponseWriter, r *http.Request) {
	go t.db.Exec("UPDATE stats SET seen = seen + 1") // want `\(\*sql\.DB\)\.Exec has no deadline, and its goroutine outlives r\.Context\(\)`
}

// No fix: in a loop in the goroutine, deferred cancels would pile up.
func (t *tracker) batch(w http.ResponseWriter, r *http.Request, ids []int64) {
	go func() {
		for _, id := range ids {
			t.db.Exec("DELETE FROM t WHERE id = $1", id) // want `\(\*sql\.DB\)\.Exec has no deadline, and its goroutine outlives r\.Context\(\)`
		}
	}()
}
