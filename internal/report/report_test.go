package report_test

import (
	"go/ast"
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/testutil"
	"golang.org/x/tools/go/analysis"
)

// hazard reports every call to a function named hazard, through Report.
var hazard = &analysis.Analyzer{
	Name:     "hazard",
	Doc:      "test analyzer",
	Requires: []*analysis.Analyzer{report.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "hazard" {
						report.Reportf(pass, call, "call to hazard")
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// usage runs after hazard and reports, for every valid directive, which of
// its checks it has been used by.
var usage = &analysis.Analyzer{
	Name:     "usage",
	Doc:      "test analyzer",
	Requires: []*analysis.Analyzer{report.Analyzer, hazard},
	Run: func(pass *analysis.Pass) (any, error) {
		ix := pass.ResultOf[report.Analyzer].(*report.Index)
		for _, d := range ix.Directives {
			if !d.Valid() {
				continue
			}
			for _, c := range d.Checks {
				state := "unused"
				if ix.Used(d, c) {
					state = "used"
				}
				pass.Reportf(d.Pos, "%s %s", c, state)
			}
		}
		return nil, nil
	},
}

func withHazard(t *testing.T) {
	old := report.Checks
	report.Checks = append(slices.Clone(old), "hazard")
	t.Cleanup(func() { report.Checks = old })
}

func TestReport(t *testing.T) {
	withHazard(t)
	testutil.Run(t, hazard, "r", "gen", "file", "fileother", "testonly")
}

// Report records which directives silenced a diagnostic, for the analyzers
// that run after the check.
func TestUsed(t *testing.T) {
	withHazard(t)
	testutil.Run(t, usage, "u")
}
