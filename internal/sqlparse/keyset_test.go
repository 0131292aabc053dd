package sqlparse

import (
	"strings"
	"testing"
)

// TestKeysets checks the cursor comparisons found in WHERE clauses (the
// keyset: parts of render), the text their offsets span, and the forms that
// are not cursors.
func TestKeysets(t *testing.T) {
	tests := []struct {
		name, sql string
		want      string // the keyset:/orcols= parts of render, space-separated
		span      string // sql[Start:End] of the first keyset
	}{
		{"column", `SELECT * FROM events WHERE created_at < $1 ORDER BY created_at DESC LIMIT $2`,
			`keyset:column(created_at)<($1)`, `created_at < $1`},
		{"qualified cast", `SELECT e.id FROM events e WHERE e.tenant = $1 AND e.created_at >= $2::timestamptz ORDER BY e.created_at LIMIT 50`,
			`keyset:column(e.created_at)>=($2)`, `e.created_at >= $2::timestamptz`},
		{"row", `SELECT * FROM events WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 20`,
			`keyset:row(created_at,id)<($1,$2)`, `(created_at, id) < ($1, $2)`},
		{"row keyword", `SELECT * FROM events WHERE ROW(created_at, id) > ROW(?, ?) ORDER BY created_at, id LIMIT 20`,
			`keyset:row(created_at,id)>(?,?)`, `ROW(created_at, id) > ROW(?, ?)`},
		{"row of one", `SELECT * FROM events WHERE (created_at) > ($1) LIMIT 5`,
			`keyset:column(created_at)>($1)`, `(created_at) > ($1)`},
		{"expanded", `SELECT * FROM events WHERE created_at < $1 OR (created_at = $1 AND id < $2) ORDER BY created_at DESC, id DESC LIMIT 20`,
			`keyset:expanded(created_at,id)<($1,$2) orcols=created_at,id`, `created_at < $1 OR (created_at = $1 AND id < $2)`},
		{"expanded in conjunct", `SELECT * FROM posts p WHERE p.feed_id = $1 AND (p.published_at > $2 OR (p.published_at = $2 AND p.id > $3)) ORDER BY p.published_at, p.id LIMIT 10`,
			`keyset:expanded(p.published_at,p.id)>($2,$3) orcols=published_at,id`, ``},
		{"expanded unparenthesised and", `SELECT * FROM t WHERE a > ? OR a = ? AND b >= ? LIMIT 10`,
			`keyset:expanded(a,b)>=(?,?) orcols=a,b`, `a > ? OR a = ? AND b >= ?`},
		{"expanded three flat", `SELECT * FROM t WHERE a < $1 OR (a = $1 AND b < $2) OR (a = $1 AND b = $2 AND c < $3) LIMIT 10`,
			`keyset:expanded(a,b,c)<($1,$2,$3) orcols=a,b,c`, ``},
		{"expanded three nested", `SELECT * FROM t WHERE (a < $1 OR (a = $1 AND (b < $2 OR (b = $2 AND c <= $3)))) LIMIT 10`,
			`keyset:expanded(a,b,c)<=($1,$2,$3) orcols=a,b,c`, ``},
		{"index friendly form", `SELECT * FROM t WHERE a <= $1 AND (a < $1 OR id < $2) ORDER BY a DESC, id DESC LIMIT 10`,
			`keyset:column(a)<=($1) orcols=a,id`, `a <= $1`},
		// not cursors
		{"constant bound", `SELECT * FROM events WHERE created_at < now() - interval '1 day' ORDER BY created_at LIMIT 10`, ``, ``},
		{"equality", `SELECT * FROM events WHERE id = $1`, ``, ``},
		{"yoda", `SELECT * FROM events WHERE $1 > created_at LIMIT 10`, ``, ``},
		{"not", `SELECT * FROM events WHERE NOT created_at < $1 LIMIT 10`, ``, ``},
		{"expression", `SELECT * FROM events WHERE date(created_at) < $1 LIMIT 10`, ``, ``},
		{"row against subquery", `SELECT * FROM t WHERE (a, b) < (SELECT a, b FROM u WHERE id = $1) LIMIT 10`, ``, ``},
		{"row of constants", `SELECT * FROM t WHERE (a, b) < (1, $2) LIMIT 10`, ``, ``},
		{"row lengths differ", `SELECT * FROM t WHERE (a, b) < ($1) LIMIT 10`, ``, ``},
		{"or of unrelated", `SELECT * FROM t WHERE a < $1 OR b = $2 LIMIT 10`, `orcols=a,b`, ``},
		{"expanded wrong equality", `SELECT * FROM t WHERE a < $1 OR (a = $2 AND b < $3) LIMIT 10`, `orcols=a,b`, ``},
		{"expanded mixed direction", `SELECT * FROM t WHERE a < $1 OR (a = $1 AND b > $2) LIMIT 10`, `orcols=a,b`, ``},
		{"expanded non-strict first", `SELECT * FROM t WHERE a <= $1 OR (a = $1 AND b < $2) LIMIT 10`, `orcols=a,b`, ``},
		{"in subquery only", `SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE created_at < $1) LIMIT 10`, ``, ``},
		{"hole column", `SELECT * FROM t WHERE ` + Hole + ` < $1 LIMIT 10`, ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Parse(tt.sql)
			var got []string
			for _, part := range strings.Fields(render(st)) {
				if strings.HasPrefix(part, "keyset:") || strings.HasPrefix(part, "orcols=") {
					got = append(got, part)
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.sql, g, tt.want)
			}
			if tt.span != "" && len(st.Keysets) > 0 {
				k := st.Keysets[0]
				if g := tt.sql[k.Start:k.End]; g != tt.span {
					t.Errorf("span = %q, want %q", g, tt.span)
				}
			}
		})
	}
}

// TestOrderEnd checks the qualifiers and end offsets of ORDER BY items.
func TestOrderEnd(t *testing.T) {
	sql := `SELECT * FROM posts p ORDER BY p.published_at DESC NULLS LAST, "id" COLLATE "C", lower(title) LIMIT 5 -- x`
	st := Parse(sql)
	var ends []string
	for _, e := range st.OrderEnd {
		ends = append(ends, sql[:e][strings.LastIndex(sql[:e], " ")+1:])
	}
	if g, w := strings.Join(ends, "|"), `LAST|"C"|lower(title)`; g != w {
		t.Errorf("item ends %q, want %q", g, w)
	}
	if g, w := strings.Join(st.OrderQualifier, "|"), "p||"; g != w {
		t.Errorf("qualifiers %q, want %q", g, w)
	}
	// several statements: offsets are into the whole text
	all := ParseAll(`SELECT 1; SELECT * FROM t WHERE a > $1 ORDER BY a LIMIT 2`)
	if len(all) != 2 || len(all[1].Keysets) != 1 || len(all[1].OrderEnd) != 1 {
		t.Fatalf("ParseAll: %d statements", len(all))
	}
	if k := all[1].Keysets[0]; k.Start != 32 || k.End != 38 || all[1].OrderEnd[0] != 49 {
		t.Errorf("offsets %d:%d, order end %d", k.Start, k.End, all[1].OrderEnd[0])
	}
}

// TestParseWhereStmt checks the keysets of a GORM-style WHERE fragment.
func TestParseWhereStmt(t *testing.T) {
	st := ParseWhereStmt("created_at < ? OR (created_at = ? AND id < ?)")
	if len(st.Keysets) != 1 || st.Keysets[0].Form != KeysetExpanded || strings.Join(st.Keysets[0].Columns, ",") != "created_at,id" {
		t.Errorf("expanded fragment: %s", render(st))
	}
	st = ParseWhereStmt("WHERE user_id = ? AND created_at < ?")
	if len(st.Keysets) != 1 || st.Keysets[0].Form != KeysetColumn || st.Keysets[0].Values[0] != "?" || len(st.Where) != 2 {
		t.Errorf("column fragment: %s", render(st))
	}
}

// TestNumberedParams checks the placeholder scan used to add an argument.
func TestNumberedParams(t *testing.T) {
	for _, tt := range []struct {
		sql string
		max int
		ok  bool
	}{
		{`SELECT * FROM t WHERE a = $1 AND b < $12 LIMIT $3`, 12, true},
		{`SELECT * FROM t WHERE a = '$9' AND b = $2 -- $7`, 2, true},
		{`SELECT * FROM t WHERE a = ? AND b = $2`, 0, false},
		{`SELECT * FROM t WHERE a = :a`, 0, false},
		{`SELECT 1`, 0, false},
		{`SELECT $0`, 0, false},
	} {
		max, ok := NumberedParams(tt.sql)
		if max != tt.max || ok != tt.ok {
			t.Errorf("NumberedParams(%q) = %d, %v; want %d, %v", tt.sql, max, ok, tt.max, tt.ok)
		}
	}
}

// TestParams checks the placeholder list and its offsets.
func TestParams(t *testing.T) {
	sql := `SELECT '?' FROM t WHERE a = ? AND b < :b -- ?
	AND c = @c AND d = $2`
	var got []string
	for _, p := range Params(sql) {
		if sql[p.Off:p.Off+len(p.Text)] != p.Text {
			t.Errorf("param %q at %d: text there is %q", p.Text, p.Off, sql[p.Off:])
		}
		got = append(got, p.Text)
	}
	if g := strings.Join(got, " "); g != "? :b @c $2" {
		t.Errorf("Params = %q", g)
	}
}
