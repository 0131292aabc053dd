//go:build go1.22

package plain

import (
	"context"
	"errors"
	"time"
)

// Issue 16, shape 3: success and the predicate decided in a tagless switch
// (the case conditions are read like an if-chain's).

var errBusy = errors.New("busy")

// The retryable case falls out of the switch to the wait.
func fetchSwitchFall(c *client, id string) ([]byte, error) {
	d := time.Second
	for n := 0; n < 5; n++ {
		b, err := c.fetch(id)
		switch {
		case err == nil:
			return b, nil
		case isRetryable(err):
			logf("fetch %s: %v; retrying", id, err)
		default:
			return nil, err
		}
		time.Sleep(d) // want `retry loop around c\.fetch grows its wait \(d \*= 2\) with no jitter; add full jitter \(rand\.N\)`
		d *= 2
	}
	return nil, errors.New("gave up")
}

// A case with several expressions waits and continues.
func fetchSwitchMulti(c *client, id string) ([]byte, error) {
	d := time.Second
	for n := 0; n < 5; n++ {
		b, err := c.fetch(id)
		var rl *rateLimited
		switch {
		case err == nil:
			return b, nil
		case errors.Is(err, errBusy), errors.As(err, &rl):
			time.Sleep(d) // want `retry loop around c\.fetch grows its wait \(d \*= 2\) with no jitter; add full jitter \(rand\.N\)`
			d *= 2
			continue
		default:
			return nil, err
		}
	}
	return nil, errors.New("gave up")
}

// Success is the default case; the failure case waits, forever.
func fetchSwitchDefault(c *client, id string) []byte {
	for {
		b, err := c.fetch(id)
		switch {
		case err != nil:
			logf("fetch: %v", err)
			time.Sleep(time.Second) // want `retry loop around c\.fetch has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		default:
			return b
		}
	}
}

// Status classes in a switch: 429 and 5xx wait.
func getSwitchStatus(hc *httpClient, req *Request) (*Response, error) {
	d := time.Second
	for n := 0; n < 5; n++ {
		resp, err := hc.Do(req)
		switch {
		case err != nil:
			return nil, err
		case resp.StatusCode == StatusTooManyRequests || resp.StatusCode >= 500:
			resp.Body.Close()
			time.Sleep(d) // want `retry loop around hc\.Do grows its wait \(d \*= 2\) with no jitter; add full jitter \(rand\.N\)`
			d *= 2
		default:
			return resp, nil
		}
	}
	return nil, errors.New("gave up")
}

// Near miss: the switch's default waits after a success too (a worker).
func syncSwitchWorker(c *client) {
	for {
		switch err := c.sync(); {
		case err != nil && !isRetryable(err):
			logf("sync: %v", err)
			return
		default:
			time.Sleep(time.Second)
		}
	}
}

// Near miss: the correct pattern in a switch.
func chargeSwitchGood(ctx context.Context, c *client, id string) error {
	d := 100 * time.Millisecond
	for n := 0; n < 5; n++ {
		switch err := c.charge(ctx, id); {
		case err == nil:
			return nil
		case isRetryable(err):
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(jittered(d)):
			}
			d = min(d*2, 5*time.Second)
		default:
			return err
		}
	}
	return errors.New("gave up")
}
