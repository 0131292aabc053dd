package sqlparse

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseAll(t *testing.T) {
	sql := `BEGIN;
		SELECT balance FROM accounts WHERE id = $1 FOR UPDATE;
		UPDATE accounts SET balance = balance - $2 WHERE id = $1;
		;
		INSERT INTO ledger (account_id, amount, note) VALUES ($1, $2, 'a;b') ON CONFLICT DO NOTHING;
		DO $$ BEGIN PERFORM 1; END $$;
		COMMIT`
	got := ParseAll(sql)
	var kinds []string
	for _, s := range got {
		kinds = append(kinds, s.Kind.String()+":"+s.Verb+":"+s.Table)
	}
	want := []string{"OTHER:BEGIN:", "SELECT:SELECT:accounts", "UPDATE:UPDATE:accounts", "INSERT:INSERT:ledger", "OTHER:DO:", "OTHER:COMMIT:"}
	if !reflect.DeepEqual(kinds, want) {
		t.Fatalf("ParseAll kinds = %q, want %q", kinds, want)
	}
	if got[1].Lock != LockForUpdate || !got[3].IsDedupInsert() {
		t.Errorf("flags lost: %s / %s", render(got[1]), render(got[3]))
	}
	if p := Parse(sql); p.Verb != "BEGIN" {
		t.Errorf("Parse returns the first statement, got %s", render(p))
	}
	if p := Parse(";; SELECT 1"); p.Kind != KindSelect {
		t.Errorf("Parse skips empty statements, got %s", render(p))
	}
	if n := len(ParseAll("  ;\n;  -- x\n")); n != 0 {
		t.Errorf("ParseAll of empty statements = %d statements", n)
	}
}

func TestCond(t *testing.T) {
	s := Parse(`UPDATE "Orders" SET status = 'paid' WHERE o.ID = $1 AND "Status" = 'pending'`)
	c, ok := s.Cond("status")
	if !ok || c.Op != "=" || c.Value != "'pending'" || c.Placeholder {
		t.Errorf("Cond(status) = %+v, %v", c, ok)
	}
	if c, ok := s.Cond(`"ID"`); !ok || c.Qualifier != "o" || !c.Placeholder || c.Value != "$1" {
		t.Errorf(`Cond("ID") = %+v, %v`, c, ok)
	}
	if _, ok := s.Cond("paid"); ok {
		t.Error("Cond found a column that is only assigned")
	}
	// SET is not WHERE
	if _, ok := Parse(`UPDATE t SET status = 'x'`).Cond("status"); ok {
		t.Error("Cond looked at the SET list")
	}
}

func TestPredicates(t *testing.T) {
	tests := []struct {
		sql           string
		dedup, upsert bool
	}{
		{`INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING`, true, false},
		{`INSERT IGNORE INTO t (a) VALUES (1)`, true, false},
		{`insert or ignore into t (a) values (1)`, true, false},
		{`INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = excluded.a`, false, true},
		{`INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a`, false, true},
		{`INSERT OR REPLACE INTO t (a) VALUES (1)`, false, true},
		{`REPLACE INTO t (a) VALUES (1)`, false, true},
		{`INSERT INTO t (a) VALUES (1)`, false, false},
		{`INSERT INTO t (a) VALUES ('ON CONFLICT DO NOTHING')`, false, false},
		{`SELECT 1 FROM t -- ON CONFLICT DO NOTHING`, false, false},
		{`UPDATE t SET a = 1 WHERE b = 'INSERT IGNORE'`, false, false},
		// the flags describe the statement itself, not its CTEs
		{`WITH x AS (INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING RETURNING a) SELECT a FROM x`, false, false},
	}
	for _, tc := range tests {
		s := Parse(tc.sql)
		if s.IsDedupInsert() != tc.dedup || s.IsUpsert() != tc.upsert {
			t.Errorf("%s: dedup=%v upsert=%v, want %v %v", tc.sql, s.IsDedupInsert(), s.IsUpsert(), tc.dedup, tc.upsert)
		}
	}
}

func TestWalk(t *testing.T) {
	s := Parse(`WITH ins AS (INSERT INTO events (k) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id)
		INSERT INTO outbox (event_id) SELECT id FROM ins WHERE id IN (SELECT id FROM seen)`)
	var got []string
	s.Walk(func(st *Stmt) bool {
		got = append(got, st.Kind.String()+" "+st.Table)
		return true
	})
	want := []string{"INSERT outbox", "INSERT events", "SELECT ins", "SELECT seen"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk = %q, want %q", got, want)
	}
	dedup := false
	s.Walk(func(st *Stmt) bool {
		dedup = dedup || st.IsDedupInsert()
		return !dedup
	})
	if !dedup {
		t.Error("Walk did not reach the CTE")
	}
	if !reflect.DeepEqual(s.Tables, []string{"events", "outbox", "seen"}) {
		t.Errorf("Tables = %q (CTE name ins must not be a table)", s.Tables)
	}
}

func TestStrings(t *testing.T) {
	for k, want := range map[Kind]string{KindUnknown: "UNKNOWN", KindSelect: "SELECT", KindInsert: "INSERT",
		KindUpdate: "UPDATE", KindDelete: "DELETE", KindOther: "OTHER", Kind(99): "UNKNOWN"} {
		if k.String() != want {
			t.Errorf("Kind(%d) = %s", k, k)
		}
	}
	for l, want := range map[Lock]string{LockNone: "NONE", LockForUpdate: "FOR UPDATE", LockForNoKeyUpdate: "FOR NO KEY UPDATE",
		LockForShare: "FOR SHARE", LockForKeyShare: "FOR KEY SHARE"} {
		if l.String() != want {
			t.Errorf("Lock(%d) = %s", l, l)
		}
	}
	for c, want := range map[Conflict]string{ConflictNone: "NONE", ConflictDoNothing: "DO NOTHING", ConflictDoUpdate: "DO UPDATE"} {
		if c.String() != want {
			t.Errorf("Conflict(%d) = %s", c, c)
		}
	}
}

// TestLarge checks that big and pathological inputs are handled (quickly; see
// BenchmarkParse1MB for the timing).
func TestLarge(t *testing.T) {
	// 1 MB INSERT with many rows
	var sb strings.Builder
	sb.WriteString("INSERT INTO t (a, b) VALUES ")
	for i := 0; sb.Len() < 1<<20; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("($1, 'x;y ON CONFLICT')")
	}
	sb.WriteString(" ON CONFLICT (a) DO NOTHING RETURNING id")
	s := Parse(sb.String())
	if got := render(s); got != "INSERT table=t tables=t cols=a,b conflict=DO_NOTHING target=a returning=id" {
		t.Errorf("big insert: %s", got)
	}
	// deep nesting must not overflow the stack
	deep := strings.Repeat("(SELECT ", 100000) + "1" + strings.Repeat(")", 100000)
	if s := Parse("SELECT * FROM t WHERE a IN " + deep); s.Table != "t" || !s.Partial {
		t.Errorf("deep subqueries: %s", render(s))
	}
	parens := "SELECT * FROM t WHERE " + strings.Repeat("(", 200000) + "a = 1" + strings.Repeat(")", 200000)
	if s := Parse(parens); s.Table != "t" {
		t.Errorf("deep parens: %s", render(s))
	}
	unbalanced := "SELECT * FROM t WHERE " + strings.Repeat("(", 200000)
	if s := Parse(unbalanced); s.Table != "t" || !s.Partial {
		t.Errorf("unbalanced: %s", render(s))
	}
	// many tables: de-duplication must not be quadratic
	sb.Reset()
	sb.WriteString("SELECT * FROM t0")
	for i := 0; sb.Len() < 1<<20; i++ {
		sb.WriteString(", t")
		sb.WriteString(strings.Repeat("x", i%7))
	}
	if s := Parse(sb.String()); len(s.Tables) != 8 {
		t.Errorf("many tables: %d tables", len(s.Tables))
	}
	// a long chain of UNIONs must not recurse
	u := "SELECT 1" + strings.Repeat(" UNION SELECT a FROM t", 50000)
	if s := Parse(u); !s.Compound || len(s.Tables) != 1 {
		t.Errorf("union chain: compound=%v tables=%v", s.Compound, s.Tables)
	}
}

func BenchmarkParse1MB(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(`SELECT o.id, o.status FROM "public"."orders" o JOIN users u ON u.id = o.user_id
			WHERE o.id = $1 AND o.status IN ('a', 'b') AND EXISTS (SELECT 1 FROM x WHERE x.id = o.id) -- note
			ORDER BY o.created_at DESC LIMIT 10 FOR UPDATE SKIP LOCKED;
			INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING RETURNING id;
`)
	}
	sql := sb.String()
	b.SetBytes(int64(len(sql)))
	b.ResetTimer()
	for b.Loop() {
		ParseAll(sql)
	}
}

func TestParseWhere(t *testing.T) {
	tests := []struct {
		expr  string
		want  string
		hasOr bool
	}{
		{`status = ? AND user_id = ?`, `status = ? ph; user_id = ? ph`, false},
		{`WHERE "Status" IN ('a','b')`, `status IN ('a','b')`, false},
		{`(a = @a OR b = @b) AND deleted_at IS NULL`, `deleted_at IS NULL`, true},
		{`name LIKE ? AND age BETWEEN ? AND ?`, `name LIKE ? ph; age BETWEEN ? and ?`, false},
		{`'ON CONFLICT' = note`, `note = 'ON CONFLICT'`, false},
		{``, ``, false},
		{`(((`, ``, false},
	}
	for _, tc := range tests {
		cs, hasOr := ParseWhere(tc.expr)
		if got := conds(cs); got != tc.want {
			t.Errorf("ParseWhere(%q) = %s, want %s", tc.expr, got, tc.want)
		}
		if hasOr != tc.hasOr {
			t.Errorf("ParseWhere(%q) hasOr = %v", tc.expr, hasOr)
		}
	}
}

// TestValuesBound checks which INSERT values come from the caller: bind
// parameters and holes do, constants and functions of none do not.
func TestValuesBound(t *testing.T) {
	tests := []struct {
		sql  string
		want string
	}{
		{`INSERT INTO job_runs (job, run_date, started_at, status) VALUES ($1, $2, now(), 'running') ON CONFLICT (job, run_date) DO NOTHING`, "1100"},
		{`INSERT INTO t (a, b, c) VALUES (?, COALESCE(?, 0), DEFAULT)`, "110"},
		{`INSERT INTO t (a, b) VALUES (:a, lower(:b))`, "11"},
		{`INSERT INTO t (a, b) VALUES ($1::uuid, (SELECT id FROM u WHERE name = 'x'))`, "10"},
		{"INSERT INTO t (a, b) VALUES ('" + Hole + "', 1)", "10"},
		{`INSERT INTO t (a, b) VALUES ($1)`, ""},               // a row of another length
		{`INSERT INTO t VALUES ($1, $2)`, ""},                  // no column list
		{`INSERT INTO t (a) SELECT x FROM u WHERE y = $1`, ""}, // INSERT ... SELECT
	}
	for _, tt := range tests {
		st := Parse(tt.sql)
		got := ""
		for _, b := range st.ValuesBound {
			if b {
				got += "1"
			} else {
				got += "0"
			}
		}
		if got != tt.want {
			t.Errorf("%s: ValuesBound %q, want %q", tt.sql, got, tt.want)
		}
		if len(st.InsertValues) != len(st.ValuesBound) {
			t.Errorf("%s: %d InsertValues for %d ValuesBound", tt.sql, len(st.InsertValues), len(st.ValuesBound))
		}
	}
	st := Parse(`INSERT INTO job_runs (job, run_date, status) VALUES ($1, $2::date, 'running')`)
	if got := strings.Join(st.InsertValues, " "); got != "$1 $2 'running'" {
		t.Errorf("InsertValues %q, want %q", got, "$1 $2 'running'")
	}
}
