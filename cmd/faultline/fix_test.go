package main_test

// Applying every suggested fix over the demo must leave code that builds and
// vets, and a second run must report none of the fixed diagnostics (and
// nothing new).

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// jsonDiag is one diagnostic of multichecker's -json output.
type jsonDiag struct {
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
	} `json:"suggested_fixes"`
}

// diag is a diagnostic with its check and file, without its line: fixes
// move lines.
type diag struct {
	check, file, message string
}

func (d diag) String() string { return fmt.Sprintf("%s: %s: %s", d.file, d.check, d.message) }

// diagnostics runs faultline -json ./... in dir and returns every diagnostic
// and those that offer a fix. An analyzer error fails the test.
func diagnostics(t *testing.T, dir string) (all, fixable []diag) {
	t.Helper()
	r := runIn(t, dir, "-json", "./...")
	if r.code != 0 {
		t.Fatalf("faultline -json: exit code %d\n%s", r.code, truncate(r.stderr))
	}
	var out map[string]map[string]json.RawMessage // package -> analyzer -> diagnostics or error
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("faultline -json output: %v\n%s", err, truncate(r.stdout))
	}
	for pkg, byCheck := range out {
		for check, raw := range byCheck {
			var ds []jsonDiag
			if err := json.Unmarshal(raw, &ds); err != nil {
				t.Fatalf("%s: %s failed: %s", pkg, check, raw)
			}
			for _, d := range ds {
				file, _, _ := strings.Cut(d.Posn, ":")
				rel, err := filepath.Rel(dir, file)
				if err != nil {
					rel = file
				}
				dg := diag{check, rel, d.Message}
				all = append(all, dg)
				if len(d.SuggestedFixes) > 0 {
					fixable = append(fixable, dg)
				}
			}
		}
	}
	return all, fixable
}

func TestFixesOnDemoBuildAndHold(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo module")
	}
	src, err := filepath.Abs("../../testdata/demo")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, src, dir)

	before, fixable := diagnostics(t, dir)
	if len(fixable) == 0 {
		t.Fatalf("no diagnostic on the demo offers a fix (%d diagnostics): nothing to test", len(before))
	}

	r := runIn(t, dir, "-fix", "./...")
	if r.code != 0 && r.code != 3 {
		t.Fatalf("faultline -fix: exit code %d\n%s%s", r.code, r.stdout, truncate(r.stderr))
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s on the fixed demo: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if t.Failed() {
		t.Logf("the fixed demo:\n%s", diffTrees(t, src, dir))
		t.FailNow()
	}

	after, _ := diagnostics(t, dir)
	// Lines move, so diagnostics are compared as multisets of (check, file,
	// message): each fixed diagnostic removes one from its key, and no key
	// that existed may gain one back. A diagnostic whose message is new is
	// allowed only where the same check fixed something in the same file:
	// the rest of a finding that named several hazards, of which the fix
	// removed one (logged). Anything else new was brought by a fix.
	count := map[diag]int{}
	for _, d := range before {
		count[d]++
	}
	fixedIn := map[[2]string]bool{}
	for _, d := range fixable {
		count[d]--
		fixedIn[[2]string{d.check, d.file}] = true
	}
	var again, brought, rest []string
	for _, d := range after {
		n, existed := count[d]
		count[d] = n - 1
		switch {
		case existed && n <= 0:
			again = append(again, d.String())
		case !existed && fixedIn[[2]string{d.check, d.file}]:
			rest = append(rest, d.String())
		case !existed:
			brought = append(brought, d.String())
		}
	}
	sort.Strings(again)
	sort.Strings(brought)
	sort.Strings(rest)
	if len(again) > 0 {
		t.Errorf("after faultline -fix, a second run reports fixed diagnostics again:\n%s", strings.Join(again, "\n"))
	}
	if len(brought) > 0 {
		t.Errorf("after faultline -fix, a second run reports diagnostics the fixes brought:\n%s", strings.Join(brought, "\n"))
	}
	if t.Failed() {
		t.Logf("the fixed demo:\n%s", diffTrees(t, src, dir))
	}
	for _, d := range rest {
		t.Logf("left after a partial fix: %s", d)
	}
	t.Logf("%d diagnostics, %d with fixes; %d left after -fix", len(before), len(fixable), len(after))
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// diffTrees shows how the fixed tree differs from the original (for failure
// messages).
func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	out, _ := exec.Command("diff", "-ru", a, b).CombinedOutput()
	return truncate(string(out))
}
