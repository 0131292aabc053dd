//go:build go1.22

package fix

import "time"

// Issue 16: the wait at the top of the loop (skipped on the first attempt)
// gets the jitter fix. The delay doubles with no cap, so Float64.
func topWait(s *svc) error {
	backoff := 100 * time.Millisecond
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(backoff) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
			backoff *= 2
		}
		if err = s.call(); err == nil {
			return nil
		}
	}
	return err
}

// The attempt counter is at least 1 under the guard, but the fix does not
// read guards: time.Duration(attempt) * time.Second can be 0 for all it
// knows, so Float64, never rand.N.
func topWaitCounter(s *svc) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if attempt != 0 {
			time.Sleep(time.Duration(attempt) * time.Second) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
		}
		if err = s.call(); err == nil {
			return nil
		}
	}
	return err
}

// Capped growth from a positive start: provably in (0, 10s], so rand.N.
func topWaitCapped(s *svc) error {
	backoff := 100 * time.Millisecond
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		if attempt > 0 {
			time.Sleep(backoff) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
			backoff = min(backoff*2, 10*time.Second)
		}
		if err = s.call(); err == nil {
			return nil
		}
	}
	return err
}

// A ticker's period is fixed when it is made: the wait is reported, with
// no fix (there is no per-wait duration to randomise).
func tickerWait(s *svc) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		err := s.call()
		if err == nil {
			return nil
		}
		<-t.C // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
	}
}
