//go:build go1.22

package fix

import (
	"math/rand"
	"time"
)

var pick = rand.Intn

// math/rand is taken: math/rand/v2 comes in as randv2.
func aliased(s *svc) error {
	d := time.Second
	for i := 0; i < 10; i++ {
		if err := s.call(); err == nil {
			return nil
		}
		time.Sleep(d) // want `retry loop around s\.call has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
		d = d * 2
	}
	return nil
}
