// Package esti is a system-test suite kept outside _test.go files: its
// webhook server hears only from the service under test.
package esti

import (
	"io"
	"net/http"
	"testing"
)

// StartHookServer is called by the tests with their *testing.T.
func StartHookServer(t *testing.T) *http.ServeMux {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_, _ = w.Write(body)
	})
	return mux
}
