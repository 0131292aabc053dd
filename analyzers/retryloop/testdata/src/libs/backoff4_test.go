package libs

import "github.com/cenkalti/backoff/v4"

// Tests pin the backoff to make timings deterministic: not reported.
func deterministicBackoff() *backoff.ExponentialBackOff {
	b := backoff.NewExponentialBackOff()
	b.RandomizationFactor = 0
	return b
}
