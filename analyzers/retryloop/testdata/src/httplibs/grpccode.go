package httplibs

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

type entitlements struct{ grant func(ctx context.Context) error }

// Success leaves the loop through status.Code(err) != codes.Unavailable
// (a nil error's code is OK): a retry of Unavailable, growing with no jitter.
func (e *entitlements) Grant(ctx context.Context) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = e.grant(ctx)
		if status.Code(err) != codes.Unavailable {
			return err
		}
		time.Sleep(time.Duration(math.Pow(2, float64(attempt))) * 100 * time.Millisecond) // want `retry loop around e\.grant grows its wait as attempt counts up with no jitter`
	}
	return err
}

// Quiet: the same retry with full jitter.
func (e *entitlements) GrantJittered(ctx context.Context) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = e.grant(ctx)
		if status.Code(err) != codes.Unavailable {
			return err
		}
		time.Sleep(rand.N(time.Duration(100<<attempt) * time.Millisecond))
	}
	return err
}

// Quiet: a loop that leaves only on Unavailable is not a retry of it.
func (e *entitlements) WaitUnavailable(ctx context.Context) error {
	for {
		err := e.grant(ctx)
		if status.Code(err) == codes.Unavailable {
			return err
		}
		time.Sleep(time.Second)
	}
}
