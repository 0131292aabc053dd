package onconflict

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the onconflict check.
var Doc = &checkdoc.Doc{
	Name:  "onconflict",
	Title: "ON CONFLICT DO NOTHING / INSERT IGNORE dedup gates whose result gates nothing",
	Why: `An inbox or idempotency table deduplicates with INSERT ... ON CONFLICT DO NOTHING (MySQL INSERT
IGNORE, SQLite INSERT OR IGNORE, GORM Clauses(clause.OnConflict{DoNothing: true}).Create). On a
duplicate the insert succeeds and inserts nothing: no error is raised. If the code then applies the
business effect without asking whether the row was inserted, a redelivered webhook or a retried
request applies it again: stock is reserved twice, the customer is charged twice. The dedup is
decorative.

The check reports a dedup insert whose result is discarded, assigned and never read (_ = res reads nothing), or only logged,
when a non-idempotent effect follows on the same path: an UPDATE that accumulates (SET n = n + $1), an
upsert that accumulates, an outbound write (an HTTP request other than GET, a broker publish, an e-mail,
a payment call), a call of a package function that does one of these (or of another package's exported
function or method, by the summary it exports in a fact: a store's AddCredit whose UPDATE adds to a
balance), and, after an evident dedup
record, an INSERT without a conflict clause or the gated callback of a run-once helper (a parameter of
the function, or of the one that returns it: func (j *Jobs) Once(name string, fn Func) Func). The gate may
run through the package's own Exec wrappers or another package's exported ones (through facts:
a wrapper that returns the result leaves the check to the caller, one that drops it is reported at the
call), or hide in a package helper that returns only an error:
the call of that helper is reported (also through a package interface whose one implementation in the
package is that helper: a repository interface beside its implementation). It also reports ... DO NOTHING RETURNING id scanned
with its error ignored or ErrNoRows let through (the duplicate proceeds with a zero id), or, for an
evident dedup record, handled only as err != nil (a duplicate returns a failure, and a redelivery fails
and is retried forever; reported even when nothing follows the insert, since the failure is the harm).`,
	Bad: `func (s *Store) HandleOrderPaid(ctx context.Context, ev Event) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, ` + "`" + `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING` + "`" + `, ev.ID)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, ` + "`" + `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1` + "`" + `, ev.SKU, ev.Qty)
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}`,
	Good: `	tag, err := tx.Exec(ctx, ` + "`" + `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING` + "`" + `, ev.ID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return nil // already processed
	}
	_, err = tx.Exec(ctx, ` + "`" + `UPDATE inventory SET reserved = reserved + $2 WHERE sku = $1` + "`" + `, ev.SKU, ev.Qty)`,
	Fix: `Captures the insert's result and returns early on a duplicate, with the zero values of the
function's results (or continue inside a loop): database/sql and sqlx
"if n, err := res.RowsAffected(); err != nil { return ..., err } else if n == 0 { return ..., nil }",
pgx "if tag.RowsAffected() == 0 { return ..., nil }", GORM "if res.RowsAffected == 0 { return ..., nil }".
For DO NOTHING RETURNING it inserts "if errors.Is(err, pgx.ErrNoRows) { return ..., nil }" (sql.ErrNoRows
for database/sql and sqlx) before the err != nil check. No fix is offered when the insert's error is
ignored, when the error branch does not leave the function (the result would be read after a failed
insert), when a write precedes the insert in the same function (an early return would drop it), when a
transaction begun in the function has no deferred Rollback, or when the function's last result is not an
error.`,
	FixLine: "return early when the row count is 0 (database/sql, sqlx `res.RowsAffected()`, pgx `tag.RowsAffected()`, GORM `RowsAffected`) or on `ErrNoRows` after `RETURNING`",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "unchecked", Title: "an INSERT ... ON CONFLICT DO NOTHING whose row count (or RETURNING rows) nothing reads, followed by a side effect",
			Why: `The result is discarded, assigned and never read, only logged, or dropped by a wrapper, so the
effect after it runs for a duplicate delivery too. Return early when the row count is 0.`},
		{Code: "no-rows-ignored", Title: "an INSERT ... ON CONFLICT DO NOTHING RETURNING whose no-row error is ignored or swallowed",
			Why: `On a duplicate the RETURNING query gives the library's no-rows error; ignoring it, or treating
every error alike and going on, runs the effect for the duplicate. Return early on
errors.Is(err, ErrNoRows).`},
		{Code: "duplicate-fails", Title: "a dedup INSERT ... RETURNING whose no-row error on a duplicate is treated as a failure",
			Why: `The duplicate is a redelivery that must succeed without acting again; err != nil makes it fail, so
the queue redelivers it forever or gives up. Return early (success) on errors.Is(err, ErrNoRows).`},
		{Code: "hidden", Title: "a call of a helper that hides a dedup insert's outcome, followed by a side effect",
			Why: `The helper inserts with ON CONFLICT DO NOTHING but does not tell its caller whether it inserted,
so the caller's effect runs for duplicates too. Have the helper report whether it inserted. The helper
may be in another package of the module (a repository's Record, called from a handler package that makes
no database call itself): its hidden insert travels to the callers in a fact.`},
		{Code: "claim-discarded", Title: "a claim's won-or-lost bool discarded before a side effect",
			Why: `A method named for claiming a key (Claim, TryClaim, Acquire, TryLock, Reserve) that returns
(bool, error) says in its bool whether this caller won; _, err := repo.Claim(ctx, id) keeps only the
error, so the reminder, charge or page that follows runs for every caller, the losers too. Return unless
the bool is true. The method may be behind an interface whose implementation is not in sight: its name
and its (bool, error) are the contract.`},
		{Code: "update-gate", Title: "a test for 0 rows affected on an INSERT ... ON CONFLICT DO UPDATE with no WHERE",
			Why: `A duplicate updates the row it conflicts with, and Postgres and SQLite count that row: the
statement affects one row either way, so a check written as a dedup gate (if n == 0 { return }) never
holds and what follows runs for every duplicate. Use DO NOTHING to gate, or DO UPDATE ... WHERE when the
update must happen only in some state. MySQL's ON DUPLICATE KEY UPDATE is not judged: it reports 0 for
a row it left unchanged.`},
	},
	Quiet: `Tests and test helpers (a _test.go file, or a file that imports testing: a fixture's DO NOTHING
seeds rows); start-up code (func main, init: a seed's DO NOTHING is an ensure-exists and what follows is the program);
a background worker a call starts (a goroutine that loops for ever or over a channel, a ticker's flush), which does
not run for the duplicate; a result that gates the rest (if n == 0 { return }, if tag.RowsAffected() == 0, if res.RowsAffected == 0,
a switch on it), is passed to a helper or returned to the caller; DO UPDATE upserts (unless their row count is tested for 0, see update-gate); bulk inserts with
nothing after them, or with only batch-level work after the loop; ensure-exists inserts followed only by
idempotent writes (another DO NOTHING, an upsert that sets values, an UPDATE that sets constants or
parameters, a DELETE), by writes to the same table or that read it back (get-or-create), or by an INSERT
that carries the same key column (a unique key makes that write its own gate); an effect after a plain
INSERT whose error is kept, into a table whose unique key lies within its columns by the package's SQL or
the module's .sql files (owners.email UNIQUE: the duplicate fails there first); gating done in SQL (a CTE
that inserts and writes only WHERE EXISTS the inserted row); writes in the error branch; RETURNING scans
whose ErrNoRows is handled, or whose function's callers in the package test errors.Is(err, ErrNoRows).
A plain INSERT after an ensure-exists insert into an entity table (users, tags) is not reported unless
the gate is evidently a dedup record: its table or key is named like one (processed_events,
idempotency_keys, inbox, event_id, message_id, delivery_id, ...) or it inserts nothing but its conflict key (timestamps and constants aside: started_at, now(),
'running') and returns nothing: a claim row such as runs(name, slot) ON CONFLICT (name, slot), whatever its
name.`,
	Default: true,
}
