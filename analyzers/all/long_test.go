package all_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/testutil"
	analysischecker "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// longAll writes one handler function of n blocks, each block a shape some
// check reads: a read by key then an insert, an outbound GET, a retry loop
// with a sleep, a file written and closed, a transaction, a header and a
// write, a body decode. About 14 lines a block.
func longAll(n int) string {
	var b strings.Builder
	b.WriteString(`package longall

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"time"
)

func Handle(ctx context.Context, db *sql.DB, w http.ResponseWriter, r *http.Request) error {
	var err error
	var n int
	_ = n
`)
	for i := 0; i < n; i++ {
		switch i % 7 {
		case 0:
			fmt.Fprintf(&b, "\tif err = db.QueryRowContext(ctx, `SELECT 1 FROM payments WHERE key = $1`, %d).Scan(&n); err == sql.ErrNoRows {\n\t\t_, err = db.ExecContext(ctx, `INSERT INTO payments (key) VALUES ($1)`, %d)\n\t}\n", i, i)
		case 1:
			fmt.Fprintf(&b, "\tif resp, err := http.Get(\"http://x/%d\"); err == nil {\n\t\tresp.Body.Close()\n\t}\n", i)
		case 2:
			fmt.Fprintf(&b, "\tfor try := 0; try < 3; try++ {\n\t\tif _, err = db.ExecContext(ctx, `UPDATE t SET a = %d`); err == nil {\n\t\t\tbreak\n\t\t}\n\t\ttime.Sleep(time.Second)\n\t}\n", i)
		case 3:
			fmt.Fprintf(&b, "\tif f, err := os.Create(\"f%d\"); err == nil {\n\t\tf.WriteString(\"x\")\n\t\tf.Close()\n\t}\n", i)
		case 4:
			fmt.Fprintf(&b, "\tif tx, err := db.BeginTx(ctx, nil); err == nil {\n\t\tif _, err := tx.ExecContext(ctx, `DELETE FROM t WHERE id = %d`); err != nil {\n\t\t\treturn err\n\t\t}\n\t\ttx.Commit()\n\t}\n", i)
		case 5:
			fmt.Fprintf(&b, "\tif n == %d {\n\t\tw.Write([]byte(\"x\"))\n\t\tw.Header().Set(\"X-N\", \"1\")\n\t}\n", i)
		case 6:
			fmt.Fprintf(&b, "\tif n == %d {\n\t\tvar v map[string]any\n\t\t_ = json.NewDecoder(r.Body).Decode(&v)\n\t}\n", i)
		}
	}
	b.WriteString("\treturn err\n}\n")
	return b.String()
}

// BenchmarkAllChecks50kLines runs every check, with facts, on one
// function of about 50,000 lines (issue 22: at most 10 s). It reports CPU
// seconds as well as wall time.
func BenchmarkAllChecks50kLines(b *testing.B) { benchAll(b, 12000) }

// BenchmarkAllChecks5kLines and 10kLines are the same at a tenth and a
// fifth of the length: together they show how the time grows with the
// function.
func BenchmarkAllChecks5kLines(b *testing.B)  { benchAll(b, 1200) }
func BenchmarkAllChecks10kLines(b *testing.B) { benchAll(b, 2400) }

func benchAll(b *testing.B, n int) {
	dir := testutil.Dir(b)
	src := longAll(n)
	pkgDir := filepath.Join(dir, "src", "longall")
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkgDir, "longall.go"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "longall")
	if err != nil {
		b.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			b.Fatalf("longall: %v", e)
		}
	})
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		graph, err := analysischecker.Analyze(all.Analyzers(), pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		found := 0
		for _, act := range graph.Roots {
			if act.Err != nil {
				b.Fatal(act.Err)
			}
			found += len(act.Diagnostics)
		}
		if found == 0 {
			b.Fatal("no finding in a function full of them")
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(strings.Count(src, "\n")), "lines")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
