// Package reqhelper: requests built by one method and sent by a helper
// that takes the *http.Request.
package reqhelper

import (
	"context"
	"net/http"
	"time"
)

type Client struct {
	base string
	http *http.Client
}

func NewClient(base string) *Client {
	return &Client{base: base, http: &http.Client{Transport: http.DefaultTransport}} // want `this http\.Client has no Timeout and c\.send sends a request with no context, so a slow server holds it forever; set Timeout`
}

func (c *Client) send(req *http.Request) error {
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// sendTwice hands the request on: its callers decide.
func (c *Client) sendTwice(req *http.Request) error {
	if err := c.send(req); err != nil {
		return c.send(req)
	}
	return nil
}

// Transfer builds its request with no context.
func (c *Client) Transfer() error {
	req, err := http.NewRequest(http.MethodPost, c.base+"/transfers", nil)
	if err != nil {
		return err
	}
	return c.send(req)
}

// Status passes its caller's context: bounded by the caller.
func (c *Client) Status(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/status", nil)
	if err != nil {
		return err
	}
	return c.sendTwice(req)
}

// ---- near misses ----

type Timed struct{ http *http.Client }

func NewTimed() *Timed { return &Timed{http: &http.Client{Timeout: 10 * time.Second}} }

func (t *Timed) send(req *http.Request) error {
	resp, err := t.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The client has a Timeout: a request with no context is still bounded.
func (t *Timed) Ping() error {
	req, err := http.NewRequest(http.MethodGet, "https://example.com/ping", nil)
	if err != nil {
		return err
	}
	return t.send(req)
}

type Quiet struct{ http *http.Client }

func NewQuiet() *Quiet { return &Quiet{http: &http.Client{}} }

func (q *Quiet) send(req *http.Request) error {
	resp, err := q.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Every request it sends carries the caller's context.
func (q *Quiet) Get(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	return q.send(req)
}
