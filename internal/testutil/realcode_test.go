package testutil

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/imports"
)

// realModules are small modules from the module proxy (most are in any
// module cache that built golangci-lint or dendrite) whose code has
// findings, fixes among them, and whose own tests are quick.
var realModules = []string{
	"github.com/armon/go-metrics@v0.0.0-20190430140413-ec5e00d3c878", // net.Dial -> net.DialTimeout
	"github.com/golang/glog@v1.0.0",                                  // closeerr, no fix
	"github.com/magiconair/properties@v1.8.10",                       // ctxtimeout http.Get, no fix
	"github.com/eyedeekay/sam3@v0.33.8",                              // net.DialTimeout, a checked Close; own tests do not build
	"github.com/docker/go-connections@v0.6.0",                        // net.DialTCP, no fix
	"github.com/gorilla/websocket@v1.5.0",                            // a Flush into its own hook: quiet
}

// TestFixSafetyRealCode is the fix-safety harness over real code: the
// demo service and the modules above. For each it applies every fix with
// faultline -fix, then requires the code to build, go vet to report nothing
// new, no
// fixed finding to come back and no new one to appear, a second -fix to
// change nothing, every changed file to be as goimports prints it, and the
// module's own tests to pass (when they pass before the fixes).
func TestFixSafetyRealCode(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the real-code fix-safety run builds faultline and runs modules' tests")
	}
	root := Root(t)
	bin := filepath.Join(t.TempDir(), "faultline")
	if out, err := goCmd(root, "build", "-o", bin, "./cmd/faultline"); err != nil {
		t.Fatalf("building faultline: %v\n%s", err, out)
	}
	t.Run("demo", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "demo")
		copyTree(t, filepath.Join(root, "testdata", "demo"), dir)
		fixSafety(t, bin, dir)
	})
	for _, m := range realModules {
		name, _, _ := strings.Cut(path.Base(m), "@")
		t.Run(name, func(t *testing.T) {
			out, err := goCmd(root, "mod", "download", "-json", m)
			var info struct{ Dir, Error string }
			json.Unmarshal(out, &info)
			if err != nil || info.Dir == "" {
				t.Skipf("module proxy unreachable and %s not in the module cache: %v %s", m, err, info.Error)
			}
			dir := filepath.Join(t.TempDir(), "m")
			copyTree(t, info.Dir, dir)
			fixSafety(t, bin, dir)
		})
	}
}

// goCmd runs the go command in dir with modules resolved as needed.
func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	return cmd.CombinedOutput()
}

func fixSafety(t *testing.T, bin, dir string) {
	t.Helper()
	run := func(name string, args ...string) ([]byte, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		return cmd.CombinedOutput()
	}
	pristine := filepath.Join(t.TempDir(), "pristine")
	copyTree(t, dir, pristine)
	if out, err := run("go", "build", "./..."); err != nil {
		t.Skipf("does not build before the fixes (module proxy unreachable, or a dependency missing from the module cache?): %v\n%s", err, out)
	}
	_, testErr := run("go", "test", "-count=1", "./...")
	vetBefore, _ := run("go", "vet", "./...")
	before := findings(t, bin, dir)
	orig := snapshot(t, dir)
	if out, err := run(bin, "-fix", "./..."); err != nil && !isExit(err, 3) {
		t.Fatalf("faultline -fix: %v\n%s", err, out)
	}
	fixed := snapshot(t, dir)
	if out, err := run("go", "build", "./..."); err != nil {
		t.Fatalf("the fixed code does not build: %v\n%s", err, out)
	}
	// go vet reports nothing it did not report before the fixes.
	vetAfter, _ := run("go", "vet", "./...")
	had := map[string]bool{}
	for _, l := range strings.Split(string(vetBefore), "\n") {
		had[normalize(l)] = true
	}
	for _, l := range strings.Split(string(vetAfter), "\n") {
		if !had[normalize(l)] {
			t.Errorf("go vet on the fixed code: %s", l)
		}
	}
	after := findings(t, bin, dir)
	nfix := 0
	for _, f := range before {
		if f.fixed {
			nfix++
		}
	}
	t.Logf("%d findings, %d with fixes, %d files changed; %d findings after", len(before), nfix, changed(orig, fixed), len(after))
	compareFindings(t, before, after)
	if out, err := run(bin, "-fix", "./..."); err != nil && !isExit(err, 3) {
		t.Fatalf("second faultline -fix: %v\n%s", err, out)
	}
	if again := snapshot(t, dir); changed(fixed, again) > 0 {
		t.Errorf("a second -fix changed %d more files: the fixes do not converge", changed(fixed, again))
	}
	for name, sum := range fixed {
		if orig[name] == sum || !strings.HasSuffix(name, ".go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := imports.Process(name, src, &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
		if err != nil || !bytes.Equal(want, src) {
			t.Errorf("%s: goimports would change the fixed file (imports not where goimports puts them): %v", name, err)
		}
	}
	if testErr != nil {
		t.Logf("the module's own tests fail before the fixes; not run after them")
		return
	}
	// Timing-based tests (go-metrics' MeasureSince wants under 0.1ms
	// between two calls) fail now and then on a busy machine: the fixed
	// code fails only if its tests fail three runs in a row while the
	// unfixed code passes.
	var failure []byte
	for try := 0; try < 3; try++ {
		out, err := run("go", "test", "-count=1", "./...")
		if err == nil {
			if try > 0 {
				t.Logf("the module's own tests passed after the fixes on run %d (flaky before)", try+1)
			}
			return
		}
		failure = append([]byte(err.Error()+"\n"), out...)
	}
	base := exec.Command("go", "test", "-count=1", "./...")
	base.Dir = pristine
	base.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if _, berr := base.CombinedOutput(); berr != nil {
		t.Logf("the module's own tests fail with and without the fixes (flaky): %s", firstLine(failure))
		return
	}
	t.Errorf("the module's own tests fail after the fixes, three runs in a row: %s", failure)
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

func isExit(err error, code int) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && ee.ExitCode() == code
}

// finding is one diagnostic of faultline -json.
type finding struct {
	file, msg string
	fixed     bool
}

// key identifies a finding across fixes that move lines or shorten its
// message: the file, the check and what the finding is about.
func (f finding) key() string {
	w := strings.Fields(f.msg)
	if len(w) > 2 {
		w = w[:2]
	}
	return f.file + ": " + strings.Join(w, " ")
}

func findings(t *testing.T, bin, dir string) []finding {
	t.Helper()
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && !isExit(err, 1) && !isExit(err, 3) {
		t.Fatalf("faultline -json: %v\n%s", err, stderr.Bytes())
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
		t.Fatalf("faultline -json: %v\n%s", err, stdout.Bytes())
	}
	seen := map[string]bool{}
	var out []finding
	for pkg, byCheck := range tree {
		for check, raw := range byCheck {
			var diags []struct {
				Posn, Message  string
				SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Errorf("%s: %s: %s", pkg, check, raw) // {"error": ...}: a package that does not load
				continue
			}
			for _, d := range diags {
				file, _, _ := strings.Cut(strings.TrimPrefix(d.Posn, dir+string(filepath.Separator)), ":")
				k := d.Posn + "\x00" + d.Message
				if seen[k] {
					continue // the package and its test variant
				}
				seen[k] = true
				out = append(out, finding{file: file, msg: normalize(d.Message), fixed: len(d.SuggestedFixes) > 0})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key()+out[i].msg < out[j].key()+out[j].msg })
	return out
}

// compareFindings requires that no fixed finding is reported again (its
// message may recur only as often as it was reported without a fix), that
// no new finding appears, and that no finding without a fix disappears (a
// fix that silences another finding hides its hazard).
func compareFindings(t *testing.T, before, after []finding) {
	t.Helper()
	fixedMsg, unfixedMsg, beforeKey := map[string]int{}, map[string]int{}, map[string]int{}
	for _, f := range before {
		if f.fixed {
			fixedMsg[f.file+": "+f.msg]++
		} else {
			unfixedMsg[f.file+": "+f.msg]++
		}
		beforeKey[f.key()]++
	}
	afterMsg, afterKey := map[string]int{}, map[string]int{}
	for _, f := range after {
		afterMsg[f.file+": "+f.msg]++
		afterKey[f.key()]++
	}
	for m, n := range afterMsg {
		if fixedMsg[m] > 0 && n > unfixedMsg[m] {
			t.Errorf("a fixed finding is reported again: %s", m)
		}
	}
	for k, n := range afterKey {
		if n > beforeKey[k] {
			t.Errorf("the fixes created a finding: %s (%d before, %d after)", k, beforeKey[k], n)
		}
	}
	for m, n := range unfixedMsg {
		if afterMsg[m] < n {
			t.Errorf("a fix silenced a finding it did not fix: %s", m)
		}
	}
}

// snapshot hashes every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sums[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

func changed(a, b map[string]string) int {
	n := 0
	for k, v := range b {
		if a[k] != v {
			n++
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			n++
		}
	}
	return n
}
