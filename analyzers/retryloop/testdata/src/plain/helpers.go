package plain

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"time"
)

type client struct {
	http  *http.Client
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
func dial(addr string) (net.Conn, error)                            { return nil, nil }
func serve(c net.Conn)                                              {}
func ready() bool                                                   { return true }
func logf(format string, args ...any)                               {}

// isRetryable is the classifier the near-misses use.
func isRetryable(err error) bool {
	var ne net.Error
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

func retryAfter(resp *http.Response) time.Duration {
	if resp == nil {
		return time.Second
	}
	d, err := time.ParseDuration(resp.Header.Get("Retry-After") + "s")
	if err != nil {
		return time.Second
	}
	return d
}
