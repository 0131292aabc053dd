//go:build go1.22

package plain

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// The correct pattern: full jitter, a classifier, attempts and ctx.
func chargeGood(ctx context.Context, c *client, id string) error {
	backoff := 100 * time.Millisecond
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = c.charge(ctx, id); err == nil || !isRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(rand.N(backoff)):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
	return err
}

// Equal jitter through a local variable.
func fetchEqualJitter(c *client, id string) ([]byte, error) {
	var err error
	for i := 0; i < 5; i++ {
		var b []byte
		if b, err = c.fetch(id); err == nil || !isRetryable(err) {
			return b, err
		}
		d := 100 * time.Millisecond << i
		sleep := d/2 + rand.N(d/2)
		time.Sleep(sleep)
	}
	return nil, err
}

// Jitter added by a helper in the package.
func fetchJitterHelper(c *client, id string) ([]byte, error) {
	var err error
	for i := 0; i < 5; i++ {
		var b []byte
		if b, err = c.fetch(id); err == nil || !isRetryable(err) {
			return b, err
		}
		time.Sleep(jittered(backoffFor(i)))
	}
	return nil, err
}

// A ticker-driven poller is not a retry.
func pollTicker(ctx context.Context, c *client) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := c.sync(); err != nil {
			logf("sync: %v", err)
		}
	}
}

// A sleep-driven worker: it waits on success too.
func syncWorker(c *client) {
	for {
		if err := c.sync(); err != nil {
			logf("sync: %v", err)
		}
		time.Sleep(time.Minute)
	}
}

// A short fixed wait in a loop that classifies and is bounded.
func fetchFixedGood(c *client, id string) ([]byte, error) {
	var err error
	for i := 0; i < 3; i++ {
		var b []byte
		if b, err = c.fetch(id); err == nil || !isRetryable(err) {
			return b, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, err
}

// A spin-wait on a condition that is not an error.
func waitReady() {
	for !ready() {
		time.Sleep(10 * time.Millisecond)
	}
}

// net/http's Serve loop: classifies (Temporary), caps the delay, and goes
// round after success.
func acceptLoop(l listener) error {
	var tempDelay time.Duration
	for {
		conn, err := l.Accept()
		if err != nil {
			if ne, ok := err.(netError); ok && ne.Timeout() {
				if tempDelay == 0 {
					tempDelay = 5 * time.Millisecond
				} else {
					tempDelay *= 2
				}
				if max := 1 * time.Second; tempDelay > max {
					tempDelay = max
				}
				time.Sleep(tempDelay)
				continue
			}
			return err
		}
		tempDelay = 0
		go serve(conn)
	}
}

// A consumer with a fixed pause after an error: a worker, not a retry.
func consumeFixed(addr string) {
	for {
		conn, err := dial(addr)
		if err != nil {
			logf("dial: %v", err)
			time.Sleep(5 * time.Second)
			continue
		}
		serve(conn)
	}
}

// Pacing between items, not a retry.
func sendAll(ctx context.Context, c *client, ids []string) {
	for _, id := range ids {
		if err := c.charge(ctx, id); err != nil {
			logf("charge %s: %v", id, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The server says how long to wait (Retry-After): not ours to jitter; 429
// and 5xx are classified, attempts are capped.
func getRetryAfter(hc *httpClient, req *Request) (*Response, error) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != StatusTooManyRequests && resp.StatusCode < 500 {
			return resp, nil
		}
		resp.Body.Close()
		time.Sleep(retryAfter(resp))
	}
	return nil, errors.New("gave up")
}

// The error waited on comes from before the loop: nothing is retried.
func drain(c *client, first error) {
	lastErr := first
	for i := 0; i < 3; i++ {
		if lastErr != nil {
			time.Sleep(time.Duration(i) * time.Second)
		}
		logf("tick")
	}
}

// The wait happens once, before giving up: the loop does not go round.
func fetchThenGiveUp(c *client, ids []string) error {
	d := time.Second
	for _, id := range ids {
		if _, err := c.fetch(id); err != nil {
			time.Sleep(d)
			return err
		}
		d *= 2
	}
	return nil
}

// A goroutine started in a loop sleeps on its own schedule.
func spawn(ctx context.Context, c *client, ids []string) {
	for _, id := range ids {
		go func() {
			d := time.Second
			for i := 0; i < 3; i++ {
				if err := c.charge(ctx, id); err == nil || !isRetryable(err) {
					return
				}
				time.Sleep(rand.N(d))
				d *= 2
			}
		}()
	}
}

// Recursion bounded by attempts, classified, jittered.
func fetchRecursiveGood(ctx context.Context, c *client, id string, attempt int) ([]byte, error) {
	b, err := c.fetch(id)
	if err == nil || !isRetryable(err) || attempt >= 4 {
		return b, err
	}
	if err := sleepCtx(ctx, rand.N(time.Second<<attempt)); err != nil {
		return nil, err
	}
	return fetchRecursiveGood(ctx, c, id, attempt+1)
}

// A deadline in the loop condition, a classifier, jitter.
func syncDeadline(c *client) error {
	deadline := time.Now().Add(time.Minute)
	d := time.Second
	for time.Now().Before(deadline) {
		err := c.sync()
		if err == nil || !isRetryable(err) {
			return err
		}
		time.Sleep(d + rand.N(d))
		d *= 2
	}
	return errors.New("deadline")
}

// Polling for a job to finish, with a growing interval: a poller.
func waitJob(ctx context.Context, c *client, id string) (*job, error) {
	d := time.Second
	for {
		j, err := c.poll(ctx, id)
		if err == nil && j.Done {
			return j, nil
		}
		time.Sleep(d)
		d *= 2
	}
}

// gRPC-style classification through a type switch, fixed wait, bounded.
func chargeTypeSwitch(ctx context.Context, c *client, id string) error {
	for i := 0; i < 3; i++ {
		err := c.charge(ctx, id)
		switch err.(type) {
		case nil:
			return nil
		case netError:
			time.Sleep(200 * time.Millisecond)
		default:
			return err
		}
	}
	return errors.New("gave up")
}

// Suppressed with a reason.
func chargeSuppressed(ctx context.Context, c *client, id string) error {
	d := time.Second
	for {
		if err := c.charge(ctx, id); err == nil {
			return nil
		}
		//faultline:ignore retryloop a single local worker retries a local socket
		time.Sleep(d)
		d *= 2
	}
}

// A bounded retry of an opaque call with a short fixed wait: no predicate,
// but nothing that costs (see the doc: the predicate hazard needs a
// non-2xx retry, no bound, a gRPC call or a herding delay).
func fetchFixedAll(c *client, id string) ([]byte, error) {
	var err error
	for i := 0; i < 3; i++ {
		var b []byte
		b, err = c.fetch(id)
		if err == nil {
			return b, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

// Range over a retry count, fixed delay, opaque call: quiet too.
func fetchRangeN(c *client, id string, retries int) ([]byte, error) {
	var lastErr error
	for range retries {
		b, err := c.fetch(id)
		if err == nil {
			return b, nil
		}
		lastErr = err
		time.Sleep(300 * time.Millisecond)
	}
	return nil, lastErr
}

// A shutdown flag ends this probe loop: bounded.
func (c *client) probe(closed func() bool) {
	for {
		if closed() {
			return
		}
		if err := c.sync(); err != nil {
			time.Sleep(time.Second)
			continue
		}
		return
	}
}

// Attempts counted per key in a map: bounded.
func fetchPerKey(c *client, id string, tries map[string]int) error {
	for {
		_, err := c.fetch(id)
		if err == nil {
			return nil
		}
		if !isRetryable(err) || tries[id] == 3 {
			return err
		}
		tries[id]++
		time.Sleep(time.Second)
	}
}
