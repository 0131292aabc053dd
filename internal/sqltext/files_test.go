package sqltext

import (
	"go/ast"
	"go/parser"
	"go/types"
	"os"
	"path/filepath"
	"testing"
)

// checkIn type-checks src as dir/p.go and returns a Resolver that reads
// the files of dir, and the arguments of every call to sink.
func checkIn(t *testing.T, dir, src string) (*Resolver, []ast.Expr) {
	t.Helper()
	fsetOnce.Do(initImporter)
	f, err := parser.ParseFile(fset, filepath.Join(dir, "p.go"), src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{Importer: imp}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
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
	return NewResolver([]*ast.File{f}, info).SetFiles(fset, nil), sinks
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const goyesqlFile = `-- queries.sql
-- name: get-user
SELECT id, email
FROM users
WHERE email = $1;

-- name: create-user
INSERT INTO users (email) VALUES ($1)
`

const dotsqlFile = `-- a header line before any name is ignored
-- name: create-user
INSERT INTO users (email)
  VALUES (?)
-- name: find-user
SELECT id FROM users WHERE email = ?
-- name: list-users
SELECT id FROM {{.schema}}.users
`

// TestFiles: SQL kept in .sql files, embedded or loaded by name.
func TestFiles(t *testing.T) {
	tests := []struct {
		name  string
		decls string // package-level declarations
		body  string // statements of func f(arg string)
		want  []Text
	}{
		{"embed string", "//go:embed queries/get_user.sql\nvar getUser string", `sink(getUser)`,
			[]Text{known("SELECT id FROM users WHERE email = $1\n")}},
		{"embed bytes", "//go:embed queries/get_user.sql\nvar getUserB []byte", `sink(string(getUserB))`,
			[]Text{known("SELECT id FROM users WHERE email = $1\n")}},
		{"embed quoted glob one file", "//go:embed \"queries/get_*.sql\"\nvar getUser string", `sink(getUser)`,
			[]Text{known("SELECT id FROM users WHERE email = $1\n")}},
		{"embed glob of two files", "//go:embed queries/*.sql\nvar two string", `sink(two)`, []Text{hole}},
		{"embed missing file", "//go:embed queries/nope.sql\nvar nope string", `sink(nope)`, []Text{hole}},
		{"embed dot-dot", "//go:embed ../x.sql\nvar up string", `sink(up)`, []Text{hole}},
		{"embed var reassigned", "//go:embed queries/get_user.sql\nvar mut string\nfunc init() { mut = arg0 }\nvar arg0 string", `sink(mut)`, []Text{hole}},
		{"embed bytes written", "//go:embed queries/get_user.sql\nvar mutB []byte\nfunc init() { mutB[0] = 'x' }", `sink(string(mutB))`, []Text{hole}},
		{"embed.FS ReadFile", "//go:embed queries/*.sql\nvar queries embed.FS",
			`b, err := queries.ReadFile("queries/insert_user.sql"); _ = err; sink(string(b))`,
			[]Text{known("INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING\n")}},
		{"fs.ReadFile of embed.FS", "//go:embed queries\nvar queries embed.FS",
			`b, _ := fs.ReadFile(queries, "queries/get_user.sql"); sink(string(b))`,
			[]Text{known("SELECT id FROM users WHERE email = $1\n")}},
		{"embed.FS dir hides underscore files", "//go:embed queries\nvar queries embed.FS",
			`b, _ := queries.ReadFile("queries/_draft.sql"); sink(string(b))`, []Text{hole}},
		{"embed.FS all: keeps them", "//go:embed all:queries\nvar queries embed.FS",
			`b, _ := queries.ReadFile("queries/_draft.sql"); sink(string(b))`, []Text{known("DELETE FROM users\n")}},
		{"embed.FS name not embedded", "//go:embed queries/get_user.sql\nvar queries embed.FS",
			`b, _ := queries.ReadFile("queries/insert_user.sql"); sink(string(b))`, []Text{hole}},
		{"embed.FS dynamic name", "//go:embed queries/*.sql\nvar queries embed.FS",
			`b, _ := queries.ReadFile("queries/" + arg + ".sql"); sink(string(b))`, []Text{hole}},
		{"embed.FS missing file", "//go:embed queries/*.sql\nvar queries embed.FS",
			`b, _ := queries.ReadFile("queries/nope.sql"); sink(string(b))`, []Text{hole}},
		{"read helper", "//go:embed queries\nvar queries embed.FS\nfunc mustQuery(name string) string {\n\tb, err := queries.ReadFile(path.Join(\"queries\", name))\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\treturn string(b)\n}\nvar getUserQ = mustQuery(\"get_user.sql\")",
			`sink(getUserQ); sink(mustQuery(arg)); sink(mustQuery("nope.sql"))`,
			[]Text{known("SELECT id FROM users WHERE email = $1\n"), hole, hole}},
		{"read helper with more steps is not followed", "//go:embed queries\nvar queries embed.FS\nfunc mustQuery(name string) string {\n\tb, err := queries.ReadFile(\"queries/\" + name)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tb = b[1:]\n\treturn string(b)\n}",
			`sink(mustQuery("get_user.sql"))`, []Text{hole}},
		{"name map", `var named = map[string]string{"getUser": "SELECT id FROM users WHERE email = $1", "other": "SELECT 1"}`,
			`sink(named["getUser"])`, []Text{known("SELECT id FROM users WHERE email = $1")}},
		{"name map of consts and Sprintf", `const tbl = "users"
var named = map[string]string{"getUser": fmt.Sprintf("SELECT id FROM %s WHERE email = $1", tbl)}`,
			`sink(named["getUser"])`, []Text{known("SELECT id FROM users WHERE email = $1")}},
		{"name map unknown key", `var named = map[string]string{"getUser": "SELECT 1"}`, `sink(named["nope"])`, []Text{hole}},
		{"name map dynamic key", `var named = map[string]string{"getUser": "SELECT 1"}`, `sink(named[arg])`, []Text{hole}},
		{"name map written", `var named = map[string]string{"getUser": "SELECT 1"}
func init() { named["getUser"] = "SELECT 2" }`, `sink(named["getUser"])`, []Text{hole}},
		{"name map passed away", `var named = map[string]string{"getUser": "SELECT 1"}
func fill(m map[string]string) { m["getUser"] = "SELECT 2" }
func init() { fill(named) }`, `sink(named["getUser"])`, []Text{hole}},
		{"name map with computed key", `var named = map[string]string{"getUser": "SELECT 1", arg0: "SELECT 2"}
var arg0 = "x"`, `sink(named["getUser"])`, []Text{known("SELECT 1")}},
		{"local name map", ``, `m := map[string]string{"a": "SELECT a FROM t"}; sink(m["a"])`, []Text{known("SELECT a FROM t")}},
		{"goyesql", `var yq = goyesql.MustParseFile("sql/queries.sql")`, `sink(string(yq["get-user"])); sink(string(yq["create-user"]))`,
			[]Text{known("SELECT id, email FROM users WHERE email = $1;"), known("INSERT INTO users (email) VALUES ($1)")}},
		{"goyesql ParseFile local", ``, `yq, err := goyesql.ParseFile("sql/queries.sql"); _ = err; sink(string(yq["get-user"]))`,
			[]Text{known("SELECT id, email FROM users WHERE email = $1;")}},
		{"goyesql unknown tag", `var yq = goyesql.MustParseFile("sql/queries.sql")`, `sink(string(yq["nope"]))`, []Text{hole}},
		{"goyesql missing file", `var yq = goyesql.MustParseFile("sql/none.sql")`, `sink(string(yq["get-user"]))`, []Text{hole}},
		{"goyesql bad file", `var yq = goyesql.MustParseFile("sql/bad.sql")`, `sink(string(yq["a"]))`, []Text{hole}},
		{"goyesql dynamic path", `var yq = goyesql.MustParseFile(arg0)
var arg0 = "sql/queries.sql"`, `sink(string(yq["get-user"]))`, []Text{hole}},
		{"goyesql absolute path", `var yq = goyesql.MustParseFile("/etc/queries.sql")`, `sink(string(yq["get-user"]))`, []Text{hole}},
		{"dotsql Raw", `var dot, _ = dotsql.LoadFromFile("sql/dot.sql")`, `q, err := dot.Raw("create-user"); _ = err; sink(q)`,
			[]Text{known("INSERT INTO users (email)\nVALUES (?)")}},
		{"dotsql template", ``, `dot, _ := dotsql.LoadFromFile("sql/dot.sql"); q, _ := dot.Raw("list-users"); sink(q)`,
			[]Text{partial("SELECT id FROM  " + H + " .users")}},
		{"dotsql from string", ``, "dot, _ := dotsql.LoadFromString(\"-- name: a\\nSELECT 1\"); q, _ := dot.Raw(\"a\"); sink(q)",
			[]Text{known("SELECT 1")}},
		{"dotsql unknown name", `var dot, _ = dotsql.LoadFromFile("sql/dot.sql")`, `q, _ := dot.Raw("nope"); sink(q)`, []Text{hole}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, map[string]string{
				"go.mod":                       "module example.com/svc\n",
				"sql/queries.sql":              goyesqlFile,
				"sql/bad.sql":                  "SELECT 1\n-- name: a\nSELECT 2\n",
				"sql/dot.sql":                  dotsqlFile,
				"repo/queries/get_user.sql":    "SELECT id FROM users WHERE email = $1\n",
				"repo/queries/insert_user.sql": "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING\n",
				"repo/queries/_draft.sql":      "DELETE FROM users\n",
				"x.sql":                        "SELECT 1\n",
			})
			src := `package p

import (
	"embed"
	"fmt"
	"io/fs"
	"path"

	"github.com/nleof/goyesql"
	"github.com/qustavo/dotsql"
)

var _ embed.FS
var _ = fmt.Sprint
var _ = fs.ReadFile
var _ = path.Join
var _ = goyesql.ParseFile
var _ = dotsql.LoadFromFile

func sink(string) {}

` + tc.decls + `

func f(arg string) {
	` + tc.body + `
}
`
			r, sinks := checkIn(t, filepath.Join(root, "repo"), src)
			if len(sinks) != len(tc.want) {
				t.Fatalf("%d sinks, %d expectations", len(sinks), len(tc.want))
			}
			for i, e := range sinks {
				if got := r.Of(e); got != tc.want[i] {
					t.Errorf("#%d = %s, want %s", i, show(got), show(tc.want[i]))
				}
			}
		})
	}
}

// TestFilesWithoutReader: without SetFiles an embedded var is unknown, not
// the empty string its declaration says.
func TestFilesWithoutReader(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"q.sql": "SELECT 1"})
	r, sinks := checkIn(t, dir, "package p\nimport _ \"embed\"\n//go:embed q.sql\nvar q string\nfunc sink(string) {}\nfunc f() { sink(q) }\n")
	if got := r.Of(sinks[0]); got != known("SELECT 1") {
		t.Errorf("embedded var = %s", show(got))
	}
	r.fset, r.read = nil, nil // as NewResolver leaves it
	if got := r.Of(sinks[0]); got != hole {
		t.Errorf("embedded var without files = %s", show(got))
	}
}
