package selectinsert

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	analysischecker "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/faultline-dev/faultline/internal/testutil"
)

// longFunc writes a package whose one function has n blocks, each a read
// of a state column by key and a branch on it; with finding set, each
// block also updates the row without re-checking the column (a
// check-then-act finding per block), otherwise the block only logs.
func longFunc(n int, finding bool) string {
	return longPkg("longfn", n, finding)
}

func longPkg(name string, n int, finding bool) string {
	return longSrc(name, n, finding, false, false)
}

// longOpts are the shapes of longSrcOpts's blocks.
type longOpts struct {
	finding, nested, recheck bool
	// split reads the row in two statements, row := QueryRow(...) and
	// row.Scan(...), so that finding the Scan is a search of the function.
	split bool
}

func longSrc(name string, n int, finding, nested, recheck bool) string {
	return longSrcOpts(name, n, longOpts{finding: finding, nested: nested, recheck: recheck})
}

// longSrc is longPkg with two more shapes: nested puts each block in a
// case of a switch inside a loop; recheck makes each block's UPDATE
// re-check the column (no finding, and the branch on it holds to the end
// of the function).
func longSrcOpts(name string, n int, o longOpts) string {
	finding, nested, recheck := o.finding, o.nested, o.recheck
	var b strings.Builder
	b.WriteString(`package ` + name + `

import (
	"context"
	"database/sql"
	"errors"
	"log"
)

var ErrConflict = errors.New("conflict")

var _ = log.Printf

func Long(ctx context.Context, db *sql.DB, ids []int64, kind int) error {
`)
	if nested {
		b.WriteString("\tfor range 3 {\n\tswitch kind {\n")
	}
	for i := 0; i < n; i++ {
		if nested {
			fmt.Fprintf(&b, "\tcase %d:\n", i)
		}
		if o.split {
			fmt.Fprintf(&b, `	id%d := ids[%d]
	var status%d string
	row%d := db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", id%d)
	if err := row%d.Scan(&status%d); err != nil {
		return err
	}
	if status%d != "pending" {
		return ErrConflict
	}
`, i, i, i, i, i, i, i, i)
		} else {
			fmt.Fprintf(&b, `	id%d := ids[%d]
	var status%d string
	if err := db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", id%d).Scan(&status%d); err != nil {
		return err
	}
	if status%d != "pending" {
		return ErrConflict
	}
`, i, i, i, i, i, i)
		}
		switch {
		case recheck:
			fmt.Fprintf(&b, `	if _, err := db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1 AND status = 'pending'", id%d); err != nil {
		return err
	}
`, i)
		case finding:
			fmt.Fprintf(&b, `	if _, err := db.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", id%d); err != nil {
		return err
	}
`, i)
		default:
			fmt.Fprintf(&b, "\tlog.Printf(\"order %%d is %%s\", id%d, status%d)\n", i, i)
		}
	}
	if nested {
		b.WriteString("\t}\n\t}\n")
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

// loadLong loads the package longFunc writes, in a GOPATH with the stubs.
func loadLong(tb testing.TB, src string) []*packages.Package {
	return loadPkgs(tb, map[string]string{"longfn": src})
}

// loadPkgs writes packages (by name) and loads them in one go.
func loadPkgs(tb testing.TB, srcs map[string]string) []*packages.Package {
	tb.Helper()
	dir := testutil.Dir(tb)
	var names []string
	for name, src := range srcs {
		pkgDir := filepath.Join(dir, "src", name)
		if err := os.MkdirAll(pkgDir, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkgDir, name+".go"), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
		names = append(names, name)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, names...)
	if err != nil {
		tb.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			tb.Fatalf("longfn: %v", e)
		}
	})
	return pkgs
}

// analyseLong runs the check (without facts, as standalone runs do) and
// returns its diagnostics.
func analyseLong(tb testing.TB, pkgs []*packages.Package) []analysis.Diagnostic {
	tb.Helper()
	a := *Analyzer
	a.FactTypes = nil
	graph, err := analysischecker.Analyze([]*analysis.Analyzer{&a}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	var out []analysis.Diagnostic
	for _, act := range graph.Roots {
		if act.Err != nil {
			tb.Fatal(act.Err)
		}
		out = append(out, act.Diagnostics...)
	}
	return out
}

func benchLong(b *testing.B, n int, finding bool) {
	benchSrc(b, longFunc(n, finding), n, finding)
}

func benchSrc(b *testing.B, src string, n int, finding bool) {
	lines := strings.Count(src, "\n")
	pkgs := loadLong(b, src)
	b.ResetTimer()
	// CPU time as well as wall time: on a loaded machine the wall time
	// says more about the other processes.
	cpu0 := cpuTime()
	defer func() {
		b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(lines), "lines")
	}()
	for i := 0; i < b.N; i++ {
		diags := analyseLong(b, pkgs)
		if finding && len(diags) != n {
			b.Fatalf("%d diagnostics, want %d", len(diags), n)
		}
		if !finding && len(diags) != 0 {
			b.Fatalf("%d diagnostics, want none", len(diags))
		}
	}
}

func BenchmarkLongFunc250(b *testing.B)          { benchLong(b, 250, true) }
func BenchmarkLongFunc500(b *testing.B)          { benchLong(b, 500, true) }
func BenchmarkLongFunc1000(b *testing.B)         { benchLong(b, 1000, true) }
func BenchmarkLongFunc2000(b *testing.B)         { benchLong(b, 2000, true) }
func BenchmarkLongFunc4000(b *testing.B)         { benchLong(b, 4000, true) }
func BenchmarkLongFuncReadOnly1000(b *testing.B) { benchLong(b, 1000, false) }
func BenchmarkLongFuncReadOnly4000(b *testing.B) { benchLong(b, 4000, false) }

// 50,000-line functions: 6,250 blocks of 8 lines, flat; in the cases of
// a switch in a loop; and with UPDATEs that re-check the column, so that
// every branch on a column holds to the end of the function.
func BenchmarkLongFunc50kLines(b *testing.B) { benchLong(b, 6250, true) }
func BenchmarkLongFunc50kLinesNested(b *testing.B) {
	benchSrc(b, longSrc("longfn", 5550, true, true, false), 5550, true)
}
func BenchmarkLongFunc50kLinesSplit(b *testing.B) {
	benchSrc(b, longSrcOpts("longfn", 5550, longOpts{finding: true, split: true}), 5550, true)
}
func BenchmarkLongFunc50kLinesRecheck(b *testing.B) {
	benchSrc(b, longSrc("longfn", 6250, false, false, true), 6250, false)
}

// TestWalkIsLinear checks that the walks of a function grow linearly with
// its length: a function of 4n blocks (each with its own read) costs about
// 4 times one of n blocks, where a walk of the whole body per read costs 16
// times. Counted in graph nodes walked (walker.node), not timed.
func TestWalkIsLinear(t *testing.T) {
	type shape struct {
		name                     string
		n                        int
		finding, nested, recheck bool
	}
	shapes := []shape{
		{"find50", 50, true, false, false}, {"find200", 200, true, false, false},
		{"quiet50", 50, false, false, false}, {"quiet200", 200, false, false, false},
		{"nest50", 50, true, true, false}, {"nest200", 200, true, true, false},
		{"recheck50", 50, false, false, true}, {"recheck200", 200, false, false, true},
	}
	srcs := map[string]string{}
	for _, sh := range shapes {
		srcs[sh.name] = longSrc(sh.name, sh.n, sh.finding, sh.nested, sh.recheck)
	}
	pkgs := loadPkgs(t, srcs)
	steps := map[string]int{}
	var mu sync.Mutex // packages are analysed in parallel
	testHookSteps = func(pkg *types.Package, s int) {
		mu.Lock()
		defer mu.Unlock()
		steps[pkg.Path()] = s
	}
	defer func() { testHookSteps = nil }()
	diags := map[string]int{}
	for _, d := range analyseLong(t, pkgs) {
		diags[pkgs[0].Fset.File(d.Pos).Name()]++
	}
	for _, sh := range shapes {
		want := 0
		if sh.finding {
			want = sh.n
		}
		got := 0
		for file, n := range diags {
			if filepath.Base(file) == sh.name+".go" {
				got = n
			}
		}
		if got != want {
			t.Errorf("%s: %d diagnostics, want %d", sh.name, got, want)
		}
	}
	for _, pair := range [][2]string{{"find50", "find200"}, {"quiet50", "quiet200"}, {"nest50", "nest200"}, {"recheck50", "recheck200"}} {
		small, large := steps[pair[0]], steps[pair[1]]
		t.Logf("%s: %d steps, %s: %d steps", pair[0], small, pair[1], large)
		if small == 0 || float64(large) > 4.5*float64(small) {
			t.Errorf("%s takes %d steps, %s %d: %.1fx for 4x the code", pair[0], small, pair[1], large, float64(large)/float64(small))
		}
	}
}

// TestGeneratedNotWalked checks that the functions of a generated file
// are not walked (no report can come from them), while a helper in it
// still feeds the summaries its callers use.
func TestGeneratedNotWalked(t *testing.T) {
	gen := strings.Replace(longSrc("gen", 200, true, false, false), "package gen\n",
		"// Code generated by sqlc. DO NOT EDIT.\n\npackage gen\n", 1)
	gen += `
func GetStatus(ctx context.Context, db *sql.DB, id int64) (string, error) {
	var status string
	err := db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", id).Scan(&status)
	return status, err
}
`
	svc := `package gen

import (
	"context"
	"database/sql"
)

func Ship(ctx context.Context, db *sql.DB, id int64) error {
	status, err := GetStatus(ctx, db, id)
	if err != nil {
		return err
	}
	if status != "paid" {
		return ErrConflict
	}
	_, err = db.ExecContext(ctx, "UPDATE orders SET status = 'shipped' WHERE id = $1", id)
	return err
}
`
	dir := testutil.Dir(t)
	pkgDir := filepath.Join(dir, "src", "gen")
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"queries.sql.go": gen, "svc.go": svc} {
		if err := os.WriteFile(filepath.Join(pkgDir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "gen")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	steps := 0
	testHookSteps = func(pkg *types.Package, s int) {
		mu.Lock()
		defer mu.Unlock()
		if pkg.Path() == "gen" {
			steps = s
		}
	}
	defer func() { testHookSteps = nil }()
	diags := analyseLong(t, pkgs)
	if len(diags) != 1 || filepath.Base(pkgs[0].Fset.Position(diags[0].Pos).Filename) != "svc.go" ||
		!strings.Contains(diags[0].Message, "check-then-act on orders.status:") || len(diags[0].Related) == 0 ||
		!strings.Contains(diags[0].Related[0].Message, "via GetStatus") || pkgs[0].Fset.Position(diags[0].Related[0].Pos).Line != 9 {
		for _, d := range diags {
			t.Logf("%s: %s", pkgs[0].Fset.Position(d.Pos), d.Message)
		}
		t.Fatalf("%d diagnostics, want the one in svc.go through GetStatus", len(diags))
	}
	// Ship's walk and GetStatus's roles: a few dozen statements, not the
	// 200 blocks of the generated function.
	if steps == 0 || steps > 60 {
		t.Errorf("%d steps walked, want the non-generated function's only", steps)
	}
	t.Logf("%d steps", steps)
}

func BenchmarkLongFuncSplit2000(b *testing.B) {
	benchSrc(b, longSrcOpts("longfn", 2000, longOpts{finding: true, split: true}), 2000, true)
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
