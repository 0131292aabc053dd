// Package retry is a signature-faithful stub of github.com/avast/retry-go/v4
// for analysistest fixtures. Bodies are trivial.
package retry

import (
	"context"
	"time"
)

// RetryIfFunc decides whether an error is retried.
type RetryIfFunc func(error) bool

// OnRetryFunc is called before each retry.
type OnRetryFunc func(attempt uint, err error)

// DelayTypeFunc computes the delay before attempt n.
type DelayTypeFunc func(n uint, err error, config *Config) time.Duration

// Timer represents the timer used to track time for a retry.
type Timer interface {
	After(time.Duration) <-chan time.Time
}

// Config holds the retry configuration; its fields are unexported.
type Config struct {
	attempts                      uint
	attemptsForError              map[error]uint
	delay                         time.Duration
	maxDelay                      time.Duration
	maxJitter                     time.Duration
	onRetry                       OnRetryFunc
	retryIf                       RetryIfFunc
	delayType                     DelayTypeFunc
	lastErrorOnly                 bool
	context                       context.Context
	timer                         Timer
	wrapContextErrorWithLastError bool

	maxBackOffN uint
}

// Option represents an option for retry.
type Option func(*Config)

// LastErrorOnly returns the direct last error that came from the retried function.
func LastErrorOnly(lastErrorOnly bool) Option { return nil }

// Attempts set count of retry. Setting to 0 will retry until the retried function succeeds.
// default is 10
func Attempts(attempts uint) Option { return nil }

// UntilSucceeded will retry until the retried function succeeds. Equivalent to setting Attempts(0).
func UntilSucceeded() Option { return nil }

// AttemptsForError sets count of retry in case execution results in given `err`.
func AttemptsForError(attempts uint, err error) Option { return nil }

// Delay set delay between retry. default is 100ms.
func Delay(delay time.Duration) Option { return nil }

// MaxDelay set maximum delay between retry. does not apply by default.
func MaxDelay(maxDelay time.Duration) Option { return nil }

// MaxJitter sets the maximum random Jitter between retries for RandomDelay.
func MaxJitter(maxJitter time.Duration) Option { return nil }

// DelayType set type of the delay between retries. default is a combination of BackOffDelay and RandomDelay.
func DelayType(delayType DelayTypeFunc) Option { return nil }

// BackOffDelay is a DelayType which increases delay between consecutive retries.
func BackOffDelay(n uint, _ error, config *Config) time.Duration { return 0 }

// FixedDelay is a DelayType which keeps delay the same through all iterations.
func FixedDelay(_ uint, _ error, config *Config) time.Duration { return 0 }

// RandomDelay is a DelayType which picks a random delay up to maxJitter.
func RandomDelay(_ uint, _ error, config *Config) time.Duration { return 0 }

// CombineDelay is a DelayType the combines all of the specified delays into a new DelayTypeFunc.
func CombineDelay(delays ...DelayTypeFunc) DelayTypeFunc { return nil }

// FullJitterBackoffDelay is a DelayTypeFunc that calculates delay using exponential backoff with full jitter.
func FullJitterBackoffDelay(n uint, err error, config *Config) time.Duration { return 0 }

// OnRetry function callback are called each retry.
func OnRetry(onRetry OnRetryFunc) Option { return nil }

// RetryIf controls whether a retry should be attempted after an error.
func RetryIf(retryIf RetryIfFunc) Option { return nil }

// Context allow to set context of retry. default are Background context.
func Context(ctx context.Context) Option { return nil }

// WithTimer provides a way to swap out timer module implementations.
func WithTimer(t Timer) Option { return nil }

// WrapContextErrorWithLastError allows the context error to be returned wrapped with the last error.
func WrapContextErrorWithLastError(wrapContextErrorWithLastError bool) Option { return nil }

// RetryableFunc is a function retried by Do.
type RetryableFunc func() error

// RetryableFuncWithData is a function retried by DoWithData.
type RetryableFuncWithData[T any] func() (T, error)

// Do retries retryableFunc according to opts.
func Do(retryableFunc RetryableFunc, opts ...Option) error { return nil }

// DoWithData retries retryableFunc according to opts and returns its data.
func DoWithData[T any](retryableFunc RetryableFuncWithData[T], opts ...Option) (T, error) {
	var zero T
	return zero, nil
}

// Error type represents list of errors in retry.
type Error []error

func (e Error) Error() string { return "retry error" }

// Unwrap the last error for compatibility with `errors.Unwrap()`.
func (e Error) Unwrap() error { return nil }

// WrappedErrors returns the list of errors that this Error is wrapping.
func (e Error) WrappedErrors() []error { return e }

type unrecoverableError struct {
	error
}

func (e unrecoverableError) Error() string {
	if e.error == nil {
		return "unrecoverable error"
	}
	return e.error.Error()
}

func (e unrecoverableError) Unwrap() error { return e.error }

// Unrecoverable wraps an error in `unrecoverableError` struct.
func Unrecoverable(err error) error { return unrecoverableError{err} }

// IsRecoverable checks if error is an instance of `unrecoverableError`.
func IsRecoverable(err error) bool {
	_, isUnrecoverable := err.(unrecoverableError)
	return !isUnrecoverable
}
