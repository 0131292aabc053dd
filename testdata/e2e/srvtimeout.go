package e2e

import (
	"net/http"
	"time"
)

// Serve starts a server with no header timeout: a slow client can hold a
// connection open forever (srvtimeout, with a fix).
func Serve(h http.Handler) error {
	srv := &http.Server{Addr: "127.0.0.1:8080", Handler: h}
	return srv.ListenAndServe()
}

// ServeTimed sets ReadHeaderTimeout: srvtimeout stays quiet.
func ServeTimed(h http.Handler) error {
	srv := &http.Server{Addr: "127.0.0.1:8081", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}
