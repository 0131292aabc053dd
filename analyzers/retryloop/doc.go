package retryloop

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the retryloop check.
var Doc = &checkdoc.Doc{
	Name:  "retryloop",
	Title: "retry loops without jitter, without a retry predicate, or without a bound",
	Why: `A retry loop that doubles a fixed delay sends every client back at the same instants after an
outage: the fleet retries in lock-step, a thundering herd that keeps the dependency down. A loop
that retries every error retries 400s, 404s, validation and auth failures that will never succeed,
multiplying load and latency. A loop with no attempt cap and no context exit spins forever.

retryloop finds retry loops by their shape, not their name: a for loop (for {}, while-style,
range over a count or a schedule), a backward goto, or a function calling itself (directly, or through a package
wait helper that sleeps and calls it back: send -> again -> send), that calls
something returning an error and, on failure, waits (time.Sleep, <-time.After, a timer, a ticker's
channel or for range over it, a select with one of these, a clock's Sleep, or a package helper
that does one of these, for a duration it is given or computes from its parameters - sleepBackoff(attempt)
waiting time.Duration(attempt) * base, evaluated with the call's arguments; no fix is offered for a
helper) and goes round again. A wait before the call (if attempt > 0 { time.Sleep(d) }) is the retry wait
when every way round the loop is a failure.
It follows the wait's duration through local variables and small helpers in the package: with no
random source on the way (math/rand, math/rand/v2, crypto/rand, a jitter helper), a delay that
grows (*= 2, <<, math.Pow, + step, the attempt counter, a fixed schedule) has no jitter. It looks
for a predicate (errors.Is/As, a type switch or assertion on the error, a sentinel comparison, a
5xx/429 or gRPC code or SQLSTATE check - if status.Code(err) != codes.Unavailable { return err } leaves
the loop on success too, since a nil error's code is OK -, a classifier such as isRetryable(err) or ne.Timeout(), a match on the error's text, directly or through a
local variable: errStr := err.Error(); strings.Contains(errStr, "database is locked"))
and a bound (an attempt counter, a deadline, a ctx.Done() or ctx.Err() exit). One diagnostic per
loop names every hazard it has. A loop retrying a SERIALIZABLE transaction (BeginTx with
sql.LevelSerializable or pgx.Serializable, SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, inline or
in a package helper) is checked even with no wait: retrying its every error, instead of the
serialization failures and deadlocks it exists for (SQLSTATE 40001, 40P01; pgconn.PgError.Code,
pq.Error.Code, MySQL 1213), is reported. A loop that retries with no wait at all is reported too,
in its plainest shape only: it calls the same operation with the same arguments (a context made
for each attempt aside), leaves on success (if err == nil { return }, or for err := op(); err !=
nil; err = op()), and on any error only logs and goes straight round again.

It also checks retry libraries configured the same way: cenkalti/backoff (v4, v5) with
RandomizationFactor 0 (field, option, or an ExponentialBackOff literal that leaves it out), a
BackOff that never stops (MaxElapsedTime 0, a constant backoff) with no WithMaxRetries or
WithContext, or an operation whose HTTP/gRPC errors are never marked backoff.Permanent;
avast/retry-go with DelayType(BackOffDelay)/FixedDelay and no RandomDelay, Attempts(0) or
UntilSucceeded() with no Context, or no RetryIf around an operation that returns HTTP/gRPC errors;
hashicorp/go-retryablehttp with a custom Backoff that grows without jitter or a CheckRetry that
retries 4xx. "The operation returns HTTP/gRPC errors" means: the function literal given to the
library makes the call and turns every non-2xx status into an error, or returns a gRPC call's
error, with no classification in sight. A hand-written loop or a library operation that retries
every error of a package helper doing that mapping (c.do(req) returning fmt.Errorf on
StatusCode >= 400, or a helper passing such an error up) retries 4xx too; a helper that returns a
typed error the loop classifies, or only transport errors, does not.`,
	Bad: `delay := 100 * time.Millisecond
for {
	err := c.Charge(ctx, id)
	if err == nil {
		return nil
	}
	time.Sleep(delay) // every error, forever, in lock-step
	delay *= 2
}`,
	Good: `delay := 100 * time.Millisecond
for attempt := 0; attempt < 5; attempt++ {
	err := c.Charge(ctx, id)
	if err == nil || !isRetryable(err) { // timeouts, 5xx, 429, Unavailable
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(rand.N(delay)): // full jitter
	}
	delay = min(delay*2, 10*time.Second)
}
return errGaveUp`,
	Fix: `Wraps the wait in full jitter: time.Sleep(rand.N(d)) with math/rand/v2 when the file's Go version
is 1.22 or later, time.Duration(rand.Int63n(int64(d))) with math/rand before it (imported as randv2
beside an existing math/rand) when d is provably positive and bounded: it starts positive and
grows only under a cap (d = min(d*2, limit)). rand.N and Int63n panic on d <= 0, and a delay that
only doubles, or a parameter, a field or a counter that starts at 0, can be <= 0 (doubling
overflows negative after about 34 rounds from a millisecond), so there the fix writes
time.Duration(rand.Float64() * float64(d)) instead. For cenkalti/backoff it sets
RandomizationFactor to 0.5 (the field, the WithRandomizationFactor option, or a new field in the
literal); for retry-go it wraps the delay type as retry.CombineDelay(..., retry.RandomDelay). A
predicate or a bound cannot be invented: for those hazards the message shows the pattern
(if !isRetryable(err) { return err }, an attempt counter and a select on ctx.Done()).`,
	Quiet: `Jittered waits; a probe polled at a fixed interval until a wall-clock deadline (an HTTP GET or HEAD, or a
call named Check, Ping, Probe, Health..., Ready...: a readiness wait, where every answer but the awaited one is
expected); a retry utility that retries the function it is given, waiting each of the delays
it is given in turn (func Retry(f func() error, after ...time.Duration): the delays, their number and what to
retry are its callers' choice); a bounded retry of classified errors whose wait grows by a constant step of at most
10 ms (time.Duration(tries) * time.Millisecond, or delay := (time.Duration(i) + 1) * step with a 10 ms step
constant: polling a local process, no herd to spread); library defaults that include jitter (backoff.NewExponentialBackOff,
retry-go's default CombineDelay(BackOffDelay, RandomDelay), retryablehttp's own policies);
delays the program cannot see into (a library's NextBackOff, a Retry-After header); loops
bounded by attempts or ctx.Done() with a classifier; a fixed wait in a loop that classifies and
is bounded (see -retryloop.fixed-delay); ticker- or sleep-driven pollers and workers, which wait
on success too (a ticker is a retry wait only in a loop that leaves on success); long-running accept or reconnect loops that go round after success (net/http's
Server.Serve), unless their delay grows with no jitter and no classification; spin-waits on
conditions that are not errors; waits after which the loop returns; a loop with a constant wait of a
minute or more (a refresh that tries again in an hour: a schedule, not a herd), unless it can never stop; a poll of this machine (every retried
request goes to a loopback URL, given by the poller's callers too: a child server started on
127.0.0.1), unless it can never stop; a dial (net.Dial, DialTimeout,
tls.Dial) retried on every error, since each of its errors is the peer not being back yet (a reconnect
loop still needs a bound: a stop channel or ctx.Done() in the select counts); a serializable transaction's
retry that checks the SQLSTATE (errors.As(err, &pgErr) && pgErr.Code == "40001", pgerrcode
constants, a classifier); one transaction per item of a loop that goes on after success; _test.go
files and test-support packages (a name ending in test, tests, testutil or fixtures, e2e, fake… or mock…, or non-test files importing testify, ginkgo or testcontainers) (tests pin backoffs for determinism). Not reported: a serializable transaction with no retry
around it in the package, since its callers (or theirs, or the client) may retry it.`,
	FixLine: "full jitter (`rand.N(d)`), `RandomizationFactor: 0.5`, `retry.CombineDelay(..., retry.RandomDelay)`",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "no-jitter", Title: "a retry (a loop, recursion, or a backoff library's policy) whose waits have no jitter",
			Why: `Clients that failed together wait the same time and retry together, in lock-step, so a recovering
service gets every client's retry at once and falls over again. Randomise each wait (full jitter:
rand.N of the wait). The message also names the retry's other hazards, if any.`},
		{Code: "retries-permanent", Title: "a retry that retries every error, including ones that cannot succeed",
			Why: `Validation errors, not-found, permission denied and context cancellation fail the same way every
time: retrying them multiplies load and delays the failure. Return early on errors that cannot
succeed (or mark them permanent for the library). A serializable transaction's retry is for
SQLSTATE 40001 and 40P01: a constraint violation rolls back and fails again on every attempt.`},
		{Code: "retries-4xx", Title: "a retry of HTTP requests that retries 4xx responses",
			Why: `A 400, 401, 403 or 404 will be answered the same way on every attempt. Retry only 429, 5xx and
transport errors.`},
		{Code: "no-wait", Title: "a retry that calls again at once on every error, with no wait",
			Why: `Retrying the moment a call fails hammers a dependency that is down (every client, every
attempt, at once) and, with no bound, spins a core until it comes back: after SIGTERM a cancelled
context makes every attempt fail at once, for ever. Wait with jittered backoff between attempts,
retry only errors that can succeed, and bound the attempts. Not reported: failover (each time
round calls the next server, a fresh ID, the counter), a loop that classifies the error or leaves
on some failures (optimistic concurrency retries a conflict at once by design), and a loop with a
wait, a channel operation or a select.`},
		{Code: "unbounded", Title: "a retry with no attempt cap and no ctx.Done() exit",
			Why: `A dependency that stays down keeps the retry running forever, holding its goroutine, its
request and its connection. Bound the attempts, or leave when the context is done.`},
	},
	Options: `-retryloop.fixed-delay: also report a fixed delay with no jitter in a loop that classifies and is bounded`,
	Default: true,
}
