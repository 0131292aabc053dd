package sqlparse

import (
	"reflect"
	"testing"
)

func TestLayoutOf(t *testing.T) {
	for _, tc := range []struct {
		sql     string
		end     string // the text up to End
		stmts   int
		params  []string
		partial bool
	}{
		{sql: "SELECT a FROM t WHERE id = $1", end: "SELECT a FROM t WHERE id = $1", stmts: 1, params: []string{"$1"}},
		{sql: "SELECT a FROM t WHERE id = $1 -- by key", end: "SELECT a FROM t WHERE id = $1", stmts: 1, params: []string{"$1"}},
		{sql: "SELECT a FROM t WHERE id = $1 /* pk */\n", end: "SELECT a FROM t WHERE id = $1", stmts: 1, params: []string{"$1"}},
		{sql: "UPDATE t SET a = 1 WHERE id = ?;  -- done\n", end: "UPDATE t SET a = 1 WHERE id = ?", stmts: 1, params: []string{"?"}},
		{sql: "\n  UPDATE t SET a = 1\n  WHERE id = $1\n  -- was: WHERE id = $1 AND b = $2\n", end: "\n  UPDATE t SET a = 1\n  WHERE id = $1", stmts: 1, params: []string{"$1"}},
		{sql: "UPDATE t SET a = '$2 ?' WHERE id = $1", end: "UPDATE t SET a = '$2 ?' WHERE id = $1", stmts: 1, params: []string{"$1"}},
		{sql: "UPDATE t SET a = 1 WHERE id = $1; UPDATE u SET b = 2", end: "UPDATE t SET a = 1 WHERE id = $1", stmts: 2, params: []string{"$1"}},
		{sql: "SELECT f(';') FROM t WHERE x = (SELECT 1; )", end: "SELECT f(';') FROM t WHERE x = (SELECT 1; )", stmts: 1},
		{sql: "SELECT a FROM t WHERE s = 'open", end: "SELECT a FROM t WHERE s = 'open", stmts: 1, partial: true},
		{sql: "SELECT a FROM t WHERE id = $1 /* open", end: "SELECT a FROM t WHERE id = $1", stmts: 1, params: []string{"$1"}, partial: true},
		{sql: "SELECT (a FROM t", end: "SELECT (a FROM t", stmts: 1, partial: true},
		{sql: "-- nothing\n", stmts: 0},
	} {
		l := LayoutOf(tc.sql)
		got := ""
		if l.End >= 0 {
			got = tc.sql[:l.End]
		}
		if got != tc.end || l.Statements != tc.stmts || !reflect.DeepEqual(l.Params, tc.params) || l.Partial != tc.partial {
			t.Errorf("LayoutOf(%q) = end %q, %d statements, params %q, partial %v; want %q, %d, %q, %v",
				tc.sql, got, l.Statements, l.Params, l.Partial, tc.end, tc.stmts, tc.params, tc.partial)
		}
	}
	if q := LayoutOf(`UPDATE "Orders" SET "Status" = 1`).Quoted; !reflect.DeepEqual(q, []string{"orders", "status"}) {
		t.Errorf("Quoted = %q", q)
	}
}

// FuzzLayoutOf checks that End always falls just after a token.
func FuzzLayoutOf(f *testing.F) {
	for _, s := range []string{"SELECT 1 -- x", "UPDATE t SET a = $1 WHERE b = ?; SELECT 2", "SELECT 'a", "SELECT $$x$$ /* y */"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := LayoutOf(s)
		if l.End < -1 || l.End > len(s) {
			t.Fatalf("LayoutOf(%q).End = %d", s, l.End)
		}
		if l.End < 0 {
			return
		}
		all, _ := lex(s)
		for _, tok := range all {
			if tok.end == l.End {
				return
			}
		}
		t.Fatalf("LayoutOf(%q).End = %d is not the end of a token", s, l.End)
	})
}
