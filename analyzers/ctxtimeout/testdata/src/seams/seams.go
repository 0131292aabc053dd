// Package seams: clients and contexts kept where the call cannot see them
// being made: behind an interface field, embedded, as a nil fallback, and
// a context.Background() kept in a struct field.
package seams

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"time"
)

// Doer is the usual seam for an HTTP client.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// --- A client behind an interface field.

type billing struct{ hc Doer }

func newBilling() *billing {
	return &billing{hc: &http.Client{}} // want `this http\.Client has no Timeout and b\.hc\.Do sends a request with no context`
}

func (b *billing) invoice(u string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

type hooks struct{ client Doer }

func newHooks() *hooks { return &hooks{client: http.DefaultClient} } // want `http\.DefaultClient has no timeout and h\.client\.Do sends with no deadline`

func (h *hooks) fire(u string) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, u, nil)
	if err != nil {
		return err
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the interface holds a client with a Timeout.
type timedDoer struct{ hc Doer }

func newTimedDoer() *timedDoer { return &timedDoer{hc: &http.Client{Timeout: 5 * time.Second}} }

func (t *timedDoer) get(u string) error {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	resp, err := t.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the client is injected; the caller decides.
type injected struct{ hc Doer }

func newInjected(hc Doer) *injected { return &injected{hc: hc} }

func (i *injected) get(u string) error {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	resp, err := i.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A Do that is not http.Client's (it takes a context): not followed as a
// client, but as a port of the module that takes a context, a
// context.Background() given to it has no deadline (portCall).
type ctxDoer interface {
	Do(ctx context.Context, req *http.Request) (*http.Response, error)
}

type custom struct{ d ctxDoer }

func (c *custom) get(u string) error {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	resp, err := c.d.Do(context.Background(), req) // want `context\.Background\(\) carries no deadline into c\.d\.Do`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// --- An embedded client: the type sends through it as its own.

type API struct {
	*http.Client
	base string
}

func NewAPI(base string) *API {
	return &API{Client: &http.Client{}, base: base} // want `this http\.Client has no Timeout and a\.Get sends with no context at all`
}

func (a *API) Ping() error {
	resp, err := a.Get(a.base + "/ping")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the embedded client has a Timeout.
type TimedAPI struct {
	*http.Client
}

func NewTimedAPI() *TimedAPI { return &TimedAPI{Client: &http.Client{Timeout: time.Minute}} }

func (a *TimedAPI) Ping(u string) error {
	resp, err := a.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the embedded client is set from the caller's.
type Wrapped struct {
	*http.Client
}

func NewWrapped(c *http.Client) *Wrapped { return &Wrapped{Client: c} }

func (w *Wrapped) Ping(u string) error {
	resp, err := w.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// --- A nil fallback: every caller that passes nil gets this client.

type notifier struct{ client *http.Client }

func newNotifier(c *http.Client) *notifier {
	if c == nil {
		c = &http.Client{} // want `this http\.Client has no Timeout and n\.client\.Do sends a request with no context`
	}
	return &notifier{client: c}
}

func (n *notifier) send(u string) error {
	req, err := http.NewRequest(http.MethodPost, u, nil)
	if err != nil {
		return err
	}
	resp, err := n.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type pusher struct{ hc *http.Client }

func (p *pusher) push(u string) error {
	if p.hc == nil {
		p.hc = http.DefaultClient // want `http\.DefaultClient has no timeout and p\.hc\.Get sends with no context at all`
	}
	resp, err := p.hc.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the fallback has a Timeout.
type timedFallback struct{ client *http.Client }

func newTimedFallback(c *http.Client) *timedFallback {
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return &timedFallback{client: c}
}

func (t *timedFallback) get(u string) error {
	resp, err := t.client.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the untimed client is chosen by another test than the client's
// own nil check, and the caller's client is used otherwise.
func pick(c *http.Client, insecure bool) *http.Client {
	if insecure {
		c = &http.Client{}
	}
	return c
}

func viaPick(c *http.Client, u string) error {
	resp, err := pick(c, false).Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// --- context.Background() kept in a struct field.

type sweeper struct {
	ctx context.Context
	db  *sql.DB
}

func newSweeper(db *sql.DB) *sweeper {
	return &sweeper{ctx: context.Background(), db: db} // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
}

func (s *sweeper) sweep() error {
	_, err := s.db.ExecContext(s.ctx, "DELETE FROM sessions WHERE expires_at < now()")
	return err
}

type poller struct {
	ctx context.Context
	hc  *http.Client
}

func newPoller() *poller {
	ctx := context.TODO() // want `context\.TODO\(\) carries no deadline into \(\*sql\.DB\)\.QueryRowContext`
	return &poller{ctx: ctx, hc: &http.Client{Timeout: time.Minute}}
}

func (p *poller) status(db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(p.ctx, "SELECT count(*) FROM jobs").Scan(&n)
	return n, err
}

// Quiet: a lifetime context the type cancels on Close.
type worker struct {
	ctx    context.Context
	cancel context.CancelFunc
	db     *sql.DB
}

func newWorker(db *sql.DB) *worker {
	ctx, cancel := context.WithCancel(context.Background())
	return &worker{ctx: ctx, cancel: cancel, db: db}
}

func (w *worker) Close() { w.cancel() }

func (w *worker) tick() error {
	_, err := w.db.ExecContext(w.ctx, "UPDATE jobs SET state = 'idle'")
	return err
}

// Quiet: the context is the caller's.
type scoped struct {
	ctx context.Context
	db  *sql.DB
}

func newScoped(ctx context.Context, db *sql.DB) *scoped { return &scoped{ctx: ctx, db: db} }

func (s *scoped) run() error {
	_, err := s.db.ExecContext(s.ctx, "SELECT 1")
	return err
}

// Quiet: an exported field of an exported type: other packages set it.
type Job struct {
	Ctx context.Context
	DB  *sql.DB
}

func NewJob(db *sql.DB) *Job { return &Job{Ctx: context.Background(), DB: db} }

func (j *Job) Run() error {
	_, err := j.DB.ExecContext(j.Ctx, "SELECT 1")
	return err
}

// --- A transport kept in a package variable.

var meterTransport = &http.Transport{MaxIdleConns: 20, IdleConnTimeout: 90 * time.Second}

var meterClient = &http.Client{Transport: meterTransport} // want `this http\.Client has no Timeout and meterClient\.Get sends with no context at all`

func pingMeter(base string) error {
	resp, err := meterClient.Get(base + "/healthz")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: the transport bounds the wait for the response.
var boundedTransport = &http.Transport{ResponseHeaderTimeout: 10 * time.Second}

var boundedClient = &http.Client{Transport: boundedTransport}

func pingBounded(base string) error {
	resp, err := boundedClient.Get(base + "/healthz")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Quiet: an exported transport other packages may tune.
var SharedTransport = &http.Transport{}

var sharedClient = &http.Client{Transport: SharedTransport}

func pingShared(base string) error {
	resp, err := sharedClient.Get(base + "/healthz")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
