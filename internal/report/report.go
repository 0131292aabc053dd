// Package report is the one way faultline's checks report a diagnostic.
//
// Report adds the check's name to the message (golangci-lint and go vet
// print only the message, so the name must travel in it), drops diagnostics
// in generated files, and honours suppression directives:
//
//	//faultline:ignore selectinsert the key is unique per tenant, see ADR-12
//
// A directive silences the named checks (a comma-separated list) on its own
// line and on the line below it. The reason is required (a trailing
// " // ..." is a comment on the directive and does not count as one); a directive without
// one, or naming an unknown check, silences nothing and is reported by the
// "directive" check.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Checks lists the names of faultline's checks, in the order of the
// registry. Directives may name only these. The registry's tests keep the
// list in step with the analyzers it registers.
var Checks = []string{"selectinsert", "onconflict", "retryloop", "ctxtimeout", "closeerr"}

// Prefix is the comment prefix of a suppression directive.
const Prefix = "//faultline:ignore"

// Analyzer indexes a package's suppression directives and generated files.
// Every check lists it in Requires and reports through Report.
var Analyzer = &analysis.Analyzer{
	Name:             "faultlinedirectives",
	Doc:              "index //faultline:ignore directives and generated files for faultline's checks",
	Run:              run,
	ResultType:       reflect.TypeFor[*Index](),
	RunDespiteErrors: true,
}

// Directive is one //faultline:ignore comment.
type Directive struct {
	Pos     token.Pos
	End     token.Pos
	Checks  []string // the check names as written
	Unknown []string // names that are not faultline checks
	Reason  string
}

// Valid reports whether the directive silences anything: it names only
// known checks and gives a reason.
func (d *Directive) Valid() bool {
	return len(d.Checks) > 0 && len(d.Unknown) == 0 && d.Reason != ""
}

type lineKey struct {
	file string
	line int
}

// Index holds a package's directives and the files that are generated.
type Index struct {
	fset       *token.FileSet
	Directives []*Directive
	generated  map[string]bool
	silenced   map[lineKey][]string
}

func run(pass *analysis.Pass) (any, error) {
	ix := &Index{
		fset:      pass.Fset,
		generated: map[string]bool{},
		silenced:  map[lineKey][]string{},
	}
	for _, f := range pass.Files {
		name := pass.Fset.PositionFor(f.Pos(), false).Filename
		if isGenerated(pass.Fset, f) {
			ix.generated[name] = true
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d := parse(c)
				if d == nil {
					continue
				}
				ix.Directives = append(ix.Directives, d)
				if !d.Valid() {
					continue
				}
				line := pass.Fset.PositionFor(c.Pos(), false).Line
				for _, l := range []int{line, line + 1} {
					k := lineKey{name, l}
					ix.silenced[k] = append(ix.silenced[k], d.Checks...)
				}
			}
		}
	}
	return ix, nil
}

// parse returns the directive in c, or nil if c is not one.
func parse(c *ast.Comment) *Directive {
	text, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok || (text != "" && text[0] != ' ' && text[0] != '\t') {
		return nil
	}
	d := &Directive{Pos: c.Pos(), End: c.End()}
	// A trailing " // ..." is a comment on the directive, not part of it.
	if i := strings.Index(text, " //"); i >= 0 {
		text = text[:i]
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return d
	}
	for _, name := range strings.Split(fields[0], ",") {
		if name == "" {
			continue
		}
		d.Checks = append(d.Checks, name)
		if !slices.Contains(Checks, name) {
			d.Unknown = append(d.Unknown, name)
		}
	}
	d.Reason = strings.Join(fields[1:], " ")
	return d
}

// Generated reports whether pos lies in a generated file.
func (ix *Index) Generated(pos token.Pos) bool {
	return ix.generated[ix.fset.PositionFor(pos, false).Filename]
}

// Silenced reports whether a valid directive silences check at pos.
func (ix *Index) Silenced(check string, pos token.Pos) bool {
	p := ix.fset.PositionFor(pos, false)
	return slices.Contains(ix.silenced[lineKey{p.Filename, p.Line}], check)
}

// Report reports d for the pass's check unless it is in a generated file or
// silenced by a directive. It prefixes the message with the check's name.
// The pass's analyzer must require Analyzer.
func Report(pass *analysis.Pass, d analysis.Diagnostic) {
	ix := pass.ResultOf[Analyzer].(*Index)
	name := pass.Analyzer.Name
	if ix.Generated(d.Pos) || ix.Silenced(name, d.Pos) {
		return
	}
	if !strings.HasPrefix(d.Message, name+": ") {
		d.Message = name + ": " + d.Message
	}
	pass.Report(d)
}

// Reportf is Report for a message with no fixes.
func Reportf(pass *analysis.Pass, rng analysis.Range, format string, args ...any) {
	Report(pass, analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
}
