package selectinsert

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the selectinsert check.
var Doc = &checkdoc.Doc{
	Name:  "selectinsert",
	Title: "SELECT-then-INSERT and check-then-act races with no atomic guard",
	Why: `Two requests with the same idempotency key (a double-click, a client retry, a redelivered
webhook) both read "no row" in the gap between the read and the write, and both perform the side
effect: two charges, two transfers, two emails. A unique constraint only stops the second INSERT,
after both have charged. The same holds for state: two requests both read status 'pending' (or
used = false, or stock = 1), both pass the check, and both act.

selectinsert reports, within a function (following the package's own helpers, such as a
findByKey method, an insert method or a query wrapper, through function summaries; helpers in
other packages analysed in the same run, such as a repository package or sqlc's generated
Queries, through facts; exported query wrappers of another package - func (d *DB) Exec(ctx, q,
args...), an Exists that runs "SELECT EXISTS (" + q + ")", or a wrapper named for existence
(Exists, RowExists, HasRows) that runs the caller's SELECT and answers whether a row came back -
with the caller's SQL, through facts):

- read-then-create: a read of table T by key (QueryRow/Get/First/Take/Count/EXISTS, a statement
  prepared with such a SELECT and kept in a field or variable, or a helper that does one) whose not-found branch performs a side effect (a provider call, an HTTP request
  other than GET, HEAD or OPTIONS - a lookup repeated is no effect -, a gRPC call, a message, a write to another table outside the transaction, or, by its role, any method
  of an injected service - a field of the receiver or a parameter whose type is an interface of the
  module or another module's client: s.billing.CreateCustomer, s.wallet.Credit - that is not a read,
  a log, metric, trace or cache call, or a repository or store, whose writes are judged by their
  SQL; the rule onconflict uses) before it inserts the row into T; also GORM FirstOrCreate whose "created" result gates a side effect;
- duplicate-insert: the same read and insert when nothing makes the read's columns a unique key,
  so the second INSERT succeeds too and the duplicate row is itself the harm, effect or none: the
  package's SQL declares the table without a unique key on them or only a plain index (CREATE
  TABLE, CREATE [UNIQUE] INDEX, ALTER TABLE ... ADD UNIQUE or ADD COLUMN c ... UNIQUE, in string
  constants or in the module's .sql files - its migrations, and the repository's when the module sits in
  a subdirectory of it -, partial unique indexes counting as
  unique), a GORM tag gives
  them only an index (gorm:"index", not uniqueIndex/unique/primaryKey), or, with no schema in
  sight, the read filters on a state (status IN (...), sent_at IS NULL, state = 'open') and no
  key column is a natural key (email, username, slug, a token, an external or event id, an
  idempotency key: with no schema, a unique index on those is assumed);
- check-then-insert: the same read and a plain insert of the row, with nothing run twice before
  it, when nothing shows the key to be unique - no unique key or index on its columns, no CREATE TABLE
  of the table, and no schema anywhere in the module (no CREATE TABLE in its .sql files or Go
  strings, no ent, bun or xorm schema) - and nothing expects the loser's unique-key error (no SQLSTATE
  23505, gorm.ErrDuplicatedKey, MySQL 1062, a conflict sentinel compared, an isUniqueViolation(err)
  predicate, in the function or in the helper that inserts): the second request's INSERT fails with
  an error it does not expect, or duplicates the row;
- check-then-act: a read of a state column of T (status, state, used, processed, quantity, stock,
  balance, ...), a branch on the value read, then an UPDATE of T (or GORM Update/Save) that sets
  that column with a WHERE that does not re-check it, and no SELECT ... FOR UPDATE of the row in
  the same transaction. A column of any name is a state by its role when the UPDATE moves it to a
  constant (phase = 'issued', archived = TRUE, verified_at = now(), a constant argument) and
  something that must not happen twice runs on the path, before or after the UPDATE (an e-mail, a
  provider call, a non-idempotent write). The branch may look at the value read or at a part of it:
  u.VerifiedAt.Valid on a sql.NullTime, !t.IsZero(), p != nil (and the row's own n.IsEmpty() or
  n.Exists() says whether it was found at all: a lookup that drops its error returns the zero value);
- lost-update: a read of a column of T, a value computed from it by arithmetic in Go (directly in
  the argument, or in a local assigned once), written back to that column by an UPDATE of the row
  (SET balance = $1, GORM Update("balance", b+amount), or GORM Save after acct.Balance += amount,
  or a helper, of this package or another, whose UPDATE sets the column to its parameter:
  SetCredit(ctx, id, p.CreditCents+delta)) whose WHERE does not re-check it, with no branch needed,
  and no lock as below;
- capacity-check: a SELECT COUNT(*) (or GORM Count) of T compared with a limit (n >= max, count+1 >
  limit: a bound other than 0 or 1, a constant or a variable), then a plain INSERT into T on the path
  under the limit, with no lock taken before the count (FOR UPDATE of a row in the transaction, directly or in a helper given it, an
  advisory lock) and no SERIALIZABLE; an INSERT ... SELECT ... WHERE (SELECT COUNT(*) ...) < $n counts
  again, but in its own READ COMMITTED snapshot, which does not see a concurrent request's uncommitted row;
- SELECT ... FOR UPDATE run on a connection pool rather than a transaction: the lock is released
  when the statement ends and guards nothing.

The atomic forms pick exactly one winner: INSERT ... ON CONFLICT (key) DO NOTHING RETURNING ..., and
act only when a row came back; UPDATE ... SET status = 'paid' WHERE id = $1 AND status = 'pending',
and act only when exactly one row changed; or SELECT ... FOR UPDATE inside the transaction that
performs the write. Locking a row that does not exist locks nothing in PostgreSQL, so FOR UPDATE
cures check-then-act, not read-then-create: there, make the insert the gate.`,
	Bad: `var id int64
err := db.QueryRowContext(ctx,
	"SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
if errors.Is(err, sql.ErrNoRows) {
	if err := provider.Charge(ctx, amount); err != nil { // both requests get here
		return err
	}
	_, err = db.ExecContext(ctx,
		"INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount)
	return err
}`,
	Good: `err := db.QueryRowContext(ctx,
	"INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2) "+
		"ON CONFLICT (idempotency_key) DO NOTHING RETURNING id", key, amount).Scan(&id)
if errors.Is(err, sql.ErrNoRows) {
	return nil // another request owns this key
}
if err != nil {
	return err
}
return provider.Charge(ctx, amount) // only the winner gets here`,
	Fix: `For check-then-act inside a transaction, the fix appends FOR UPDATE to the SELECT (or adds
.Clauses(clause.Locking{Strength: "UPDATE"}) to a GORM query) so the row is locked until the
transaction ends. Outside a transaction, it makes the UPDATE conditional (WHERE ... AND status = $N,
passing the value read) and adds a RowsAffected gate that returns an error when another request
won (NULL-safely, AND col IS NOT DISTINCT FROM $N, when the value read can be NULL: a pointer or
a sql.Null*; not offered then with ? placeholders). The SQL is edited through its tokens: FOR UPDATE and the condition go after the statement's
last token, before any trailing comment or ';', in the string literal (or concatenation of
literals) written at the call; no edit is offered when the SQL is a constant, a variable or built
at run time, holds more than one statement, or the clause cannot go at its end (an UPDATE with
RETURNING, ORDER BY, LIMIT, FROM or a WITH; a SELECT with a join, a CTE, GROUP BY, DISTINCT, an
aggregate or a set operation). The conditional UPDATE is not offered when something that must not
happen twice (a provider call, a non-idempotent write, a call such as Release or Reserve) runs
between the read and the UPDATE: a gate after it would not stop it; the message says to run the
conditional UPDATE before it. Read-then-create needs the code restructured around an INSERT ...
ON CONFLICT ... RETURNING gate; no edit is offered for it, the message explains the pattern. For a
lost update whose argument at the call is read + delta (or read - delta) and whose SQL is literals at
the call, the fix moves the arithmetic into the statement: SET balance = balance + $1, passing delta.`,
	Quiet: `INSERT ... ON CONFLICT ... RETURNING and Exec + RowsAffected gates; SELECT ... FOR UPDATE in the
same transaction before the write; conditional UPDATEs that re-check the column (or a version
column); a column moved to a constant with nothing else done on the path (setting one value twice
is harmless), or set to a value the caller gives (a change, not a transition); a SELECT followed by an INSERT into a different table (audit or log rows); read-only paths;
upserts (DO UPDATE) that are the whole operation; insert-first code with a unique-violation (23505)
fallback; SERIALIZABLE or REPEATABLE READ transactions (including the callback of any transaction helper,
another package's or an interface's, that is handed &sql.TxOptions{Isolation: sql.LevelSerializable} or
pgx.TxOptions{IsoLevel: pgx.Serializable} and whose callback takes the transaction, or that is named for one:
db.SerializableTx(ctx, func(tx pgx.Tx) error {...}), which sets the level itself); pg_advisory_xact_lock (or another lock)
taken before the read; get-or-create of a reference row (a tag, a customer) with no side effect
before the insert when a schema is in sight (a unique key, a GORM unique tag, or a module that keeps
its schema somewhere: the key may be unique there) or when the unique-key error is handled; idempotent writes to other tables on the not-found path (ON CONFLICT DO
NOTHING, upserts, plain SET updates) and any write to another table in the same transaction as
the insert; reads that are not by key (ranges, no WHERE, ORs, rows.Next() loops). For duplicate-insert: a unique
key (id, a primary key, UNIQUE, a unique or partial unique index, a uniqueIndex tag) on the read's
columns or some of them, a natural key with no schema in sight, a read with no state filter and no
schema, an INSERT with ON CONFLICT, and a row locked with FOR UPDATE in the transaction before the read.
For lost-update: SET col = col + $1 (the arithmetic in the statement), a version column or the old
value re-checked in the WHERE, FOR UPDATE on the read or on a row before it in the transaction, an
advisory lock, SERIALIZABLE, a value the caller gives. For capacity-check: the same locks, a count only reported, a row numbered from the count (attempt_no = n+1) into a table whose unique key covers the counted key columns and that number (the second of two requests that counted the same n fails on it). Calls through an
interface are followed into the interface's one implementation in its own package (a repository
interface beside its implementation, from any package of the module). An interface implemented in
another package (wired in main) is judged by role: an interface of the module with a read method (Get,
Find, Load, Fetch, Lookup, ByX, XForY, returning one value and an error, not a list; or a count or found-bool,
CountPending(ctx, ...) (int, error), HasMember, Exists, whose zero says none; or a (bool, error) test named for
the record's state, AlreadySent, SlotTaken, EmailExists, EventSeen) and a create (Create, Insert,
Add, Register, Record, Save, Store, Put, Persist) or
single-column update method (SetStatus, UpdateState; a transition named for
the state it moves to, MarkRefunded or MarkAsPaid, an update of the row's status or state), held in a field of
the receiver or passed as a parameter (not a cache). Read-then-insert: the read's not-found is an error
sentinel named so (ErrNotFound, ErrUserNotFound, ErrNoRows) or a nil result (nil, nil), and an effect runs between
the read and the create. Capacity-check: a count (CountForDay(ctx, ...) (int, error)) compared with a limit, then a create
on the same repository of the same thing (CountBuildsForRepo then CreateBuild, not CreatePipeline). Check-then-act: a field of the row read (o.Status) is branched on and an effect
runs between the check and SetStatus/UpdateStatus of that row. Both are races whatever the
implementation's SQL, since the effect runs before it. So is an effect after the update when the update
sets the very value the check tested for (if o.Status == "delivered" { return nil }; SetStatus(ctx, id,
"delivered"); ship): the check treats that state as success, so an update that failed for the second
request would turn success into an error; it is a plain set, and both requests act. A create or update
with nothing between, or another effect after it (if o.Status != "pending" { ... }; SetStatus(ctx, id,
"paid"); ship), is left to the repository (its SQL may be the gate); lost updates through such an
interface are not reported.`,
	FixLine: "`FOR UPDATE` on the read inside the transaction; a conditional `UPDATE ... AND status = $n` with a `RowsAffected` gate",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "read-then-insert", Title: "a read by key that finds no row, then an insert of that row, with a side effect in between",
			Why: `Two concurrent requests with the same key both find nothing, both run the effect (charge the
card, send the e-mail), and only then does the unique key stop the second insert: the effect has run
twice. Make the insert the gate: INSERT ... ON CONFLICT DO NOTHING RETURNING, and run the effect only
when it returned a row.`},
		{Code: "duplicate-insert", Title: "a read that finds no row, then an insert of that row, when nothing makes the read's columns a unique key",
			Why: `Without a unique key the second INSERT succeeds too: two concurrent requests both find nothing and
both insert, leaving two active subscriptions or two pending notifications, and whatever follows runs for
both. The check sees a unique key in the package's SQL (CREATE TABLE ... PRIMARY KEY / UNIQUE, CREATE
UNIQUE INDEX, ALTER TABLE ... ADD UNIQUE, an INSERT ... ON CONFLICT (cols) on the table) or in GORM tags
(primaryKey, unique, uniqueIndex), over the read's key columns and those it holds to a constant; it reports
when that schema shows no unique key on the columns (a CREATE TABLE without one, a non-unique index,
gorm:"index"), or, with no schema in sight, when the read also filters on a state (status IN (...),
sent_at IS NULL, deleted_at IS NULL, a constant) and no key column is a natural key (email, username,
slug, an external id, an idempotency key), which a unique index usually backs. Add a unique index
(partial, WHERE status IN (...), for a state) and insert with ON CONFLICT DO NOTHING.`},
		{Code: "check-then-insert", Title: "a read that finds no row, then a plain insert of that row, when nothing handles the unique-key error",
			Why: `Two requests both find no row and both insert. With a unique key the loser's INSERT fails, and,
since nothing in the function or in the helper that inserts expects a unique violation, the loser
returns an error (a 500, a failed job) for a request that should have found the row; with none, the row
is duplicated and whatever follows runs twice. Insert with ON CONFLICT (key) DO NOTHING (GORM:
clause.OnConflict{DoNothing: true}) and read the row back when nothing was inserted, or treat the
unique violation (SQLSTATE 23505, gorm.ErrDuplicatedKey, MySQL 1062) as "already there".`},
		{Code: "first-or-create", Title: "GORM's FirstOrCreate followed by a side effect",
			Why: `FirstOrCreate is a SELECT then an INSERT: two requests can both create (or both see "created"),
and the effect runs for each. Create with clause.OnConflict{DoNothing: true} and check RowsAffected.`},
		{Code: "check-then-act", Title: "a column read and branched on, then an UPDATE that does not re-check it",
			Why: `Two requests both read status = 'pending', both pass the check and both act (pay, ship,
refund). Make the UPDATE conditional (AND status = 'pending') and act only when RowsAffected is 1, or
lock the row with SELECT ... FOR UPDATE in the transaction that writes it.`},
		{Code: "lost-update", Title: "a column read, a new value computed from it in Go, and written back by an UPDATE with no lock",
			Why: `Two requests both read balance 100 and both write 100 plus their amount: one amount is lost. Do the
arithmetic in the statement (SET balance = balance + $1), or lock the row with SELECT ... FOR UPDATE in
the transaction that writes it.`},
		{Code: "capacity-check", Title: "a COUNT of rows compared with a limit, then an INSERT into the counted table, with no lock",
			Why: `Two requests both count one below the limit (seats, devices, members) and both insert: the limit is
exceeded. Lock the parent row (SELECT ... FROM events WHERE id = $1 FOR UPDATE) in the transaction before
counting, take an advisory lock, or make the INSERT conditional on the count in its own statement.`},
		{Code: "lock-outside-tx", Title: "a SELECT ... FOR UPDATE run on a pool, outside a transaction",
			Why: `The lock is released when the statement ends, before the write it was meant to protect. Run the
SELECT and the write in one transaction.`},
	},
	Default: true,
}
