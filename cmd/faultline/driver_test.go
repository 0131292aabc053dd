package main_test

// The standalone driver's behaviour as a user sees it: exit codes, -fix
// rounds, -diff, build tags, one line per error, each finding once,
// relative paths and the summary line, //line directives, facts across
// the packages of a run.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// module writes a module with the given files (path -> content) to a
// fresh directory and returns it.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.24\n"
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A write whose deferred Close drops its error: one closeerr finding, with
// a fix.
const writeFile = `package %s

import "os"

func Write(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write([]byte("x"))
	return err
}
`

func pkgFile(name string) string { return strings.Replace(writeFile, "%s", name, 1) }

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestTextOutput(t *testing.T) {
	dir := module(t, map[string]string{
		"store/store.go":      pkgFile("store"),
		"store/store_test.go": "package store\n\nimport \"testing\"\n\nfunc TestWrite(t *testing.T) { _ = Write }\n",
	})
	r := runIn(t, dir, "./...")
	if r.code != 3 {
		t.Fatalf("exit %d, want 3\n%s", r.code, r.stderr)
	}
	// Related positions print indented under their finding; count findings.
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(r.stderr, "\n"), "\n") {
		if !strings.Contains(l, ": \t") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("want one finding (the package and its test variant share store.go) and the summary, got:\n%s", r.stderr)
	}
	if !strings.HasPrefix(lines[0], filepath.Join("store", "store.go")+":10:8: closeerr: ") {
		t.Errorf("finding not located relative to the current directory: %s", lines[0])
	}
	if lines[1] != "faultline: 1 finding (1 fixable with -fix) in 1 package" {
		t.Errorf("summary line %q", lines[1])
	}
	// From a subdirectory, paths are relative to it.
	r = runIn(t, filepath.Join(dir, "store"), ".")
	if !strings.HasPrefix(r.stderr, "store.go:10:8: closeerr: ") {
		t.Errorf("in store/: %s", r.stderr)
	}
	// JSON: the finding once, no summary, exit 0.
	r = runIn(t, dir, "-json", "./...")
	if r.code != 0 || r.stderr != "" || strings.Count(r.stdout, `"message": "closeerr: `) != 1 {
		t.Errorf("-json: exit %d, stderr %q, stdout:\n%s", r.code, r.stderr, r.stdout)
	}
	// A clean run prints nothing.
	r = runIn(t, dir, "-closeerr=false", "./...")
	if r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Errorf("clean run: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestErrorsOncePerLine(t *testing.T) {
	dir := module(t, map[string]string{
		"a/a.go":      "package a\n\nfunc F() { undefinedX() }\n",
		"a/a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
		"b/b.go":      pkgFile("b"),
	})
	for _, args := range [][]string{{"./..."}, {"-json", "./..."}, {"-format=sarif", "./..."}, {"-fix", "./..."}} {
		r := runIn(t, dir, args...)
		if r.code != 1 {
			t.Errorf("%v: exit %d, want 1", args, r.code)
		}
		var errs []string
		for _, l := range strings.Split(strings.TrimRight(r.stderr, "\n"), "\n") {
			if strings.Contains(l, "undefinedX") {
				errs = append(errs, l)
			}
		}
		if len(errs) != 1 || errs[0] != "faultline: "+filepath.Join("a", "a.go")+":3:12: undefined: undefinedX" {
			t.Errorf("%v: want the type error once, as one line; stderr:\n%s", args, r.stderr)
		}
		for _, internal := range []string{"dbcall", "faultlinedirectives", "inspect", "failed prerequisites", "analysis skipped"} {
			if strings.Contains(r.stdout+r.stderr, internal) {
				t.Errorf("%v: output names %q:\n%s\n%s", args, internal, r.stdout, r.stderr)
			}
		}
		if args[0] == "-format=sarif" {
			var log struct {
				Runs []struct {
					Invocations []struct {
						ToolExecutionNotifications []json.RawMessage
					}
					Results []json.RawMessage
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
				t.Fatalf("SARIF: %v\n%s", err, r.stdout)
			}
			if n := len(log.Runs[0].Invocations[0].ToolExecutionNotifications); n != 1 {
				t.Errorf("SARIF: %d notifications for one error", n)
			}
			if n := len(log.Runs[0].Results); n != 1 {
				t.Errorf("SARIF: %d results, want b's one finding", n)
			}
		}
	}
	r := runIn(t, dir, "./nosuch/...")
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("a pattern matching nothing: exit %d, want 1 and one line:\n%s", r.code, r.stderr)
	}
}

func TestTags(t *testing.T) {
	dir := module(t, map[string]string{
		"t/plain.go":   "package t\n",
		"t/special.go": "//go:build special\n\n" + pkgFile("t"),
	})
	if r := runIn(t, dir, "./..."); r.code != 0 {
		t.Errorf("without -tags: exit %d, want 0 (special.go is not built)\n%s", r.code, r.stderr)
	}
	r := runIn(t, dir, "-tags", "special", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "special.go:12:8: closeerr:") {
		t.Errorf("-tags special: exit %d, want 3 and special.go's finding\n%s", r.code, r.stderr)
	}
	r = runIn(t, dir, "-tags=special", "-format=sarif", "./...")
	if r.code != 0 || !strings.Contains(r.stdout, "special.go") {
		t.Errorf("-tags with SARIF: exit %d\n%s", r.code, r.stderr)
	}
}

// The demo's fixes converge in one -fix run: a second one changes
// nothing; both print what remains and exit 3.
func TestFixTwiceIsANoop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo module")
	}
	src, err := filepath.Abs("../../testdata/demo")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, src, dir)
	first := runIn(t, dir, "-fix", "./...")
	if first.code != 3 || !strings.Contains(first.stderr, "faultline: applied ") || !strings.Contains(first.stderr, "remain in 1 package") {
		t.Fatalf("first -fix: exit %d, want 3 and what remains:\n%s", first.code, first.stderr)
	}
	fixed := snapshot(t, dir)
	second := runIn(t, dir, "-fix", "./...")
	if d := diffSnapshots(fixed, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("a second -fix changed %v", d)
	}
	if second.code != 3 || !strings.HasSuffix(lastLine(second.stderr), "; no fix to apply") {
		t.Errorf("second -fix: exit %d:\n%s", second.code, second.stderr)
	}
	// What the first run said remains is what the second reports.
	strip := func(s string) string { return s[:strings.LastIndex(strings.TrimRight(s, "\n"), "\n")] }
	if strip(first.stderr) != strip(second.stderr) {
		t.Errorf("the findings left after -fix differ between runs:\n%s\n---\n%s", first.stderr, second.stderr)
	}
}

// Every finding fixed: -fix exits 0. Fixes that interact (two findings
// whose fixes each add an import to one file) all land in one run.
func TestFixAllExitsZero(t *testing.T) {
	two := pkgFile("p") + `
func Write2(name string) error {
	g, err := os.Create(name)
	if err != nil {
		return err
	}
	defer g.Close()
	_, err = g.Write([]byte("y"))
	return err
}
`
	dir := module(t, map[string]string{"p/p.go": two})
	r := runIn(t, dir, "-fix", "./...")
	if r.code != 0 || r.stderr != "faultline: applied 2 fixes to 1 file\n" {
		t.Errorf("-fix: exit %d, want 0 and the summary only:\n%s", r.code, r.stderr)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("fixed code does not vet: %v\n%s", err, out)
	}
	if r := runIn(t, dir, "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d\n%s", r.code, r.stderr)
	}
}

// -diff shows the fixes as a patch that applies, changes no file, and
// exits 3 while there are findings.
func TestDiff(t *testing.T) {
	dir := module(t, map[string]string{"p/p.go": pkgFile("p")})
	before := snapshot(t, dir)
	r := runIn(t, dir, "-diff", "./...")
	if r.code != 3 {
		t.Errorf("-diff: exit %d, want 3", r.code)
	}
	if d := diffSnapshots(before, snapshot(t, dir)); len(d) > 0 {
		t.Errorf("-diff changed %v", d)
	}
	if !strings.HasPrefix(r.stdout, "--- a/p/p.go\n+++ b/p/p.go\n@@ ") || !strings.Contains(r.stdout, "+\tdefer func() {\n") || !strings.Contains(r.stdout, "errors.Join(err, ") {
		t.Fatalf("-diff output:\n%s", r.stdout)
	}
	if !strings.HasSuffix(r.stderr, "the diff makes 1 fix to 1 file\n") {
		t.Errorf("-diff summary:\n%s", r.stderr)
	}
	patch := filepath.Join(t.TempDir(), "fix.patch")
	if err := os.WriteFile(patch, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("patch", "-p1", "-i", patch)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("patch: %v\n%s", err, out)
	}
	if r := runIn(t, dir, "./..."); r.code != 0 {
		t.Errorf("after applying the -diff patch: exit %d\n%s", r.code, r.stderr)
	}
}

// A /*line :N*/ directive names no file: the finding and its fix's edits
// still name the real file.
func TestLineDirectiveWithoutFile(t *testing.T) {
	src := strings.Replace(pkgFile("l"), "func Write", "/*line :100*/\nfunc Write", 1)
	dir := module(t, map[string]string{"l/l.go": src})
	r := runIn(t, dir, "./...")
	if !strings.HasPrefix(r.stderr, filepath.Join("l", "l.go")+":106") {
		t.Errorf("text output does not name the file:\n%s", r.stderr)
	}
	r = runIn(t, dir, "-json", "./...")
	var tree map[string]map[string][]struct {
		Posn           string
		SuggestedFixes []struct {
			Edits []struct{ Filename string }
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, byCheck := range tree {
		for _, ds := range byCheck {
			for _, d := range ds {
				if !strings.HasPrefix(d.Posn, filepath.Join(dir, "l", "l.go")) {
					t.Errorf("posn %q", d.Posn)
				}
				for _, f := range d.SuggestedFixes {
					for _, e := range f.Edits {
						n++
						if e.Filename != filepath.Join(dir, "l", "l.go") {
							t.Errorf("edit of file %q", e.Filename)
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Errorf("no edits in -json:\n%s", r.stdout)
	}
}

// Facts cross the packages of one run: ctxtimeout follows a helper of
// another package to the outbound call, and selectinsert a repository's
// read and insert, as crosslib/crossapp and xpkg show for the analyzers.
func TestFactsAcrossRoots(t *testing.T) {
	dir := module(t, map[string]string{
		"lib/lib.go": `package lib

import (
	"context"
	"net/http"
)

func Notify(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
`,
		"app/app.go": `package app

import (
	"context"

	"example.com/m/lib"
)

func Hook() error { return lib.Notify(context.Background(), "http://hooks/x") }
`,
	})
	r := runIn(t, dir, "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "app.go:9:39: ctxtimeout: context.Background() carries no deadline into lib.Notify") {
		t.Errorf("the helper in lib is not followed from app: exit %d\n%s", r.code, r.stderr)
	}
	// Only app as a root: lib comes from export data, without facts.
	r = runIn(t, dir, "./app")
	if r.code != 0 {
		t.Errorf("./app alone: exit %d, want 0 (lib is not analysed, so it has no facts)\n%s", r.code, r.stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-V"}, {"-version"}} {
		r := runIn(t, ".", args...)
		if r.code != 0 || !regexp.MustCompile(`^faultline version (v\S+|devel( [0-9a-f]{12}(\+dirty)?)?)\n$`).MatchString(r.stdout) {
			t.Errorf("%v: exit %d, %q", args, r.code, r.stdout)
		}
	}
	r := runIn(t, ".", "-h")
	for _, want := range []string{"faultline help", "-format", "-output", "-srcroot", "-C ", "-tags", "-fix", "-diff", "-json", "-test", "-V"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-h lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.code != 0 {
		t.Errorf("-h: exit %d", r.code)
	}
	r = runIn(t, ".", "help", "ctxtimeout")
	if n := strings.Count(r.stdout, "\n  -ctxtimeout.all-sql"); n != 1 || strings.Contains(r.stdout, "\nOptions:") {
		t.Errorf("help ctxtimeout lists -ctxtimeout.all-sql %d times (and once more under Options):\n%s", n, r.stdout)
	}
	if r := runIn(t, ".", "./...", "-fix"); r.code != 1 || !strings.Contains(r.stderr, "flags come first") {
		t.Errorf("a flag after the packages: exit %d, %s", r.code, r.stderr)
	}
}

// snapshot returns the contents of the files below dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			data, _ := os.ReadFile(path)
			files[path] = string(data)
		}
		return err
	})
	return files
}

func diffSnapshots(a, b map[string]string) []string {
	var out []string
	for name, text := range a {
		if b[name] != text {
			out = append(out, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// .faultline.yaml, found from the current directory up to the module
// root, gives flags the command line overrides, and excludes files.
func TestConfigFile(t *testing.T) {
	dir := module(t, map[string]string{
		"p/p.go":          pkgFile("p"),
		"gen/g.go":        pkgFile("gen"),
		".faultline.yaml": "checks:\n  closeerr: false\n",
	})
	if r := runIn(t, dir, "./..."); r.code != 0 {
		t.Errorf("closeerr off in the file: exit %d\n%s", r.code, r.stderr)
	}
	if r := runIn(t, filepath.Join(dir, "p"), "."); r.code != 0 {
		t.Errorf("from a subdirectory, the file above applies: exit %d\n%s", r.code, r.stderr)
	}
	if r := runIn(t, dir, "-config=", "./..."); r.code != 3 {
		t.Errorf("-config= (no file): exit %d, want 3", r.code)
	}
	if r := runIn(t, dir, "-closeerr", "./..."); r.code != 3 {
		t.Errorf("-closeerr on the command line overrides the file: exit %d, want 3", r.code)
	}
	os.WriteFile(filepath.Join(dir, ".faultline.yaml"), []byte("exclude:\n  - gen/**\n"), 0o644)
	r := runIn(t, dir, "./...")
	if r.code != 3 || strings.Contains(r.stderr, "gen") || !strings.Contains(r.stderr, filepath.Join("p", "p.go")) {
		t.Errorf("exclude gen/**: exit %d\n%s", r.code, r.stderr)
	}
	if r := runIn(t, dir, "-format=sarif", "./..."); strings.Contains(r.stdout, "gen/g.go") {
		t.Errorf("SARIF reports an excluded file")
	}
	os.WriteFile(filepath.Join(dir, ".faultline.yaml"), []byte("checks:\n  nosuch: false\n"), 0o644)
	if r := runIn(t, dir, "./..."); r.code != 1 || !strings.Contains(r.stderr, `unknown check "nosuch"`) {
		t.Errorf("unknown check in the file: exit %d\n%s", r.code, r.stderr)
	}
}

// -new-from-rev reports only what the change since the revision added.
func TestNewFromRev(t *testing.T) {
	dir := module(t, map[string]string{"old/old.go": pkgFile("old")})
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "old")
	if r := runIn(t, dir, "-new-from-rev", "HEAD", "./..."); r.code != 0 {
		t.Errorf("nothing new: exit %d\n%s", r.code, r.stderr)
	}
	os.MkdirAll(filepath.Join(dir, "new"), 0o755)
	os.WriteFile(filepath.Join(dir, "new", "new.go"), []byte(pkgFile("new")), 0o644)
	r := runIn(t, dir, "-new-from-rev=HEAD", "./...")
	if r.code != 3 || strings.Contains(r.stderr, "old.go") || !strings.Contains(r.stderr, filepath.Join("new", "new.go")) {
		t.Errorf("a new file: exit %d\n%s", r.code, r.stderr)
	}
	if r := runIn(t, dir, "./..."); !strings.Contains(r.stderr, "old.go") {
		t.Errorf("without -new-from-rev the old finding is reported:\n%s", r.stderr)
	}
}

// -fix never leaves code that does not compile: fixes that do so
// together (here two ctxtimeout fixes that each declare ctx, cancel in one
// scope, at the time of writing) are held back for their file, and the
// rest applied.
func TestFixNeverBreaksTheBuild(t *testing.T) {
	dir := module(t, map[string]string{"t/t.go": `package t

import (
	"context"
	"database/sql"
)

func F(db *sql.DB) error {
	if _, err := db.ExecContext(context.Background(), "UPDATE a SET b = 1"); err != nil {
		return err
	}
	_, err := db.ExecContext(context.Background(), "UPDATE a SET b = 2")
	return err
}
`, "u/u.go": pkgFile("u")})
	r := runIn(t, dir, "-fix", "./...")
	if r.code == 1 {
		t.Fatalf("-fix: exit 1\n%s", r.stderr)
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("after -fix the module does not build: %v\n%s\n-fix said:\n%s", err, out, r.stderr)
	}
	if !strings.Contains(r.stderr, "faultline: applied ") {
		t.Errorf("the fix in u was not applied:\n%s", r.stderr)
	}
}

// TestFindingOncePerVariant: a test file that calls the function changes
// how ctxtimeout words its finding in p [p.test]; the finding is still
// reported once, in the package's own wording.
func TestFindingOncePerVariant(t *testing.T) {
	dir := module(t, map[string]string{
		"p/p.go": `package p

import (
	"context"
	"database/sql"
)

func Run(ctx context.Context, db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	return tx.Commit()
}
`,
		"p/p_test.go": `package p

import (
	"context"
	"testing"
)

func TestRun(t *testing.T) { _ = Run(context.Background(), nil) }
`,
	})
	for _, args := range [][]string{{"./..."}, {"-format=sarif", "./..."}} {
		r := runIn(t, dir, args...)
		out := r.stdout + r.stderr
		if n := strings.Count(out, "Begin has no deadline"); n != 1 {
			t.Errorf("%v: the finding is reported %d times, want once:\n%s", args, n, out)
		}
		if strings.Contains(out, "a deadline from its callers") {
			t.Errorf("%v: the test variant's wording was kept:\n%s", args, out)
		}
	}
}
