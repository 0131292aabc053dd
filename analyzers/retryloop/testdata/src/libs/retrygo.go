package libs

import (
	"context"
	"time"

	"github.com/avast/retry-go/v4"
)

// BackOffDelay alone: exponential, no jitter.
func saveBackOffDelay(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.DelayType(retry.BackOffDelay)) // want `retry\.Do backs off with no jitter \(clients retry in lock-step\); add retry\.RandomDelay to the delay`
}

// Attempts(0) with no Context: forever.
func saveUntil(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.Attempts(0)) // want `retry\.Do never gives up; pass retry\.Context or retry\.Attempts`
}

// No RetryIf around an HTTP call that turns non-2xx into errors.
func fetchRetryGo(hc *httpClient, url string) error {
	return retry.Do(func() error { // want `retry\.Do retries 4xx responses; pass retry\.RetryIf or return retry\.Unrecoverable`
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return errStatus
		}
		return nil
	}, retry.Attempts(5))
}

// FixedDelay and UntilSucceeded: a fixed wait, forever.
func saveFixedForever(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.DelayType(retry.FixedDelay), retry.UntilSucceeded()) // want `retry.Do waits a fixed delay \(retry.FixedDelay\) with no jitter and never gives up`
}

// CombineDelay without a random component.
func saveCombined(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.DelayType(retry.CombineDelay(retry.BackOffDelay, retry.FixedDelay))) // want `retry.Do backs off with no jitter`
}

// A custom linear delay.
func saveLinear(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, // want `retry.Do backs off with no jitter`
		retry.DelayType(func(n uint, _ error, _ *retry.Config) time.Duration { return time.Duration(n) * time.Second }))
}

// Options gathered in a slice.
func saveOpts(ctx context.Context, s *store, id string) (int, error) {
	opts := []retry.Option{retry.Attempts(4), retry.DelayType(retry.BackOffDelay)}
	return retry.DoWithData(func() (int, error) { return 1, s.save(ctx, id) }, opts...) // want `retry.DoWithData backs off with no jitter`
}

// --- near-misses ---

// The default delay combines backoff with a random delay.
func saveDefault(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) })
}

func saveJittered(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.DelayType(retry.CombineDelay(retry.BackOffDelay, retry.RandomDelay)))
}

func saveFullJitter(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.DelayType(retry.FullJitterBackoffDelay))
}

// Attempts(0), bounded by the context.
func saveUntilCtx(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.Attempts(0), retry.Context(ctx))
}

// RetryIf classifies.
func fetchRetryIf(hc *httpClient, url string) error {
	return retry.Do(func() error {
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return errStatus
		}
		return nil
	}, retry.RetryIf(func(err error) bool { return err != errStatus }))
}

// Unrecoverable marks 4xx.
func fetchUnrecoverable(hc *httpClient, url string) error {
	return retry.Do(func() error {
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		if resp.StatusCode >= 400 && resp.StatusCode < 500 {
			return retry.Unrecoverable(errStatus)
		}
		if resp.StatusCode != 200 {
			return errStatus
		}
		return nil
	})
}

// A short fixed delay, bounded, on a non-HTTP operation.
func saveFixedBounded(ctx context.Context, s *store, id string) error {
	return retry.Do(func() error { return s.save(ctx, id) }, retry.DelayType(retry.FixedDelay), retry.Attempts(3))
}

// Options from elsewhere: not visible.
func saveWith(ctx context.Context, s *store, id string, opts []retry.Option) error {
	return retry.Do(func() error { return s.save(ctx, id) }, opts...)
}
