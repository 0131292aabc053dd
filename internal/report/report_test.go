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

func TestReport(t *testing.T) {
	old := report.Checks
	report.Checks = append(slices.Clone(old), "hazard")
	defer func() { report.Checks = old }()
	testutil.Run(t, hazard, "r", "gen")
}
