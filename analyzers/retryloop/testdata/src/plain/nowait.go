package plain

import (
	"context"
	"errors"
	"log"
	"log/slog"
	"time"
)

var errConflict = errors.New("conflict")

// Retries with no wait at all: each fires, each followed by its near miss.

// A bounded retry straight round again on any error.
func chargeThrice(ctx context.Context, c *client, id string) error {
	var err error
	for i := 0; i < 3; i++ {
		err = c.charge(ctx, id) // want `retry loop around c\.charge retries every error at once, with no wait between attempts; back off with jitter and stop on permanent errors`
		if err == nil {
			return nil
		}
	}
	return err
}

// Waiting for a dependency at start-up: success breaks, failure logs.
func waitForDB(ctx context.Context, c *client) {
	for {
		if err := c.sync(); err == nil { // want `retry loop around c\.sync retries every error at once and without end, spinning while it fails; wait with jittered backoff and bound the attempts`
			break
		} else {
			log.Printf("waiting for the database: %v", err)
		}
	}
}

// The call in the loop's own clauses.
func ackUntilDone(ctx context.Context, c *client, id string) {
	for err := c.charge(ctx, id); err != nil; err = c.charge(ctx, id) { // want `retry loop around c\.charge retries every error at once and without end`
		slog.WarnContext(ctx, "ack failed", "err", err)
	}
}

// A fresh per-attempt context is still the same call.
func chargeAttemptTimeout(parent context.Context, c *client, id string) error {
	var err error
	for range 3 {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		err = c.charge(ctx, id) // want `retry loop around c\.charge retries every error at once, with no wait`
		cancel()
		if err == nil {
			return nil
		}
	}
	return err
}

// Quiet: failover, each time round the next server.
func chargeAnyServer(ctx context.Context, servers []*client, id string) error {
	var err error
	for i := 0; i < len(servers); i++ {
		err = servers[i].charge(ctx, id)
		if err == nil {
			return nil
		}
	}
	return err
}

// Quiet: a fresh value each time (an ID that collided).
func insertFreshID(ctx context.Context, c *client, newID func() string) error {
	for {
		id := newID()
		if err := c.charge(ctx, id); err == nil {
			return nil
		}
	}
}

// Quiet: the error is classified; only a conflict goes round again
// (optimistic concurrency retries at once by design).
func updateOnConflict(ctx context.Context, c *client, id string) error {
	for {
		err := c.charge(ctx, id)
		if err == nil {
			return nil
		}
		if !errors.Is(err, errConflict) {
			return err
		}
	}
}

// Quiet: the wait is there (the loop is checked as a retry with a wait).
func chargeWithWait(ctx context.Context, c *client, id string) error {
	for i := 0; i < 3; i++ {
		if err := c.charge(ctx, id); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return errors.New("gave up")
}

// Quiet: success does not leave the loop (a reader, not a retry).
func syncForever(c *client) {
	for {
		if err := c.sync(); err != nil {
			log.Print(err)
		}
	}
}

// Quiet: a failure leaves too.
func chargeOnce(ctx context.Context, c *client, id string) error {
	for i := 0; i < 3; i++ {
		err := c.charge(ctx, id)
		if err == nil {
			return nil
		}
		return err
	}
	return nil
}
