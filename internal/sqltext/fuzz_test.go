package sqltext

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/types"
	"strings"
	"testing"
)

// fuzzPrelude is the package every fuzz input is compiled into: the input is
// used both as the body of f and as the argument of sink inside f.
const fuzzPrelude = `package p

import (
	"bytes"
	"fmt"
	"strings"

	"example.com/q"
	sq "github.com/Masterminds/squirrel"
	"github.com/jmoiron/sqlx"
)

var _ = sq.Select
var named = map[string]string{"a": "SELECT 1", "b": "INSERT INTO t (a) VALUES ($1)"}
var _ = fmt.Sprint
var _ = bytes.MinRead
var _ = strings.Join
var _ = q.Base
var _ = sqlx.In

const pkgQuery = "DELETE FROM sessions WHERE id = $1"

var pkgVar = "SELECT * FROM accounts"

func sink(string) {}
func selectFrom(table string) string { return "SELECT * FROM " + table }
func where(c string) string { return selectFrom("t") + " WHERE " + c }

func f(arg string, n int, ok bool, xs []any) {
`

// FuzzOf compiles arbitrary input as a function body (and as an expression),
// tolerating type errors, and asks Of and a Resolver for the text of every
// expression in the file: it must never panic, and every Text must keep its
// invariants.
func FuzzOf(f *testing.F) {
	for _, s := range []string{
		`sink("SELECT 1")`,
		`q := "SELECT * FROM t"; q += " WHERE a = $1"; if ok { q += " AND b" }; sink(q)`,
		`var sb strings.Builder; sb.WriteString("SELECT "); fmt.Fprintf(&sb, "%s FROM %d", arg, 3); sink(sb.String())`,
		`sink(fmt.Sprintf("SELECT %[2]*.[1]*d %v %x %q %%", n, 7, "a", xs...))`,
		`sink(strings.Join([]string{"a", arg, "c"}, ", ") + strings.ReplaceAll(pkgQuery, "$1", "?"))`,
		`sink(strings.TrimSpace(strings.ToUpper(where(arg))) + q.Base)`,
		`q, args, err := sqlx.In("SELECT * FROM t WHERE id IN (?)", xs); _, _ = args, err; sink(sqlx.Rebind(1, q))`,
		`for i := range n { s := "x"; s = s + "y"; s += arg; _ = i; sink(s) }; p := &arg; _ = p`,
		`var b bytes.Buffer; b.WriteByte('a'); b.WriteRune(0x10FFFF); b.Write([]byte("b")); b.Reset(); sink(b.String())`,
		`sink(string(rune(n)) + string([]byte("x")) + fmt.Sprint("a", "b") + fmt.Sprintln("c", 1))`,
		`"SELECT " + arg + pkgVar`,
		`fmt.Sprintf("%08.3f|%-5s|%+d|%t", 1.5, "x", -2, true)`,
		`undefined + "SELECT"`,
		`func() string { return "x" }()`,
		`sink(named["a"] + named[arg])`,
		`b := sq.Select("id", arg).From("t").Where(sq.Eq{"a": n, arg: nil, "c": xs}); if ok { b = b.Where("x = ?", 1) }; s, _, _ := b.Limit(uint64(n)).ToSql(); sink(s)`,
		`s, _, _ := sq.Insert("t").Columns("a").Values(1, sq.Expr(arg)).Suffix("ON CONFLICT DO NOTHING").PlaceholderFormat(sq.Dollar).ToSql(); sink(s)`,
		`s, _ := sq.Update("t").SetMap(map[string]interface{}{"a": 1}).Where(sq.Or{sq.Lt{"b": 1}, sq.And{}}).MustSql(); sink(s)`,
	} {
		f.Add(s)
	}
	// Type-check the imports now: from source they take seconds, and the
	// fuzzing engine takes an input that runs over 10 s for a hang.
	fsetOnce.Do(initImporter)
	for _, path := range []string{"bytes", "fmt", "strings", "example.com/q", "github.com/jmoiron/sqlx", "github.com/Masterminds/squirrel"} {
		if _, err := imp.Import(path); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Contains(in, "__") {
			// text that spells sqlparse.Hole (or part of it) would pass
			// for a hole in the output; real code does not do that
			return
		}
		fuzzOne(t, fuzzPrelude+in+"\n}\n")
		fuzzOne(t, fuzzPrelude+"sink("+in+")\n}\n")
	})
}

func fuzzOne(t *testing.T, src string) {
	fsetOnce.Do(initImporter)
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		return // analyzers never see code that does not parse
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	conf.Check("p", fset, []*ast.File{file}, info) // type errors are tolerated
	r := NewResolver([]*ast.File{file}, info)
	ast.Inspect(file, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		got := r.Of(e)
		checkText(t, src, e, got)
		if again := r.Of(e); again != got {
			t.Fatalf("Of is not deterministic on %s: %s then %s", exprString(e), show(got), show(again))
		}
		c := Of(info, e)
		checkText(t, src, e, c)
		if c.Known && c != got {
			// a text known from constants alone is what the resolver finds too
			t.Fatalf("constant text %s of %s, but the resolver gives %s", show(c), exprString(e), show(got))
		}
		if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			if want := constant.StringVal(tv.Value); !c.Known || c.SQL != want || !got.Known || got.SQL != want {
				t.Fatalf("%s is the constant %q, but Of gives %s and the resolver %s", exprString(e), want, show(c), show(got))
			}
		}
		return true
	})
}

// checkText checks the invariants of one Text.
func checkText(t *testing.T, src string, e ast.Expr, x Text) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Logf("expression %s in\n%s", exprString(e), src)
		t.Fatalf(format, args...)
	}
	holes := strings.Count(x.SQL, H)
	rest := strings.TrimSpace(strings.ReplaceAll(x.SQL, H, ""))
	switch {
	case x.Known && (x.Partial || !x.Found):
		fail("Known but Partial or not Found: %s", show(x))
	case x.Known && holes > 0:
		fail("Known text with a hole: %s", show(x))
	case x.Partial && holes == 0:
		fail("Partial text without a hole: %s", show(x))
	case !x.Partial && holes > 0:
		fail("a hole in a text that is not Partial: %s", show(x))
	case !x.Known && !x.Partial:
		fail("neither Known nor Partial: %s", show(x))
	case !x.Found && rest != "":
		fail("text %q in a text not Found: %s", rest, show(x))
	case len(x.SQL) > 2*maxLen:
		fail("text of %d bytes, over the cap", len(x.SQL))
	case strings.Contains(x.SQL, H+H):
		fail("adjacent holes not collapsed: %s", show(x))
	}
}

func exprString(e ast.Expr) string { return types.ExprString(e) }
