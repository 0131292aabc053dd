package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analyzers/all"
)

// shared is a directory for what the tests of this run share (the built
// faultline binary); TestMain removes it.
var shared string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "faultline-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// e2e skips the test only when FAULTLINE_E2E=0 says so explicitly.
func e2e(t *testing.T) {
	t.Helper()
	if os.Getenv("FAULTLINE_E2E") == "0" {
		t.Skip("FAULTLINE_E2E=0: end-to-end tests skipped")
	}
}

// root returns the repository root.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || !bytes.HasPrefix(data, []byte("module github.com/faultline-dev/faultline\n")) {
		t.Fatalf("%s is not faultline's repository root", dir)
	}
	return dir
}

var (
	buildOnce sync.Once
	binPath   string
	buildOut  string
	buildErr  error
)

// faultline builds cmd/faultline once for the run and returns its path.
func faultline(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binPath = filepath.Join(shared, "bin", "faultline")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/faultline")
		cmd.Dir = root(t)
		out, err := cmd.CombinedOutput()
		buildOut, buildErr = string(out), err
	})
	if buildErr != nil {
		t.Fatalf("go build ./cmd/faultline: %v\n%s", buildErr, buildOut)
	}
	return binPath
}

type output struct {
	stdout, stderr string
	code           int
}

func (o output) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", o.code, o.stdout, o.stderr)
}

// run runs a command in dir with env added to the environment. It fails
// the test only when the command cannot be run at all.
func run(t *testing.T, dir string, env []string, name string, args ...string) output {
	t.Helper()
	start := time.Now()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	o := output{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		o.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	t.Logf("%s %s (in %s): exit %d, %s", filepath.Base(name), strings.Join(args, " "), dir, o.code, time.Since(start).Round(time.Millisecond))
	return o
}

// mustRun is run for a command that must exit with one of the codes.
func mustRun(t *testing.T, dir string, env []string, codes []int, name string, args ...string) output {
	t.Helper()
	o := run(t, dir, env, name, args...)
	if !slices.Contains(codes, o.code) {
		t.Fatalf("%s %s: want exit %v, got %s", name, strings.Join(args, " "), codes, o)
	}
	return o
}

// A finding is one diagnostic, located relative to the module it is in.
type finding struct {
	File      string // slash-separated, relative to the module root
	Line, Col int
	Message   string // as reported: "<check>: ..."
	Fixes     int    // number of suggested fixes offered
}

func (f finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", f.File, f.Line, f.Col, f.Message)
}

// check returns the finding's check, the prefix of its message.
func (f finding) check() string {
	c, _, _ := strings.Cut(f.Message, ": ")
	return c
}

func sortFindings(fs []finding) []finding {
	slices.SortFunc(fs, func(a, b finding) int {
		return strings.Compare(fmt.Sprintf("%s:%08d:%08d:%s", a.File, a.Line, a.Col, a.Message),
			fmt.Sprintf("%s:%08d:%08d:%s", b.File, b.Line, b.Col, b.Message))
	})
	return slices.CompactFunc(fs, func(a, b finding) bool { return a.String() == b.String() })
}

// parsePosn parses "file:line:col" and makes file relative to base.
func parsePosn(t *testing.T, posn, base string) (string, int, int) {
	t.Helper()
	i := strings.LastIndex(posn, ":")
	j := strings.LastIndex(posn[:max(i, 0)], ":")
	if i < 0 || j < 0 {
		t.Fatalf("bad position %q", posn)
	}
	line, err1 := strconv.Atoi(posn[j+1 : i])
	col, err2 := strconv.Atoi(posn[i+1:])
	if err1 != nil || err2 != nil {
		t.Fatalf("bad position %q", posn)
	}
	return relTo(t, posn[:j], base), line, col
}

func relTo(t *testing.T, file, base string) string {
	t.Helper()
	if !filepath.IsAbs(file) {
		file = filepath.Join(base, file)
	}
	rel, err := filepath.Rel(evalSymlinks(base), evalSymlinks(file))
	if err != nil || !filepath.IsLocal(rel) {
		t.Fatalf("finding in %s, outside %s", file, base)
	}
	return filepath.ToSlash(rel)
}

func evalSymlinks(p string) string {
	if q, err := filepath.EvalSymlinks(p); err == nil {
		return q
	}
	return p
}

// parseJSONTree parses the output of faultline -json and go vet -json: a
// stream of objects mapping package to analyzer to diagnostics (or to an
// error, which fails the test).
func parseJSONTree(t *testing.T, data string, base string) []finding {
	t.Helper()
	type diag struct {
		Posn           string            `json:"posn"`
		Message        string            `json:"message"`
		SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
	}
	var out []finding
	dec := json.NewDecoder(strings.NewReader(data))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("bad JSON diagnostics: %v\n%s", err, data)
		}
		for pkg, analyzers := range tree {
			for name, raw := range analyzers {
				var diags []diag
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("package %s: analyzer %s failed: %s", pkg, name, raw)
				}
				for _, d := range diags {
					file, line, col := parsePosn(t, d.Posn, base)
					out = append(out, finding{file, line, col, d.Message, len(d.SuggestedFixes)})
				}
			}
		}
	}
	return sortFindings(out)
}

// withoutFixes drops the fix counts, for comparing with tools that do
// not report them.
func withoutFixes(fs []finding) []finding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Fixes = 0
	}
	return out
}

// sameFindings fails the test unless got and want list the same findings.
func sameFindings(t *testing.T, what string, got, want []finding) {
	t.Helper()
	got, want = withoutFixes(got), withoutFixes(want)
	if slices.Equal(got, want) {
		return
	}
	var b strings.Builder
	for _, f := range want {
		if !slices.Contains(got, f) {
			fmt.Fprintf(&b, "\n  missing: %s", f)
		}
	}
	for _, f := range got {
		if !slices.Contains(want, f) {
			fmt.Fprintf(&b, "\n  extra:   %s", f)
		}
	}
	t.Errorf("%s differ from faultline's own findings:%s", what, b.String())
}

func countByCheck(fs []finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.check()]++
	}
	return m
}

// module is a Go module the tests run the tools on.
type module struct {
	name string // for messages
	dir  string // the module's directory in the checkout
}

func demo(t *testing.T) module { return module{"demo", filepath.Join(root(t), "testdata", "demo")} }

func fixture(t *testing.T) module {
	return module{"fixture", filepath.Join(root(t), "testdata", "e2e")}
}

// xservice is the module whose findings all cross packages.
func xservice(t *testing.T) module {
	return module{"xservice", filepath.Join(root(t), "testdata", "xservice")}
}

var (
	cacheMu   sync.Mutex
	baselines = map[string][]finding{}
)

// baseline runs faultline -json over the module (in dir, a copy or the
// checkout) and returns its findings: what every other front end must
// report. The tests never write in the checkout, so its modules' findings
// are computed once per run.
func baseline(t *testing.T, dir string) []finding {
	t.Helper()
	inCheckout := strings.HasPrefix(dir, root(t)+string(filepath.Separator))
	if inCheckout {
		cacheMu.Lock()
		fs, ok := baselines[dir]
		cacheMu.Unlock()
		if ok {
			return slices.Clone(fs)
		}
	}
	o := mustRun(t, dir, nil, []int{0}, faultline(t), "-json", "./...")
	fs := parseJSONTree(t, o.stdout, dir)
	if inCheckout {
		cacheMu.Lock()
		baselines[dir] = slices.Clone(fs)
		cacheMu.Unlock()
	}
	return fs
}

// copyModule copies a module's tree to a fresh directory and returns it.
func copyModule(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// goFiles returns the contents of the .go files below dir, by relative path.
func goFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		files[relTo(t, path, dir)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffFiles lists the files whose contents differ between two trees.
func diffFiles(a, b map[string]string) []string {
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
	slices.Sort(out)
	return out
}

// TestCoverage checks the ground truth the other tests compare against:
// faultline reports the fixture's known findings (the directive check's,
// and closeerr's with its fix), and every registered
// check has findings in the demo or the fixture, so that each front end is
// exercised with every check.
func TestCoverage(t *testing.T) {
	e2e(t)
	t.Parallel()
	fx := baseline(t, fixture(t).dir)
	want := []string{
		"directive.go:7:2: directive: //faultline:ignore closeerr gives no reason, so it silences nothing: say why the finding is safe",
		"directive.go:13:2: directive: //faultline:ignore names unknown check closerr, so it silences nothing; did you mean closeerr?",
		"directive.go:20:2: directive: //faultline:ignore closeerr silences nothing: closeerr reports nothing on this line or the next; remove the directive",
		"directive.go:30:2: directive: //faultline:ignore retryloop gives no reason, so it silences nothing: say why the finding is safe",
	}
	var got []string
	for _, f := range fx {
		if f.check() == "directive" {
			got = append(got, f.String())
		}
	}
	if len(got) != len(want) {
		t.Fatalf("fixture: directive findings\n%s\nwant %d like\n%s", strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("fixture finding %q, want %q...", got[i], want[i])
		}
	}
	// A finding of a real check, with a fix; the read-only look-alike
	// beside it stays quiet.
	var closeerr []finding
	for _, f := range fx {
		if f.check() == "closeerr" {
			closeerr = append(closeerr, f)
		}
	}
	if len(closeerr) != 1 || closeerr[0].File != "export.go" || closeerr[0].Line != 12 || closeerr[0].Fixes == 0 {
		t.Errorf("fixture: closeerr findings %v, want one with a fix at export.go:12 (the deferred Close of the file Export writes)", closeerr)
	}
	dm := baseline(t, demo(t).dir)
	counts := countByCheck(append(slices.Clone(fx), dm...))
	for _, a := range all.Analyzers() {
		if counts[a.Name] == 0 {
			t.Errorf("check %s is registered but reports nothing on the demo or the fixture: its front ends go untested", a.Name)
		}
	}
	t.Logf("findings per check (demo + fixture): %v", counts)
}

// writeFile writes a file below dir, creating its directory.
func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checksBeyondDirective lists the registered checks other than directive,
// which offers no fixes: every one of them should.
func checksBeyondDirective() []string {
	var out []string
	for _, a := range all.Analyzers() {
		if a.Name != "directive" {
			out = append(out, a.Name)
		}
	}
	return out
}
