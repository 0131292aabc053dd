// Package directive reports //faultline:ignore and //faultline:file-ignore
// directives that are malformed or silence nothing.
package directive

import (
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/report"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports malformed directives only: it runs no check, so it
// cannot know which directives are unused. The registry (analyzers/all)
// registers New over the checks instead.
var Analyzer = New(nil, nil)

// New returns the directive check over checks: it reports malformed
// directives and, for each check that judge accepts, the directives naming
// it that silenced none of its diagnostics.
//
// It requires checks, so it runs on a package after them, and reads which
// directives they used from the report.Index they share. Pass the checks
// that run (a check left out is not judged: its directives are never
// reported as unused), and a judge that accepts a check only when it sees
// everything it can (judge nil accepts all): a check that follows other
// packages' helpers through facts finds less without them, and a directive
// that silences one of those findings must not be called unused by a run
// that could not see it.
func New(checks []*analysis.Analyzer, judge func(*analysis.Analyzer) bool) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Doc.Name,
		Doc:      Doc.String(),
		URL:      Doc.URL(),
		Requires: append([]*analysis.Analyzer{report.Analyzer}, checks...),
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		// The checks are looked up in the pass's analyzer, which a front end
		// may have copied (all.Standalone, the golangci-lint plugin) with its
		// requirements copied too.
		var judged []string
		for _, r := range pass.Analyzer.Requires {
			if r != report.Analyzer && (judge == nil || judge(r)) {
				judged = append(judged, r.Name)
			}
		}
		run(pass, judged)
		return nil, nil
	}
	return a
}

func run(pass *analysis.Pass, judged []string) {
	ix := pass.ResultOf[report.Analyzer].(*report.Index)
	for _, d := range ix.Directives {
		if code, msg := message(ix, d, judged); msg != "" {
			pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Category: Doc.Code(code), URL: Doc.FindingURL(code), Message: "directive: " + msg})
		}
	}
}

// message returns what is wrong with d and its code, or "".
func message(ix *report.Index, d *report.Directive, judged []string) (code, msg string) {
	form := d.Form()
	switch {
	case len(d.Checks) == 0:
		return "no-check", form + " names no check: write " + form + " <check> <reason> (faultline help lists the checks)"
	case len(d.Unknown) > 0:
		msg = form + " names unknown check " + strings.Join(d.Unknown, ", ") + ", so it silences nothing"
		if near := nearest(d.Unknown[0]); near != "" {
			return "unknown-check", msg + "; did you mean " + near + "?"
		}
		return "unknown-check", msg + " (faultline help lists the checks)"
	case d.Reason == "":
		return "no-reason", form + " " + strings.Join(d.Checks, ",") + " gives no reason, so it silences nothing: say why the finding is safe"
	}
	var unused []string
	all := true
	for _, c := range d.Checks {
		switch {
		case slices.Contains(unused, c):
		case slices.Contains(judged, c) && !ix.Used(d, c):
			unused = append(unused, c)
		default:
			all = false
		}
	}
	if len(unused) == 0 {
		return "", ""
	}
	where := "on this line or the next"
	if d.File {
		where = "in this file"
	}
	verb := " reports"
	if len(unused) > 1 {
		verb = " report"
	}
	if all {
		return "unused", form + " " + strings.Join(d.Checks, ",") + " silences nothing: " + strings.Join(unused, ", ") + verb + " nothing " + where + "; remove the directive"
	}
	return "unused", form + " " + strings.Join(d.Checks, ",") + ": " + strings.Join(unused, ", ") + verb + " nothing " + where + "; remove it from the list"
}

// nearest returns the check whose name is within two edits of name, if
// exactly one is.
func nearest(name string) string {
	found := ""
	for _, c := range report.Checks {
		if editDistance(name, c) <= 2 {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
