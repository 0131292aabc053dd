package sqlparse

import "strings"

// Hole is the identifier that sqltext substitutes for an unknown piece of SQL
// text (a variable, a %s verb with a non-constant argument). The lexer treats
// it as an identifier; a table or column that is a Hole is unknown.
const Hole = "__faultline_hole__"

// Kind is the kind of a statement.
type Kind uint8

// Statement kinds.
const (
	KindUnknown Kind = iota
	KindSelect
	KindInsert
	KindUpdate
	KindDelete
	KindOther // DDL, BEGIN, SET, CALL, LOCK, MERGE, EXPLAIN, ...
)

func (k Kind) String() string {
	switch k {
	case KindSelect:
		return "SELECT"
	case KindInsert:
		return "INSERT"
	case KindUpdate:
		return "UPDATE"
	case KindDelete:
		return "DELETE"
	case KindOther:
		return "OTHER"
	}
	return "UNKNOWN"
}

// Conflict is the action of a Postgres/SQLite ON CONFLICT clause.
type Conflict uint8

// ON CONFLICT actions.
const (
	ConflictNone Conflict = iota
	ConflictDoNothing
	ConflictDoUpdate
)

func (c Conflict) String() string {
	switch c {
	case ConflictDoNothing:
		return "DO NOTHING"
	case ConflictDoUpdate:
		return "DO UPDATE"
	}
	return "NONE"
}

// Lock is the row-locking clause of a SELECT.
type Lock uint8

// Row-lock clauses.
const (
	LockNone Lock = iota
	LockForUpdate
	LockForNoKeyUpdate
	LockForShare
	LockForKeyShare
)

// strength orders locks: LockNone 0 < KEY SHARE < SHARE < NO KEY UPDATE < UPDATE.
func (l Lock) strength() int {
	switch l {
	case LockForUpdate:
		return 4
	case LockForNoKeyUpdate:
		return 3
	case LockForShare:
		return 2
	case LockForKeyShare:
		return 1
	}
	return 0
}

func (l Lock) String() string {
	switch l {
	case LockForKeyShare:
		return "FOR KEY SHARE"
	case LockForShare:
		return "FOR SHARE"
	case LockForNoKeyUpdate:
		return "FOR NO KEY UPDATE"
	case LockForUpdate:
		return "FOR UPDATE"
	}
	return "NONE"
}

// Cond is one condition of a WHERE clause (or one assignment of a SET list, with
// Op "=").
type Cond struct {
	// Column is the normalised column name (unquoted, lower-cased, table
	// qualifier dropped); a case-folded match of a placeholder,
	// lower(email) = lower($1), is a condition on the column email. When
	// the left side is not a plain column it is the normalised expression
	// text, e.g. "lower(email)" compared with a constant.
	Column string
	// Qualifier is the table or alias qualifier of Column, if any ("o" in o.status).
	Qualifier string
	// Op is the operator: "=", "<>" (also for !=), "<", ">", "<=", ">=", "IN",
	// "NOT IN", "IS", "IS NOT", "IS DISTINCT FROM", "IS NOT DISTINCT FROM",
	// "LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE", "BETWEEN", "NOT BETWEEN", or the
	// operator's own spelling for anything else (e.g. "@>").
	Op string
	// Value is the normalised right-hand side: placeholders as written ("$1",
	// "?", ":name", "@name"), string literals with their quotes, numbers,
	// TRUE/FALSE/NULL/DEFAULT upper-cased, other expressions as compact
	// lower-cased text. Casts (::type) around a single value are dropped.
	Value string
	// Placeholder reports that Value is a single bind parameter.
	Placeholder bool
}

// KeysetForm is how a Keyset comparison is spelled.
type KeysetForm uint8

// Keyset forms.
const (
	KeysetColumn   KeysetForm = iota + 1 // created_at < $1
	KeysetRow                            // (created_at, id) < ($1, $2), ROW(...) < ROW(...)
	KeysetExpanded                       // created_at < $1 OR (created_at = $1 AND id < $2)
)

func (f KeysetForm) String() string {
	switch f {
	case KeysetColumn:
		return "column"
	case KeysetRow:
		return "row"
	case KeysetExpanded:
		return "expanded"
	}
	return "unknown"
}

// Keyset is a cursor (keyset pagination) comparison: a column, or a row of
// columns, compared with <, >, <= or >= to bind parameters, as a top-level
// AND conjunct of a WHERE clause. The expanded form a < $1 OR (a = $1 AND
// b < $2) (any number of columns, nested or flat, the last comparison may be
// <= or >=) is the row comparison (a, b) < ($1, $2) and is reported as one.
type Keyset struct {
	Columns    []string // normalised column names, in comparison order
	Qualifiers []string // parallel to Columns: table or alias qualifier, or ""
	Values     []string // parallel to Columns: the bind parameters as written
	Op         string   // "<", ">", "<=" or ">=" (for KeysetExpanded, the last column's)
	Form       KeysetForm
	// OpAt is the byte offset of the operator in the parsed text (for
	// KeysetExpanded, of the first branch's).
	// Start and End are the byte offsets in the parsed text of the
	// comparison (inside any parentheses around it). Zero for statements
	// not parsed from text (GORM chains).
	Start, End, OpAt int
}

// Stmt is the classification of one SQL statement. Every field is best effort;
// Partial reports that something was not understood.
type Stmt struct {
	Kind Kind
	// Verb is the upper-cased leading keyword of the main statement ("SELECT",
	// "INSERT", "REPLACE", "CREATE", "BEGIN", "LOCK", ...), "" if none.
	Verb string
	// Table is the target table: the first FROM table of a SELECT, INTO of an
	// INSERT, the UPDATE target, DELETE FROM. Normalised: unquoted, lower-cased,
	// schema dropped. It may name a CTE of the same statement. "" if unknown.
	Table string
	// Schema is the schema (or database) qualifier of Table, normalised.
	Schema string
	// Tables lists every table referenced (target, FROM, JOIN, USING,
	// subqueries, CTE bodies), normalised, de-duplicated, in textual order.
	// Names of the statement's own CTEs are not tables and are left out.
	Tables []string
	// Columns: INSERT column list, UPDATE SET columns, SELECT output columns
	// (alias, else column name, else expression text; "*" for * and t.*).
	Columns []string
	// ValuesBound is parallel to an INSERT's Columns: whether the first
	// VALUES row's value for the column holds a bind parameter (or a hole),
	// i.e. comes from the caller, rather than being a constant ('running',
	// now(), DEFAULT). Nil when not known (no column list, INSERT ...
	// SELECT, a row of another length).
	ValuesBound []bool
	// InsertValues is parallel to ValuesBound: each value's text, as a
	// Cond's Value is written ("$2", "'running'", "now()").
	InsertValues []string
	// Set holds assignments: UPDATE ... SET, INSERT ... ON CONFLICT DO UPDATE
	// SET, ON DUPLICATE KEY UPDATE, MySQL INSERT ... SET.
	Set []Cond
	// Where holds the top-level WHERE conditions joined by AND. A bare boolean
	// column c is {c = TRUE}, NOT c is {c = FALSE}.
	Where []Cond
	// WhereHasOr reports an OR in the WHERE clause outside subqueries and
	// function calls: at the top level (then Where is empty: AND binds tighter)
	// or in a parenthesised conjunct (which then adds no Cond).
	WhereHasOr bool
	// HasWhere reports a WHERE clause.
	HasWhere bool
	// Keysets holds the WHERE's cursor comparisons (see Keyset) among its
	// top-level AND conjuncts, in textual order.
	Keysets []Keyset
	// OrColumns lists the names (normalised, de-duplicated, in textual
	// order) that occur in OR-ed parts of the WHERE clause outside
	// subqueries: every identifier that is not a function name, so it may
	// over-approximate the columns. A Keyset of KeysetExpanded form
	// contributes its columns too.
	OrColumns []string

	Conflict           Conflict // Postgres/SQLite ON CONFLICT ... DO NOTHING/DO UPDATE
	ConflictTarget     []string // ON CONFLICT (a, b): the conflict columns/expressions
	ConflictConstraint string   // ON CONFLICT ON CONSTRAINT name
	ConflictWhere      bool     // DO UPDATE ... WHERE: a duplicate may update no row
	InsertIgnore       bool     // MySQL INSERT IGNORE, SQLite INSERT OR IGNORE
	OnDuplicateKey     bool     // MySQL ON DUPLICATE KEY UPDATE
	InsertOrReplace    bool     // SQLite INSERT OR REPLACE, MySQL/SQLite REPLACE INTO

	Returning    []string // RETURNING items (nil if none)
	HasReturning bool

	Lock       Lock     // FOR UPDATE etc. (MySQL LOCK IN SHARE MODE -> LockForShare); strongest of several
	LockOf     []string // FOR UPDATE OF t1, t2
	SkipLocked bool
	NoWait     bool

	OrderBy   []string // ORDER BY expressions: column name, or expression text
	OrderDesc []bool   // parallel to OrderBy: DESC
	// OrderQualifier is parallel to OrderBy: the table or alias qualifier of
	// an item that is a qualified column ("p" in p.created_at), else "".
	OrderQualifier []string
	// OrderEnd is parallel to OrderBy: the byte offset in the parsed text
	// just past each item, its ASC/DESC, NULLS FIRST/LAST and COLLATE
	// included. Nil for statements not parsed from text (GORM chains).
	OrderEnd []int
	Limit    string // LIMIT/FETCH FIRST value as written ("10", "$1"); "" if none
	Offset   string // OFFSET value as written; "" if none

	// Exists reports a SELECT whose only output is [NOT] EXISTS (subquery); for
	// such a SELECT without FROM, Table/Schema/Where/WhereHasOr come from the
	// subquery. The same lifting applies to SELECT (SELECT ...).
	Exists bool
	// Compound reports UNION/INTERSECT/EXCEPT; the fields describe the first
	// branch, except ORDER BY/LIMIT/locking, which apply to the whole.
	Compound bool

	CTEs       []Stmt   // WITH a AS (...) bodies, parsed recursively, in order
	CTENames   []string // the CTEs' names, normalised, parallel to CTEs
	Source     *Stmt    // INSERT ... SELECT: the source query
	Subqueries []Stmt   // parenthesised subqueries of this statement (not CTEs, not Source), in order

	Partial bool // something was not understood, or holes are present
}

// Cond returns the first top-level WHERE condition on column col (matched
// after normalisation, ignoring any qualifier).
func (s Stmt) Cond(col string) (Cond, bool) {
	col = normName(col)
	for _, c := range s.Where {
		if c.Column == col {
			return c, true
		}
	}
	return Cond{}, false
}

// IsDedupInsert reports an INSERT that silently skips duplicates: ON CONFLICT
// DO NOTHING, MySQL INSERT IGNORE, SQLite INSERT OR IGNORE.
func (s Stmt) IsDedupInsert() bool {
	return s.Kind == KindInsert && (s.Conflict == ConflictDoNothing || s.InsertIgnore)
}

// IsUpsert reports an INSERT that updates on duplicates: ON CONFLICT DO
// UPDATE, ON DUPLICATE KEY UPDATE, INSERT OR REPLACE / REPLACE INTO.
func (s Stmt) IsUpsert() bool {
	return s.Kind == KindInsert && (s.Conflict == ConflictDoUpdate || s.OnDuplicateKey || s.InsertOrReplace)
}

// Walk calls fn for s and then, depth first, for every nested statement:
// CTEs, Source and Subqueries. fn returning false stops the walk below that
// statement.
func (s *Stmt) Walk(fn func(*Stmt) bool) {
	s.walk(fn, 0)
}

func (s *Stmt) walk(fn func(*Stmt) bool, depth int) {
	if depth > maxDepth+2 || !fn(s) {
		return
	}
	for i := range s.CTEs {
		s.CTEs[i].walk(fn, depth+1)
	}
	if s.Source != nil {
		s.Source.walk(fn, depth+1)
	}
	for i := range s.Subqueries {
		s.Subqueries[i].walk(fn, depth+1)
	}
}

// normName normalises an identifier as given by a caller: unquoted and
// lower-cased.
func normName(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 {
		switch {
		case s[0] == '"' && s[len(s)-1] == '"', s[0] == '`' && s[len(s)-1] == '`', s[0] == '[' && s[len(s)-1] == ']':
			s = s[1 : len(s)-1]
		}
	}
	return strings.ToLower(s)
}
