package e2e

import (
	"bufio"
	"maps"
	"slices"
	"strings"
	"testing"
)

// vetJSON keeps the JSON of go vet -json's output (on its stdout),
// dropping the "# package" headers go vet may print between objects.
func vetJSON(stdout string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "# ") {
			b.WriteString(sc.Text())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestVet runs go vet -vettool=<faultline> over the fixture and the demo:
// its findings must be faultline ./...'s, in JSON and in go vet's own text,
// and a check's -NAME=false flag must pass through go vet.
func TestVet(t *testing.T) {
	e2e(t)
	t.Parallel()
	bin := faultline(t)
	for _, m := range []module{fixture(t), demo(t), xservice(t)} {
		t.Run(m.name, func(t *testing.T) {
			want := baseline(t, m.dir)
			o := mustRun(t, m.dir, nil, []int{0}, "go", "vet", "-vettool="+bin, "-json", "./...")
			sameFindings(t, "go vet -json findings", parseJSONTree(t, vetJSON(o.stdout), m.dir), want)

			// The text go vet prints, and its exit status.
			codes := []int{1}
			if len(want) == 0 {
				codes = []int{0}
			}
			o = mustRun(t, m.dir, nil, codes, "go", "vet", "-vettool="+bin, "./...")
			for _, f := range want {
				if !strings.Contains(o.stderr, f.String()) {
					t.Errorf("go vet output lacks %q:\n%s", f, o.stderr)
				}
			}

			// Turning a check off through go vet.
			if len(want) == 0 {
				return // TestCoverage requires findings of every check
			}
			check := want[0].check()
			o = mustRun(t, m.dir, nil, []int{0}, "go", "vet", "-vettool="+bin, "-json", "-"+check+"=false", "./...")
			for _, f := range parseJSONTree(t, vetJSON(o.stdout), m.dir) {
				if f.check() == check {
					t.Errorf("go vet -%s=false still reports %s", check, f)
				}
			}
		})
	}
}

type fixedTree struct {
	before []finding
	files  map[string]string
}

var fixedTrees = map[string]fixedTree{}

// fixed applies faultline -fix to a copy of the module and returns the
// copy's Go files, and the findings faultline reported before the fix;
// once per module and run.
func fixed(t *testing.T, m module) (before []finding, files map[string]string) {
	t.Helper()
	cacheMu.Lock()
	ft, ok := fixedTrees[m.dir]
	cacheMu.Unlock()
	if !ok {
		dir := copyModule(t, m.dir)
		ft.before = baseline(t, m.dir)                                   // the copy has the same findings
		mustRun(t, dir, nil, []int{0, 3}, faultline(t), "-fix", "./...") // 3: findings remain
		ft.files = goFiles(t, dir)
		cacheMu.Lock()
		fixedTrees[m.dir] = ft
		cacheMu.Unlock()
	}
	return slices.Clone(ft.before), maps.Clone(ft.files)
}

// checkFixed checks a tree fixed by some tool against faultline -fix's:
// the same files with the same contents; only files with fixable findings
// changed; and when there were fixable findings, something changed and
// the fixed tree has fewer findings.
func checkFixed(t *testing.T, tool string, m module, got map[string]string) {
	t.Helper()
	before, want := fixed(t, m)
	orig := goFiles(t, m.dir)
	if d := diffFiles(got, want); len(d) > 0 {
		t.Errorf("%s and faultline -fix leave different files: %v", tool, d)
		for _, name := range d {
			t.Logf("%s: %s wrote:\n%s\nfaultline -fix wrote:\n%s", name, tool, got[name], want[name])
		}
	}
	fixable := map[string]bool{}
	n := 0
	for _, f := range before {
		if f.Fixes > 0 {
			fixable[f.File] = true
			n++
		}
	}
	changed := diffFiles(orig, got)
	for _, name := range changed {
		if !fixable[name] {
			t.Errorf("%s changed %s, where no finding offers a fix", tool, name)
		}
	}
	if n == 0 {
		if len(changed) > 0 {
			t.Errorf("%s changed %v, but no finding offers a fix", tool, changed)
		}
		t.Logf("%s: no finding of the %s offers a fix; checked that nothing changed", tool, m.name)
		return
	}
	if len(changed) == 0 {
		t.Fatalf("%s: %d findings of the %s offer fixes, and no file changed", tool, n, m.name)
	}
	dir := copyModule(t, m.dir)
	for name, text := range got {
		writeFile(t, dir, name, text)
	}
	after := baseline(t, dir)
	afterFixable := 0
	for _, f := range after {
		if f.Fixes > 0 {
			afterFixable++
		}
	}
	if afterFixable >= n || len(after) >= len(before) {
		t.Errorf("%s: after fixing, %d findings (%d with fixes), before %d (%d with fixes)", tool, len(after), afterFixable, len(before), n)
	}
	t.Logf("%s: %d fixable findings of the %s fixed in %v", tool, n, m.name, changed)
}

// TestFix applies the fixes through go fix -fixtool and go vet -fix: the
// result must be faultline -fix's.
func TestFix(t *testing.T) {
	e2e(t)
	t.Parallel()
	bin := faultline(t)
	haveFixes := false
	for _, m := range []module{fixture(t), demo(t), xservice(t)} {
		t.Run(m.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"fix", "-fixtool=" + bin, "./..."},
				{"vet", "-vettool=" + bin, "-fix", "./..."},
			} {
				dir := copyModule(t, m.dir)
				mustRun(t, dir, nil, []int{0}, "go", args...)
				checkFixed(t, "go "+strings.Join(args[:2], " "), m, goFiles(t, dir))
			}
			if slices.ContainsFunc(baseline(t, m.dir), func(f finding) bool { return f.Fixes > 0 }) {
				haveFixes = true
			}
		})
	}
	if !haveFixes && len(checksBeyondDirective()) > 0 {
		t.Errorf("checks %v are registered, yet no finding on the demo or the fixture offers a fix: the fix paths go untested", checksBeyondDirective())
	}
}
