// Package all is faultline's one registry of analyzers. Every front end (the
// faultline command, go vet -vettool, the golangci-lint plugin, SARIF output)
// takes its analyzers from here, so a new check is added in one place.
package all

import (
	"github.com/faultline-dev/faultline/analyzers/closeerr"
	"github.com/faultline-dev/faultline/analyzers/ctxtimeout"
	"github.com/faultline-dev/faultline/analyzers/directive"
	"github.com/faultline-dev/faultline/analyzers/onconflict"
	"github.com/faultline-dev/faultline/analyzers/retryloop"
	"github.com/faultline-dev/faultline/analyzers/selectinsert"
	"github.com/faultline-dev/faultline/analyzers/txfinish"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

// entry pairs an analyzer with its documentation.
type entry struct {
	analyzer *analysis.Analyzer
	doc      *checkdoc.Doc
}

// registry lists the checks in the order the README and outputs show them;
// the directive check, which polices //faultline:ignore, comes last.
var registry = []entry{
	{selectinsert.Analyzer, selectinsert.Doc},
	{onconflict.Analyzer, onconflict.Doc},
	{retryloop.Analyzer, retryloop.Doc},
	{ctxtimeout.Analyzer, ctxtimeout.Doc},
	{closeerr.Analyzer, closeerr.Doc},
	{txfinish.Analyzer, txfinish.Doc},
	{directive.Analyzer, directive.Doc},
}

// Analyzers returns every faultline analyzer.
func Analyzers() []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(registry))
	for i, e := range registry {
		out[i] = e.analyzer
	}
	return out
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
