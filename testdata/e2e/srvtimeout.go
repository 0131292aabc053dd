package payments

import (
	"net/http"
	"time"
)

// Serve starts a server with no header timeout: a slow client can hold a
// connection open forever (srvtimeout, with a fix).
// The literal is started where it is made, so the finding has no related
// position (golangci-lint prints related positions as issues of their own).
func Serve(h http.Handler) error {
	return (&http.Server{Addr: ":8080", Handler: h}).ListenAndServe()
}

// ServeTimed sets ReadHeaderTimeout: srvtimeout stays quiet.
func ServeTimed(h http.Handler) error {
	srv := &http.Server{Addr: ":8081", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}
