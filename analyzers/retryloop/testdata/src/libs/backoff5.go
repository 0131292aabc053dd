package libs

import (
	"context"

	backoff5 "github.com/cenkalti/backoff/v5"
)

// v5: a literal with no RandomizationFactor handed to WithBackOff.
func saveV5(ctx context.Context, s *store, id string) (struct{}, error) {
	return backoff5.Retry(ctx, func() (struct{}, error) { return struct{}{}, s.save(ctx, id) }, // want `backoff.Retry backs off with no jitter`
		backoff5.WithBackOff(&backoff5.ExponentialBackOff{InitialInterval: 1e8, Multiplier: 2, MaxInterval: 1e10}))
}

// v5: every non-2xx response retried.
func fetchV5(ctx context.Context, hc *httpClient, url string) (*Response, error) {
	return backoff5.Retry(ctx, func() (*Response, error) { // want `backoff\.Retry retries 4xx responses; mark permanent errors with backoff\.Permanent`
		resp, err := hc.Get(url)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 300 {
			return nil, errStatus
		}
		return resp, nil
	}, backoff5.WithMaxTries(5))
}

// --- near-misses ---

// v5 defaults: jitter, and the context bounds it.
func fetchV5Good(ctx context.Context, hc *httpClient, url string) (*Response, error) {
	return backoff5.Retry(ctx, func() (*Response, error) {
		resp, err := hc.Get(url)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 500 {
			return nil, errStatus
		}
		if resp.StatusCode >= 400 {
			return nil, backoff5.Permanent(errStatus)
		}
		return resp, nil
	})
}

// v5: a constant backoff is bounded by the context, and the operation
// is not an HTTP call.
func saveV5Constant(ctx context.Context, s *store, id string) (struct{}, error) {
	return backoff5.Retry(ctx, func() (struct{}, error) { return struct{}{}, s.save(ctx, id) },
		backoff5.WithBackOff(backoff5.NewConstantBackOff(1e9)))
}
