// This file is not part of the demo. scripts/race-proof.sh copies it into two
// temporary copies of testdata/demo, one as written and one after
// `faultline -fix` (plus the reviewed patch for the finding that has no
// edit), and runs the test binary of each against a throwaway PostgreSQL. It
// is an internal test file so that it can build the demo's own Payments and
// Webhooks and call their real methods.
//
// Every case fires Requests duplicate requests at once (the goroutines wait
// on a barrier, and the pool holds a warm connection for each), counts the
// side effects the requests caused, and does that Rounds times with fresh
// keys. The before run writes its counts to RACEPROOF_OUT; the after run,
// given them in RACEPROOF_BEFORE, prints one line per case and fails unless
// every case double-acted before (in most rounds) and acted exactly once in
// every round after.

package shopd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// settings are the knobs of a run, from the environment; the after run
// refuses a before run made with other settings.
type settings struct {
	Requests int           `json:"requests"` // concurrent duplicate requests per round
	Rounds   int           `json:"rounds"`   // rounds per case, each with fresh keys
	Latency  time.Duration `json:"latency"`  // the provider's answer time, and the pause after each Payments read
}

// result is one case's effects, one count per round.
type result struct {
	Check   string `json:"check"`
	Case    string `json:"case"`
	Effects []int  `json:"effects"`
}

type report struct {
	Label    string   `json:"label"`
	Settings settings `json:"settings"`
	Results  []result `json:"results"`
}

func TestMain(m *testing.M) {
	if os.Getenv("RACEPROOF_DSN") == "" {
		fmt.Fprintln(os.Stderr, "raceproof: RACEPROOF_DSN is not set: run ./scripts/race-proof.sh")
		os.Exit(2)
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "raceproof:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func envInt(name string, def int) (int, error) {
	s := os.Getenv(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: want a positive integer", name, s)
	}
	return n, nil
}

func run() error {
	var set settings
	var err error
	if set.Requests, err = envInt("RACEPROOF_REQUESTS", 8); err != nil {
		return err
	}
	if set.Rounds, err = envInt("RACEPROOF_ROUNDS", 20); err != nil {
		return err
	}
	set.Latency = 20 * time.Millisecond
	if s := os.Getenv("RACEPROOF_LATENCY"); s != "" {
		if set.Latency, err = time.ParseDuration(s); err != nil || set.Latency < 0 {
			return fmt.Errorf("RACEPROOF_LATENCY=%q: want a duration such as 20ms", s)
		}
	}
	label := os.Getenv("RACEPROOF_LABEL")
	if label == "" {
		return errors.New("RACEPROOF_LABEL is not set (before or after)")
	}
	verbose := os.Getenv("RACEPROOF_VERBOSE") != ""

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	e, err := newEnv(ctx, os.Getenv("RACEPROOF_DSN"), "raceproof_"+label, set)
	if err != nil {
		return err
	}
	defer e.pool.Close()

	rep := report{Label: label, Settings: set}
	for _, c := range cases {
		res := result{Check: c.check, Case: c.name}
		for r := range set.Rounds {
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			n, err := c.round(rctx, e, r)
			cancel()
			if err != nil {
				return fmt.Errorf("%s %s (%s), round %d: %w", c.check, c.name, label, r+1, err)
			}
			res.Effects = append(res.Effects, n)
		}
		if verbose {
			fmt.Fprintf(os.Stderr, "%s %s %s: effects per round %v\n", label, c.check, c.name, res.Effects)
		}
		rep.Results = append(rep.Results, res)
	}

	if out := os.Getenv("RACEPROOF_OUT"); out != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if before := os.Getenv("RACEPROOF_BEFORE"); before != "" {
		return compare(before, rep)
	}
	return nil
}

// compare prints one line per case and fails unless each case double-acted
// before and acted once after. Before, the lower median of the rounds must
// be at least 2, so the race showed in more than half of them: if the fixed
// code were still racy at that rate, the chance that all the after rounds
// came out at exactly 1 by luck is below 2^-Rounds (1e-6 for 20 rounds).
func compare(path string, after report) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var before report
	if err := json.Unmarshal(b, &before); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if before.Settings != after.Settings {
		return fmt.Errorf("the before run used %+v, the after run %+v", before.Settings, after.Settings)
	}
	var failed []string
	for _, a := range after.Results {
		i := slices.IndexFunc(before.Results, func(r result) bool { return r.Check == a.Check && r.Case == a.Case })
		if i < 0 {
			return fmt.Errorf("%s %s: no before run", a.Check, a.Case)
		}
		bef := slices.Clone(before.Results[i].Effects)
		slices.Sort(bef)
		median := bef[(len(bef)-1)/2]
		afterN := 1
		for _, n := range a.Effects {
			if n != 1 {
				afterN = n
				break
			}
		}
		fmt.Printf("%s %s: before %d effects, after %d\n", a.Check, a.Case, median, afterN)
		switch {
		case median < 2:
			failed = append(failed, fmt.Sprintf("%s %s did not double-act in most rounds before the fix: %v", a.Check, a.Case, before.Results[i].Effects))
		case afterN != 1:
			failed = append(failed, fmt.Sprintf("%s %s did not act exactly once in every round after the fix: %v", a.Check, a.Case, a.Effects))
		}
	}
	if len(failed) > 0 {
		for _, f := range failed {
			fmt.Fprintln(os.Stderr, "raceproof:", f)
		}
		return fmt.Errorf("%d of %d cases not proven", len(failed), len(after.Results))
	}
	return nil
}

// env is what the cases run against: a pool on a fresh database, the demo's
// Payments and Webhooks built on it, and the fakes that count effects.
type env struct {
	pool     *pgxpool.Pool
	set      settings
	provider *recordingProvider
	queue    *recordingQueue
	payments *Payments
	webhooks *Webhooks
}

const schema = `
CREATE TABLE payments (
	id              bigserial PRIMARY KEY,
	idempotency_key text NOT NULL UNIQUE,
	order_id        bigint NOT NULL,
	amount          bigint NOT NULL,
	charge_id       text,
	status          text NOT NULL DEFAULT 'charged'
);
CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);
CREATE TABLE customer_balances (customer text PRIMARY KEY, paid_cents bigint NOT NULL);
CREATE TABLE webhook_inbox (event_id text PRIMARY KEY, received_at timestamptz NOT NULL);
CREATE TABLE refund_claims (event_id text PRIMARY KEY);
`

func newEnv(ctx context.Context, dsn, db string, set settings) (*env, error) {
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer admin.Close(ctx)
	ident := pgx.Identifier{db}.Sanitize()
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+ident+` WITH (FORCE)`); err != nil {
		return nil, err
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+ident); err != nil {
		return nil, err
	}

	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.Database = db
	cfg.MaxConns = int32(set.Requests + 2)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := pool.Exec(ctx, schema); err != nil {
		pool.Close()
		return nil, err
	}
	// Open every connection now, so that no request of a round waits for a
	// connection to be set up while the others race.
	conns := make([]*pgxpool.Conn, cfg.MaxConns)
	for i := range conns {
		if conns[i], err = pool.Acquire(ctx); err != nil {
			pool.Close()
			return nil, err
		}
	}
	for _, c := range conns {
		c.Release()
	}

	e := &env{pool: pool, set: set, provider: newRecordingProvider(set.Latency), queue: newRecordingQueue()}
	e.payments = &Payments{pool: slowReads{pool, set.Latency}, provider: e.provider}
	e.webhooks = &Webhooks{pool: pool, queue: e.queue}
	return e, nil
}

// slowReads is the pool with a pause after every QueryRow's Scan: the time
// a service spends between reading a row and writing it (a round trip to a
// database that is not on loopback, a log line, a GC pause). It is the same
// in the before and the after run.
type slowReads struct {
	*pgxpool.Pool
	pause time.Duration
}

func (s slowReads) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return slowRow{s.Pool.QueryRow(ctx, sql, args...), s.pause}
}

type slowRow struct {
	pgx.Row
	pause time.Duration
}

func (r slowRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	time.Sleep(r.pause)
	return err
}

// recordingProvider is the card processor: it answers after latency and
// records every call.
type recordingProvider struct {
	latency time.Duration
	mu      sync.Mutex
	charges map[string]int // by idempotency key
	refunds map[string]int // by charge id
}

func newRecordingProvider(latency time.Duration) *recordingProvider {
	return &recordingProvider{latency: latency, charges: map[string]int{}, refunds: map[string]int{}}
}

func (p *recordingProvider) Charge(ctx context.Context, key string, amountCents int64) (string, error) {
	time.Sleep(p.latency)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.charges[key]++
	return fmt.Sprintf("ch_%s_%d", key, p.charges[key]), nil
}

func (p *recordingProvider) Refund(ctx context.Context, chargeID string, amountCents int64) error {
	time.Sleep(p.latency)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refunds[chargeID]++
	return nil
}

func (p *recordingProvider) count(m map[string]int, k string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return m[k]
}

// recordingQueue records every shipment queued.
type recordingQueue struct {
	mu        sync.Mutex
	shipments map[int64]int
}

func newRecordingQueue() *recordingQueue { return &recordingQueue{shipments: map[int64]int{}} }

func (q *recordingQueue) EnqueueShipment(ctx context.Context, orderID int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shipments[orderID]++
	return nil
}

func (q *recordingQueue) count(orderID int64) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.shipments[orderID]
}

// fire runs f n times at once: every goroutine waits at the barrier until all
// n have started, then all are released together.
func fire(n int, f func() error) []error {
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	for i := range n {
		done.Go(func() {
			ready.Done()
			<-start
			errs[i] = f()
		})
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

// broken reports errors that mean the run itself failed (the database went
// away, a query is wrong, a deadline passed), as opposed to the code under
// test refusing a duplicate.
func broken(err error) bool {
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &pe) || errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

func uniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// check fails on the first error that ok does not accept.
func check(errs []error, ok func(error) bool) error {
	for _, err := range errs {
		if err != nil && !ok(err) {
			return err
		}
	}
	return nil
}

func refusal(err error) bool { return !broken(err) }

type raceCase struct {
	check, name string
	round       func(ctx context.Context, e *env, r int) (int, error)
}

var cases = []raceCase{
	{"selectinsert", "CreatePaymentRacy", createPayment},
	{"selectinsert", "MarkOrderPaidRacy", markOrderPaid},
	{"selectinsert", "RefundRacy", refund},
	{"onconflict", "HandlePaymentSucceeded", paymentSucceeded},
	{"onconflict", "HandleRefund", refundWebhook},
}

// createPayment: Requests checkouts with the same idempotency key. The
// effect is a call of the provider's Charge for that key.
func createPayment(ctx context.Context, e *env, r int) (int, error) {
	key := fmt.Sprintf("checkout-%d", r)
	errs := fire(e.set.Requests, func() error {
		_, err := e.payments.CreatePaymentRacy(ctx, key, int64(r), 1000)
		return err
	})
	// Before the fix the unique index turns the losers' INSERT into an
	// error, after they have charged.
	if err := check(errs, func(err error) bool { return uniqueViolation(err) || refusal(err) }); err != nil {
		return 0, err
	}
	var rows int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM payments WHERE idempotency_key = $1`, key).Scan(&rows); err != nil {
		return 0, err
	}
	if rows != 1 {
		return 0, fmt.Errorf("%d payment rows for key %s, want 1", rows, key)
	}
	return e.provider.count(e.provider.charges, key), nil
}

// markOrderPaid: Requests "order paid" calls for one pending order. The
// effect is a call that returns nil: its caller was told the transition
// was its own, and ships the order.
func markOrderPaid(ctx context.Context, e *env, r int) (int, error) {
	id := int64(100_000 + r)
	if _, err := e.pool.Exec(ctx, `INSERT INTO orders (id, status) VALUES ($1, 'pending')`, id); err != nil {
		return 0, err
	}
	errs := fire(e.set.Requests, func() error { return e.payments.MarkOrderPaidRacy(ctx, id) })
	if err := check(errs, refusal); err != nil {
		return 0, err
	}
	granted := 0
	for _, err := range errs {
		if err == nil {
			granted++
		}
	}
	return granted, nil
}

// refund: Requests refunds of one charged payment, each in its own
// transaction. The effect is a call of the provider's Refund.
func refund(ctx context.Context, e *env, r int) (int, error) {
	id := int64(200_000 + r)
	charge := fmt.Sprintf("ch_refund_%d", r)
	if _, err := e.pool.Exec(ctx,
		`INSERT INTO payments (id, idempotency_key, order_id, amount, charge_id, status) VALUES ($1, $2, $1, 1500, $3, 'charged')`,
		id, "refund-"+strconv.Itoa(r), charge); err != nil {
		return 0, err
	}
	errs := fire(e.set.Requests, func() error { return e.payments.RefundRacy(ctx, id) })
	if err := check(errs, refusal); err != nil {
		return 0, err
	}
	return e.provider.count(e.provider.refunds, charge), nil
}

// paymentSucceeded: the provider delivers one payment-succeeded event
// Requests times. The effect is a credit of the customer's balance (the
// balance delta over the event's amount); each credit also queued a
// shipment, which is checked.
func paymentSucceeded(ctx context.Context, e *env, r int) (int, error) {
	const amount = 500
	ev := PaymentEvent{ID: fmt.Sprintf("evt_paid_%d", r), OrderID: int64(300_000 + r), AmountCents: amount, Customer: fmt.Sprintf("cus_paid_%d", r)}
	if _, err := e.pool.Exec(ctx, `INSERT INTO customer_balances (customer, paid_cents) VALUES ($1, 0)`, ev.Customer); err != nil {
		return 0, err
	}
	if _, err := e.pool.Exec(ctx, `INSERT INTO orders (id, status) VALUES ($1, 'pending')`, ev.OrderID); err != nil {
		return 0, err
	}
	errs := fire(e.set.Requests, func() error { return e.webhooks.HandlePaymentSucceeded(ctx, ev) })
	if err := check(errs, func(error) bool { return false }); err != nil {
		return 0, err
	}
	var paid int64
	if err := e.pool.QueryRow(ctx, `SELECT paid_cents FROM customer_balances WHERE customer = $1`, ev.Customer).Scan(&paid); err != nil {
		return 0, err
	}
	credits := int(paid / amount)
	if paid%amount != 0 || e.queue.count(ev.OrderID) != credits {
		return 0, fmt.Errorf("balance %d cents and %d shipments for %d credits of %d", paid, e.queue.count(ev.OrderID), credits, amount)
	}
	return credits, nil
}

// refundWebhook: the provider delivers one refund event Requests times;
// each delivery runs HandleRefund in its own transaction, commits on nil and
// answers 500 on an error. The effects are the debits (the balance
// delta over the amount: one, before and after, since the claim holds) plus
// every delivery answered with a failure, which the provider redelivers and
// on-call is paged for.
func refundWebhook(ctx context.Context, e *env, r int) (int, error) {
	const start, amount = 10_000, 700
	ev := PaymentEvent{ID: fmt.Sprintf("evt_refund_%d", r), AmountCents: amount, Customer: fmt.Sprintf("cus_refund_%d", r)}
	if _, err := e.pool.Exec(ctx, `INSERT INTO customer_balances (customer, paid_cents) VALUES ($1, $2)`, ev.Customer, start); err != nil {
		return 0, err
	}
	errs := fire(e.set.Requests, func() error {
		tx, err := e.pool.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if err := e.webhooks.HandleRefund(ctx, tx, ev); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	failures := 0
	for _, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, pgx.ErrNoRows):
			failures++
		default:
			return 0, err
		}
	}
	var paid int64
	if err := e.pool.QueryRow(ctx, `SELECT paid_cents FROM customer_balances WHERE customer = $1`, ev.Customer).Scan(&paid); err != nil {
		return 0, err
	}
	if (start-paid)%amount != 0 {
		return 0, fmt.Errorf("balance moved by %d cents, not a multiple of %d", start-paid, amount)
	}
	return int((start-paid)/amount) + failures, nil
}
