package config

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
)

// listValue is a flag.Value that is not a flag.Getter: Load validates it
// by setting it and setting it back.
type listValue struct{ items []string }

func (l *listValue) String() string { return strings.Join(l.items, ",") }

func (l *listValue) Set(s string) error {
	if strings.Contains(s, ";") {
		return fmt.Errorf("use commas, not semicolons")
	}
	l.items = nil
	if s != "" {
		l.items = strings.Split(s, ",")
	}
	return nil
}

type fakes struct {
	loud, quiet *analysis.Analyzer
	libs        *listValue
}

// checks returns two analyzers: loud, with options of several types, and
// quiet, with none.
func checks() fakes {
	loud := &analysis.Analyzer{Name: "loud", Doc: "test"}
	loud.Flags.Bool("strict-mode", false, "a bool")
	loud.Flags.Int("maxAttempts", 3, "an int")
	loud.Flags.String("name", "x", "a string")
	loud.Flags.Duration("wait", time.Second, "a duration")
	libs := &listValue{items: []string{"a"}}
	loud.Flags.Var(libs, "libs", "a list")
	quiet := &analysis.Analyzer{Name: "quiet", Doc: "test"}
	return fakes{loud, quiet, libs}
}

func (f fakes) list() []*analysis.Analyzer { return []*analysis.Analyzer{f.loud, f.quiet} }

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func load(t *testing.T, text string) (*Config, error) {
	t.Helper()
	return Load(write(t, t.TempDir(), Name, text), checks().list())
}

func TestLoad(t *testing.T) {
	f := checks()
	dir := t.TempDir()
	p := write(t, dir, Name, `# a comment
checks:
  quiet: false
  loud:
    enabled: true
    strict-mode: true
    max-attempts: 5       # kebab-case, as golangci-lint spells it
    name: 12              # a number is text for a string option
    wait: 90s
    libs: [pgx, "sqlx"]
exclude:
  - internal/gen/**
  - "**/*_mock.go"
`)
	c, err := Load(p, f.list())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-quiet=false", "-loud.strict-mode=true", "-loud.maxAttempts=5", "-loud.name=12", "-loud.wait=90s", "-loud.libs=pgx,sqlx"}
	if got := c.Args(); !slices.Equal(got, want) {
		t.Errorf("Args() = %q, want %q", got, want)
	}
	if on, set := c.Enabled("loud"); !on || !set {
		t.Errorf("Enabled(loud) = %v, %v, want true, true", on, set)
	}
	if on, set := c.Enabled("quiet"); on || !set {
		t.Errorf("Enabled(quiet) = %v, %v, want false, true", on, set)
	}
	if c.Path != p || c.Dir != dir {
		t.Errorf("Path, Dir = %q, %q, want %q, %q", c.Path, c.Dir, p, dir)
	}
	if !slices.Equal(c.Exclude, []string{"internal/gen/**", "**/*_mock.go"}) {
		t.Errorf("Exclude = %q", c.Exclude)
	}
	// Loading sets no flag.
	if v := f.loud.Flags.Lookup("maxAttempts").Value.String(); v != "3" {
		t.Errorf("Load set -loud.maxAttempts to %s", v)
	}
	if v := f.libs.String(); v != "a" {
		t.Errorf("Load left -loud.libs at %q, want a", v)
	}
	// The flags the file stands for parse with the analyzers' flags.
	fs := flag.NewFlagSet("faultline", flag.ContinueOnError)
	for _, a := range f.list() {
		fs.Bool(a.Name, true, "enable "+a.Name)
		a.Flags.VisitAll(func(g *flag.Flag) { fs.Var(g.Value, a.Name+"."+g.Name, g.Usage) })
	}
	if err := fs.Parse(c.Args()); err != nil {
		t.Fatalf("Args() do not parse as flags: %v", err)
	}
	if v := f.loud.Flags.Lookup("maxAttempts").Value.String(); v != "5" {
		t.Errorf("after parsing Args(), -loud.maxAttempts = %s, want 5", v)
	}
	f.loud.Flags.VisitAll(func(g *flag.Flag) { _ = g.Value.Set(g.DefValue) })
}

// A check turned on, or left out, gets no flag: -NAME=true would select
// only the named checks.
func TestArgsEnableNothing(t *testing.T) {
	c, err := load(t, "checks:\n  loud: true\n  quiet:\n    enabled: true\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Args(); len(got) != 0 {
		t.Errorf("Args() = %q, want none", got)
	}
	if on, set := c.Enabled("loud"); !on || !set {
		t.Errorf("Enabled(loud) = %v, %v", on, set)
	}
	c, err = load(t, "checks:\n  quiet: true\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, set := c.Enabled("loud"); set {
		t.Error("Enabled(loud): the file does not mention it")
	}
}

func TestEmpty(t *testing.T) {
	for _, text := range []string{"", "# only a comment\n", "---\n", "checks:\nexclude:\n", "~\n"} {
		c, err := load(t, text)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if len(c.Args()) != 0 || len(c.Exclude) != 0 || c.Excluded("a.go") {
			t.Errorf("%q: Args %q, Exclude %q", text, c.Args(), c.Exclude)
		}
	}
}

// Every mistake is an error that names it, with its line and column.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"check:\n  loud: false\n", `:1:1: unknown key "check": the keys are checks and exclude`},
		{"checks:\n  lodu: false\n", `:2:3: unknown check "lodu": the checks are loud, quiet`},
		{"checks:\n  Loud: false\n", `unknown check "Loud"`},
		{"checks:\n  loud:\n    retries: 2\n", `:3:5: unknown option "retries" for check loud: its options are enabled, libs, max-attempts, name, strict-mode, wait`},
		{"checks:\n  loud:\n    MaxAttempts: 2\n", `unknown option "MaxAttempts"`},
		{"checks:\n  loud:\n    max_attempts: 2\n", `unknown option "max_attempts"`},
		{"checks:\n  quiet:\n    verbose: true\n", `unknown option "verbose" for check quiet: it has no options, only enabled`},
		{"checks:\n  loud: off\n", `:2:9: check loud: want true, false or a map of options, not "off"`},
		{"checks:\n  loud: yes\n", `check loud: want true, false or a map of options, not "yes"`},
		{"checks:\n  loud:\n", `check loud: want true, false or a map of options, not no value`},
		{"checks:\n  loud: [a]\n", `want true, false or a map of options, not a list`},
		{"checks:\n  loud:\n    enabled: \"false\"\n", `:3:14: loud.enabled: want true or false, not "false"`},
		{"checks:\n  loud:\n    strict-mode: \"true\"\n", `loud.strict-mode: want true or false, not "true"`},
		{"checks:\n  loud:\n    strict-mode: 1\n", `loud.strict-mode: want true or false, not 1`},
		{"checks:\n  loud:\n    max-attempts: ten\n", `:3:19: loud.max-attempts: invalid value "ten": invalid syntax`},
		{"checks:\n  loud:\n    max-attempts: 2.5\n", `loud.max-attempts: invalid value "2.5"`},
		{"checks:\n  loud:\n    wait: 5\n", `loud.wait: invalid value "5": time: missing unit`},
		{"checks:\n  loud:\n    libs: a;b\n", `loud.libs: invalid value "a;b": use commas, not semicolons`},
		{"checks:\n  loud:\n    name: {a: 1}\n", `loud.name: want a value or a list of values, not a map`},
		{"checks:\n  loud:\n    libs: [[a]]\n", `loud.libs: want a list of values, not a list holding a list`},
		{"checks:\n  loud:\n    name:\n", `loud.name: no value`},
		{"checks:\n  loud: false\n  loud: true\n", `:3:3: "loud" is repeated (first at line 2)`},
		{"checks:\n  loud:\n    name: a\n    name: b\n", `"name" is repeated`},
		{"checks: [loud]\n", `checks: want a map, not a list`},
		{"- checks\n", `the file: want a map, not a list`},
		{"checks\n", `the file: want a map, not "checks"`},
		{"exclude: vendor\n", `:1:10: exclude: want a list of path patterns, not "vendor"`},
		{"exclude:\n  - 12\n", `exclude: want a path pattern, not 12`},
		{"exclude:\n  - [a]\n", `exclude: want a path pattern, not a list`},
		{"exclude:\n  - /abs/**\n", `pattern "/abs/**": absolute`},
		{"exclude:\n  - ../other/**\n", `pattern "../other/**": ".."`},
		{"exclude:\n  - a/**.go\n", `pattern "a/**.go": ** must be a whole path element`},
		{"exclude:\n  - \"[a\"\n", `pattern "[a": syntax error in pattern`},
		{"exclude:\n  - \"\"\n", `pattern "": empty`},
		{"exclude:\n  - a//b\n", `pattern "a//b": an empty`},
		{"exclude:\n  - ./a\n", `pattern "./a": an empty or "."`},
		{"exclude:\n  - 'a\\b'\n", `a backslash`},
		{"checks:\n  loud: false\n---\nchecks: {}\n", `:3:1: a second YAML document`},
		{"checks:\n  loud: false\n   quiet: true\n", `:3: mapping values are not allowed`},
		{"base: &b\n  loud: false\nchecks:\n  <<: *b\n", `unknown key "base"`},
		{"checks:\n  <<: {loud: false}\n", `checks: unsupported key`},
	} {
		_, err := load(t, tc.text)
		if err == nil {
			t.Errorf("%q: no error, want %s", tc.text, tc.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) || !strings.Contains(msg, Name+":") {
			t.Errorf("%q: error %q, want the file's name and %q", tc.text, msg, tc.want)
		}
		if strings.Count(msg, "\n") > 0 {
			t.Errorf("%q: error %q is more than one line", tc.text, msg)
		}
	}
}

// An alias is followed: the value it names is validated as if written.
func TestAlias(t *testing.T) {
	c, err := load(t, "x-libs: &libs [a, b]\n")
	if err == nil || !strings.Contains(err.Error(), `unknown key "x-libs"`) {
		t.Fatalf("got %v, %v", c, err)
	}
	c, err = load(t, "checks:\n  loud:\n    libs: &l [a, b]\n    name: *l\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Args(); !slices.Equal(got, []string{"-loud.libs=a,b", "-loud.name=a,b"}) {
		t.Errorf("Args() = %q", got)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), Name), checks().list())
	if !os.IsNotExist(err) {
		t.Errorf("Load of a missing file: %v, want a not-exist error", err)
	}
}

func TestExcluded(t *testing.T) {
	c := &Config{Exclude: []string{"internal/gen", "vendor/**", "**/*_mock.go", "cmd/*/main.go", "docs/**/*.go", "a?c.go", "**/testdata/**"}}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"internal/gen/x.go", true},
		{"internal/gen/sub/x.go", true},
		{"internal/gen", true},
		{"internal/generated/x.go", false},
		{"internal/x.go", false},
		{"pkg/internal/gen/x.go", false}, // anchored at the configuration's directory
		{"vendor/a/b.go", true},
		{"vendor.go", false},
		{"x_mock.go", true}, // ** matches no element
		{"a/b/c/x_mock.go", true},
		{"a/b/x_mock_test.go", false},
		{"cmd/api/main.go", true},
		{"cmd/api/sub/main.go", false}, // * stays within one element
		{"cmd/main.go", false},
		{"docs/x.go", true},
		{"docs/a/b/x.go", true},
		{"docs/a/b/x.md", false},
		{"abc.go", true},
		{"abbc.go", false},
		{"a/testdata/src/x.go", true},
		{"testdata/x.go", true},
		{"./internal/gen/x.go", true},
		{"internal/../internal/gen/x.go", true},
		{"../internal/gen/x.go", false},
		{"..", false},
		{".", false},
		{"/internal/gen/x.go", false},
	} {
		if got := c.Excluded(tc.path); got != tc.want {
			t.Errorf("Excluded(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestExcludedFile(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(write(t, dir, Name, "exclude: [gen/**]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.ExcludedFile(filepath.Join(dir, "gen", "x.go")) {
		t.Error("a file below gen is not excluded")
	}
	if c.ExcludedFile(filepath.Join(dir, "x.go")) {
		t.Error("a file outside gen is excluded")
	}
	if c.ExcludedFile(filepath.Join(filepath.Dir(dir), "gen", "x.go")) {
		t.Error("a file outside the configuration's directory is excluded")
	}
	t.Chdir(dir)
	if !c.ExcludedFile(filepath.Join("gen", "y.go")) {
		t.Error("a relative name below gen is not excluded")
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	write(t, root, "mod/go.mod", "module example.com/mod\n")
	write(t, root, "mod/a/b/c.go", "package b\n")

	// No file in the module: the walk stops at the module root, even with
	// a configuration above it.
	write(t, root, Name, "checks: {}\n")
	for _, dir := range []string{"mod", "mod/a", "mod/a/b"} {
		if got, err := Find(filepath.Join(root, dir)); got != "" || err != nil {
			t.Errorf("Find(%s) = %q, %v; want nothing: the module root bounds the walk", dir, got, err)
		}
	}

	// At the module root, found from below.
	cfg := write(t, root, "mod/"+Name, "checks: {}\n")
	for _, dir := range []string{"mod", "mod/a", "mod/a/b"} {
		if got, err := Find(filepath.Join(root, dir)); got != cfg || err != nil {
			t.Errorf("Find(%s) = %q, %v; want %s", dir, got, err, cfg)
		}
	}

	// The nearest one wins.
	near := write(t, root, "mod/a/"+Name, "checks: {}\n")
	if got, err := Find(filepath.Join(root, "mod/a/b")); got != near || err != nil {
		t.Errorf("Find(mod/a/b) = %q, %v; want %s", got, err, near)
	}

	// A relative directory.
	t.Chdir(filepath.Join(root, "mod", "a", "b"))
	if got, err := Find("."); got != near || err != nil {
		t.Errorf("Find(.) = %q, %v; want %s", got, err, near)
	}
	if got, err := Find("../.."); got != cfg || err != nil {
		t.Errorf("Find(../..) = %q, %v; want %s", got, err, cfg)
	}
}

// Outside any module the walk goes up to the file system's root.
func TestFindWithoutModule(t *testing.T) {
	root := t.TempDir()
	cfg := write(t, root, Name, "checks: {}\n")
	write(t, root, "a/b/c/x.go", "package c\n")
	if got, err := Find(filepath.Join(root, "a", "b", "c")); got != cfg || err != nil {
		t.Errorf("Find = %q, %v; want %s, several levels up", got, err, cfg)
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Find(filepath.Join(root, "a"))
	if err != nil {
		t.Fatal(err)
	}
	// Nothing here; whatever is found lies above the temporary directory,
	// and the walk ended.
	if got != "" && !strings.HasPrefix(root, filepath.Dir(got)) {
		t.Errorf("Find = %q, not above %s", got, root)
	}
}

func TestFindMistakes(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module example.com/m\n")
	yml := write(t, root, ".faultline.yml", "checks: {}\n")
	if _, err := Find(root); err == nil || !strings.Contains(err.Error(), "faultline reads .faultline.yaml: rename it") {
		t.Errorf("a .faultline.yml: %v", err)
	}
	if err := os.Remove(yml); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, Name), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(root); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("a directory named %s: %v", Name, err)
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"maxAttempts": "max-attempts", "max_attempts": "max-attempts", "all-sql": "all-sql",
		"HTTPClient": "http-client", "tests": "tests", "retry2Max": "retry2-max",
	} {
		if got := Kebab(in); got != want {
			t.Errorf("Kebab(%q) = %q, want %q", in, got, want)
		}
	}
}
