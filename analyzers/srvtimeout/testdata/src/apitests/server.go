// Package apitests starts a fake upstream for the API tests; only tests
// import it. Quiet: a test server needs no slow-client defence.
package apitests

import "net/http"

func StartUpstream(h http.Handler) *http.Server {
	srv := &http.Server{Addr: ":9099", Handler: h}
	go srv.ListenAndServe()
	return srv
}
