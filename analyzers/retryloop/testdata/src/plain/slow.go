package plain

import (
	"context"
	"log"
	"time"
)

const refreshRetryInterval = time.Hour

// Quiet: after a failure the refresh tries again in an hour (a schedule,
// not a herd), whatever it retries.
func refreshPeriodically(ctx context.Context, c *client, next func() time.Duration) {
	for {
		timer := time.NewTimer(next())
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		if err := c.sync(); err != nil {
			log.Print(err)
			timer = time.NewTimer(refreshRetryInterval)
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			}
		}
	}
}

// Still a retry: thirty seconds, forever, every error.
func syncEvery30s(c *client) {
	for {
		if err := c.sync(); err == nil {
			return
		}
		time.Sleep(30 * time.Second) // want `retry loop around c\.sync`
	}
}

// An hourly retry is a schedule, but one that can never stop (no attempt
// cap, no ctx) is still reported, for that alone.
func uploadHourly(c *client) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for range t.C { // want `retry loop around c\.sync has no attempt cap or ctx\.Done\(\) exit; bound the attempts`
		if err := c.sync(); err == nil {
			break
		}
	}
}
