package all_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"github.com/faultline-dev/faultline/internal/report"
	"golang.org/x/tools/go/analysis"
)

// The checks a directive may name are exactly the registered checks.
func TestChecksMatchRegistry(t *testing.T) {
	var names []string
	for _, a := range all.Analyzers() {
		if a.Name != "directive" {
			names = append(names, a.Name)
		}
	}
	if !slices.Equal(names, report.Checks) {
		t.Errorf("registered checks %v, but report.Checks (what //faultline:ignore accepts) is %v", names, report.Checks)
	}
}

func TestAnalyzersAreWellFormed(t *testing.T) {
	if err := analysis.Validate(all.Analyzers()); err != nil {
		t.Fatal(err)
	}
	docs := all.Docs()
	for i, a := range all.Analyzers() {
		d := docs[i]
		if d == nil || d.Name != a.Name {
			t.Errorf("%s: documentation missing or for another check", a.Name)
			continue
		}
		if a.Doc != d.String() || a.URL != d.URL() {
			t.Errorf("%s: Doc and URL must come from its checkdoc.Doc", a.Name)
		}
		if strings.TrimSpace(d.Title) == "" || strings.TrimSpace(d.Why) == "" || strings.TrimSpace(d.Bad) == "" || strings.TrimSpace(d.Good) == "" {
			t.Errorf("%s: documentation needs a title, the why, a bad and a good example", a.Name)
		}
		if a.RunDespiteErrors && a.Name != "directive" {
			t.Errorf("%s: a check must not run on packages that do not type-check", a.Name)
		}
	}
}

// TestFixesColumn keeps the README's Fix column honest: every check says
// whether its findings carry fixes, and a check with no fix line has none.
func TestFixesColumn(t *testing.T) {
	for _, d := range all.Docs() {
		switch d.Fixes {
		case checkdoc.FixesAll, checkdoc.FixesSome, checkdoc.FixesNone:
		default:
			t.Errorf("%s: Fixes = %q, want %q, %q or %q", d.Name, d.Fixes, checkdoc.FixesAll, checkdoc.FixesSome, checkdoc.FixesNone)
		}
		if (d.Fixes == checkdoc.FixesNone) != (d.FixLine == "" || strings.HasPrefix(d.FixLine, "none")) {
			t.Errorf("%s: Fixes = %q but FixLine = %q", d.Name, d.Fixes, d.FixLine)
		}
	}
}
