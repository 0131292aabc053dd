package httpclient

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ---- firing shapes ----

func pkgGet(u string) (*http.Response, error) {
	return http.Get(u) // want `http\.Get uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
}

func pkgHead(u string) (*http.Response, error) {
	return http.Head(u) // want `http\.Head uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
}

func pkgPost(u string, body io.Reader) (*http.Response, error) {
	return http.Post(u, "application/json", body) // want `http\.Post uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
}

func pkgPostForm(u string, v url.Values) (*http.Response, error) {
	return http.PostForm(u, v) // want `http\.PostForm uses http\.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context`
}

func defaultClientGet(u string) (*http.Response, error) {
	return http.DefaultClient.Get(u) // want `http\.DefaultClient has no timeout and http\.DefaultClient\.Get sends with no context at all, so a slow server holds it forever; use a client with a Timeout`
}

func defaultClientDoNoCtx(u string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want `http\.DefaultClient has no timeout and http\.DefaultClient\.Do sends a request with no context, so a slow server holds it forever; use a client with a Timeout`
}

func defaultClientDoBackground(u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want `http\.DefaultClient has no timeout and http\.DefaultClient\.Do sends with no deadline, so a slow server holds it forever; use a client with a Timeout`
}

func literalClientLocal(u string) (*http.Response, error) {
	c := &http.Client{} // want `this http\.Client has no Timeout and c\.Get sends with no context at all, so a slow server holds it forever; set Timeout`
	return c.Get(u)
}

func newClientLocal(u string) (*http.Response, error) {
	c := new(http.Client) // want `this http\.Client has no Timeout and c\.Post sends with no context at all, so a slow server holds it forever; set Timeout`
	return c.Post(u, "text/plain", strings.NewReader("x"))
}

func zeroValueClient(u string) (*http.Response, error) {
	var c http.Client // want `this http\.Client has no Timeout and c\.Head sends with no context at all, so a slow server holds it forever; set Timeout`
	return c.Head(u)
}

func explicitZeroTimeout(u string) (*http.Response, error) {
	c := &http.Client{Timeout: 0} // want `this http\.Client has no Timeout`
	return c.Get(u)
}

func transportWithoutHeaderTimeout(u string) (*http.Response, error) {
	c := &http.Client{Transport: &http.Transport{MaxIdleConns: 10}} // want `this http\.Client has no Timeout`
	return c.Get(u)
}

func defaultTransportClone(u string) (*http.Response, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	c := &http.Client{Transport: tr} // want `this http\.Client has no Timeout`
	return c.Get(u)
}

// A client held in a struct field, set in the constructor, used by a method.
type api struct {
	base string
	http *http.Client
}

func newAPI(base string) *api {
	return &api{base: base, http: &http.Client{}} // want `this http\.Client has no Timeout and a\.http\.Do sends a request with no context, so a slow server holds it forever; set Timeout`
}

func (a *api) fetch(path string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, a.base+path, nil)
	if err != nil {
		return nil, err
	}
	return a.http.Do(req)
}

// A field assigned after construction.
type notifier struct{ client *http.Client }

func (n *notifier) init() {
	n.client = &http.Client{} // want `this http\.Client has no Timeout and n\.client\.PostForm sends with no context at all, so a slow server holds it forever; set Timeout`
}

func (n *notifier) send(u string) error {
	resp, err := n.client.PostForm(u, url.Values{"a": {"b"}})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A package-level client.
var shared = &http.Client{} // want `this http\.Client has no Timeout and shared\.Do sends with no deadline, so a slow server holds it forever; set Timeout`

func useShared(u string) error {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := shared.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A client from a constructor function of this package.
func plainClient() *http.Client { return &http.Client{} } // want `this http\.Client has no Timeout and c\.Get sends with no context at all, so a slow server holds it forever; set Timeout`

func useConstructed(u string) error {
	c := plainClient()
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// DefaultClient through a variable.
func defaultViaVar(u string) error {
	c := http.DefaultClient // want `http\.DefaultClient has no timeout and c\.Get sends with no context at all, so a slow server holds it forever; use a client with a Timeout`
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A detached context on a request.
func detached(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want `http\.DefaultClient has no timeout and http\.DefaultClient\.Do sends with no deadline, so a slow server holds it forever; use a client with a Timeout`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// ---- near-misses: must stay quiet ----

func clientWithTimeout(u string) (*http.Response, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	return c.Get(u)
}

func clientTimeoutSetLater(u string) (*http.Response, error) {
	c := &http.Client{}
	c.Timeout = 5 * time.Second
	return c.Get(u)
}

func clientTimeoutFromConfig(u string, d time.Duration) (*http.Response, error) {
	c := &http.Client{Timeout: d}
	return c.Get(u)
}

func transportWithHeaderTimeout(u string) (*http.Response, error) {
	c := &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 5 * time.Second}}
	return c.Get(u)
}

func transportFromElsewhere(u string, rt http.RoundTripper) (*http.Response, error) {
	c := &http.Client{Transport: rt}
	return c.Get(u)
}

func clientParam(c *http.Client, u string) (*http.Response, error) {
	return c.Get(u)
}

func defaultClientWithCallerCtx(ctx context.Context, u string) (*http.Response, error) { // want defaultClientWithCallerCtx:`ctx reaches \(\*http\.Client\)\.Do \(params 1\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func untimedClientWithDeadline(u string) error {
	c := &http.Client{}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func handler(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://upstream/", nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	resp.Body.Close()
}

func requestWithContextLater(u string, ctx context.Context) error { // want requestWithContextLater:`ctx reaches \(\*http\.Client\)\.Do \(params 10\)`
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req = req.WithContext(ctx)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func requestFromCaller(req *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(req)
}

// A client field set from a parameter: the caller chose the client.
type svc struct{ hc *http.Client }

func newSvc(hc *http.Client) *svc { return &svc{hc: hc} }

func (s *svc) get(u string) (*http.Response, error) { return s.hc.Get(u) }

// A client field whose default is replaced when the option is given.
type withOpt struct{ hc *http.Client }

func newWithOpt(hc *http.Client) *withOpt {
	w := &withOpt{hc: hc}
	if w.hc == nil {
		w.hc = &http.Client{Timeout: time.Minute}
	}
	return w
}

func (w *withOpt) get(u string) (*http.Response, error) { return w.hc.Get(u) }

// An exported field of an exported type: other packages set it.
type Uploader struct{ Client *http.Client }

func NewUploader() *Uploader { return &Uploader{Client: &http.Client{}} }

func (u *Uploader) Put(target string) (*http.Response, error) { return u.Client.Get(target) }

// A client built but never used to send.
func unusedClient() *http.Client { return &http.Client{} }

// An untimed client whose every request carries the caller's context.
var callerBound = &http.Client{}

func viaCallerBound(ctx context.Context, u string) error { // want viaCallerBound:`ctx reaches \(\*http\.Client\)\.Do`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := callerBound.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A client from another package's constructor: unknown, quiet.
func fromOtherPackage(u string) error {
	c := newFromElsewhere()
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var newFromElsewhere func() *http.Client

// Building requests without sending them.
func buildOnly(u string) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, u, nil)
}

// A server, not a client.
func serve(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: time.Second}
}
