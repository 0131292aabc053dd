package directive_test

import (
	"go/ast"
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/directive"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/testutil"
	"golang.org/x/tools/go/analysis"
)

func TestDirective(t *testing.T) {
	testutil.Run(t, directive.Analyzer, "a")
}

// callCheck returns a check that reports every call to a function named
// name, through report.Report.
func callCheck(name string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      "test check",
		Requires: []*analysis.Analyzer{report.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						if id, ok := call.Fun.(*ast.Ident); ok && id.Name == name {
							report.Reportf(pass, call, "call to %s", name)
						}
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

func withChecks(t *testing.T, names ...string) {
	old := report.Checks
	report.Checks = append(slices.Clone(old), names...)
	t.Cleanup(func() { report.Checks = old })
}

// A directive that silences a finding is quiet; one that silences nothing
// is reported, line and file forms alike.
func TestUnused(t *testing.T) {
	withChecks(t, "hazard", "other")
	a := directive.New([]*analysis.Analyzer{callCheck("hazard"), callCheck("other")}, nil)
	testutil.Run(t, a, "unused")
}

// A check that does not run (turned off) never has its directives
// reported as unused.
func TestDisabledCheck(t *testing.T) {
	withChecks(t, "hazard", "other")
	a := directive.New([]*analysis.Analyzer{callCheck("hazard")}, nil)
	testutil.Run(t, a, "disabled")
}

// A check the judge rejects runs, but its directives are not judged.
func TestJudge(t *testing.T) {
	withChecks(t, "hazard")
	hazard := callCheck("hazard")
	var asked []string
	a := directive.New([]*analysis.Analyzer{hazard}, func(c *analysis.Analyzer) bool {
		asked = append(asked, c.Name)
		return false
	})
	testutil.Run(t, a, "judged")
	if !slices.Equal(asked, []string{"hazard"}) {
		t.Errorf("judge asked about %v, want [hazard]", asked)
	}
}
