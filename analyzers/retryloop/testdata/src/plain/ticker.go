//go:build go1.22

package plain

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Issue 16, shape 1: a ticker's channel as the retry wait. The loop leaves
// on success, so the ticker paces retries (not periodic work): a fixed,
// un-jittered wait, reported like a fixed time.Sleep.

// Every tick until the charge goes through, forever, every error.
func chargeEveryTick(ctx context.Context, c *client, id string) error {
	ticker := time.NewTicker(2 * time.Second)
	defer ticker.Stop()
	for {
		err := c.charge(ctx, id)
		if err == nil {
			return nil
		}
		logf("charge %s: %v; retrying", id, err)
		<-ticker.C // want `retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
	}
}

// The ticker in a select with a stop channel (not a context), breaking on
// success; every non-2xx response is retried.
func getEveryTick(hc *httpClient, req *Request, stop <-chan struct{}) (*Response, error) {
	t := time.NewTicker(retryInterval)
	defer t.Stop()
	var resp *Response
	for attempt := 0; attempt < 10; attempt++ {
		var err error
		resp, err = hc.Do(req)
		if err == nil && resp.StatusCode == StatusOK {
			break
		}
		select {
		case <-stop:
			return nil, errors.New("stopped")
		case <-t.C: // want `retry loop around hc\.Do has no jitter and retries 4xx responses; add jitter \(rand\.N\) and stop on permanent errors`
		}
	}
	return resp, nil
}

const retryInterval = 500 * time.Millisecond

// The ticker at the top of the loop: every way round is a failure.
func syncOnTick(ctx context.Context, c *client) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		<-t.C // want `retry loop around c\.sync has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		if err := c.sync(); err != nil {
			logf("sync: %v", err)
			continue
		}
		return nil
	}
}

// Near miss: a poller that never stops on success (periodic work).
func syncEveryTick(ctx context.Context, c *client) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if err := c.sync(); err != nil {
			logf("sync: %v", err)
		}
		<-t.C
	}
}

// Near miss: a poller waiting for a job, on a ticker: it goes round after a
// successful call that found the job unfinished.
func waitJobTicker(ctx context.Context, c *client, id string) (*job, error) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
		j, err := c.poll(ctx, id)
		if err != nil {
			logf("poll: %v", err)
			continue
		}
		if j.Done {
			return j, nil
		}
	}
}

// Near miss of chargeEveryTick: the ticker is reset to a jittered period
// after each failure. No jitter hazard (only the missing bound is reported).
func chargeJitteredTicker(ctx context.Context, c *client, id string) error {
	base := time.Second
	t := time.NewTicker(base)
	defer t.Stop()
	for {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return err
		}
		t.Reset(base/2 + rand.N(base))
		<-t.C // want `retry loop around c\.charge has no attempt cap or ctx\.Done\(\) exit; bound the attempts`
	}
}

// The same loop with the ticker's fixed period.
func chargeFixedTicker(ctx context.Context, c *client, id string) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return err
		}
		<-t.C // want `retry loop around c\.charge waits a fixed time\.Second with no jitter and has no attempt cap or ctx\.Done\(\) exit; add full jitter \(rand\.N\) and bound the attempts`
	}
}

// Near miss: a classified, bounded retry on a ticker is a fixed wait in a
// loop that classifies and is bounded (quiet without -retryloop.fixed-delay).
func chargeTickerGood(ctx context.Context, c *client, id string) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Near miss: a ticker receive that times the attempt out, with a growing
// error backoff beside it: the ticker drives the loop (a poller).
func syncTickerTimeout(c *client, done <-chan struct{}) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	d := time.Second
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		if err := c.sync(); err != nil {
			time.Sleep(d)
			d *= 2
		}
	}
}

// Issue 16, shape 2: the wait at the top of the loop, skipped on the first
// attempt. Every way round is a failure, so it is the retry wait.

func chargeTopWait(ctx context.Context, c *client, id string) error {
	backoff := 100 * time.Millisecond
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(backoff) // want `retry loop around c\.charge has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
			backoff *= 2
		}
		err = c.charge(ctx, id)
		if err == nil {
			return nil
		}
		logf("attempt %d: %v", attempt, err)
	}
	return err
}

// i != 0, a classifier, a wait through a helper, and a growing delay.
func fetchTopWait(ctx context.Context, c *client, id string) ([]byte, error) {
	var lastErr error
	for i := 0; i < 4; i++ {
		if i != 0 {
			if err := sleepCtx(ctx, backoffFor(i)); err != nil { // want `retry loop around c\.fetch grows its wait \(backoffFor\(i\)\) with no jitter; add full jitter \(rand\.N\)`
				return nil, err
			}
		}
		b, err := c.fetch(id)
		if err == nil {
			return b, nil
		}
		if !isRetryable(err) {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

// A top wait in a loop that retries every non-2xx response.
func getTopWait(hc *httpClient, req *Request) (*Response, error) {
	for attempt := 0; attempt < 3; attempt++ {
		if attempt > 0 {
			time.Sleep(rand.N(time.Second)) // want `retry loop around hc\.Do retries 4xx responses; return early on errors that cannot succeed`
		}
		resp, err := hc.Do(req)
		if err != nil {
			continue
		}
		if resp.StatusCode >= 300 {
			resp.Body.Close()
			continue
		}
		return resp, nil
	}
	return nil, errors.New("gave up")
}

// Near miss: pacing at the top of a loop over items; it goes round after a
// success too.
func chargeAllPaced(ctx context.Context, c *client, ids []string) error {
	d := 100 * time.Millisecond
	for i, id := range ids {
		if i > 0 {
			time.Sleep(d)
			d *= 2
		}
		if err := c.charge(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// Near miss: the wait comes after the attempt and runs after a success too.
func chargeWaitAfter(ctx context.Context, c *client, id string) error {
	d := 100 * time.Millisecond
	for attempt := 0; attempt < 5; attempt++ {
		err := c.charge(ctx, id)
		if attempt > 0 {
			time.Sleep(d)
			d *= 2
		}
		if err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

// Near miss: the top wait of a correct retry (jittered, classified).
func chargeTopWaitGood(ctx context.Context, c *client, id string) error {
	backoff := 100 * time.Millisecond
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(rand.N(backoff))
			backoff = min(backoff*2, 5*time.Second)
		}
		if err = c.charge(ctx, id); err == nil || !isRetryable(err) {
			return err
		}
	}
	return err
}

// Ranging over a ticker's channel: each time round waits for a tick, and
// every way round is a failure.
func syncRangeTicker(c *client) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C { // want `retry loop around c\.sync has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		err := c.sync()
		if err == nil {
			return nil
		}
		logf("sync: %v", err)
	}
	return nil
}

// time.Tick, a bounded count, a non-2xx retry.
func getRangeTick(hc *httpClient, req *Request) (*Response, error) {
	n := 0
	for range time.Tick(time.Second) { // want `retry loop around hc\.Do has no jitter and retries 4xx responses; add jitter \(rand\.N\) and stop on permanent errors`
		resp, err := hc.Do(req)
		if err == nil && resp.StatusCode < 300 {
			return resp, nil
		}
		if n++; n == 3 {
			return nil, errors.New("gave up")
		}
	}
	return nil, nil
}

// Near miss: ranging over a ticker to do periodic work.
func syncRangeWorker(c *client) {
	for range time.Tick(time.Minute) {
		if err := c.sync(); err != nil {
			logf("sync: %v", err)
		}
	}
}

// Near miss: ranging over a ticker until a condition that is not an error.
func waitRangeReady() {
	for range time.Tick(10 * time.Millisecond) {
		if ready() {
			return
		}
	}
}
