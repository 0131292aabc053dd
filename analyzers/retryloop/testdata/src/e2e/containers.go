// Package e2e is end-to-end test support: nothing in production imports it.
// Quiet: a retry without jitter in a test harness makes no storm (the
// same retry.Do in package libs is reported).
package e2e

import (
	"time"

	"github.com/avast/retry-go/v4"
)

func WaitReady(probe func() error) error {
	return retry.Do(probe, retry.Attempts(10), retry.Delay(200*time.Millisecond), retry.DelayType(retry.FixedDelay))
}
