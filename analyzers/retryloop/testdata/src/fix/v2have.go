//go:build go1.25

package fix

import (
	mrand "math/rand/v2"
	"time"
)

var coin = mrand.IntN

// math/rand/v2 is already imported under another name.
func existing(s *svc) {
	wait := 50 * time.Millisecond
	for {
		if s.call() == nil {
			return
		}
		time.Sleep(wait) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		wait = min(wait*2, time.Minute)
	}
}
