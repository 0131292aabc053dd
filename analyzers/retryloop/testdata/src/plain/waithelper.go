package plain

import (
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
