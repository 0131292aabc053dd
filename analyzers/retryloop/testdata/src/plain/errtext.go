package plain

import (
	"strings"
	"time"
)

var lockIntervals = []int{50, 100, 150, 200, 300, 400, 500, 700, 1000}

func lockInterval(attempt int) time.Duration {
	if attempt < 0 || attempt > len(lockIntervals)-1 {
		return time.Duration(lockIntervals[len(lockIntervals)-1]) * time.Millisecond
	}
	return time.Duration(lockIntervals[attempt]) * time.Millisecond
}

// The retry matches the error's text through a local variable
// (pocketbase's SQLite lock retry): it does not retry permanent errors,
// but its growing waits have no jitter.
func lockRetry(op func() error, maxRetries int) error {
	attempt := 1
Retry:
	err := op()
	if err != nil && attempt <= maxRetries {
		errStr := strings.ToLower(err.Error())
		if strings.Contains(errStr, "database is locked") || strings.Contains(errStr, "table is locked") {
			time.Sleep(lockInterval(attempt)) // want `^retryloop: goto retry loop around op grows its wait \(lockInterval\(attempt\)\) with no jitter; add full jitter \(rand\.N\)$`
			attempt++
			goto Retry
		}
	}
	return err
}

// The text matched is the statement's, not the error's: every error of an
// insert is retried.
func sqlTextRetry(op func() error, sql string, maxRetries int) error {
	attempt := 1
Retry:
	err := op()
	if err != nil && attempt <= maxRetries {
		text := strings.ToLower(sql)
		if strings.Contains(text, "insert") {
			time.Sleep(lockInterval(attempt)) // want `goto retry loop around op has no jitter and retries permanent errors`
			attempt++
			goto Retry
		}
	}
	return err
}
