// Package holdout3 is a third round (shapes not taken from the
// documentation's lists) written from headerorder's documentation only.
// Every function is labelled BUG or OK before the check was first run on it.
package holdout3

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// OK: helper that answers the error and says whether it did.
func handleErr(w http.ResponseWriter, err error) bool {
	if err == nil {
		return false
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
	return true
}

// OK: the header comes after handleErr only on the path where it wrote
// nothing (the caller returns when it answered).
func account(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if handleErr(w, err) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]int{"n": n})
}

// BUG: timing middleware sets a header after the wrapped handler has
// written the response.
// MISSED by faultline (next.ServeHTTP is an interface call; its writes are
// unknown).
func timing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		w.Header().Set("X-Response-Time", time.Since(start).String())
	})
}

// BUG: gin middleware sets a header after c.Next() ran the handler.
// MISSED by faultline (what c.Next runs is unknown).
func ginTiming() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		c.Header("X-Response-Time", time.Since(start).String())
	}
}

// BUG: http.ServeFile sent the file; the Cache-Control after it is dropped.
func asset(w http.ResponseWriter, r *http.Request) {
	http.ServeFile(w, r, "./static"+r.URL.Path)
	w.Header().Set("Cache-Control", "public, max-age=86400") // want ".Cache-Control. is set after http.ServeFile sent"
}

// BUG: an error written with fmt.Fprintf, then the status.
func legacyError(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("id") == "" {
		fmt.Fprintf(w, `{"error":"id required"}`)
		w.WriteHeader(http.StatusBadRequest) // want "WriteHeader after the body was written"
		return
	}
	w.Write([]byte(`{"ok":true}`))
}

// OK: the status is computed by a switch and written once.
func computed(w http.ResponseWriter, r *http.Request) {
	code := http.StatusOK
	switch r.URL.Query().Get("mode") {
	case "created":
		code = http.StatusCreated
	case "empty":
		code = http.StatusNoContent
	}
	w.Header().Set("X-Mode", r.URL.Query().Get("mode"))
	w.WriteHeader(code)
}

// OK: a validation loop remembers the failure and answers after it.
func validateAll(w http.ResponseWriter, r *http.Request) {
	var bad []string
	for _, f := range []string{"a", "b", "c"} {
		if r.FormValue(f) == "" {
			bad = append(bad, f)
		}
	}
	if len(bad) > 0 {
		http.Error(w, fmt.Sprintf("missing %v", bad), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// statusWriter records the status for metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

// OK: a wrapper's WriteHeader.
func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// OK: metrics middleware logs after the handler through a wrapper; it sets
// no header afterwards.
func metrics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.Printf("%s %d", r.URL.Path, sw.code)
	})
}

// OK: gin middleware aborts with a response and returns; headers before
// c.Next.
func auth() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
			return
		}
		c.Header("X-User", "u1")
		c.Next()
	}
}

var errGone = errors.New("gone")

// OK: every branch of an if/else-if chain answers once.
func chain(w http.ResponseWriter, r *http.Request) {
	err := lookup(r.URL.Query().Get("k"))
	if errors.Is(err, errGone) {
		w.WriteHeader(http.StatusGone)
	} else if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	} else {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("found"))
	}
}

// OK: lookup helper; writes nothing.
func lookup(k string) error {
	if k == "" {
		return errGone
	}
	return nil
}
