// Package holdout2 is a second, harder round of service code written from
// srvtimeout's documentation only. Every function is labelled BUG or OK before
// the check was first run on it.
package holdout2

import (
	"context"
	"flag"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gin-gonic/gin"
)

// Server wraps the HTTP server of the API; init fills the field.
type Server struct {
	httpSrv *http.Server
	router  http.Handler
}

// OK: fills the field; the start is judged in Server.Run.
func (s *Server) init(addr string) {
	s.httpSrv = &http.Server{Addr: addr, Handler: s.router}
}

// BUG: the field's only value (assigned in init) has no read timeouts.
func (s *Server) Run(ctx context.Context) error {
	s.init(":8080")
	go func() {
		<-ctx.Done()
		_ = s.httpSrv.Shutdown(context.Background())
	}()
	return s.httpSrv.ListenAndServe() // want "started with no ReadHeaderTimeout"
}

// BUG: a zero http.Server variable filled field by field.
func runZeroVar(h http.Handler) error {
	var srv http.Server
	srv.Addr = ":8081"
	srv.Handler = h
	srv.IdleTimeout = time.Minute
	return srv.ListenAndServe() // want "started with no ReadHeaderTimeout"
}

// adminServer is a package variable with no read timeouts.
var adminServer = &http.Server{Addr: "127.0.0.1:9999"}

// OK since session 6 (labelled BUG when written): the package variable has
// no read timeouts, but it listens on loopback only.
func startAdmin(h http.Handler) {
	adminServer.Handler = h
	go func() {
		if err := adminServer.ListenAndServe(); err != http.ErrServerClosed {
			log.Printf("admin: %v", err)
		}
	}()
}

// OK since session 6 (labelled BUG when written): package-level http.Serve
// on a unix socket listener: only local processes (a reverse proxy, with
// timeouts of its own) connect.
func serveSocket(path string, h http.Handler) error {
	ln, err := net.Listen("unix", path)
	if err != nil {
		return err
	}
	defer ln.Close()
	return http.Serve(ln, h)
}

// OK: constructor; judged where its result is started (runBuilt).
func newServer(addr string, h http.Handler) *http.Server {
	s := &http.Server{Handler: h}
	s.Addr = addr
	s.WriteTimeout = 30 * time.Second
	return s
}

// BUG: the constructor's server (built through a local) has no read
// timeouts.
func runBuilt(h http.Handler) error {
	return newServer(":8082", h).ListenAndServe() // want "started with no ReadHeaderTimeout"
}

// BUG: gin's RunTLS serves with a zero http.Server.
func runGinTLS(r *gin.Engine) error {
	return r.RunTLS(":8443", "cert.pem", "key.pem") // want "gin's RunTLS serves with no timeouts"
}

const headerTimeout = 0 // disabled while debugging

// BUG: the header timeout is a named constant 0.
func runDebugServer(h http.Handler) error {
	srv := &http.Server{Addr: ":6060", Handler: h, ReadHeaderTimeout: headerTimeout}
	return srv.ListenAndServe() // want "started with no ReadHeaderTimeout"
}

var readTimeout time.Duration // never assigned

// BUG: the read timeout is a package variable that is never given a value.
func runWithPkgVar(h http.Handler) error {
	srv := &http.Server{Addr: ":8083", Handler: h, ReadTimeout: readTimeout}
	return srv.ListenAndServe() // want "header timeout readTimeout has no positive default"
}

// BUG: TLS server literal in a goroutine, no read timeouts.
func runTLS(h http.Handler, errc chan<- error) {
	srv := &http.Server{Addr: ":8444", Handler: h, WriteTimeout: 10 * time.Second}
	go func() { errc <- srv.ListenAndServeTLS("cert.pem", "key.pem") }() // want "started with no ReadHeaderTimeout"
}

// Public is the server of a second component, configured in configure.
type Public struct {
	srv *http.Server
}

// OK: sets the field's timeout in another method.
func (p *Public) configure() {
	p.srv.ReadHeaderTimeout = 5 * time.Second
}

// OK: the field's timeout is set in configure (another method).
func (p *Public) Start(h http.Handler) error {
	p.srv = &http.Server{Addr: ":8090", Handler: h}
	p.configure()
	return p.srv.ListenAndServe()
}

var flagHeaderTimeout = flag.Duration("http.header-timeout", 10*time.Second, "header timeout")

// OK: the timeout is a flag value (a function result).
func runFlagged(h http.Handler) error {
	srv := &http.Server{Addr: ":8091", Handler: h, ReadHeaderTimeout: *flagHeaderTimeout}
	return srv.ListenAndServe()
}

// HTTPConfig is filled by an env decoder with defaults.
type HTTPConfig struct {
	Addr          string        `env:"HTTP_ADDR" envDefault:":8080"`
	HeaderTimeout time.Duration `env:"HTTP_HEADER_TIMEOUT" envDefault:"5s"`
}

// OK: the config field has an envDefault.
func runEnv(cfg HTTPConfig, h http.Handler) error {
	srv := &http.Server{Addr: cfg.Addr, Handler: h, ReadHeaderTimeout: cfg.HeaderTimeout}
	return srv.ListenAndServe()
}

// fileConfig fields are registered as flags (address taken).
type fileConfig struct {
	ReadTimeout time.Duration
}

// OK: the field's address goes to flag.DurationVar, so a flag fills it.
func runFileConfig(h http.Handler) error {
	var cfg fileConfig
	flag.DurationVar(&cfg.ReadTimeout, "read-timeout", 30*time.Second, "")
	flag.Parse()
	srv := &http.Server{Addr: ":8092", Handler: h, ReadTimeout: cfg.ReadTimeout}
	return srv.ListenAndServe()
}

// OK: options applied through function values.
func runWithOptions(h http.Handler, opts ...func(*http.Server)) error {
	srv := &http.Server{Addr: ":8093", Handler: h}
	for _, o := range opts {
		o(srv)
	}
	return srv.ListenAndServe()
}

// OK: the timeout comes from a parameter.
func runParam(h http.Handler, hdr time.Duration) error {
	srv := &http.Server{Addr: ":8094", Handler: h, ReadHeaderTimeout: hdr}
	return srv.ListenAndServe()
}

// OK: httptest server, not an http.Server start.
func smoke(h http.Handler) string {
	ts := httptest.NewServer(h)
	defer ts.Close()
	return ts.URL
}

// OK: the timeout is set conditionally (documented as accepted).
func runHardenedInProd(h http.Handler, prod bool) error {
	srv := &http.Server{Addr: ":8095", Handler: h}
	if prod {
		srv.ReadHeaderTimeout = 5 * time.Second
	}
	return srv.ListenAndServe()
}

// OK: gin engine handed to a server with a read timeout, TLS.
func runGinServerTLS(r *gin.Engine) error {
	srv := &http.Server{Addr: ":8445", Handler: r, ReadTimeout: 15 * time.Second}
	return srv.ListenAndServeTLS("cert.pem", "key.pem")
}
