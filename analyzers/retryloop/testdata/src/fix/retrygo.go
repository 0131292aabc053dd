package fix

import "github.com/avast/retry-go/v4"

func backOffDelay(s *svc) error {
	return retry.Do(s.call, retry.DelayType(retry.BackOffDelay)) // want `retry.Do backs off with no jitter`
}

func combined(s *svc) error {
	return retry.Do(s.call, retry.DelayType(retry.CombineDelay(retry.BackOffDelay, retry.FixedDelay))) // want `retry.Do backs off with no jitter`
}

func fixedForever(s *svc) error {
	return retry.Do(s.call, retry.UntilSucceeded(), retry.DelayType(retry.FixedDelay)) // want `retry.Do waits a fixed delay`
}
