// Package main starts its jobs through function values: a scheduler that
// calls j.fn(ctx, now) with the process's lifetime context reaches what the
// jobs it was given reach.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"time"

	"crosslib"
)

type job struct {
	name string
	fn   func(context.Context, time.Time) error
}

// start runs a job every hour until ctx ends, with ctx itself: no call of
// the job gets a deadline of its own.
func start(ctx context.Context, name string, fn func(context.Context, time.Time) error) { // want start:`ctx reaches \(\*sql\.DB\)\.ExecContext in a loop \(params 1\)`
	j := job{name: name, fn: fn}
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				if err := j.fn(ctx, now); err != nil {
					log.Printf("%s: %v", j.name, err)
				}
			}
		}
	}()
}

// startBounded gives every run a deadline of its own.
func startBounded(ctx context.Context, fn func(context.Context) error) {
	go func() {
		for range time.Tick(time.Minute) {
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			if err := fn(rctx); err != nil {
				log.Print(err)
			}
			cancel()
		}
	}()
}

// every runs pure jobs: no value of its type reaches an outbound call.
func every(ctx context.Context, fn func(context.Context, int) int) {
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		default:
			_ = fn(ctx, i)
		}
	}
}

type digest struct{ store *crosslib.Store }

func (d *digest) run(ctx context.Context, now time.Time) error { // want run:`ctx reaches \(\*sql\.DB\)\.ExecContext \(params 1\)`
	return d.store.Save(ctx, now.Format(time.DateOnly))
}

func notifyPartner(ctx context.Context, _ time.Time) error { // want notifyPartner:`ctx reaches \(\*http\.Client\)\.Do \(params 1\)`
	return crosslib.Notify(ctx, "https://partner.example/ping")
}

func refresh(ctx context.Context) error { // want refresh:`ctx reaches \(\*http\.Client\)\.Do \(params 1\)`
	return crosslib.Notify(ctx, "https://partner.example/refresh")
}

func square(_ context.Context, i int) int { return i * i }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `context.Background\(\) carries no deadline into start, which reaches \(\*sql\.DB\)\.ExecContext in a loop; give each call its own context.WithTimeout`
	defer stop()
	d := &digest{}
	start(ctx, "digest", d.run)
	start(ctx, "partner", notifyPartner)
	startBounded(ctx, refresh)
	every(ctx, square)
	// Another package's watcher, given its lifetime: its loop is that
	// package's business (the deadline belongs on each call there). Quiet.
	wctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	crosslib.Watch(wctx, &crosslib.Store{})
	<-ctx.Done()
}
