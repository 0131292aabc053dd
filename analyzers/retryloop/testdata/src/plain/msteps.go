package plain

import (
	"errors"
	"time"
)

var errUnavailable = errors.New("property unavailable")

type ipc struct{}

func (ipc) Get(prop string) (float64, error) { return 0, nil }

// Quiet: a bounded poll of a local process, stepping by milliseconds and
// retrying one error only (navidrome's mpv position).
func position(c ipc) float64 {
	tries := 0
	for {
		pos, err := c.Get("time-pos")
		if errors.Is(err, errUnavailable) {
			tries++
			if tries > 5 {
				return 0
			}
			time.Sleep(time.Duration(tries) * time.Millisecond)
			continue
		}
		if err != nil {
			return 0
		}
		return pos
	}
}

// The same loop at a network scale: linear 200 ms steps with no jitter.
func positionRemote(c ipc) float64 {
	tries := 0
	for {
		pos, err := c.Get("time-pos")
		if errors.Is(err, errUnavailable) {
			tries++
			if tries > 5 {
				return 0
			}
			time.Sleep(time.Duration(tries) * 200 * time.Millisecond) // want `retry loop around c\.Get grows its wait as tries counts up with no jitter; add full jitter \(rand\.N\)`
			continue
		}
		if err != nil {
			return 0
		}
		return pos
	}
}

// Quiet: the step is a named 10 ms constant, the delay a local variable,
// the counter offset by one; bounded and classified (ncps waits for a
// migration to commit).
func awaitMigration(c ipc, done <-chan struct{}) error {
	const (
		attempts = 10
		step     = 10 * time.Millisecond
	)
	var err error
	for i := range attempts {
		if _, err = c.Get("migrated"); err == nil {
			return nil
		}
		if !errors.Is(err, errUnavailable) {
			break
		}
		delay := (time.Duration(i) + 1) * step
		select {
		case <-done:
			return errors.New("stopped")
		case <-time.After(delay):
		}
	}
	return err
}

// The same with a 100 ms step: reported.
func awaitRemote(c ipc, done <-chan struct{}) error {
	const step = 100 * time.Millisecond
	var err error
	for i := range 10 {
		if _, err = c.Get("migrated"); err == nil {
			return nil
		}
		if !errors.Is(err, errUnavailable) {
			break
		}
		delay := (time.Duration(i) + 1) * step
		select {
		case <-done:
			return errors.New("stopped")
		case <-time.After(delay): // want `retry loop around c\.Get grows its wait as i counts up with no jitter`
		}
	}
	return err
}
