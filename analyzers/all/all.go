// Package all is faultline's one registry of analyzers. Every front end (the
// faultline command, go vet -vettool, the golangci-lint plugin, SARIF output)
// takes its analyzers from here, so a new check is added in one place.
package all

import (
	"slices"

	"github.com/faultline-dev/faultline/analyzers/bodylimit"
	"github.com/faultline-dev/faultline/analyzers/closeerr"
	"github.com/faultline-dev/faultline/analyzers/ctxtimeout"
	"github.com/faultline-dev/faultline/analyzers/directive"
	"github.com/faultline-dev/faultline/analyzers/headerorder"
	"github.com/faultline-dev/faultline/analyzers/keyset"
	"github.com/faultline-dev/faultline/analyzers/msgdrop"
	"github.com/faultline-dev/faultline/analyzers/onconflict"
	"github.com/faultline-dev/faultline/analyzers/retryloop"
	"github.com/faultline-dev/faultline/analyzers/selectinsert"
	"github.com/faultline-dev/faultline/analyzers/srvtimeout"
	"github.com/faultline-dev/faultline/analyzers/txfinish"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

// entry pairs an analyzer with its documentation.
type entry struct {
	analyzer *analysis.Analyzer
	doc      *checkdoc.Doc
}

// checks lists the checks in the order the README and outputs show them.
var checks = []entry{
	{selectinsert.Analyzer, selectinsert.Doc},
	{onconflict.Analyzer, onconflict.Doc},
	{retryloop.Analyzer, retryloop.Doc},
	{ctxtimeout.Analyzer, ctxtimeout.Doc},
	{closeerr.Analyzer, closeerr.Doc},
	{headerorder.Analyzer, headerorder.Doc},
	{msgdrop.Analyzer, msgdrop.Doc},
	{keyset.Analyzer, keyset.Doc},
	{txfinish.Analyzer, txfinish.Doc},
	{srvtimeout.Analyzer, srvtimeout.Doc},
	{bodylimit.Analyzer, bodylimit.Doc},
}

// registry is the checks and, last, the directive check, which polices
// //faultline:ignore over all of them.
var registry = append(slices.Clip(checks), entry{Directive(analyzersOf(checks)), directive.Doc})

// followsPackages names the checks that follow other packages' helpers
// through facts when they declare them (every front end runs them so), and
// see less when run as a copy without facts.
var followsPackages = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range checks {
		m[e.analyzer.Name] = declaresFacts(e.analyzer)
	}
	return m
}()

// factDeclarers counts, for each check, the analyzers in it and its
// requirements that declare facts: a copy that declares fewer (its own
// FactTypes dropped) follows fewer packages than the check does.
var factDeclarers = func() map[string]int {
	m := map[string]int{}
	for _, e := range checks {
		m[e.analyzer.Name] = countFactDeclarers(e.analyzer, map[*analysis.Analyzer]bool{})
	}
	return m
}()

func countFactDeclarers(a *analysis.Analyzer, seen map[*analysis.Analyzer]bool) int {
	if seen[a] {
		return 0
	}
	seen[a] = true
	n := 0
	if len(a.FactTypes) > 0 {
		n++
	}
	for _, r := range a.Requires {
		n += countFactDeclarers(r, seen)
	}
	return n
}

// Directive returns the directive check over the checks that run: a front
// end that runs only some checks passes those (or their copies, matched by
// name), so that the others neither run for it nor have their directives
// reported as unused. It reports a directive as unused only for checks
// that see all they can in this run: a check that follows other packages
// through facts is not judged where it runs as a copy without them, which
// misses the findings that need them.
func Directive(checks []*analysis.Analyzer) *analysis.Analyzer {
	return directive.New(checks, complete)
}

// complete reports whether check a, as it runs, sees every finding it can.
func complete(a *analysis.Analyzer) bool {
	return !followsPackages[a.Name] || countFactDeclarers(a, map[*analysis.Analyzer]bool{}) >= factDeclarers[a.Name]
}

// declaresFacts reports whether a, or anything it requires, declares facts.
func declaresFacts(a *analysis.Analyzer) bool {
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, r := range a.Requires {
		if declaresFacts(r) {
			return true
		}
	}
	return false
}

func analyzersOf(es []entry) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(es))
	for i, e := range es {
		out[i] = e.analyzer
	}
	return out
}

// Analyzers returns every faultline analyzer.
func Analyzers() []*analysis.Analyzer {
	return analyzersOf(registry)
}

// Docs returns the documentation of every analyzer, in registry order.
func Docs() []*checkdoc.Doc {
	out := make([]*checkdoc.Doc, len(registry))
	for i, e := range registry {
		out[i] = e.doc
	}
	return out
}

// Doc returns the documentation of the named check, or nil.
func Doc(name string) *checkdoc.Doc {
	for _, e := range registry {
		if e.analyzer.Name == name {
			return e.doc
		}
	}
	return nil
}
