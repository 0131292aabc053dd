package all_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/testutil"
	"golang.org/x/tools/go/analysis"
)

func directiveOf(t *testing.T, as []*analysis.Analyzer) *analysis.Analyzer {
	t.Helper()
	for _, a := range as {
		if a.Name == "directive" {
			return a
		}
	}
	t.Fatal("no directive analyzer")
	return nil
}

// With every check and its facts (go vet, golangci-lint), each check
// judges its directives: used ones are quiet, unused ones reported.
func TestDirectiveFull(t *testing.T) {
	testutil.Run(t, directiveOf(t, all.Analyzers()), "full")
}

// A check that follows other packages through facts, run as a copy
// without them, sees less and does not judge
// its directives; the other checks do.
func TestDirectiveWithoutFacts(t *testing.T) {
	var checks []*analysis.Analyzer
	for _, a := range all.Analyzers() {
		switch a.Name {
		case "directive":
		case "selectinsert":
			if len(a.FactTypes) == 0 {
				t.Fatal("selectinsert declares no facts: this test needs a check that does")
			}
			c := *a
			c.FactTypes = nil
			checks = append(checks, &c)
		default:
			checks = append(checks, a)
		}
	}
	testutil.Run(t, all.Directive(checks), "nofacts")
}

// A front end that runs some checks builds the directive check over those:
// the others neither run nor have their directives judged.
func TestDirectiveSubset(t *testing.T) {
	var closeerr *analysis.Analyzer
	for _, a := range all.Analyzers() {
		if a.Name == "closeerr" {
			closeerr = a
		}
	}
	d := all.Directive([]*analysis.Analyzer{closeerr})
	if len(d.Requires) != 2 {
		t.Fatalf("directive over closeerr requires %d analyzers, want report's index and closeerr", len(d.Requires))
	}
	testutil.Run(t, d, "subset")
}

// A check must report through report.Report: that is where a directive
// silences a finding and is recorded as used. A check calling pass.Report
// itself would escape its directives and make them look unused.
func TestChecksReportThroughReport(t *testing.T) {
	for _, a := range all.Analyzers() {
		if a.Name == "directive" {
			continue // its findings must never be silenced
		}
		dir := filepath.Join("..", a.Name)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no source in %s: %v", a.Name, dir, err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Report" || sel.Sel.Name == "Reportf") {
					if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "report" {
						t.Errorf("%s: %s.%s: report through report.Report, so that directives see the finding", name, types.ExprString(sel.X), sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
}
