//go:build go1.22

package fix

import "time"

// A delay that doubles with no cap overflows negative after enough
// rounds (rand.N would panic then), so Float64.
func doubling(s *svc) error {
	d := 100 * time.Millisecond
	for {
		err := s.call()
		if err == nil {
			return nil
		}
		time.Sleep(d) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		d *= 2
	}
}

// A delay that starts at zero: rand.N would panic, so Float64.
func linear(s *svc) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = s.call(); err == nil {
			return nil
		}
		<-time.After(time.Duration(attempt) * time.Second) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
	}
	return err
}

// A parameter that is only doubled: its sign is unknown and doubling
// overflows it negative, so rand.N (which panics on <= 0) is not offered.
func parameter(s *svc, wait time.Duration) error {
	for {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(wait) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		wait *= 2
	}
}

const maxWait = 30 * time.Second

// A cap on a delay that doubles without bound: after enough doublings
// (about 34 from a millisecond) wait is negative and so is the min.
func cappedAtUse(s *svc) error {
	wait := time.Millisecond
	for {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(min(wait, maxWait)) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		wait *= 2
	}
}

// Capped where it grows: wait stays within (0, maxWait], so rand.N is safe.
func cappedAtGrowth(s *svc) error {
	wait := 10 * time.Millisecond
	for {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(wait) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		wait = min(wait*2, maxWait)
	}
}

// A cap so large that doubling it overflows before min applies.
func hugeCap(s *svc) error {
	wait := 10 * time.Millisecond
	for {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(wait) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		wait = min(wait*2, 1<<62)
	}
}

// gofmt would change this line; no fix in the file may.
type  pair[K comparable, V any] struct{ k K; v V }
