package libs

import (
	"context"
	"errors"
	"time"

	"github.com/cenkalti/backoff/v4"
)

type worker struct {
	bo backoff.BackOff
	st *store
}

// A zero RandomizationFactor set on the variable Retry uses.
func saveNoJitter(ctx context.Context, s *store, id string) error {
	b := backoff.NewExponentialBackOff()
	b.RandomizationFactor = 0
	return backoff.Retry(func() error { return s.save(ctx, id) }, b) // want `backoff\.Retry backs off with no jitter \(clients retry in lock-step\); set RandomizationFactor to 0\.5`
}

// The option form, stored for later: reported where it is configured.
func newWorker(s *store) *worker {
	return &worker{
		bo: backoff.NewExponentialBackOff(backoff.WithRandomizationFactor(0)), // want `ExponentialBackOff with RandomizationFactor 0 has no jitter`
		st: s,
	}
}

// A literal that leaves RandomizationFactor (and MaxElapsedTime) out.
func saveLiteral(ctx context.Context, s *store, id string) error {
	b := &backoff.ExponentialBackOff{
		InitialInterval: 100 * time.Millisecond,
		Multiplier:      2,
		MaxInterval:     10 * time.Second,
		Clock:           backoff.SystemClock,
	}
	b.Reset()
	return backoff.Retry(func() error { return s.save(ctx, id) }, b) // want `backoff\.Retry backs off with no jitter and never gives up; set RandomizationFactor to 0\.5 and wrap it in WithMaxRetries or WithContext`
}

// A constant backoff never stops.
func saveConstant(ctx context.Context, s *store, id string) error {
	return backoff.Retry(func() error { return s.save(ctx, id) }, backoff.NewConstantBackOff(time.Second)) // want `backoff.Retry waits a fixed time.Second with no jitter and never gives up`
}

// Every non-2xx response becomes a retry, 4xx included.
func fetchAll(hc *httpClient, url string) error {
	return backoff.Retry(func() error { // want `backoff\.Retry retries 4xx responses; mark permanent errors with backoff\.Permanent`
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return errStatus
		}
		return nil
	}, backoff.NewExponentialBackOff())
}

// WithMaxElapsedTime(0) and no context: forever.
func saveForever(ctx context.Context, s *store, id string) error {
	b := backoff.NewExponentialBackOff(backoff.WithMaxElapsedTime(0))
	return backoff.RetryNotify(func() error { return s.save(ctx, id) }, b, func(err error, d time.Duration) {}) // want `backoff.RetryNotify never gives up`
}

// The literal sets RandomizationFactor: 0 explicitly; bounded by retries.
func saveLiteralZero(ctx context.Context, s *store, id string) error {
	b := &backoff.ExponentialBackOff{InitialInterval: time.Second, RandomizationFactor: 0, Multiplier: 2, MaxElapsedTime: time.Minute, Clock: backoff.SystemClock}
	return backoff.Retry(func() error { return s.save(ctx, id) }, backoff.WithMaxRetries(b, 5)) // want `backoff.Retry backs off with no jitter`
}

// --- near-misses ---

// The library default has jitter and a 15-minute bound; 4xx are permanent.
func fetchGood(hc *httpClient, url string) error {
	return backoff.Retry(func() error {
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		switch {
		case resp.StatusCode >= 500 || resp.StatusCode == 429:
			return errStatus
		case resp.StatusCode >= 400:
			return backoff.Permanent(errStatus)
		}
		return nil
	}, backoff.NewExponentialBackOff())
}

// Permanent alone is the classification.
func fetchPermanent(hc *httpClient, url string) error {
	return backoff.Retry(func() error {
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return backoff.Permanent(errStatus)
		}
		return nil
	}, backoff.NewExponentialBackOff())
}

// Only transport errors are returned: nothing 4xx is retried.
func fetchTransportOnly(hc *httpClient, url string) error {
	return backoff.Retry(func() error {
		_, err := hc.Get(url)
		return err
	}, backoff.NewExponentialBackOff())
}

// A constant backoff bounded by the context.
func saveConstantCtx(ctx context.Context, s *store, id string) error {
	return backoff.Retry(func() error { return s.save(ctx, id) }, backoff.WithContext(backoff.NewConstantBackOff(time.Second), ctx))
}

// A non-zero factor.
func saveJitter(ctx context.Context, s *store, id string) error {
	b := backoff.NewExponentialBackOff(backoff.WithRandomizationFactor(0.3))
	return backoff.Retry(func() error { return s.save(ctx, id) }, b)
}

// The factor comes from configuration.
func saveConfigured(ctx context.Context, s *store, id string, factor float64) error {
	b := backoff.NewExponentialBackOff()
	b.RandomizationFactor = factor
	return backoff.Retry(func() error { return s.save(ctx, id) }, b)
}

// The operation is a method value: its errors are not visible here.
func (w *worker) run(op backoff.Operation) error {
	return backoff.Retry(op, w.bo)
}

// A literal whose factor is set on the field that holds it, elsewhere.
type poller struct{ bo *backoff.ExponentialBackOff }

func newPoller() *poller {
	return &poller{bo: &backoff.ExponentialBackOff{InitialInterval: time.Second, Multiplier: 2, MaxElapsedTime: time.Minute}}
}

func (p *poller) tune() { p.bo.RandomizationFactor = 0.5 }

var _ = errors.New

// The operation is a closure held in a local variable.
func fetchOpVar(hc *httpClient, url string) error {
	op := func() error {
		resp, err := hc.Get(url)
		if err != nil {
			return err
		}
		if resp.StatusCode >= 400 {
			return errStatus
		}
		return nil
	}
	return backoff.RetryNotify(op, backoff.NewExponentialBackOff(), nil) // want `backoff\.RetryNotify retries 4xx responses; mark permanent errors with backoff\.Permanent`
}
