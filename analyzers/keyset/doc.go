package keyset

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the keyset check.
var Doc = &checkdoc.Doc{
	Name:  "keyset",
	Title: "cursor pagination on a column that is not unique",
	Why: `Keyset (cursor) pagination fetches the next page with WHERE created_at < $1 ORDER BY
created_at DESC LIMIT $2, passing the last row's created_at as the cursor. Timestamps are not
unique: rows inserted in one transaction, by one batch job or within the clock's resolution share
one. When such a tie straddles a page boundary, the rows of the tie that did not fit on the page
are never returned: the next page starts strictly below the cursor. With <= (or >=) they are
returned again instead, and a page made only of ties returns itself forever. A secondary ORDER BY
column does not help while the cursor compares created_at alone.

The check reports a SELECT (also one in a CTE or a derived table of a SELECT) with a LIMIT
(other than LIMIT 1) whose first ORDER BY column is
compared, as a top-level AND condition, with a bind parameter in the direction of the ORDER BY
(< or <= for DESC, > or >= for ASC), when that column is not known to be unique and either the
ORDER BY has more columns after it (the query's own admission that it has ties) or it holds a
timestamp (a name such as created_at, updated_on, event_time, or a time.Time argument). It reads
the SQL of database/sql, sqlx and pgx calls (literals, constants, concatenation, Sprintf,
package-local wrappers) and GORM chains (Where("created_at < ?", c).Order("created_at
desc").Limit(n).Find(&rows)).

Columns are unique when named id, listed in -keyset.unique, or, for GORM chains, tagged
primaryKey (the model's only one), unique or uniqueIndex (an index of that field alone) on the
model. Schema files (CREATE TABLE ... UNIQUE) are not read; list such columns in -keyset.unique.`,
	Bad: `func (s *Store) Page(ctx context.Context, before time.Time, n int) ([]Event, error) {
	rows, err := s.pool.Query(ctx, ` + "`" + `SELECT id, kind, created_at FROM events
		WHERE created_at < $1 ORDER BY created_at DESC LIMIT $2` + "`" + `, before, n)
	...
}`,
	Good: `func (s *Store) Page(ctx context.Context, last Event, n int) ([]Event, error) {
	rows, err := s.pool.Query(ctx, ` + "`" + `SELECT id, kind, created_at FROM events
		WHERE (created_at, id) < ($1, $3) ORDER BY created_at DESC, id DESC LIMIT $2` + "`" + `, last.CreatedAt, n, last.ID)
	...
}`,
	Fix: `Rewrites the cursor comparison as a row comparison with the tiebreaker,
created_at < $1 -> (created_at, id) < ($1, $3), adds the tiebreaker to the ORDER BY when it has
none (ORDER BY created_at DESC -> ORDER BY created_at DESC, id DESC) and passes the tiebreaker's
value as a new last argument. The tiebreaker is the unique ORDER BY column after the cursor
column, or id when the ORDER BY has only the cursor column. The fix is offered only when the SQL
is one string literal (or a constant used once) without escapes, its placeholders are numbered
($1...) one per argument, and the cursor argument is a field of a row struct that also has the
tiebreaker's field (last.CreatedAt -> last.ID, by db tag, gorm column tag or name); otherwise the
message says what to change, since a fix that orders by id without comparing it, or compares a
value it cannot name, would be wrong. No fix for GORM chains and ? placeholders.`,
	FixLine: "`(created_at, id) < ($1, $3)` with `ORDER BY created_at DESC, id DESC` and `last.ID` passed",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "skips-ties", Title: "a strict cursor comparison (< or >) on a column that is not unique",
			Why: `Rows tied on the cursor column that did not fit on the page are never returned: the next page
starts strictly past the cursor. Compare (column, unique tiebreaker) as a row and order by both.`},
		{Code: "repeats-ties", Title: "an inclusive cursor comparison (<= or >=) on a column that is not unique",
			Why: `Rows tied on the cursor column are returned again on the next page, and a page made only of ties
returns itself forever. Compare (column, unique tiebreaker) as a row and order by both.`},
		{Code: "offset-shrinks", Title: "OFFSET paging in a loop that moves the rows it read out of the query",
			Why: `A loop that reads pages with LIMIT/OFFSET, the offset growing each time round, and updates or
deletes the rows of each page so that they no longer match the WHERE (exported_at IS NULL, then SET
exported_at = now()) shifts the rest down a page: the next OFFSET starts past rows never read, and
every other page is skipped. Page by a key (WHERE id > $last ORDER BY id), or keep OFFSET 0 since each
page leaves the result anyway.`},
	},
	Options: `-keyset.unique: comma-separated table.column (or column) names that are unique, besides id`,
	Quiet: `Row comparisons ((created_at, id) < ($1, $2), ROW(...)) and their expanded form
(created_at < $1 OR (created_at = $1 AND id < $2)), and any OR-ed condition that names the cursor
column; a cursor on a unique column (WHERE id > $1 ORDER BY id); OFFSET pagination (unless the loop moves its rows out of the query: offset-shrinks); queries
without LIMIT (an aggregate window, an export of a time range) or with LIMIT 1 (the first row
after t); an inclusive cursor (<=, >=) whose WHERE leaves out the rows already returned by a unique
column (id <> ALL($2), NOT (id = ANY($2)), id NOT IN ($2, $3); excluding the last row's id alone
is still reported, since the tie's other rows come back); a column compared with a constant or an expression (created_at < now() - interval '1
day') or with both bounds (a time range); a comparison against the ORDER BY's direction
(created_at > $1 ORDER BY created_at DESC LIMIT n is "the newest n since t", not a page); a
cursor argument that calls time.Now() (the first page has no boundary row); a function that
compares the cursor column's field of result rows (rows[i].UpdatedAt != last, rows[i].CreatedAt
.Equal(t)): it drops or refetches the rows tied with the last one, which is the other cure; a cursor column that
is not the first ORDER BY column; a single-column ORDER BY on a column that is not a timestamp
(score, name: uniqueness unknown); GORM chains with Or, Offset, Scopes, Clauses or an Order that
is not a constant string; UNION queries; _test.go files.`,
	Default: true,
}
