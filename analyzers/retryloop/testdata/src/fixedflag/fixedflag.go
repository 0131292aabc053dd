// Package fixedflag runs with -retryloop.fixed-delay.
package fixedflag

import (
	"errors"
	"time"
)

var errBusy = errors.New("busy")

func call() error { return nil }

// With the flag, a fixed wait in a classified, bounded loop is reported.
func fixed() error {
	var err error
	for i := 0; i < 3; i++ {
		if err = call(); err == nil || !errors.Is(err, errBusy) {
			return err
		}
		time.Sleep(100 * time.Millisecond) // want `retry loop around call waits a fixed 100 \* time\.Millisecond with no jitter; add full jitter \(rand\.N\)`
	}
	return err
}

// A worker's fixed pause stays quiet even with the flag.
func worker() {
	for {
		if err := call(); err != nil {
			time.Sleep(time.Second)
			continue
		}
	}
}
