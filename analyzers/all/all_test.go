package all_test

import (
	"regexp"
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

// TestFindingCodes keeps the codes users cite stable in form: every check
// documents the kinds of finding it reports, each with a unique code of
// lower-case words joined by dashes and a title.
func TestFindingCodes(t *testing.T) {
	form := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	for _, d := range all.Docs() {
		if len(d.Findings) == 0 {
			t.Errorf("%s: documents no kind of finding (Doc.Findings)", d.Name)
		}
		seen := map[string]bool{}
		for _, f := range d.Findings {
			if !form.MatchString(f.Code) || seen[f.Code] {
				t.Errorf("%s: code %q is malformed or repeated", d.Name, f.Code)
			}
			seen[f.Code] = true
			if strings.TrimSpace(f.Title) == "" || strings.HasSuffix(f.Title, ".") {
				t.Errorf("%s %s: the title must be one phrase without a final period", d.Name, f.Code)
			}
			if d.FindingURL(f.Code) != d.URL()+"-"+f.Code {
				t.Errorf("%s %s: the finding's anchor is not the check's anchor and its code", d.Name, f.Code)
			}
		}
	}
}
