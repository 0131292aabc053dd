package sqltext

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/faultline-dev/faultline/internal/sqlparse"
)

// H abbreviates sqlparse.Hole in expectations.
const H = sqlparse.Hole

// depSrc is a second package, imported by the test sources as "example.com/q",
// for cross-package constants.
var depSrc = map[string]string{
	"example.com/q": `package q

const Base = "SELECT id, status FROM orders"
const Table = "orders"
const Limit = 10

var Mutable = "SELECT 1"
`,
	// a fake of the parts of sqlx that sqltext knows (signatures as in sqlx v1.4)
	"github.com/jmoiron/sqlx": `package sqlx

func In(query string, args ...interface{}) (string, []interface{}, error) { return query, args, nil }
func Named(query string, arg interface{}) (string, []interface{}, error) { return query, nil, nil }
func BindNamed(bindType int, query string, arg interface{}) (string, []interface{}, error) { return query, nil, nil }
func Rebind(bindType int, query string) string { return query }

type DB struct{}

func (db *DB) Rebind(query string) string { return query }
`,
}

// stubs are the packages taken from testdata/stubs.
var stubs = map[string]bool{
	"github.com/Masterminds/squirrel": true,
	"github.com/nleof/goyesql":        true,
	"github.com/qustavo/dotsql":       true,
}

type memImporter struct {
	fset *token.FileSet
	std  types.Importer
	pkgs map[string]*types.Package
}

func (m *memImporter) Import(path string) (*types.Package, error) {
	if p, ok := m.pkgs[path]; ok {
		return p, nil
	}
	var files []*ast.File
	if src, ok := depSrc[path]; ok {
		f, err := parser.ParseFile(m.fset, path+".go", src, 0)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	} else if stubs[path] {
		// the stub libraries every analyzer test uses
		names, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "stubs", "src", filepath.FromSlash(path), "*.go"))
		for _, name := range names {
			f, err := parser.ParseFile(m.fset, name, nil, 0)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	} else {
		return m.std.Import(path)
	}
	conf := types.Config{Importer: m}
	p, err := conf.Check(path, m.fset, files, nil)
	if err != nil {
		return nil, err
	}
	m.pkgs[path] = p
	return p, nil
}

func initImporter() {
	fset = token.NewFileSet()
	imp = &memImporter{fset: fset, std: importer.ForCompiler(fset, "source", nil), pkgs: map[string]*types.Package{}}
}

var (
	fsetOnce sync.Once
	fset     *token.FileSet
	imp      *memImporter
)

// check type-checks src and returns the files, the info and the arguments of
// every call to sink, in source order.
func check(t *testing.T, src string) ([]*ast.File, *types.Info, []ast.Expr) {
	t.Helper()
	return checkErrs(t, src, false)
}

// checkErrs is check, tolerating type errors if allowErrs.
func checkErrs(t *testing.T, src string, allowErrs bool) ([]*ast.File, *types.Info, []ast.Expr) {
	t.Helper()
	fsetOnce.Do(initImporter)
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{Importer: imp}
	if allowErrs {
		conf.Error = func(error) {}
	}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil && !allowErrs {
		t.Fatal(err)
	}
	var sinks []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "sink" && len(c.Args) == 1 {
				sinks = append(sinks, c.Args[0])
			}
		}
		return true
	})
	return []*ast.File{f}, info, sinks
}

func show(x Text) string {
	return fmt.Sprintf("%q known=%v partial=%v found=%v", x.SQL, x.Known, x.Partial, x.Found)
}

func known(s string) Text { return Text{SQL: s, Known: true, Found: true} }
func partial(s string) Text {
	return Text{SQL: s, Partial: true, Found: strings.ReplaceAll(s, H, "") != ""}
}

var hole = Text{SQL: H, Partial: true}

func TestResolver(t *testing.T) {
	tests := []struct {
		name string
		body string // statements of func f(arg string, n int, ok bool, xs []any)
		want []Text // one per sink call
		// constOnly is what Of (no resolver) gives, if it differs from want
		constOnly []Text
	}{
		{"literal", `sink("SELECT 1")`, []Text{known("SELECT 1")}, nil},
		{"raw string", "sink(`SELECT *\n FROM t`)", []Text{known("SELECT *\n FROM t")}, nil},
		{"local const", `const q = "SELECT a FROM t"; sink(q)`, []Text{known("SELECT a FROM t")}, nil},
		{"package const", `sink(pkgQuery)`, []Text{known("DELETE FROM sessions WHERE id = $1")}, nil},
		{"cross-package const", `sink(q.Base + " WHERE id = $1")`, []Text{known("SELECT id, status FROM orders WHERE id = $1")}, nil},
		{"cross-package var is not a const", `sink(q.Mutable)`, []Text{hole}, nil},
		{"const concat", `sink(pkgSelect + " FOR UPDATE")`, []Text{known("SELECT status FROM orders WHERE id = $1 FOR UPDATE")}, nil},
		{"paren", `sink(("SELECT 1"))`, []Text{known("SELECT 1")}, nil},
		{"param is a hole", `sink(arg)`, []Text{hole}, nil},
		{"concat with param", `sink("SELECT * FROM " + arg + " WHERE id = $1")`,
			[]Text{partial("SELECT * FROM " + H + " WHERE id = $1")}, nil},
		{"sprintf const args", `sink(fmt.Sprintf("SELECT * FROM %s WHERE n > %d LIMIT %v", q.Table, 5, q.Limit))`,
			[]Text{known("SELECT * FROM orders WHERE n > 5 LIMIT 10")}, nil},
		{"sprintf non-const args", `sink(fmt.Sprintf("SELECT * FROM t WHERE a = %d AND b = '%s'", n, arg))`,
			[]Text{partial("SELECT * FROM t WHERE a = " + H + " AND b = '" + H + "'")}, nil},
		{"sprintf percent", `sink(fmt.Sprintf("SELECT * FROM t WHERE a LIKE 'x%%' AND id = %d", 3))`,
			[]Text{known("SELECT * FROM t WHERE a LIKE 'x%' AND id = 3")}, nil},
		{"sprintf quote verb", `sink(fmt.Sprintf("SELECT %q FROM t", "Col"))`, []Text{known(`SELECT "Col" FROM t`)}, nil},
		{"sprintf arg index", `sink(fmt.Sprintf("%[2]s %[1]s", "FROM t", "SELECT *"))`, []Text{known("SELECT * FROM t")}, nil},
		{"sprintf spread args", `sink(fmt.Sprintf("SELECT %s FROM t", xs...))`, []Text{partial("SELECT " + H + " FROM t")}, nil},
		{"sprintf missing arg", `sink(fmt.Sprintf("SELECT %s FROM %s", "a"))`, []Text{partial("SELECT a FROM " + H)}, nil},
		{"sprintf star width", `sink(fmt.Sprintf("SELECT %*d", 3, 4))`, []Text{partial("SELECT " + H)}, nil},
		{"sprintf stringer const is a hole", `sink(fmt.Sprintf("SELECT %v", time.Second))`, []Text{partial("SELECT " + H)}, nil},
		{"sprintf string var", `t := "orders"; sink(fmt.Sprintf("SELECT * FROM %s", t))`,
			[]Text{known("SELECT * FROM orders")}, []Text{partial("SELECT * FROM " + H)}},
		{"sprintf non-const format", `sink(fmt.Sprintf(arg, 1))`, []Text{hole}, nil},
		{"sprint", `sink(fmt.Sprint("SELECT ", "1"))`, []Text{known("SELECT 1")}, nil},
		{"join literal", `sink("SELECT " + strings.Join([]string{"a", "b", q.Table}, ", ") + " FROM t")`,
			[]Text{known("SELECT a, b, orders FROM t")}, nil},
		{"join var", `cols := []string{"a", "b"}; sink("SELECT " + strings.Join(cols, ",") + " FROM t")`,
			[]Text{known("SELECT a,b FROM t")}, []Text{partial("SELECT " + H + " FROM t")}},
		{"join appended var", `cols := []string{"a"}; cols = append(cols, arg); sink(strings.Join(cols, ","))`,
			[]Text{hole}, nil},
		{"trimspace", "sink(strings.TrimSpace(`\n  SELECT 1\n`))", []Text{known("SELECT 1")}, nil},
		{"var once", `q := "SELECT id FROM users WHERE email = $1"; sink(q)`,
			[]Text{known("SELECT id FROM users WHERE email = $1")}, []Text{hole}},
		{"var decl", `var q = "SELECT 1"; sink(q)`, []Text{known("SELECT 1")}, []Text{hole}},
		{"var then assign", `var q string; q = "SELECT 2"; sink(q)`, []Text{known("SELECT 2")}, []Text{hole}},
		{"straight-line appends", `q := "SELECT id FROM jobs"; q += " WHERE state = 'queued'"; q = q + " FOR UPDATE"; sink(q)`,
			[]Text{known("SELECT id FROM jobs WHERE state = 'queued' FOR UPDATE")}, []Text{hole}},
		{"append after use is ignored", `q := "SELECT 1"; sink(q); q += " FOR UPDATE"; sink(q)`,
			[]Text{known("SELECT 1"), known("SELECT 1 FOR UPDATE")}, []Text{hole, hole}},
		{"conditional append does not glue", `q := "SELECT * FROM feeds"; if ok { q += " WHERE a = 1" }; if n > 0 { q += " AND b = 2" }; q += " ORDER BY id"; sink(q)`,
			[]Text{partial("SELECT * FROM feeds " + H + "  ORDER BY id")}, []Text{hole}},
		{"conditional append is a hole", `q := "SELECT id FROM t WHERE a = $1"; if ok { q += " AND b = $2" }; q += " FOR UPDATE"; sink(q)`,
			[]Text{partial("SELECT id FROM t WHERE a = $1 " + H + "  FOR UPDATE")}, []Text{hole}},
		{"append inside same block as use", `q := "SELECT 1"; if ok { q += " FOR UPDATE"; sink(q) }`,
			[]Text{known("SELECT 1 FOR UPDATE")}, []Text{hole}},
		{"append in loop", `q := "SELECT 1"; for i := 0; i < n; i++ { q += " UNION SELECT 1" }; sink(q)`,
			[]Text{partial("SELECT 1 " + H + " ")}, []Text{hole}},
		{"branch assignment", `var q string; if ok { q = "SELECT 1" } else { q = "SELECT 2" }; sink(q)`,
			[]Text{hole}, nil},
		{"reassigned certain", `q := "SELECT 1"; q = "SELECT 2"; sink(q)`, []Text{known("SELECT 2")}, []Text{hole}},
		{"address taken", `q := "SELECT 1"; p := &q; _ = p; sink(q)`, []Text{hole}, nil},
		{"tuple assignment", `q, err := two(); _ = err; sink(q)`, []Text{hole}, nil},
		{"closure write", `q := "SELECT 1"; func() { q += " FOR UPDATE" }(); sink(q)`,
			[]Text{partial("SELECT 1 " + H + " ")}, []Text{hole}},
		{"package var never assigned", `sink(pkgVar)`, []Text{known("SELECT * FROM accounts")}, []Text{hole}},
		{"package var assigned", `sink(pkgVarMut)`, []Text{hole}, nil},
		{"helper", `sink(dedent("  SELECT 1  "))`, []Text{known("SELECT 1")}, []Text{hole}},
		{"helper with table", `sink(selectFrom("orders") + " WHERE id = $1")`,
			[]Text{known("SELECT * FROM orders WHERE id = $1")}, []Text{partial(H + " WHERE id = $1")}},
		{"helper with param", `sink(selectFrom(arg))`, []Text{partial("SELECT * FROM " + H)}, []Text{hole}},
		{"non-helper func", `sink(build())`, []Text{hole}, nil},
		{"sqlx.In", `q, args, err := sqlx.In("SELECT * FROM t WHERE id IN (?)", xs); _, _ = args, err; sink(q)`,
			[]Text{known("SELECT * FROM t WHERE id IN (?)")}, []Text{hole}},
		{"sqlx.BindNamed", `q, _, _ := sqlx.BindNamed(1, "INSERT INTO t (a) VALUES (:a)", nil); sink(q)`,
			[]Text{known("INSERT INTO t (a) VALUES (:a)")}, []Text{hole}},
		{"sqlx Rebind", `var db *sqlx.DB; sink(db.Rebind("SELECT 1 WHERE a = ?") + sqlx.Rebind(1, " AND b = ?"))`,
			[]Text{known("SELECT 1 WHERE a = ? AND b = ?")}, nil},
		{"conversions", `type Q string; sink(string([]byte("SELECT 1")) + string(Q(" FOR UPDATE")))`, []Text{known("SELECT 1 FOR UPDATE")}, nil},
		{"non-string conversion", `sink(string(rune(n)))`, []Text{hole}, nil},
		{"sprintln", `sink(fmt.Sprintln("SELECT", "1"))`, []Text{known("SELECT 1\n")}, nil},
		{"strings.Builder", `var sb strings.Builder; sb.WriteString("SELECT id FROM t"); sb.WriteByte(' '); fmt.Fprintf(&sb, "WHERE id = %d", 3); sb.WriteRune(' '); sb.Write([]byte("FOR UPDATE")); sink(sb.String())`,
			[]Text{known("SELECT id FROM t WHERE id = 3 FOR UPDATE")}, []Text{hole}},
		{"bytes.Buffer conditional", `var buf bytes.Buffer; buf.WriteString("SELECT 1"); if ok { buf.WriteString(" FOR UPDATE") }; fmt.Fprint(&buf, " LIMIT ", "1"); sink(buf.String())`,
			[]Text{partial("SELECT 1 " + H + "  LIMIT 1")}, []Text{hole}},
		{"builder literal and reset", `sb := strings.Builder{}; sb.WriteString("x"); sb.Reset(); fmt.Fprintln(&sb, "SELECT", "1"); sink(sb.String())`,
			[]Text{known("SELECT 1\n")}, []Text{hole}},
		{"builder passed away", `var sb strings.Builder; sb.WriteString("SELECT 1"); writeMore(&sb); sink(sb.String())`, []Text{hole}, nil},
		{"builder pointer", `sb := &strings.Builder{}; sb.WriteString("SELECT 1"); sink(sb.String())`, []Text{hole}, nil},
		{"builder non-const write", `var sb strings.Builder; sb.WriteString("SELECT * FROM "); sb.WriteString(arg); sb.WriteByte(byte(n)); sink(sb.String())`,
			[]Text{partial("SELECT * FROM " + H)}, []Text{hole}},
		{"replace all", `sink(strings.ReplaceAll("SELECT ? FROM t", "?", "$1"))`, []Text{known("SELECT $1 FROM t")}, nil},
		{"nested sprintf in var", `where := fmt.Sprintf("WHERE id = %d", n); q := "SELECT * FROM t " + where; sink(q)`,
			[]Text{partial("SELECT * FROM t WHERE id = " + H)}, []Text{hole}},
		{"schema from Sprintf", `sink(fmt.Sprintf("SELECT id FROM %s.users WHERE email = $1", arg))`,
			[]Text{partial("SELECT id FROM " + H + ".users WHERE email = $1")}, nil},
		{"table-name helper", `sink("INSERT INTO " + tbl("users") + " (email) VALUES ($1)")`,
			[]Text{partial("INSERT INTO " + H + ".users (email) VALUES ($1)")}, []Text{partial("INSERT INTO " + H + " (email) VALUES ($1)")}},
		{"table-name helper method", `var s store; sink("SELECT id FROM " + s.t("users"))`,
			[]Text{partial("SELECT id FROM " + H + ".users")}, []Text{partial("SELECT id FROM " + H)}},
		{"typed string const", `type Q string; const c Q = "SELECT 1"; sink(string(c))`, []Text{known("SELECT 1")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := `package p

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"example.com/q"
	"github.com/jmoiron/sqlx"
)

var _ = fmt.Sprint
var _ = bytes.MinRead
var _ = strings.Join
var _ = time.Second
var _ = q.Base
var _ = sqlx.In

const pkgQuery = "DELETE FROM sessions WHERE id = $1"
const pkgSelect = "SELECT status FROM orders WHERE id = $1"

var pkgVar = "SELECT * FROM accounts"
var pkgVarMut = "SELECT 1"

func init() { pkgVarMut = "SELECT 2" }

func sink(string) {}
func two() (string, error) { return "", nil }
func dedent(s string) string { return strings.TrimSpace(s) }
func selectFrom(table string) string { return "SELECT * FROM " + table }
func build() string { s := "SELECT 1"; return s }
func writeMore(sb *strings.Builder) { sb.WriteString(" FOR UPDATE") }

var schema = "public"

func init() { schema = "tenant" }
func tbl(name string) string { return schema + "." + name }

type store struct{ schema string }

func (s store) t(name string) string { return s.schema + "." + name }

func f(arg string, n int, ok bool, xs []any) {
	` + tc.body + `
}
`
			files, info, sinks := check(t, src)
			if len(sinks) != len(tc.want) {
				t.Fatalf("%d sinks, %d expectations", len(sinks), len(tc.want))
			}
			r := NewResolver(files, info)
			for i, e := range sinks {
				if got := r.Of(e); got != tc.want[i] {
					t.Errorf("Resolver.Of #%d = %s, want %s", i, show(got), show(tc.want[i]))
				}
				want := tc.want[i]
				if tc.constOnly != nil {
					want = tc.constOnly[i]
				}
				if got := Of(info, e); got != want {
					t.Errorf("Of #%d = %s, want %s", i, show(got), show(want))
				}
			}
		})
	}
}

func TestNilSafety(t *testing.T) {
	if got := Of(nil, nil); got != hole {
		t.Errorf("Of(nil, nil) = %s", show(got))
	}
	var r *Resolver
	if got := r.Of(&ast.Ident{Name: "x"}); got != hole {
		t.Errorf("nil resolver: %s", show(got))
	}
	r = NewResolver(nil, &types.Info{})
	if got := r.Of(&ast.BasicLit{Kind: token.STRING, Value: `"x"`}); got != hole {
		t.Errorf("untyped literal: %s", show(got))
	}
}

func TestHugeConcatIsCapped(t *testing.T) {
	src := `package p
func sink(string) {}
func f() {
	q := "SELECT 1"
` + strings.Repeat("\tq += q\n", 30) + `	sink(q)
}`
	files, info, sinks := check(t, src)
	got := NewResolver(files, info).Of(sinks[0])
	if len(got.SQL) > maxLen+len(H) {
		t.Fatalf("text of %d bytes not capped", len(got.SQL))
	}
}

// TestTypeErrors: code that does not type-check gives holes, not crashes.
func TestTypeErrors(t *testing.T) {
	src := `package p
import "fmt"
func sink(string) {}
func f() {
	q := "SELECT * FROM t WHERE a = " + undefinedVar
	sink(q)
	sink(undefinedFunc("SELECT 1"))
	sink(fmt.Sprintf("SELECT %s", undefinedVar))
	var r = notAType{}
	sink(r.q)
	q2 := "SELECT 2"
	q2 += 1
	sink(q2)
}`
	files, info, sinks := checkErrs(t, src, true)
	want := []Text{
		partial("SELECT * FROM t WHERE a = " + H),
		hole,
		partial("SELECT " + H),
		hole,
		partial("SELECT 2" + H),
	}
	if len(sinks) != len(want) {
		t.Fatalf("%d sinks", len(sinks))
	}
	r := NewResolver(files, info)
	for i, e := range sinks {
		if got := r.Of(e); got != want[i] {
			t.Errorf("#%d = %s, want %s", i, show(got), show(want[i]))
		}
	}
}

// TestHugeReplaceAndSprintfAreCapped: texts that grow through
// strings.Replace or wide Sprintf verbs are capped before they are built,
// not after (a 64 KB constant with "" replaced by itself would need 4 GB).
func TestHugeReplaceAndSprintfAreCapped(t *testing.T) {
	src := `package p
import ("fmt"; "strings")
func sink(string) {}
const c0 = "SELECT 1 "
` + func() string {
		var b strings.Builder
		for i := 1; i <= 13; i++ {
			fmt.Fprintf(&b, "const c%d = c%d + c%d\n", i, i-1, i-1)
		}
		return b.String()
	}() + `
func f() {
	sink(strings.ReplaceAll(c13, "", c13))
	sink(strings.Replace(c13, "1", c13, -1))
	sink(fmt.Sprintf("` + strings.Repeat("%0999999d", 40) + `"` + strings.Repeat(", 1", 40) + `))
	sink(strings.ReplaceAll("SELECT x", "x", "1"))
}`
	files, info, sinks := check(t, src)
	r := NewResolver(files, info)
	for i, e := range sinks[:3] {
		if got := r.Of(e); len(got.SQL) > maxLen+len(H) {
			t.Errorf("#%d: text of %d bytes not capped", i, len(got.SQL))
		}
	}
	if got, want := r.Of(sinks[3]), known("SELECT 1"); got != want {
		t.Errorf("small replace = %s, want %s", show(got), show(want))
	}
}
