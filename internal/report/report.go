// Package report is the one way faultline's checks report a diagnostic.
//
// Report adds the check's name to the message (golangci-lint and go vet
// print only the message, so the name must travel in it), drops diagnostics
// in generated files, and honours suppression directives:
//
//	//faultline:ignore selectinsert the key is unique per tenant, see ADR-12
//	//faultline:file-ignore closeerr,retryloop a throwaway migration tool
//
// A //faultline:ignore directive silences the named checks (a
// comma-separated list) on its own line and on the line below it; a
// //faultline:file-ignore directive, written anywhere in a file, silences
// them in the whole file. The reason is required (a trailing " // ..." is a
// comment on the directive and does not count as one); a directive without
// one, or naming an unknown check, silences nothing and is reported by the
// "directive" check.
//
// The Index is the result of Analyzer, which every check requires, so all
// the checks that run on a package share it. Report records in it which
// directive silenced which check's diagnostic; the directive check, which
// requires the checks and so runs after them, reads that record (Used) to
// report the directives that silenced nothing.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

// Checks lists the names of faultline's checks, in the order of the
// registry. Directives may name only these. The registry's tests keep the
// list in step with the analyzers it registers.
var Checks = []string{"selectinsert", "onconflict", "retryloop", "ctxtimeout", "closeerr", "headerorder", "msgdrop", "keyset", "txfinish", "srvtimeout", "bodylimit"}

// Prefix is the comment prefix of a line suppression directive, and
// FilePrefix that of a file suppression directive.
const (
	Prefix     = "//faultline:ignore"
	FilePrefix = "//faultline:file-ignore"
)

// Analyzer indexes a package's suppression directives and generated files.
// Every check lists it in Requires and reports through Report.
var Analyzer = &analysis.Analyzer{
	Name:             "faultlinedirectives",
	Doc:              "index //faultline:ignore directives and generated files for faultline's checks",
	Run:              run,
	ResultType:       reflect.TypeFor[*Index](),
	RunDespiteErrors: true,
}

// Directive is one //faultline:ignore or //faultline:file-ignore comment.
type Directive struct {
	Pos     token.Pos
	End     token.Pos
	File    bool     // a //faultline:file-ignore: it covers its whole file
	Checks  []string // the check names as written
	Unknown []string // names that are not faultline checks
	Reason  string
}

// Valid reports whether the directive silences anything: it names only
// known checks and gives a reason.
func (d *Directive) Valid() bool {
	return len(d.Checks) > 0 && len(d.Unknown) == 0 && d.Reason != ""
}

// Form returns the directive's prefix, as written in messages.
func (d *Directive) Form() string {
	if d.File {
		return FilePrefix
	}
	return Prefix
}

type lineKey struct {
	file string
	line int
}

type useKey struct {
	d     *Directive
	check string
}

// Index holds a package's directives and the files that are generated.
type Index struct {
	fset       *token.FileSet
	Directives []*Directive
	generated  map[string]bool
	lines      map[lineKey][]*Directive // valid line directives by the lines they cover
	files      map[string][]*Directive  // valid file directives by file name

	// testOnly are the functions that refuse to run outside a test (their
	// body starts with if !testing.Testing() { panic(...) }): test support
	// kept beside production code, not production behaviour.
	testOnly []analysis.Range

	mu   sync.Mutex // the checks of a package may run concurrently
	used map[useKey]bool
}

func run(pass *analysis.Pass) (any, error) {
	ix := &Index{
		fset:      pass.Fset,
		generated: map[string]bool{},
		lines:     map[lineKey][]*Directive{},
		files:     map[string][]*Directive{},
		used:      map[useKey]bool{},
	}
	for _, f := range pass.Files {
		name := pass.Fset.PositionFor(f.Pos(), false).Filename
		if isGenerated(pass.Fset, f) {
			ix.generated[name] = true
			continue
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && testOnlyFunc(pass.TypesInfo, fd) {
				ix.testOnly = append(ix.testOnly, fd)
			}
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
				if d.File {
					ix.files[name] = append(ix.files[name], d)
					continue
				}
				line := pass.Fset.PositionFor(c.Pos(), false).Line
				for _, l := range []int{line, line + 1} {
					k := lineKey{name, l}
					ix.lines[k] = append(ix.lines[k], d)
				}
			}
		}
	}
	return ix, nil
}

// parse returns the directive in c, or nil if c is not one.
func parse(c *ast.Comment) *Directive {
	d := &Directive{Pos: c.Pos(), End: c.End()}
	text, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok {
		text, ok = strings.CutPrefix(c.Text, FilePrefix)
		d.File = true
	}
	if !ok || (text != "" && text[0] != ' ' && text[0] != '\t') {
		return nil
	}
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

// inTestOnly reports whether pos lies in a function that runs only in
// tests (testOnlyFunc).
func (ix *Index) inTestOnly(pos token.Pos) bool {
	for _, r := range ix.testOnly {
		if r.Pos() <= pos && pos < r.End() {
			return true
		}
	}
	return false
}

// testOnlyFunc reports a function whose body starts with
// if !testing.Testing() { ... panic(...) or return }.
func testOnlyFunc(info *types.Info, fd *ast.FuncDecl) bool {
	if fd.Body == nil || len(fd.Body.List) == 0 || info == nil {
		return false
	}
	ifs, ok := fd.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || len(ifs.Body.List) == 0 {
		return false
	}
	not, ok := ast.Unparen(ifs.Cond).(*ast.UnaryExpr)
	if !ok || not.Op != token.NOT {
		return false
	}
	call, ok := ast.Unparen(not.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Testing" {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "testing" {
		return false
	}
	switch last := ifs.Body.List[len(ifs.Body.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		c, ok := ast.Unparen(last.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(c.Fun).(*ast.Ident)
		return ok && id.Name == "panic" && info.Uses[id] == types.Universe.Lookup("panic")
	}
	return false
}

// Generated reports whether pos lies in a generated file.
func (ix *Index) Generated(pos token.Pos) bool {
	return ix.generated[ix.fset.PositionFor(pos, false).Filename]
}

// silencers returns the valid directives that silence check at pos.
func (ix *Index) silencers(check string, pos token.Pos) []*Directive {
	p := ix.fset.PositionFor(pos, false)
	var out []*Directive
	for _, d := range ix.lines[lineKey{p.Filename, p.Line}] {
		if slices.Contains(d.Checks, check) {
			out = append(out, d)
		}
	}
	for _, d := range ix.files[p.Filename] {
		if slices.Contains(d.Checks, check) {
			out = append(out, d)
		}
	}
	return out
}

// Silenced reports whether a valid directive silences check at pos.
func (ix *Index) Silenced(check string, pos token.Pos) bool {
	return len(ix.silencers(check, pos)) > 0
}

// silence reports whether check is silenced at pos and, if so, records
// every directive that silences it as used by check.
func (ix *Index) silence(check string, pos token.Pos) bool {
	ds := ix.silencers(check, pos)
	if len(ds) == 0 {
		return false
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, d := range ds {
		ix.used[useKey{d, check}] = true
	}
	return true
}

// Used reports whether d has silenced a diagnostic of check, reported
// through Report, so far. It is complete for a check once the check has
// run on the package: an analyzer that requires the check and calls Used
// sees every diagnostic the check silenced.
func (ix *Index) Used(d *Directive, check string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.used[useKey{d, check}]
}

// Report reports d for the pass's check unless it is in a generated file or
// silenced by a directive, which it then records as used (see Used). It
// prefixes the message with the check's name. The pass's analyzer must
// require Analyzer.
func Report(pass *analysis.Pass, d analysis.Diagnostic) {
	ix := pass.ResultOf[Analyzer].(*Index)
	name := pass.Analyzer.Name
	if ix.Generated(d.Pos) || ix.inTestOnly(d.Pos) || ix.silence(name, d.Pos) {
		return
	}
	if !strings.HasPrefix(d.Message, name+": ") {
		d.Message = name + ": " + d.Message
	}
	if d.Category != "" && d.URL == "" {
		// The finding's own paragraph (checkdoc.Doc.FindingURL).
		d.URL = checkdoc.Home + "#" + name + "-" + d.Category
	}
	pass.Report(d)
}

// Reportc is Reportf for a finding of a documented kind: code is its
// Category (checkdoc.Doc.Code).
func Reportc(pass *analysis.Pass, rng analysis.Range, code, format string, args ...any) {
	Report(pass, analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Category: code, Message: fmt.Sprintf(format, args...)})
}

// Reportf is Report for a message with no fixes.
func Reportf(pass *analysis.Pass, rng analysis.Range, format string, args ...any) {
	Report(pass, analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
}
