// Package holdout is service code written from srvtimeout's documentation
// only, to measure its recall and precision. Every function is labelled BUG
// or OK before the check was first run on it.
package holdout

import (
	"context"
	"crypto/tls"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// Config is the service configuration, decoded from YAML by the caller.
type Config struct {
	Addr              string
	ReadHeaderTimeout time.Duration
	WriteTimeout      time.Duration
	MetricsAddr       string
}

// BUG: the API server literal sets only Write/Idle timeouts; neither
// ReadHeaderTimeout nor ReadTimeout is ever set.
func runAPI(mux http.Handler) error {
	srv := &http.Server{
		Addr:         ":8080",
		Handler:      mux,
		WriteTimeout: 15 * time.Second,
		IdleTimeout:  60 * time.Second,
	}
	log.Printf("listening on %s", srv.Addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) { // want "started with no ReadHeaderTimeout"
		return err
	}
	return nil
}

// BUG: package-level http.ListenAndServe for the metrics endpoint serves with
// a zero http.Server.
func serveMetrics(addr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {})
	go func() {
		if err := http.ListenAndServe(addr, mux); err != nil { // want "http.ListenAndServe serves with no timeouts"
			log.Printf("metrics: %v", err)
		}
	}()
}

// BUG: package-level http.ServeTLS on a listener, zero server.
func serveTLSListener(ln net.Listener, h http.Handler) error {
	return http.ServeTLS(ln, h, "cert.pem", "key.pem") // want "http.ServeTLS serves with no timeouts"
}

// BUG: gin's Run serves with a zero http.Server.
func runGin() {
	r := gin.Default()
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	if err := r.Run(":8081"); err != nil { // want "gin's Run serves with no timeouts"
		log.Fatal(err)
	}
}

// BUG: echo Start without configuring e.Server.
func runEcho() {
	e := echo.New()
	e.HideBanner = true
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "hi") })
	log.Fatal(e.Start(":8082")) // want "echo's Start serves e.Server"
}

// BUG: the header timeout is an explicit constant zero.
func runAdmin(h http.Handler) error {
	srv := http.Server{Addr: ":9000", Handler: h, ReadHeaderTimeout: 0}
	return srv.ListenAndServe() // want "started with no ReadHeaderTimeout"
}

// App holds the public server in a field; no value of the field ever gets a
// read timeout.
type App struct {
	public *http.Server
	cfg    Config
}

// NewApp builds the app; the server literal has no read timeouts.
// OK: constructor; the server is judged where it is started (App.Start).
func NewApp(h http.Handler) *App {
	return &App{public: &http.Server{Addr: ":8443", Handler: h}}
}

// BUG: starts the field's server, whose only value (in NewApp) has no
// ReadHeaderTimeout/ReadTimeout.
func (a *App) Start() error {
	return a.public.ListenAndServeTLS("cert.pem", "key.pem") // want "started with no ReadHeaderTimeout"
}

// newInternalServer is a package-local constructor with no timeouts.
// OK: constructor; the server is judged where it is started (runInternal).
func newInternalServer(h http.Handler) *http.Server {
	return &http.Server{Addr: "127.0.0.1:9090", Handler: h, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
}

// OK since session 6 (labelled BUG when written): the server comes from a
// package-local constructor that sets no read timeout, but it listens on
// loopback only, where no slow remote client can reach it.
func runInternal(h http.Handler) {
	srv := newInternalServer(h)
	go func() {
		if err := srv.ListenAndServe(); err != nil {
			log.Println(err)
		}
	}()
}

// BUG: new(http.Server) filled field by field, the header timeout forgotten.
func runDebug(h http.Handler) error {
	srv := new(http.Server)
	srv.Addr = os.Getenv("DEBUG_ADDR")
	srv.Handler = h
	srv.WriteTimeout = 10 * time.Second
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return err
	}
	return srv.Serve(ln) // want "started with no ReadHeaderTimeout"
}

// uploadConfig is decoded from a file; HeaderTimeout has no default.
type uploadConfig struct {
	Addr          string `yaml:"addr"`
	HeaderTimeout time.Duration
}

// BUG: the header timeout comes from a config field of this package that is
// never given a positive value (config-timeout).
func runUpload(cfg uploadConfig, h http.Handler) error {
	srv := &http.Server{Addr: cfg.Addr, Handler: h, ReadHeaderTimeout: cfg.HeaderTimeout}
	return srv.ListenAndServe() // want "header timeout cfg.HeaderTimeout has no positive default"
}

// BUG: a server in a switch on the mode; the "plain" branch's literal has no
// timeout and reaches the start.
func runMode(mode string, h http.Handler) error {
	var srv *http.Server
	switch mode {
	case "hardened":
		srv = &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	default:
		srv = &http.Server{Addr: ":8080", Handler: h}
	}
	return srv.ListenAndServe() // want "started with no ReadHeaderTimeout"
}

// OK: ReadHeaderTimeout set in the literal.
func runPublic(h http.Handler) error {
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
	}
	return srv.ListenAndServe()
}

// OK: ReadTimeout alone covers the headers too.
func runWithReadTimeout(h http.Handler) error {
	srv := http.Server{Addr: ":8080", Handler: h, ReadTimeout: 30 * time.Second}
	return srv.ListenAndServe()
}

// OK: the timeout is set after the literal, before the start.
func runLateSet(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h}
	srv.ReadHeaderTimeout = 5 * time.Second
	return srv.ListenAndServe()
}

// hardenServer is a package-local helper that sets the timeout on its
// parameter.
// OK: helper that sets the timeout on its parameter; starts nothing.
func hardenServer(s *http.Server) {
	s.ReadHeaderTimeout = 10 * time.Second
	s.IdleTimeout = 2 * time.Minute
}

// OK: the server is handed to a helper that sets the header timeout.
func runHardened(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h}
	hardenServer(srv)
	return srv.ListenAndServe()
}

// OK: echo with e.Server replaced by a configured server, started through
// StartServer.
func runEchoConfigured() error {
	e := echo.New()
	s := &http.Server{Addr: ":8083", ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second}
	return e.StartServer(s)
}

// OK: echo instance whose e.Server timeouts are set before Start.
func runEchoTimeouts() error {
	e := echo.New()
	e.Server.ReadHeaderTimeout = 5 * time.Second
	e.Server.ReadTimeout = 20 * time.Second
	return e.Start(":8084")
}

// OK: gin engine served through an http.Server with a header timeout.
func runGinServer() error {
	r := gin.New()
	srv := &http.Server{Addr: ":8085", Handler: r.Handler(), ReadHeaderTimeout: 3 * time.Second}
	return srv.ListenAndServe()
}

// OK: the config field has a positive default in the package's defaults.
func defaultConfig() Config {
	return Config{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
}

// OK: the header timeout is the package config field, which defaultConfig
// gives a positive value.
func runFromConfig(cfg Config, h http.Handler) error {
	srv := &http.Server{Addr: cfg.Addr, Handler: h, ReadHeaderTimeout: cfg.ReadHeaderTimeout, WriteTimeout: cfg.WriteTimeout}
	return srv.ListenAndServe()
}

// OK: the server is built and returned, not started in the package.
func buildServer(h http.Handler) *http.Server {
	return &http.Server{Addr: ":8080", Handler: h}
}

// OK: the server comes from a function parameter (unknown configuration);
// only shutdown logic around its start.
func serveGracefully(ctx context.Context, srv *http.Server) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case <-ctx.Done():
		shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutCtx)
	case err := <-errc:
		return err
	}
}

// OK: the literal without a timeout is replaced on every path before the
// start by one with a timeout.
func runReplaced(h http.Handler, tlsOn bool) error {
	srv := &http.Server{Addr: ":8080", Handler: h}
	if tlsOn {
		srv = &http.Server{Addr: ":8443", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	} else {
		srv = &http.Server{Addr: ":8080", Handler: h, ReadTimeout: 10 * time.Second}
	}
	return srv.ListenAndServe()
}
