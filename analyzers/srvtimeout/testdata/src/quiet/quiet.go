package quiet

import (
	"flag"
	"net"
	"net/http"
	"net/http/httptest"
	"time"
)

func set(h http.Handler) {
	srv := &http.Server{Addr: ":1", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServe()
}

// readTimeoutAlone: net/http uses ReadTimeout for the headers too.
func readTimeoutAlone(h http.Handler) {
	srv := &http.Server{Addr: ":1", Handler: h, ReadTimeout: time.Minute}
	_ = srv.ListenAndServe()
}

// afterLiteral: assigned after the literal, even conditionally.
func afterLiteral(h http.Handler, slow bool) {
	srv := &http.Server{Addr: ":1", Handler: h}
	if !slow {
		srv.ReadHeaderTimeout = 3 * time.Second
	}
	_ = srv.ListenAndServe()
}

func newThenSet(h http.Handler) {
	srv := new(http.Server)
	srv.Handler = h
	srv.ReadTimeout = time.Minute
	_ = srv.ListenAndServe()
}

func zeroVarSet(l net.Listener) {
	var srv http.Server
	srv.ReadHeaderTimeout = time.Second
	_ = srv.Serve(l)
}

// replaced: the bare literal never reaches the start.
func replaced(h http.Handler) {
	srv := &http.Server{Handler: h}
	srv = &http.Server{Handler: h, ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}

// configure is an options helper: it sets the field on its parameter.
func configure(s *http.Server, d time.Duration) {
	s.ReadHeaderTimeout = d
}

func viaHelper(h http.Handler, d time.Duration) {
	srv := &http.Server{Handler: h}
	configure(srv, d)
	_ = srv.ListenAndServe()
}

// harden calls configure: helpers of helpers.
func harden(s *http.Server) { configure(s, time.Second) }

func viaHelperOfHelper(h http.Handler) {
	var srv http.Server
	srv.Handler = h
	harden(&srv)
	_ = srv.ListenAndServe()
}

// Option is an option function: it may set anything.
type Option func(*http.Server)

func withOptions(h http.Handler, opts ...Option) {
	srv := &http.Server{Handler: h}
	for _, o := range opts {
		o(srv)
	}
	_ = srv.ListenAndServe()
}

// returned: built and returned unstarted; the start site is judged.
func returned(h http.Handler) *http.Server {
	return &http.Server{Addr: ":1", Handler: h}
}

// stored in a field and never started in this package.
type Holder struct{ Srv *http.Server }

func store(h http.Handler) *Holder {
	return &Holder{Srv: &http.Server{Handler: h}}
}

// param: a server from the caller is not known.
func param(srv *http.Server) error { return srv.ListenAndServe() }

// Service sets the timeout on its field in another method.
type Service struct{ srv *http.Server }

func NewService(h http.Handler) *Service {
	return &Service{srv: &http.Server{Handler: h}}
}

func (s *Service) harden() { s.srv.ReadHeaderTimeout = 2 * time.Second }

func (s *Service) Run() error {
	s.harden()
	return s.srv.ListenAndServe()
}

// Flags gives the config a positive default through a flag.
type Flags struct{ HeaderTimeout time.Duration }

func fromFlags(h http.Handler) {
	var f Flags
	flag.DurationVar(&f.HeaderTimeout, "header-timeout", 10*time.Second, "")
	flag.Parse()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: f.HeaderTimeout}
	_ = srv.ListenAndServe()
}

// Tagged has a default in its tag.
type Tagged struct {
	HeaderTimeout time.Duration `env:"HEADER_TIMEOUT" envDefault:"5s"`
}

func fromTag(t Tagged, h http.Handler) {
	_ = (&http.Server{Handler: h, ReadHeaderTimeout: t.HeaderTimeout}).ListenAndServe()
}

// Defaulted gets a positive default in its constructor.
type Defaulted struct{ HeaderTimeout time.Duration }

func defaults() Defaulted { return Defaulted{HeaderTimeout: 10 * time.Second} }

func fromDefaulted(d Defaulted, h http.Handler) {
	_ = (&http.Server{Handler: h, ReadHeaderTimeout: d.HeaderTimeout}).ListenAndServe()
}

// fromParam: a duration parameter can be positive.
func fromParam(d time.Duration, h http.Handler) {
	_ = (&http.Server{Handler: h, ReadHeaderTimeout: d}).ListenAndServe()
}

func seconds(n int, h http.Handler) {
	_ = (&http.Server{Handler: h, ReadHeaderTimeout: time.Duration(n) * time.Second}).ListenAndServe()
}

// testServer: httptest servers are not http.Server starts.
func testServer(h http.Handler) string {
	ts := httptest.NewServer(h)
	defer ts.Close()
	return ts.URL
}

// wrapper holds the inner server of a protocol wrapper; the wrapper is what
// is started, and it is not an http.Server.
type wrapper struct {
	Server *http.Server
}

func (w *wrapper) ListenAndServe() error { return nil }

func inner(h http.Handler) error {
	w := &wrapper{Server: &http.Server{Handler: h}}
	return w.ListenAndServe()
}
