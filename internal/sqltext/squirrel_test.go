package sqltext

import "testing"

// TestSquirrel: the SQL of squirrel builder chains, as squirrel's ToSql
// writes it.
func TestSquirrel(t *testing.T) {
	tests := []struct {
		name string
		body string // statements of func f(r *repo, e string, n int, ok bool, p *string, b sq.SelectBuilder, s sq.Sqlizer)
		want Text
	}{
		{"select ToSql", `q, args, err := sq.Select("id").From("users").Where(sq.Eq{"email": e}).ToSql(); _, _ = args, err; sink(q)`,
			known("SELECT id FROM users WHERE email = ?")},
		{"dollar builder var", `q, _, _ := psql.Insert("users").Columns("email", "name").Values(e, n).Suffix("ON CONFLICT DO NOTHING").ToSql(); sink(q)`,
			known("INSERT INTO users (email,name) VALUES ($1,$2) ON CONFLICT DO NOTHING")},
		{"field builder keeps ?", `q, _, _ := r.Builder.Select("id, email").From("users").Where(sq.Eq{"id": n}).Limit(1).ToSql(); sink(q)`,
			known("SELECT id, email FROM users WHERE id = ? LIMIT 1")},
		{"conditional where is a hole conjunct", `bq := r.Builder.Select("id").From("tasks").Where(sq.Eq{"user_id": n}); if ok { bq = bq.Where(sq.Eq{"status": e}) }; bq = bq.OrderBy("id DESC"); q, _, _ := bq.ToSql(); sink(q)`,
			partial("SELECT id FROM tasks WHERE user_id = ? AND " + H + " ORDER BY id DESC")},
		{"conditional order is unknown", `bq := sq.Select("id").From("tasks"); if ok { bq = bq.OrderBy("id") }; q, _, _ := bq.ToSql(); sink(q)`, hole},
		{"eq forms sorted", `q, _, _ := sq.Select("*").From("t").Where(sq.Eq{"b": n, "a": nil, "c": []int{1, 2}}).Where(sq.NotEq{"d": []int{}}).ToSql(); sink(q)`,
			known("SELECT * FROM t WHERE a IS NULL AND b = ? AND c IN (?,?) AND (1=1)")},
		{"eq slice of unknown length", `var ids []int; q, _, _ := sq.Select("*").From("t").Where(sq.Eq{"id": ids}).ToSql(); sink(q)`,
			partial("SELECT * FROM t WHERE id IN (" + H + ")")},
		{"eq pointer may be nil", `q, _, _ := sq.Select("*").From("t").Where(sq.Eq{"a": p}).ToSql(); sink(q)`,
			partial("SELECT * FROM t WHERE " + H)},
		{"eq unknown key", `q, _, _ := sq.Select("*").From("users").Where(sq.Eq{e: n}).ToSql(); sink(q)`,
			partial("SELECT * FROM users WHERE " + H + " = ?")},
		{"update", `q, _, _ := sq.Update("users").Set("name", e).Set("updated_at", sq.Expr("NOW()")).Where("id = ?", n).PlaceholderFormat(sq.Dollar).ToSql(); sink(q)`,
			known("UPDATE users SET name = $1, updated_at = NOW() WHERE id = $2")},
		{"delete lt", `q, _, _ := sq.Delete("sessions").Where(sq.Lt{"expires_at": n}).ToSql(); sink(q)`,
			known("DELETE FROM sessions WHERE expires_at < ?")},
		{"or and", `q, _, _ := sq.Select("id").From("t").Where(sq.Or{sq.Eq{"a": 1}, sq.And{sq.Gt{"b": 2}, sq.Like{"c": e}}}).ToSql(); sink(q)`,
			known("SELECT id FROM t WHERE (a = ? OR (b > ? AND c LIKE ?))")},
		{"joins group having offset", `q, _, _ := sq.Select("u.id", "count(*)").Distinct().From("users u").LeftJoin("orders o ON o.user_id = u.id").GroupBy("u.id").Having("count(*) > ?", 1).Offset(20).ToSql(); sink(q)`,
			known("SELECT DISTINCT u.id, count(*) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id HAVING count(*) > ? OFFSET 20")},
		{"non-constant limit", `q, _, _ := sq.Select("id").From("t").Limit(uint64(n)).ToSql(); sink(q)`,
			partial("SELECT id FROM t LIMIT " + H)},
		{"insert setmap", `q, _ := sq.Insert("t").SetMap(map[string]interface{}{"b": 1, "a": sq.Expr("now()")}).MustSql(); sink(q)`,
			known("INSERT INTO t (a,b) VALUES (now(),?)")},
		{"insert select", `q, _, _ := sq.Insert("archive").Columns("id").Select(sq.Select("id").From("events").Where("id > ?", 1)).PlaceholderFormat(sq.Dollar).ToSql(); sink(q)`,
			known("INSERT INTO archive (id) SELECT id FROM events WHERE id > $1")},
		{"dollar escape", `q, _, _ := psql.Select("a ?? b").From("t").Where("c = ?", 1).ToSql(); sink(q)`,
			known("SELECT a ? b FROM t WHERE c = $1")},
		{"where string and empty", `q, _, _ := sq.Select("id").From("t").Where("").Where(nil).Where("a = ? AND b = ?", 1, 2).ToSql(); sink(q)`,
			known("SELECT id FROM t WHERE a = ? AND b = ?")},
		{"builder parameter is unknown", `q, _, _ := b.Where(sq.Eq{"a": 1}).ToSql(); sink(q)`, hole},
		{"sqlizer predicate is a hole conjunct", `q, _, _ := sq.Select("id").From("t").Where(s).ToSql(); sink(q)`,
			partial("SELECT id FROM t WHERE " + H)},
		{"unknown step", `q, _, _ := sq.Select("id").FromSelect(sq.Select("id").From("t"), "x").ToSql(); sink(q)`, hole},
		{"builder assigned in branches", `var bb sq.SelectBuilder; if ok { bb = sq.Select("a").From("t") } else { bb = sq.Select("b").From("t") }; q, _, _ := bb.ToSql(); sink(q)`, hole},
		{"select without columns", `q, _, _ := sq.Select().From("t").ToSql(); sink(q)`, hole},
		{"statement builder alone", `q, _, _ := sq.StatementBuilder.Where("a = 1").Select("id").From("t").ToSql(); sink(q)`,
			known("SELECT id FROM t WHERE a = 1")},
		{"spread columns", `cols := []string{"a"}; q, _, _ := sq.Select(cols...).From("t").ToSql(); sink(q)`,
			partial("SELECT " + H + " FROM t")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := `package p

import sq "github.com/Masterminds/squirrel"

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

type repo struct{ Builder sq.StatementBuilderType }

func sink(string) {}

func f(r *repo, e string, n int, ok bool, p *string, b sq.SelectBuilder, s sq.Sqlizer) {
	` + tc.body + `
}
`
			files, info, sinks := check(t, src)
			if len(sinks) != 1 {
				t.Fatalf("%d sinks", len(sinks))
			}
			if got := NewResolver(files, info).Of(sinks[0]); got != tc.want {
				t.Errorf("got  %s\nwant %s", show(got), show(tc.want))
			}
		})
	}
}
