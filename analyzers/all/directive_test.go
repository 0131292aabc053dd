package all_test

import (
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
// without them (as all.Standalone runs it), sees less and does not judge
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
