// Package backoff is a signature-faithful stub of github.com/cenkalti/backoff/v4
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

// BackOffContext is a backoff policy that stops retrying after the context is canceled.
type BackOffContext interface {
	BackOff
	Context() context.Context
}

// WithContext returns a BackOffContext with context ctx.
func WithContext(b BackOff, ctx context.Context) BackOffContext { return nil }

// Clock is an interface that returns current time for BackOff.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (t systemClock) Now() time.Time { return time.Now() }

// SystemClock implements Clock interface that uses time.Now().
var SystemClock = systemClock{}

// ExponentialBackOff is a backoff implementation that increases the backoff
// period for each retry attempt using a randomization function that grows exponentially.
type ExponentialBackOff struct {
	InitialInterval     time.Duration
	RandomizationFactor float64
	Multiplier          float64
	MaxInterval         time.Duration
	// After MaxElapsedTime the ExponentialBackOff returns Stop.
	// It never stops if MaxElapsedTime == 0.
	MaxElapsedTime time.Duration
	Stop           time.Duration
	Clock          Clock

	currentInterval time.Duration
	startTime       time.Time
}

// ExponentialBackOffOpts is a function type used to configure ExponentialBackOff options.
type ExponentialBackOffOpts func(*ExponentialBackOff)

// Default values for ExponentialBackOff.
const (
	DefaultInitialInterval     = 500 * time.Millisecond
	DefaultRandomizationFactor = 0.5
	DefaultMultiplier          = 1.5
	DefaultMaxInterval         = 60 * time.Second
	DefaultMaxElapsedTime      = 15 * time.Minute
)

// NewExponentialBackOff creates an instance of ExponentialBackOff using default values.
func NewExponentialBackOff(opts ...ExponentialBackOffOpts) *ExponentialBackOff {
	return &ExponentialBackOff{}
}

// WithInitialInterval sets the initial interval between retries.
func WithInitialInterval(duration time.Duration) ExponentialBackOffOpts { return nil }

// WithRandomizationFactor sets the randomization factor to add jitter to intervals.
func WithRandomizationFactor(randomizationFactor float64) ExponentialBackOffOpts { return nil }

// WithMultiplier sets the multiplier for increasing the interval after each retry.
func WithMultiplier(multiplier float64) ExponentialBackOffOpts { return nil }

// WithMaxInterval sets the maximum interval between retries.
func WithMaxInterval(duration time.Duration) ExponentialBackOffOpts { return nil }

// WithMaxElapsedTime sets the maximum total time for retries.
func WithMaxElapsedTime(duration time.Duration) ExponentialBackOffOpts { return nil }

// WithRetryStopDuration sets the duration after which retries should stop.
func WithRetryStopDuration(duration time.Duration) ExponentialBackOffOpts { return nil }

// WithClockProvider sets the clock used to measure time.
func WithClockProvider(clock Clock) ExponentialBackOffOpts { return nil }

// Reset the interval back to the initial retry interval and restarts the timer.
func (b *ExponentialBackOff) Reset() {}

// NextBackOff calculates the next backoff interval using the formula:
// Randomized interval = RetryInterval * (1 ± RandomizationFactor).
func (b *ExponentialBackOff) NextBackOff() time.Duration { return 0 }

// GetElapsedTime returns the elapsed time since an ExponentialBackOff instance is created.
func (b *ExponentialBackOff) GetElapsedTime() time.Duration { return 0 }

// OperationWithData is a function that is retried by RetryWithData.
type OperationWithData[T any] func() (T, error)

// Operation is a function that is retried by Retry.
type Operation func() error

// Notify is a notify-on-error function.
type Notify func(error, time.Duration)

// Timer is the timer used by Retry.
type Timer interface {
	Start(duration time.Duration)
	Stop()
	C() <-chan time.Time
}

// Retry the operation o until it does not return error or BackOff stops.
func Retry(o Operation, b BackOff) error { return nil }

// RetryWithData is like Retry but returns data in the response too.
func RetryWithData[T any](o OperationWithData[T], b BackOff) (T, error) {
	var zero T
	return zero, nil
}

// RetryNotify calls notify function with the error and wait duration for each failed attempt before sleep.
func RetryNotify(operation Operation, b BackOff, notify Notify) error { return nil }

// RetryNotifyWithData is like RetryNotify but returns data in the response too.
func RetryNotifyWithData[T any](operation OperationWithData[T], b BackOff, notify Notify) (T, error) {
	var zero T
	return zero, nil
}

// RetryNotifyWithTimer calls notify function with the error and wait duration using the given Timer.
func RetryNotifyWithTimer(operation Operation, b BackOff, notify Notify, t Timer) error { return nil }

// PermanentError signals that the operation should not be retried.
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Is reports whether target is a *PermanentError.
func (e *PermanentError) Is(target error) bool {
	_, ok := target.(*PermanentError)
	return ok
}

// Permanent wraps the given err in a *PermanentError.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// WithMaxRetries creates a wrapper around another BackOff, which will
// return Stop if NextBackOff() has been called too many times since
// the last time Reset() was called.
func WithMaxRetries(b BackOff, max uint64) BackOff { return b }

// Ticker holds a channel that delivers `ticks' of a clock at times reported by a BackOff.
type Ticker struct {
	C <-chan time.Time
}

// NewTicker returns a new Ticker containing a channel that will send the time at times specified by the BackOff argument.
func NewTicker(b BackOff) *Ticker { return &Ticker{} }

// Stop turns off a ticker.
func (t *Ticker) Stop() {}
