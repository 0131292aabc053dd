package plain

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"time"
)

// The fixtures avoid net and net/http (loading them from source takes half
// a minute); these mirror the shapes the check recognises: a response with
// an integer StatusCode, an error with Timeout().

type Response struct {
	StatusCode int
	Header     map[string][]string
	Body       io.ReadCloser
}

type Request struct{ URL string }

type httpClient struct{}

func (c *httpClient) Do(req *Request) (*Response, error)                     { return nil, nil }
func (c *httpClient) Get(url string) (*Response, error)                      { return nil, nil }
func (c *httpClient) Post(url, ct string, body io.Reader) (*Response, error) { return nil, nil }

const (
	StatusOK              = 200
	StatusTooManyRequests = 429
)

type netError interface {
	error
	Timeout() bool
}

type conn interface{ Close() error }

type listener interface{ Accept() (conn, error) }

type client struct {
	clock clock
	delay time.Duration
}

type clock interface {
	Sleep(d time.Duration)
	Now() time.Time
}

type job struct{ Done bool }

var errNotFound = errors.New("not found")

func (c *client) charge(ctx context.Context, id string) error       { return nil }
func (c *client) fetch(id string) ([]byte, error)                   { return nil, nil }
func (c *client) poll(ctx context.Context, id string) (*job, error) { return nil, nil }
func (c *client) sync() error                                       { return nil }
func dial(addr string) (conn, error)                                { return nil, nil }
func serve(c conn)                                                  {}
func ready() bool                                                   { return true }
func logf(format string, args ...any)                               {}

// isRetryable is the classifier the near-misses use.
func isRetryable(err error) bool {
	var ne netError
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, io.ErrUnexpectedEOF)
}

// backoffFor is a small helper computing an exponential delay.
func backoffFor(attempt int) time.Duration {
	return 100 * time.Millisecond << attempt
}

// jittered is a small helper that adds full jitter.
func jittered(d time.Duration) time.Duration {
	return rand.N(d)
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func retryAfter(resp *Response) time.Duration {
	if resp == nil || len(resp.Header["Retry-After"]) == 0 {
		return time.Second
	}
	d, err := time.ParseDuration(resp.Header["Retry-After"][0] + "s")
	if err != nil {
		return time.Second
	}
	return d
}

type rateLimited struct{ RetryAfter time.Duration }

func (e *rateLimited) Error() string { return "rate limited" }

// A retry utility: the caller gives the operation and the list of delays
// (their number bounds it): the policy is the caller's.
func RetryAfter[T any](f func() (*T, error), after ...time.Duration) (t *T, err error) {
	for _, delay := range after {
		if t, err = f(); err == nil {
			return t, nil
		}
		time.Sleep(delay)
	}
	return nil, err
}

// The same utility with one delay and no bound of its own: that is its own
// hazard.
func RetryEvery(f func() error, delay time.Duration) {
	for {
		if err := f(); err == nil {
			return
		}
		time.Sleep(delay) // want `retry loop around f has no jitter`
	}
}
