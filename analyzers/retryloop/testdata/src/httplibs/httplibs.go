// Package httplibs holds the fixtures that need net/http and gRPC.
package httplibs

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/avast/retry-go/v4"
	"github.com/cenkalti/backoff/v4"
	"github.com/hashicorp/go-retryablehttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A generated gRPC client, as protoc-gen-go-grpc writes it.
type ChargeRequest struct{ ID string }
type ChargeReply struct{}

type PaymentsClient interface {
	Charge(ctx context.Context, in *ChargeRequest, opts ...grpc.CallOption) (*ChargeReply, error)
}

var errStatus = errors.New("unexpected status")

// retryablehttp: a linear backoff with no jitter.
func newLinearClient() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.Backoff = func(min, max time.Duration, attemptNum int, resp *http.Response) time.Duration { // want `custom retryablehttp Backoff grows with no jitter, so clients retry in lock-step; randomise it \(rand\.N\) or use LinearJitterBackoff`
		d := min * time.Duration(attemptNum+1)
		if d > max {
			d = max
		}
		return d
	}
	return c
}

// retryablehttp: a policy that retries every non-2xx status.
func newEagerClient() *retryablehttp.Client {
	return &retryablehttp.Client{
		RetryMax: 5,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) { // want `custom retryablehttp CheckRetry retries 4xx responses`
			if err != nil {
				return true, nil
			}
			if resp.StatusCode == http.StatusOK {
				return false, nil
			}
			return true, nil
		},
	}
}

// retryablehttp: a named policy, returning a comparison.
func retryNon2xx(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if resp == nil {
		return true, err
	}
	return resp.StatusCode >= 300, nil
}

func newNamedClient() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.CheckRetry = retryNon2xx // want `custom retryablehttp CheckRetry retries 4xx responses`
	return c
}

// gRPC through backoff: every code retried.
func chargeGRPC(ctx context.Context, pc PaymentsClient, id string) error {
	return backoff.Retry(func() error { // want `backoff\.Retry retries every gRPC error; mark permanent errors with backoff\.Permanent`
		_, err := pc.Charge(ctx, &ChargeRequest{ID: id})
		return err
	}, backoff.WithContext(backoff.NewExponentialBackOff(), ctx))
}

// gRPC through retry-go without RetryIf.
func chargeRetryGo(ctx context.Context, pc PaymentsClient, id string) error {
	return retry.Do(func() error { // want `retry.Do retries every gRPC error`
		_, err := pc.Charge(ctx, &ChargeRequest{ID: id})
		return err
	}, retry.Context(ctx))
}

// A hand-written loop around net/http: doubling, every non-2xx retried.
func getLoop(ctx context.Context, hc *http.Client, req *http.Request) (*http.Response, error) {
	d := 100 * time.Millisecond
	for i := 0; i < 5; i++ {
		resp, err := hc.Do(req)
		if err == nil && resp.StatusCode < 300 {
			return resp, nil
		}
		if resp != nil {
			resp.Body.Close()
		}
		time.Sleep(d) // want `retry loop around hc\.Do has no jitter and retries 4xx responses; add jitter \(rand\.N\) and stop on permanent errors`
		d *= 2
	}
	return nil, errStatus
}

// A bounded, jittered loop around a gRPC call that retries every code.
func chargeLoop(ctx context.Context, pc PaymentsClient, id string) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		if _, err = pc.Charge(ctx, &ChargeRequest{ID: id}); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(rand.N(time.Second)): // want `retry loop around pc\.Charge retries permanent errors; return early on errors that cannot succeed`
		}
	}
	return err
}

// --- near-misses ---

// The library's own policies.
func newDefaultClient() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.Backoff = retryablehttp.LinearJitterBackoff
	c.CheckRetry = retryablehttp.DefaultRetryPolicy
	return c
}

// A policy that delegates to the default, and one that retries only 429/5xx.
func newCarefulClient() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if resp != nil && resp.StatusCode == http.StatusConflict {
			return false, nil
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	return c
}

func newStatusClient() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if err != nil {
			return true, nil
		}
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true, nil
		}
		return false, nil
	}
	c.Backoff = func(min, max time.Duration, attemptNum int, resp *http.Response) time.Duration {
		d := min << attemptNum
		if d > max {
			d = max
		}
		return d/2 + rand.N(d/2+1)
	}
	return c
}

// gRPC with codes classified.
func chargeGRPCGood(ctx context.Context, pc PaymentsClient, id string) error {
	return backoff.Retry(func() error {
		_, err := pc.Charge(ctx, &ChargeRequest{ID: id})
		switch status.Code(err) {
		case codes.OK:
			return nil
		case codes.Unavailable, codes.ResourceExhausted:
			return err
		}
		return backoff.Permanent(err)
	}, backoff.WithContext(backoff.NewExponentialBackOff(), ctx))
}

// A hand-written loop that retries only 429 and 5xx, with jitter.
func getLoopGood(ctx context.Context, hc *http.Client, req *http.Request) (*http.Response, error) {
	d := 100 * time.Millisecond
	for i := 0; i < 5; i++ {
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
			return resp, nil
		}
		resp.Body.Close()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(rand.N(d)):
		}
		d *= 2
	}
	return nil, errStatus
}
