// Package backoff is a signature-faithful stub of github.com/cenkalti/backoff/v5
// for analysistest fixtures. Bodies are trivial.
package backoff

import (
	"context"
	"time"
)

// BackOff is a backoff policy for retrying an operation.
type BackOff interface {
	NextBackOff() time.Duration
	Reset()
}

// Stop indicates that no more retries should be made for use in NextBackOff().
const Stop time.Duration = -1

// ZeroBackOff is a fixed backoff policy whose backoff time is always zero.
type ZeroBackOff struct{}

// Reset is a no-op.
func (b *ZeroBackOff) Reset() {}

// NextBackOff returns 0.
func (b *ZeroBackOff) NextBackOff() time.Duration { return 0 }

// StopBackOff is a fixed backoff policy that always returns backoff.Stop.
type StopBackOff struct{}

// Reset is a no-op.
func (b *StopBackOff) Reset() {}

// NextBackOff returns Stop.
func (b *StopBackOff) NextBackOff() time.Duration { return Stop }

// ConstantBackOff is a backoff policy that always returns the same backoff delay.
type ConstantBackOff struct {
	Interval time.Duration
}

// Reset is a no-op.
func (b *ConstantBackOff) Reset() {}

// NextBackOff returns Interval.
func (b *ConstantBackOff) NextBackOff() time.Duration { return b.Interval }

// NewConstantBackOff returns a ConstantBackOff.
func NewConstantBackOff(d time.Duration) *ConstantBackOff { return &ConstantBackOff{Interval: d} }

// ExponentialBackOff is a backoff implementation that increases the backoff
// period for each retry attempt using a randomization function that grows exponentially.
type ExponentialBackOff struct {
	InitialInterval     time.Duration
	RandomizationFactor float64
	Multiplier          float64
	MaxInterval         time.Duration

	currentInterval time.Duration
}

// Default values for ExponentialBackOff.
const (
	DefaultInitialInterval     = 500 * time.Millisecond
	DefaultRandomizationFactor = 0.5
	DefaultMultiplier          = 1.5
	DefaultMaxInterval         = 60 * time.Second
)

// NewExponentialBackOff creates an instance of ExponentialBackOff using default values.
func NewExponentialBackOff() *ExponentialBackOff { return &ExponentialBackOff{} }

// Reset the interval back to the initial retry interval.
func (b *ExponentialBackOff) Reset() {}

// NextBackOff calculates the next backoff interval.
func (b *ExponentialBackOff) NextBackOff() time.Duration { return 0 }

// PermanentError signals that the operation should not be retried.
type PermanentError struct {
	Err error
}

// Permanent wraps the given err in a *PermanentError.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// RetryAfterError signals that the operation should be retried after the given duration.
type RetryAfterError struct {
	Duration time.Duration
}

// RetryAfter returns a RetryAfter error that specifies how long to wait before retrying.
func RetryAfter(seconds int) error {
	return &RetryAfterError{Duration: time.Duration(seconds) * time.Second}
}

func (e *RetryAfterError) Error() string { return "retry after" }

// DefaultMaxElapsedTime sets a default limit for the total retry duration.
const DefaultMaxElapsedTime = 15 * time.Minute

// Operation is a function that attempts an operation and may be retried.
type Operation[T any] func() (T, error)

// Notify is a function called on operation error with the error and backoff duration.
type Notify func(error, time.Duration)

type retryOptions struct {
	BackOff        BackOff
	Notify         Notify
	MaxTries       uint
	MaxElapsedTime time.Duration
}

// RetryOption is a function that configures Retry.
type RetryOption func(*retryOptions)

// WithBackOff configures a custom backoff strategy.
func WithBackOff(b BackOff) RetryOption { return nil }

// WithNotify sets a notification function to handle retry errors.
func WithNotify(n Notify) RetryOption { return nil }

// WithMaxTries limits the number of all attempts.
func WithMaxTries(n uint) RetryOption { return nil }

// WithMaxElapsedTime limits the total duration for retry attempts.
func WithMaxElapsedTime(d time.Duration) RetryOption { return nil }

// Retry attempts the operation until success, a permanent error, or backoff completion.
func Retry[T any](ctx context.Context, operation Operation[T], opts ...RetryOption) (T, error) {
	var zero T
	return zero, nil
}

// Ticker holds a channel that delivers `ticks' of a clock at times reported by a BackOff.
type Ticker struct {
	C <-chan time.Time
}

// NewTicker returns a new Ticker.
func NewTicker(b BackOff) *Ticker { return &Ticker{} }

// Stop turns off a ticker.
func (t *Ticker) Stop() {}
