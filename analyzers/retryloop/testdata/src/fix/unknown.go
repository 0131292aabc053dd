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
		time.Sleep(d) // want `grows its wait \(d \+= time.Second\)`
		d += time.Second
	}
}
