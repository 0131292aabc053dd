package plain

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// A wait behind a package helper that computes it from its parameters.

func sleepBackoff(attempt int) {
	time.Sleep(time.Duration(attempt) * 200 * time.Millisecond)
}

func pushWithHelper(c *httpClient) error {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		var resp *Response
		resp, err = c.Get("https://push.example.com")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		sleepBackoff(attempt) // want `retry loop around c\.Get has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
	}
	return err
}

// A fixed wait through a helper, in a bounded loop that stops on nothing
// permanent: like time.Sleep(2 * time.Second) here, reported only with
// -retryloop.fixed-delay.
func pause(base time.Duration) { time.Sleep(2 * base) }

func syncWithPause(c *httpClient) error {
	var err error
	for i := 0; i < 3; i++ {
		if _, err = c.Get("https://sync.example.com"); err == nil {
			return nil
		}
		pause(time.Second)
	}
	return err
}

// Quiet: the helper adds jitter itself.
func sleepJittered(attempt int) {
	base := time.Duration(attempt) * 200 * time.Millisecond
	time.Sleep(base/2 + rand.N(base/2+1))
}

func pushJittered(c *httpClient) error {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		var resp *Response
		resp, err = c.Get("https://push.example.com")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		if !isRetryable(err) {
			return err
		}
		sleepJittered(attempt)
	}
	return err
}

// Quiet: a helper that returns the delay does not wait; the loop's own
// wait is jittered.
func delayFor(attempt int) time.Duration { return time.Duration(attempt) * time.Second }

func pushDelay(c *httpClient) error {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		if _, err = c.Get("https://push.example.com"); err == nil {
			return nil
		}
		if !isRetryable(err) {
			return err
		}
		d := delayFor(attempt)
		time.Sleep(d/2 + rand.N(d/2+1))
	}
	return err
}

// Mutual recursion through a wait helper: send calls again on failure,
// again sleeps and calls send back, with no cap and no jitter.
type relay struct{ c *client }

func (r *relay) send(ctx context.Context, id string, attempt int) error {
	if err := r.c.charge(ctx, id); err != nil {
		return r.again(ctx, id, attempt) // want `recursive retry has no jitter, retries permanent errors, and has no attempt cap`
	}
	return nil
}

func (r *relay) again(ctx context.Context, id string, attempt int) error {
	time.Sleep(time.Duration(attempt+1) * time.Second)
	return r.send(ctx, id, attempt+1)
}

// Quiet: the same pair with a cap, jitter and a classification.
func (r *relay) sendSafe(ctx context.Context, id string, attempt int) error {
	err := r.c.charge(ctx, id)
	if err == nil || errors.Is(err, errNotFound) || attempt >= 4 {
		return err
	}
	return r.againSafe(ctx, id, attempt)
}

func (r *relay) againSafe(ctx context.Context, id string, attempt int) error {
	time.Sleep(rand.N(time.Duration(attempt+1) * time.Second))
	return r.sendSafe(ctx, id, attempt+1)
}

// Quiet: a pair that calls each other with no wait is no retry loop here.
func (r *relay) walk(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return r.step(ctx, ids)
}

func (r *relay) step(ctx context.Context, ids []string) error {
	if err := r.c.charge(ctx, ids[0]); err != nil {
		return err
	}
	return r.walk(ctx, ids[1:])
}
