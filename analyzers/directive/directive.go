// Package directive reports malformed //faultline:ignore directives.
package directive

import (
	"strings"

	"github.com/faultline-dev/faultline/internal/report"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports //faultline:ignore directives that silence nothing.
var Analyzer = &analysis.Analyzer{
	Name:     "directive",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[report.Analyzer].(*report.Index)
	for _, d := range ix.Directives {
		var msg string
		switch {
		case len(d.Checks) == 0:
			msg = "//faultline:ignore names no check: write //faultline:ignore <check> <reason>; known checks: " + strings.Join(report.Checks, ", ")
		case len(d.Unknown) > 0:
			msg = "//faultline:ignore names unknown check " + strings.Join(d.Unknown, ", ") + ", so it silences nothing; known checks: " + strings.Join(report.Checks, ", ")
		case d.Reason == "":
			msg = "//faultline:ignore " + strings.Join(d.Checks, ",") + " gives no reason, so it silences nothing: say why the finding is safe"
		default:
			continue
		}
		pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: "directive: " + msg})
	}
	return nil, nil
}
