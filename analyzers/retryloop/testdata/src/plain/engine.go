//go:build go1.22

package plain

import (
	"context"
	"errors"
	"log"
	"time"
)

// Shapes the control-flow graph settles that a walk up the parents did not:
// each firing case is followed by the near miss that must stay quiet.

// The success exit has an else: the wait still runs only after a failure.
func chargeElseLog(ctx context.Context, c *client, id string) error {
	delay := 100 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		if err == nil {
			return nil
		} else {
			logf("charge: %v", err)
		}
		time.Sleep(delay) // want `retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		delay *= 2
	}
}

// Near miss: the else branch is taken on success too, so the loop also
// waits after a success (a poller).
func chargeElseNoExit(ctx context.Context, c *client, id string) {
	delay := 100 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		if err == nil {
			logf("charged")
		} else {
			logf("charge: %v", err)
		}
		time.Sleep(delay)
		delay *= 2
	}
}

// The success exit is a switch case.
func chargeSwitchExit(ctx context.Context, c *client, id string) error {
	delay := 100 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		switch {
		case err == nil:
			return nil
		}
		time.Sleep(delay) // want `retry loop has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
		delay *= 2
	}
}

// Near miss: the case does not leave, so the wait follows success too.
func chargeSwitchNoExit(ctx context.Context, c *client, id string) {
	delay := 100 * time.Millisecond
	for {
		err := c.charge(ctx, id)
		switch {
		case err == nil:
			logf("charged")
		}
		time.Sleep(delay)
		delay *= 2
	}
}

// A failure leaves the inner loop and the outer loop starts over.
func fetchAnyForever(c *client, ids []string) []byte {
	delay := time.Second
	for {
		for _, id := range ids {
			b, err := c.fetch(id)
			if err != nil {
				time.Sleep(delay) // want `retry loop around c\.fetch has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
				delay *= 2
				break
			}
			return b
		}
	}
}

// Near miss: after the wait the function gives up; nothing goes round.
func fetchAnyOnce(c *client, ids []string) []byte {
	delay := time.Second
	for {
		for _, id := range ids {
			b, err := c.fetch(id)
			if err != nil {
				time.Sleep(delay)
				delay *= 2
				return nil
			}
			return b
		}
	}
}

// The attempt cap ends the process (log.Fatalf never returns): bounded.
func chargeOrDie(ctx context.Context, c *client, id string) {
	for attempt := 0; ; attempt++ {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return
		}
		if attempt > 5 {
			log.Fatalf("charge %s: giving up: %v", id, err)
		}
		time.Sleep(time.Second)
	}
}

// Near miss of chargeOrDie: a log that returns is no cap.
func chargeOrLog(ctx context.Context, c *client, id string) {
	for attempt := 0; ; attempt++ {
		err := c.charge(ctx, id)
		if err == nil || !isRetryable(err) {
			return
		}
		if attempt > 5 {
			log.Printf("charge %s: still failing: %v", id, err)
		}
		time.Sleep(time.Second) // want `retry loop around c\.charge waits a fixed time\.Second with no jitter and has no attempt cap or ctx\.Done\(\) exit; add full jitter \(rand\.N\) and bound the attempts`
	}
}

// The timer case gives up: it is a timeout, not a retry wait, even though
// the other case goes round.
func syncOrTimeout(c *client, kick <-chan struct{}) error {
	d := time.Second
	for {
		err := c.sync()
		if err == nil {
			return nil
		}
		select {
		case <-kick:
			d *= 2
		case <-time.After(d):
			return err
		}
	}
}

// Near miss of syncOrTimeout: the timer case goes round.
func syncOrKick(c *client, kick <-chan struct{}) error {
	d := time.Second
	for {
		err := c.sync()
		if err == nil {
			return nil
		}
		select {
		case <-kick:
			return errors.New("kicked")
		case <-time.After(d): // want `retry loop around c\.sync has no jitter and retries permanent errors; add jitter \(rand\.N\) and stop on permanent errors`
			d *= 2
		}
	}
}

// A flag read only after a success is no bound: every way out of the
// success branch is the success exit (wild-workouts' canLoadFixtures). The
// parent walk took "if x == 0 { return false }" for a stop flag.
func anyZero(c *client, id string) bool {
	for {
		b, err := c.fetch(id)
		if err == nil {
			for _, x := range b {
				if x == 0 {
					return true
				}
			}
			return false
		}
		logf("fetch: %v", err)
		time.Sleep(10 * time.Second) // want `retry loop around c\.fetch has no jitter, retries permanent errors, and has no attempt cap; add jitter \(rand\.N\), stop on permanent errors, and bound the attempts`
	}
}

// Near miss of anyZero: the flag is tested every time round, whatever the
// result: a stop flag, so the loop is bounded.
func anyZeroUntil(c *client, id string, stop func() bool) bool {
	for {
		if stop() {
			return false
		}
		b, err := c.fetch(id)
		if err == nil {
			for _, x := range b {
				if x == 0 {
					return true
				}
			}
			return false
		}
		logf("fetch: %v", err)
		time.Sleep(10 * time.Second)
	}
}
