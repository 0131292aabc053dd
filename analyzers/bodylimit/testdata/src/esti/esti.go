// Package esti is a system-test suite kept outside _test.go files: its
// webhook server hears only from the service under test.
package esti

import (
	"io"
	"net/http"

	"github.com/stretchr/testify/require"
)

// StartHookServer is called by the tests with their *testing.T.
func StartHookServer(t require.TestingT) *http.ServeMux {
	require.NoError(t, nil)
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
