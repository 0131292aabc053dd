package fix

import (
	"time"

	"github.com/cenkalti/backoff/v4"
)

func assigned(s *svc) error {
	b := backoff.NewExponentialBackOff()
	b.RandomizationFactor = 0
	return backoff.Retry(s.call, b) // want `backoff.Retry backs off with no jitter`
}

func option() backoff.BackOff {
	return backoff.NewExponentialBackOff(backoff.WithRandomizationFactor(0), backoff.WithMaxInterval(time.Minute)) // want `RandomizationFactor 0 has no jitter`
}

func literal(s *svc) error {
	b := &backoff.ExponentialBackOff{
		InitialInterval: time.Second,
		Multiplier:      2,
		MaxInterval:     time.Minute,
		MaxElapsedTime:  10 * time.Minute,
		Clock:           backoff.SystemClock,
	}
	return backoff.Retry(s.call, b) // want `backoff.Retry backs off with no jitter`
}

func oneLine(s *svc) error {
	return backoff.Retry(s.call, backoff.WithMaxRetries(&backoff.ExponentialBackOff{InitialInterval: time.Second, Multiplier: 2}, 3)) // want `backoff.Retry backs off with no jitter`
}

var empty = &backoff.ExponentialBackOff{} // want `RandomizationFactor 0 has no jitter`

func zeroField(s *svc) error {
	b := &backoff.ExponentialBackOff{InitialInterval: time.Second, RandomizationFactor: 0, Multiplier: 2, MaxElapsedTime: time.Minute}
	return backoff.Retry(s.call, b) // want `backoff.Retry backs off with no jitter`
}
