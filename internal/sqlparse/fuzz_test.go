package sqlparse

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that its results keep their
// invariants, whatever the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`SELECT id FROM t WHERE a = $1 FOR UPDATE SKIP LOCKED`,
		`INSERT INTO "s"."T" (a) VALUES (?) ON CONFLICT (a) WHERE b DO UPDATE SET a = excluded.a RETURNING *`,
		`WITH RECURSIVE x(a) AS (SELECT 1 UNION SELECT a+1 FROM x) SELECT * FROM x`,
		`INSERT IGNORE INTO t SET a = 1 ON DUPLICATE KEY UPDATE a = VALUES(a)`,
		`UPDATE t SET a = 1 FROM u WHERE t.id = u.id RETURNING t.id; DELETE FROM v USING w`,
		`SELECT $tag$x$tag$, E'\'', 'a''b', "q""x", ` + "`b``c`" + `, [d] FROM t -- c` + "\n/* c */",
		`SELECT EXISTS(SELECT 1 FROM t WHERE a IN (1,2) AND b BETWEEN 1 AND 2 OR c IS NOT NULL)`,
		`SELECT * FROM ` + Hole + ` WHERE ` + Hole + ` = '` + Hole + `'`,
		`DELETE a FROM a JOIN b ON a.id = b.id LIMIT 1`,
		`(SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT 5, 10 LOCK IN SHARE MODE`,
		`SELECT * FROM t WHERE (a, b) < ($1, $2) AND (c > ? OR (c = ? AND (d > ? OR d = ? AND e >= ?))) ORDER BY a DESC, b LIMIT 3`,
		"SELECT (((", "'", "$$", "/*", `"`, "`", "[", ")", ";;", "$1$", "?|", "::", ":a", "@",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		all := ParseAll(sql)
		first := Parse(sql)
		if len(all) > 0 && !reflect.DeepEqual(all[0], first) {
			t.Fatalf("Parse differs from ParseAll[0]:\n%s\n%s", render(first), render(all[0]))
		}
		if !reflect.DeepEqual(first, Parse(sql)) {
			t.Fatal("Parse is not deterministic")
		}
		ws := ParseWhereStmt(sql)
		checkInvariants(t, &ws, nil, len(sql))
		conds, _ := ParseWhere(sql)
		for _, c := range conds {
			if c.Column == "" || c.Op == "" || strings.Contains(c.Column, Hole) || (c.Placeholder && c.Value == "") {
				t.Fatalf("ParseWhere: bad condition %+v", c)
			}
		}
		for i := range all {
			ctes := map[string]bool{}
			all[i].Walk(func(s *Stmt) bool {
				for _, n := range s.CTENames {
					ctes[n] = true
				}
				return true
			})
			all[i].Walk(func(s *Stmt) bool {
				checkInvariants(t, s, ctes, len(sql))
				return true
			})
		}
	})
}

func checkInvariants(t *testing.T, s *Stmt, ctes map[string]bool, textLen int) {
	t.Helper()
	if s.Kind > KindOther || s.Lock > LockForKeyShare || s.Conflict > ConflictDoUpdate {
		t.Fatalf("out-of-range enum in %s", render(*s))
	}
	for _, name := range append([]string{s.Table, s.Schema}, s.Tables...) {
		if name != strings.ToLower(name) {
			t.Fatalf("name %q not normalised", name)
		}
		if strings.Contains(name, Hole) {
			t.Fatalf("a hole became a table name: %q", name)
		}
	}
	seen := map[string]bool{}
	for _, name := range s.Tables {
		if name == "" || seen[name] {
			t.Fatalf("Tables %q has an empty or repeated name", s.Tables)
		}
		seen[name] = true
	}
	if s.Schema != "" && s.Table == "" {
		t.Fatalf("schema without table: %s", render(*s))
	}
	if s.Table != "" && !seen[s.Table] && (s.Schema != "" || !ctes[s.Table]) {
		t.Fatalf("target %q is neither in Tables %q nor a CTE", s.Table, s.Tables)
	}
	for _, c := range append(append([]Cond{}, s.Where...), s.Set...) {
		if c.Column == "" || c.Op == "" || strings.Contains(c.Column, Hole) {
			t.Fatalf("bad condition %+v", c)
		}
		if c.Placeholder && c.Value == "" {
			t.Fatalf("placeholder without value %+v", c)
		}
	}
	if len(s.Where) > 0 && !s.HasWhere {
		t.Fatal("Where without HasWhere")
	}
	if s.HasReturning != (s.Returning != nil) {
		t.Fatalf("HasReturning=%v Returning=%q", s.HasReturning, s.Returning)
	}
	if len(s.OrderBy) != len(s.OrderDesc) || len(s.OrderBy) != len(s.OrderQualifier) || len(s.OrderBy) != len(s.OrderEnd) {
		t.Fatal("OrderBy, OrderDesc, OrderQualifier and OrderEnd differ in length")
	}
	for _, e := range s.OrderEnd {
		if e <= 0 || e > textLen {
			t.Fatalf("OrderEnd %d out of range (text length %d)", e, textLen)
		}
	}
	for _, k := range s.Keysets {
		if len(k.Columns) == 0 || len(k.Columns) != len(k.Qualifiers) || len(k.Columns) != len(k.Values) {
			t.Fatalf("bad keyset %+v", k)
		}
		if k.Start < 0 || k.Start >= k.End || k.End > textLen || k.OpAt < k.Start || k.OpAt >= k.End || !cursorOp(k.Op) || k.Form < KeysetColumn || k.Form > KeysetExpanded {
			t.Fatalf("bad keyset %+v (text length %d)", k, textLen)
		}
		for _, c := range k.Columns {
			if c == "" || strings.Contains(c, Hole) {
				t.Fatalf("bad keyset column %+v", k)
			}
		}
	}
	if len(s.CTENames) != len(s.CTEs) {
		t.Fatal("CTENames and CTEs differ in length")
	}
	if (s.Conflict != ConflictNone || len(s.ConflictTarget) > 0 || s.InsertIgnore || s.OnDuplicateKey || s.InsertOrReplace) && s.Kind != KindInsert {
		t.Fatalf("insert flags on a %s", s.Kind)
	}
	if s.Source != nil && s.Kind != KindInsert {
		t.Fatalf("Source on a %s", s.Kind)
	}
}
