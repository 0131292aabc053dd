package fix

import "time"

// No build tag and no module: the Go version is unknown, so the fix
// uses math/rand, which every version has.
func unknownVersion(s *svc) {
	d := time.Second
	for {
		if err := s.call(); err == nil {
			return
		}
		time.Sleep(d) // want `retry loop around s\.call has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		d += time.Second
	}
}
