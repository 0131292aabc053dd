package txfinish

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the txfinish check.
var Doc = &checkdoc.Doc{
	Name:  "txfinish",
	Title: "Transactions left open, and Commit errors dropped",
	Why: `A transaction that a path leaves open keeps its connection out of the pool and its locks
held until the garbage collector or the server's idle timeout ends it. Under load every such
path costs a pooled connection, and a row lock taken with SELECT ... FOR UPDATE blocks every
writer of that row: the service stalls once the pool runs dry. A dropped Commit error is
worse: the commit failed (serialization failure, deferred constraint, lost connection), the
writes are gone, and the function reports success.

txfinish follows every path from a Begin (database/sql and sqlx Begin, BeginTx, Beginx,
BeginTxx, MustBegin, MustBeginTx; pgx v5 Begin and BeginTx on a Conn, Pool or pgxpool.Conn;
GORM's db.Begin(); any function named Begin... that returns such a transaction; and the
package's own functions that return a transaction they began, whatever their name, such as
getTxAndContext()) whose result is kept in a local variable, lostcancel-style, and reports a path that reaches a return
with neither a Commit nor a Rollback of it, nor a hand-off (returned, stored in a field, map
or slice, sent on a channel), nor a call to a function that finishes it on its paths
(finishTx(tx, &err)) or a method of a transaction wrapper that finishes its receiver
(trx.MustCommit(), trx.MustRollback() on fider's dbx.Trx), nor a deferred call that does.
Those helpers are followed into other packages of the module through facts. The Begin's own failure
branch (if err != nil right after it, the error perhaps translated first: err = mapErr(err)) is not a path
with an open transaction. The report is
at the Begin; the return that leaks is its related position.

It also reports a Commit whose error is dropped (a bare tx.Commit(), _ = tx.Commit(), a GORM
tx.Commit() whose .Error is never read), a deferred Commit (it commits on the error paths
too, and its error is lost), a deferred Rollback registered only after statements that
return early (those returns leak), and a deferred Rollback guarded by err != nil that a path
skips: it returns a shadowing err := the deferred function never sees (the outer err is
still nil), or it returns nil before any Commit.`,
	Bad: `func transfer(ctx context.Context, db *sql.DB, from, to int64, amount int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, debit, amount, from); err != nil {
		return err // the transaction stays open
	}
	if _, err := tx.ExecContext(ctx, credit, amount, to); err != nil {
		tx.Rollback()
		return err
	}
	tx.Commit() // a failed commit is reported as success
	return nil
}`,
	Good: `func transfer(ctx context.Context, db *sql.DB, from, to int64, amount int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	if _, err := tx.ExecContext(ctx, debit, amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, credit, amount, to); err != nil {
		return err
	}
	return tx.Commit()
}`,
	Fix: `For a transaction left open: defer func() { _ = tx.Rollback() }() (pgx: defer
tx.Rollback(ctx) with the context given to Begin; GORM: defer tx.Rollback()) inserted right
after the Begin's error check, or moved there when a plain deferred Rollback comes later.
Offered only when the check follows the Begin directly (or the Begin cannot fail: MustBegin,
GORM), the variable is assigned once, the Begin is in no loop, and the function hands the
transaction to nobody (a deferred Rollback would undo a caller's transaction). For a dropped
Commit error: tx.Commit(); return nil becomes return tx.Commit() in a function returning only
an error, otherwise if err := tx.Commit(); err != nil { return <zero values>, err } (reusing
an err variable of the function when there is one); GORM reads .Error. No fix in functions
without an error result or inside deferred functions.`,
	Quiet: `A dropped Commit on a transaction that runs a constant RELEASE SAVEPOINT (CockroachDB's client-side
retry protocol: the RELEASE commits and its error is the one checked); defer tx.Rollback() with its error ignored (after Commit it returns ErrTxDone and does
nothing: errcheck's famous false positive); callback transactions, which finish themselves
(GORM Transaction(func(tx) error), pgx BeginFunc and BeginTxFunc, bun RunInTx, ent-style WithTx
helpers, the module's own inTx(ctx, func(tx) error)); a Rollback on every error path without
a defer; deferred closures that roll back under any condition other than recover() alone
(recover guards run on panics, not returns, so they do not count as finishing); helpers such
as finishTx(tx, &err) and wrapper methods such as MustCommit that finish the transaction on their
paths; a transaction handed to a function whose body is not seen (another module), unless the function itself commits or rolls it back later (then
the callee only borrowed it), or passed as a parameter whose type has no Commit (sqlc's DBTX:
the callee cannot finish it); savepoints (tx.Begin on a pgx transaction: the outer
transaction's end releases them, and no connection or lock outlives it); one transaction per
loop iteration finished in the iteration, and batches carried across iterations (declared
outside the loop, begun inside, committed every n rows: whether one is open depends on a
counter); a dropped Commit error of a transaction that only read (every statement a SELECT,
by its SQL text, or TxOptions{ReadOnly: true}: a failed commit loses nothing); a Begin whose error is tested in a form other than
a nil comparison; _test.go files and test-support packages (a name ending in test, tests, testutil or fixtures, e2e, fake… or mock…, or non-test files importing testify, ginkgo or testcontainers) unless -txfinish.tests is set (a test's transaction dies with
its test database).`,
	Options: `-txfinish.tests: also report in _test.go files and test-support packages (default false)`,
	FixLine: "`defer func() { _ = tx.Rollback() }()` after Begin's error check (pgx: `defer tx.Rollback(ctx)`); `return tx.Commit()` / `if err := tx.Commit(); err != nil { return ... }`",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "left-open", Title: "a transaction that a path leaves without Commit or Rollback",
			Why: `The connection stays checked out with the transaction open, holding its locks, until the pool
gives up on it; a few such paths exhaust the pool. Defer a Rollback right after Begin (it is a no-op
after Commit).`},
		{Code: "late-rollback", Title: "a deferred Rollback registered after returns that can leave the transaction open",
			Why: `The returns between Begin and the defer leak the transaction. Defer the Rollback right after
Begin.`},
		{Code: "commit-unchecked", Title: "a Commit whose error is dropped",
			Why: `A failed commit (serialization failure, a deferred constraint, a lost connection) discards every
write while the caller reports success. Return or check the error.`},
		{Code: "deferred-commit", Title: "a deferred Commit",
			Why: `It commits on the error paths too, and its error is lost. Commit at the end, check its error, and
defer a Rollback instead.`},
		{Code: "shadowed-err", Title: "a deferred Rollback that tests an err a shadowing err := never sets",
			Why: `The deferred func tests the outer err, but the failing path returned an inner one, so the
transaction is left open (or committed). Assign the inner error with =.`},
		{Code: "nil-return-open", Title: "a deferred Rollback that runs only on error, with a path that returns nil without Commit",
			Why: `That path leaves the transaction open. Commit or roll back before returning.`},
	},
	Default: true,
}
