//go:build go1.22

package fix

import "time"

// A positive, doubling delay: rand.N from math/rand/v2.
func doubling(s *svc) error {
	d := 100 * time.Millisecond
	for {
		err := s.call()
		if err == nil {
			return nil
		}
		time.Sleep(d) // want `grows its wait \(d \*= 2\)`
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
		<-time.After(time.Duration(attempt) * time.Second) // want `grows its wait as attempt counts up`
	}
	return err
}
