//go:build go1.21

package fix

import "time"

// Before Go 1.22: math/rand's Int63n for a positive, capped delay.
func oldDoubling(s *svc) error {
	backoff := 200 * time.Millisecond
	for n := 0; n < 6; n++ {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(backoff) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
		backoff = min(backoff*2, 5*time.Second)
	}
	return nil
}

// And Float64 where the delay may be zero.
func oldShift(s *svc) error {
	for n := 0; n < 6; n++ {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(n) * 100 * time.Millisecond) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
	}
	return nil
}
