// Package holdout3 is a third round (shapes not taken from the
// documentation's lists) written from srvtimeout's documentation only. Every
// function is labelled BUG or OK before the check was first run on it.
package holdout3

import (
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

const headerSeconds = 10

// BUG: copy-paste slip: the API server has a header timeout, the admin
// server started beside it has none.
func runBoth(api, admin http.Handler) error {
	apiSrv := &http.Server{Addr: ":80", Handler: api, ReadHeaderTimeout: 5 * time.Second}
	adminSrv := &http.Server{Addr: ":81", Handler: admin}
	go func() { _ = adminSrv.ListenAndServe() }() // want "started with no ReadHeaderTimeout"
	return apiSrv.ListenAndServe()
}

// apiServer embeds the http.Server it starts.
type apiServer struct {
	*http.Server
	name string
}

// BUG: the embedded server has no read timeouts; ListenAndServe is promoted.
// MISSED by faultline (the start is the promoted method of an embedded
// *http.Server field).
func runEmbedded(h http.Handler) error {
	s := apiServer{Server: &http.Server{Addr: ":82", Handler: h}, name: "api"}
	return s.ListenAndServe()
}

// BUG: a TLS listener served by a literal with only TLS settings.
func runTLSListener(h http.Handler, cfg *tls.Config) error {
	ln, err := tls.Listen("tcp", ":443", cfg)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, TLSConfig: cfg, MaxHeaderBytes: 1 << 20}
	return srv.Serve(ln) // want "started with no ReadHeaderTimeout"
}

// OK: timeout from a named positive constant times a unit.
func runConstTimeout(h http.Handler) error {
	srv := &http.Server{Addr: ":83", Handler: h, ReadHeaderTimeout: headerSeconds * time.Second}
	return srv.ListenAndServe()
}

// OK: a package default server with timeouts, copied and adjusted.
func defaultServer() *http.Server {
	return &http.Server{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
}

// OK: the constructor's server has a header timeout.
func runFromDefault(h http.Handler, addr string) error {
	s := defaultServer()
	s.Addr = addr
	s.Handler = h
	return s.ListenAndServe()
}

// OK: a listener wrapped with TLS, served by a configured server.
func runTLSSafe(h http.Handler, cfg *tls.Config) error {
	ln, err := net.Listen("tcp", ":8443")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 3 * time.Second}
	return srv.Serve(tls.NewListener(ln, cfg))
}

// OK: timeout from an arithmetic on a parameter.
func runSeconds(h http.Handler, secs int) error {
	srv := &http.Server{Addr: ":84", Handler: h, ReadTimeout: time.Duration(secs) * time.Second}
	return srv.ListenAndServe()
}
