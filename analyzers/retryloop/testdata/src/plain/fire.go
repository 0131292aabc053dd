//go:build go1.22

package plain

import (
	"context"
	"errors"
	"math"
	"time"
)

// 1. Doubling delay, every error, forever: all three hazards.
func chargeForever(ctx context.Context, c *client, id string) error {
	delay := 100 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		if err == nil {
			return nil
		}
		time.Sleep(delay) // want `retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		delay *= 2
	}
}

// 2. Exponential by shift of the attempt counter; classified and bounded.
func fetchShift(c *client, id string) ([]byte, error) {
	var err error
	for i := 0; i < 5; i++ {
		var b []byte
		b, err = c.fetch(id)
		if err == nil {
			return b, nil
		}
		if !isRetryable(err) {
			return nil, err
		}
		time.Sleep(time.Duration(1<<i) * time.Second) // want `retry loop around c\.fetch grows its wait as i counts up with no jitter; add full jitter \(rand\.N\)`
	}
	return nil, err
}

// 3. Linear growth with range over an int.
func fetchLinear(c *client, id string) ([]byte, error) {
	var err error
	for attempt := range 4 {
		var b []byte
		if b, err = c.fetch(id); err == nil {
			return b, nil
		}
		if errors.Is(err, errNotFound) {
			return nil, err
		}
		time.Sleep(time.Duration(attempt+1) * 250 * time.Millisecond) // want `retry loop around c.fetch grows its wait as attempt counts up with no jitter`
	}
	return nil, err
}

// 4. Recursion on a non-2xx status, with a cap: 4xx are retried too.
func getRecursive(hc *httpClient, url string, n int) (*Response, error) {
	if n > 3 {
		return nil, errors.New("gave up")
	}
	resp, err := hc.Get(url)
	if err != nil || resp.StatusCode != StatusOK {
		time.Sleep(time.Second) // want `recursive retry around hc\.Get has no jitter and retries 4xx responses; add jitter \(rand\.N\) and stop on permanent errors`
		return getRecursive(hc, url, n+1)
	}
	return resp, nil
}

// 5. Fixed delay, classified, but never gives up.
func fetchFixedForever(c *client, id string) []byte {
	for {
		b, err := c.fetch(id)
		if err == nil {
			return b
		}
		if !isRetryable(err) {
			return nil
		}
		time.Sleep(500 * time.Millisecond) // want `retry loop around c\.fetch has no jitter and has no attempt cap; add jitter \(rand\.N\) and bound the attempts`
	}
}

// 6. Retries every non-2xx response, 4xx included (the wait itself is jittered).
func getStatus(ctx context.Context, hc *httpClient, req *Request) (*Response, error) {
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := hc.Do(req)
		if err == nil && resp.StatusCode == StatusOK {
			return resp, nil
		}
		if resp != nil {
			resp.Body.Close()
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(jittered(time.Second)): // want `retry loop around hc\.Do retries 4xx responses; return early on errors that cannot succeed`
		}
	}
	return nil, errors.New("giving up")
}

// 7. select on ctx.Done() with a growing time.After: classified, bounded by ctx.
func chargeSelect(ctx context.Context, c *client, id string) error {
	backoff := 50 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff): // want `retry loop around c.charge grows its wait \(backoff = min\(backoff\*2, 5\*time.Second\)\) with no jitter`
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// 8. A timer reset to a doubling delay.
func chargeTimer(ctx context.Context, c *client, id string) error {
	d := 100 * time.Millisecond
	t := time.NewTimer(0)
	defer t.Stop()
	<-t.C
	for attempt := 1; ; attempt++ {
		err := c.charge(ctx, id)
		if err == nil || attempt == 5 || !isRetryable(err) {
			return err
		}
		t.Reset(d) // want `retry loop around c.charge grows its wait \(d \*= 2\) with no jitter`
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		d *= 2
	}
}

// 9. A backward goto.
func chargeGoto(ctx context.Context, c *client, id string) error {
	d := time.Second
retry:
	err := c.charge(ctx, id)
	if err != nil {
		time.Sleep(d) // want `goto retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		d *= 2
		goto retry
	}
	return nil
}

// 10. Recursion with a growing attempt number and no cap.
func fetchRecursive(c *client, id string, attempt int) ([]byte, error) {
	b, err := c.fetch(id)
	if err != nil {
		time.Sleep(time.Second << attempt) // want `recursive retry has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		return fetchRecursive(c, id, attempt+1)
	}
	return b, nil
}

// 11. While-style: loops while the call fails.
func syncWhile(c *client) {
	for err := c.sync(); err != nil; err = c.sync() {
		time.Sleep(2 * time.Second) // want `retry loop around c\.sync has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
	}
}

// 12. The delay comes from a small helper that grows it.
func fetchHelper(c *client, id string) ([]byte, error) {
	var err error
	for attempt := 0; attempt < 6; attempt++ {
		var b []byte
		if b, err = c.fetch(id); err == nil || !isRetryable(err) {
			return b, err
		}
		time.Sleep(backoffFor(attempt)) // want `grows its wait \(backoffFor\(attempt\)\) with no jitter`
	}
	return nil, err
}

// 13. A ctx-aware sleep helper: bounded by ctx, but the delay doubles.
func chargeSleepHelper(ctx context.Context, c *client, id string) error {
	d := 200 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return err
		}
		if err := sleepCtx(ctx, d); err != nil { // want `retry loop around c\.charge grows its wait \(d \*= 2\) with no jitter; add full jitter \(rand\.N\)`
			return err
		}
		d *= 2
	}
}

// 14. A fixed schedule of delays is as deterministic as doubling.
func fetchSchedule(c *client, id string) ([]byte, error) {
	var err error
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		var b []byte
		if b, err = c.fetch(id); err == nil || !isRetryable(err) {
			return b, err
		}
		time.Sleep(d) // want `steps through a fixed schedule of waits \(\[\]time.Duration\{time.Second, 2 \* time...\)`
	}
	return nil, err
}

// 15. math.Pow growth.
func fetchPow(c *client, id string) ([]byte, error) {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var b []byte
		if b, err = c.fetch(id); err == nil || !isRetryable(err) {
			return b, err
		}
		wait := time.Duration(math.Pow(2, float64(attempt))) * 100 * time.Millisecond
		time.Sleep(wait) // want `grows its wait as attempt counts up with no jitter`
	}
	return nil, err
}

// 16. A reconnect loop in a long-running consumer: backoff doubles, every
// error is treated alike.
func consume(addr string) {
	backoff := time.Second
	for {
		conn, err := dial(addr)
		if err != nil {
			logf("dial: %v", err)
			time.Sleep(backoff) // want `error backoff around dial grows its wait \(backoff \*= 2\) with no jitter`
			backoff *= 2
			continue
		}
		backoff = time.Second
		serve(conn)
	}
}

// 17. A switch on the error.
func chargeSwitch(ctx context.Context, c *client, id string) error {
	d := time.Second
	for n := 0; n < 5; n++ {
		switch err := c.charge(ctx, id); {
		case err == nil:
			return nil
		case errors.Is(err, context.DeadlineExceeded):
			time.Sleep(d) // want `retry loop around c.charge grows its wait \(d \+= time.Second\) with no jitter`
			d += time.Second
		default:
			return err
		}
	}
	return errors.New("gave up")
}

// 18. A clock abstraction's Sleep, break on success.
func (c *client) chargeClock(ctx context.Context, id string) error {
	d := 10 * time.Millisecond
	var err error
	for i := 0; i < 8; i++ {
		err = c.charge(ctx, id)
		if err == nil {
			break
		}
		if !isRetryable(err) {
			return err
		}
		c.clock.Sleep(d) // want `retry loop around c.charge grows its wait \(d <<= 1\) with no jitter`
		d <<= 1
	}
	return err
}

// 19. The delay lives in a field the loop doubles.
func (c *client) chargeField(ctx context.Context, id string) error {
	for {
		err := c.charge(ctx, id)
		if err == nil {
			c.delay = 0
			return nil
		}
		if !isRetryable(err) {
			return err
		}
		if c.delay == 0 {
			c.delay = 100 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(c.delay): // want `retry loop around c.charge grows its wait \(c.delay \*= 2\) with no jitter`
		}
		c.delay *= 2
	}
}

// 20. A labeled loop, continue from inside the select.
func chargeLabeled(ctx context.Context, c *client, id string) error {
	d := 100 * time.Millisecond
retry:
	for attempt := 0; attempt < 4; attempt++ {
		err := c.charge(ctx, id)
		if err != nil && isRetryable(err) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d): // want `retry loop around c.charge grows its wait \(d = d \* 3\) with no jitter`
				d = d * 3
				continue retry
			}
		}
		return err
	}
	return errors.New("gave up")
}

// 21. Status classification, but forever and with doubling.
func getForever(hc *httpClient, url string) (*Response, error) {
	wait := time.Second
	for {
		resp, err := hc.Get(url)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode < 500 {
			return resp, nil
		}
		resp.Body.Close()
		time.Sleep(wait) // want `retry loop around hc.Get grows its wait \(wait \*= 2\) with no jitter.*has no attempt cap`
		wait *= 2
	}
}

// 22. Linear: the delay grows by a step.
func syncLinear(ctx context.Context, c *client) error {
	step := 500 * time.Millisecond
	backoff := step
	for i := 0; i < 10; i++ {
		err := c.sync()
		if err == nil || errors.Is(err, context.Canceled) {
			return err
		}
		time.Sleep(backoff) // want `grows its wait \(backoff = backoff \+ step\) with no jitter`
		backoff = backoff + step
	}
	return errors.New("gave up")
}

// 23. A consumer whose error backoff shifts with the failure count.
func consumeShift(c *client) {
	fails := 0
	for {
		if err := c.sync(); err != nil {
			time.Sleep(100 * time.Millisecond << fails) // want `error backoff around c.sync grows its wait as fails counts up with no jitter`
			fails++
			continue
		}
		fails = 0
		logf("synced")
	}
}

// 24. The wait is in the else branch of a success test.
func chargeElse(ctx context.Context, c *client, id string) error {
	delay := time.Second
	for i := 0; i < 3; i++ {
		if err := c.charge(ctx, id); err == nil {
			return nil
		} else if !isRetryable(err) {
			return err
		} else {
			time.Sleep(delay) // want `grows its wait \(delay \*= 2\)`
			delay *= 2
		}
	}
	return errors.New("gave up")
}

// 25. Status != 200 retried forever with a fixed sleep.
func postForever(hc *httpClient, url string) *Response {
	for {
		resp, err := hc.Post(url, "application/json", nil)
		if err == nil && resp.StatusCode == 200 {
			return resp
		}
		time.Sleep(time.Second) // want `retry loop around hc\.Post has no jitter, retries 4xx responses, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
	}
}

// 26. The retry decision travels through a bool variable.
func chargeBoolVar(ctx context.Context, c *client, id string) error {
	d := 100 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		shouldRetry := err != nil
		if !shouldRetry {
			return nil
		}
		time.Sleep(d) // want `retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		d *= 2
	}
}

// 27. The server's Retry-After is not ours to jitter, but the loop never
// gives up.
func fetchRetryAfterForever(c *client, id string) ([]byte, error) {
	for {
		b, err := c.fetch(id)
		if err == nil {
			return b, nil
		}
		var rl *rateLimited
		if !errors.As(err, &rl) {
			return nil, err
		}
		time.Sleep(rl.RetryAfter) // want `retry loop around c\.fetch has no attempt cap or ctx\.Done\(\) exit; bound the attempts`
	}
}
