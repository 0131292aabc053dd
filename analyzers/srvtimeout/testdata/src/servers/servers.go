package servers

import (
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

func literal(h http.Handler) {
	srv := &http.Server{Addr: ":8080", Handler: h}
	log.Fatal(srv.ListenAndServe()) // want `srvtimeout: http.Server started with no ReadHeaderTimeout or ReadTimeout`
}

func valueLiteral(h http.Handler) error {
	srv := http.Server{Addr: ":8080", Handler: h, WriteTimeout: time.Minute, IdleTimeout: time.Minute}
	return srv.ListenAndServeTLS("cert.pem", "key.pem") // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func inline(h http.Handler, l net.Listener) error {
	return (&http.Server{Handler: h}).Serve(l) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func newServer(h http.Handler) {
	srv := new(http.Server)
	srv.Addr = ":8080"
	srv.Handler = h
	go srv.ListenAndServe() // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func zeroVar(h http.Handler, l net.Listener) {
	var srv http.Server
	srv.Handler = h
	_ = srv.ServeTLS(l, "c", "k") // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

func zeroConstant(h http.Handler) {
	srv := &http.Server{Addr: ":1", Handler: h, ReadHeaderTimeout: 0, ReadTimeout: 0 * time.Second}
	_ = srv.ListenAndServe() // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

// onePath: the literal without timeouts reaches the start when tls is false.
func onePath(h http.Handler, tls bool) {
	srv := &http.Server{Addr: ":1", Handler: h}
	if tls {
		srv = &http.Server{Addr: ":2", Handler: h, ReadHeaderTimeout: time.Second}
	}
	_ = srv.ListenAndServe() // want `srvtimeout: http.Server started`
}

// goroutine: a start inside a function literal sees the definitions that
// reach the literal.
func goroutine(h http.Handler) {
	srv := &http.Server{Addr: ":1", Handler: h}
	go func() {
		if err := srv.ListenAndServe(); err != nil { // want `srvtimeout: http.Server started`
			log.Println(err)
		}
	}()
}

func packageLevel(h http.Handler, l net.Listener) {
	log.Fatal(http.ListenAndServe(":8080", h))                // want `srvtimeout: http.ListenAndServe serves with no timeouts`
	log.Fatal(http.ListenAndServeTLS(":8443", "c", "k", nil)) // want `srvtimeout: http.ListenAndServeTLS serves with no timeouts`
	log.Fatal(http.Serve(l, h))                               // want `srvtimeout: http.Serve serves with no timeouts`
	log.Fatal(http.ServeTLS(l, h, "c", "k"))                  // want `srvtimeout: http.ServeTLS serves with no timeouts`
}

// App keeps its server in a field, built in one method and started in another.
type App struct {
	srv *http.Server
}

func NewApp(h http.Handler) *App {
	return &App{srv: &http.Server{Addr: ":1", Handler: h}}
}

func (a *App) Run() error {
	return a.srv.ListenAndServe() // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

// Value holds an http.Server by value and configures only its address.
type Value struct {
	server http.Server
}

func (v *Value) Run(h http.Handler) error {
	v.server.Addr = ":1"
	v.server.Handler = h
	return v.server.ListenAndServe() // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

// build is a constructor: its server is judged where it is started.
func build(h http.Handler) *http.Server {
	return &http.Server{Addr: ":1", Handler: h}
}

func startBuilt(h http.Handler) {
	srv := build(h)
	_ = srv.ListenAndServe() // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}

// Config is decoded from a file; nothing gives HeaderTimeout a default.
type Config struct {
	Addr          string        `yaml:"addr"`
	HeaderTimeout time.Duration `yaml:"header_timeout"`
}

func fromConfig(cfg Config, h http.Handler) {
	srv := &http.Server{Addr: cfg.Addr, Handler: h, ReadHeaderTimeout: cfg.HeaderTimeout}
	_ = srv.ListenAndServe() // want `srvtimeout: http.Server's header timeout cfg.HeaderTimeout has no positive default`
}

// nonHelper takes the server but sets only the address.
func nonHelper(s *http.Server) {
	s.Addr = os.Getenv("ADDR")
}

func withNonHelper(h http.Handler) {
	srv := &http.Server{Handler: h}
	nonHelper(srv)
	_ = srv.ListenAndServe() // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
}
