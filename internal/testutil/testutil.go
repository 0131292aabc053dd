// Package testutil runs faultline's analyzers over test fixtures.
//
// Fixtures live in a GOPATH-style tree, ./testdata/src, beside each
// analyzer's tests; the stub libraries every check knows (pgx, sqlx, GORM,
// retry libraries, gRPC, go-redis, cloud storage) live once, in the
// repository's testdata/stubs/src. Dir assembles both into a temporary
// GOPATH, and Run and RunWithSuggestedFixes hand it to analysistest.
//
// RunWithSuggestedFixes also runs the fix-safety harness (CheckFixes): the
// fixed sources (the .golden files) must be as goimports prints them and
// type-check, and running the analyzer over them must not report a fixed
// diagnostic again.
package testutil

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/imports"
	"golang.org/x/tools/txtar"
)

// Root returns the repository root: the nearest directory above the
// working directory that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testutil: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Dir returns a temporary GOPATH holding the stub libraries and the
// fixtures in ./testdata/src.
func Dir(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	copyTree(t, filepath.Join(Root(t), "testdata", "stubs", "src"), filepath.Join(dst, "src"))
	copyTree(t, filepath.Join("testdata", "src"), filepath.Join(dst, "src"))
	return dst
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("testutil: copying %s: %v", from, err)
	}
}

// Run runs a over the fixture packages and checks their // want comments.
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return analysistest.Run(t, Dir(t), a, pkgs...)
}

// RunWithSuggestedFixes is Run that also applies the suggested fixes,
// compares the fixed files with their .golden files, and checks the fixes
// with CheckFixes.
func RunWithSuggestedFixes(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	dir := Dir(t)
	results := analysistest.RunWithSuggestedFixes(t, dir, a, pkgs...)
	CheckFixes(t, dir, a, results)
	return results
}

var digits = regexp.MustCompile(`[0-9]+`)

// normalize makes a message comparable across a fix that moves lines.
func normalize(msg string) string { return digits.ReplaceAllString(msg, "N") }

// CheckFixes is the fix-safety harness. For every package in results that
// has .golden files, it builds the fixed package (every plain golden file
// in place of its source; each section of a txtar golden as a variant of
// its own), requires it to type-check, runs a over it again, and fails if
// a diagnostic that carried a fix is reported again. A message may recur
// only as often as it was reported without a fix before, no new message may
// appear (a fix must not create a finding), and every message
// reported without a fix must still be reported after all fixes (a fix
// that silences another finding has hidden its hazard, not removed it).
func CheckFixes(t *testing.T, dir string, a *analysis.Analyzer, results []*analysistest.Result) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range results {
		if r.Pass == nil || r.Pass.Pkg == nil {
			continue
		}
		path := strings.TrimSuffix(r.Pass.Pkg.Path(), ".test")
		path, _, _ = strings.Cut(path, " ")
		if seen[path] {
			continue
		}
		seen[path] = true
		fixed := map[string]int{}   // normalized message -> count with fixes
		unfixed := map[string]int{} // normalized message -> count without
		before := map[string]int{}  // finding key -> count
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				fixed[normalize(d.Message)]++
			} else {
				unfixed[normalize(d.Message)]++
			}
			before[findingKey(r.Pass.Fset, r.Pass.Files, d)]++
		}
		pkgDir := filepath.Join(dir, "src", filepath.FromSlash(path))
		variants := goldenVariants(t, pkgDir)
		// analysistest compares a golden file only with a file that fixes
		// edit: a golden whose fixes are no longer offered passes silently.
		edited := map[string]bool{}
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				for _, e := range f.TextEdits {
					edited[filepath.Base(r.Pass.Fset.Position(e.Pos).Filename)] = true
				}
			}
		}
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				checkMinimal(t, r.Pass, d, f)
			}
		}
		goldens, _ := filepath.Glob(filepath.Join(pkgDir, "*.golden"))
		for _, g := range goldens {
			if src := strings.TrimSuffix(filepath.Base(g), ".golden"); !edited[src] {
				t.Errorf("fix-safety %s: %s.golden exists but no fix edits %s", path, src, src)
			}
		}
		if len(variants) == 0 {
			if len(fixed) > 0 {
				t.Errorf("fix-safety: package %s has fixes but no .golden files", path)
			}
			continue
		}
		for _, v := range variants {
			checkVariant(t, dir, path, a, v, fixed, unfixed, before)
		}
	}
}

// variant is a set of file contents (by base name) that replace the
// package's sources.
type variant struct {
	name  string
	files map[string][]byte
}

func goldenVariants(t *testing.T, pkgDir string) []variant {
	t.Helper()
	goldens, _ := filepath.Glob(filepath.Join(pkgDir, "*.golden"))
	sort.Strings(goldens)
	if len(goldens) == 0 {
		return nil
	}
	base := variant{name: "all fixes", files: map[string][]byte{}}
	var sections []variant
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		src := strings.TrimSuffix(filepath.Base(g), ".golden")
		if ar := txtar.Parse(data); len(ar.Files) > 0 && len(ar.Comment) == 0 {
			for _, f := range ar.Files {
				sections = append(sections, variant{name: src + ": " + f.Name, files: map[string][]byte{src: f.Data}})
			}
			continue
		}
		base.files[src] = data
	}
	for _, v := range append([]variant{base}, sections...) {
		for name, data := range v.files {
			checkImports(t, filepath.Base(pkgDir)+"/"+name+".golden", v.name, data)
		}
	}
	var out []variant
	if len(base.files) > 0 {
		out = append(out, base)
	}
	for _, s := range sections {
		for k, v := range base.files {
			if _, ok := s.files[k]; !ok {
				s.files[k] = v
			}
		}
		out = append(out, s)
	}
	return out
}

// checkMinimal fails if a fix rewrites code it does not change: a line of
// the original file that gofmt would reformat, outside the declaration the
// diagnostic is in and outside the import declarations, must still be
// there, as it was, after the fix's edits are applied as they are. Drivers
// that apply edits without formatting the whole file (golangci-lint, gopls)
// would otherwise reformat unrelated code, and any driver's -diff shows it.
func checkMinimal(t *testing.T, pass *analysis.Pass, d analysis.Diagnostic, fix analysis.SuggestedFix) {
	t.Helper()
	fset := pass.Fset
	byFile := map[*token.File][]analysis.TextEdit{}
	for _, e := range fix.TextEdits {
		if tf := fset.File(e.Pos); tf != nil {
			byFile[tf] = append(byFile[tf], e)
		}
	}
	for tf, edits := range byFile {
		src, err := os.ReadFile(tf.Name())
		if err != nil || len(src) != tf.Size() {
			continue
		}
		formatted, err := format.Source(src)
		if err != nil {
			continue
		}
		clean := map[string]int{}
		for _, l := range strings.Split(string(formatted), "\n") {
			clean[l]++
		}
		// The exempt spans: the declaration around the diagnostic (not its
		// doc comment) and the import declarations.
		type span struct{ lo, hi int }
		var exempt []span
		for _, f := range pass.Files {
			if fset.File(f.Pos()) != tf {
				continue
			}
			for _, decl := range f.Decls {
				gd, isGen := decl.(*ast.GenDecl)
				if isGen && gd.Tok == token.IMPORT || decl.Pos() <= d.Pos && d.Pos < decl.End() {
					start := decl.Pos()
					if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
						start = fd.Type.Pos()
					}
					exempt = append(exempt, span{tf.Offset(start), tf.Offset(decl.End())})
				}
			}
		}
		sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
		var out []byte
		last := 0
		for _, e := range edits {
			s, end := tf.Offset(e.Pos), tf.Offset(e.End)
			if s < last {
				t.Errorf("fix-safety %s: fix %q has overlapping edits", filepath.Base(tf.Name()), fix.Message)
				return
			}
			out = append(append(out, src[last:s]...), e.NewText...)
			last = end
		}
		out = append(out, src[last:]...)
		after := map[string]int{}
		for _, l := range strings.Split(string(out), "\n") {
			after[l]++
		}
		off := 0
		for _, l := range strings.Split(string(src), "\n") {
			lo, hi := off, off+len(l)
			off = hi + 1
			if clean[l] > 0 || slices.ContainsFunc(exempt, func(s span) bool { return s.lo <= hi && lo <= s.hi }) {
				continue
			}
			if after[l] == 0 {
				t.Errorf("fix-safety %s: fix %q reformats a line outside what it changes: %q", filepath.Base(tf.Name()), fix.Message, l)
			}
		}
	}
}

// checkImports fails if a golden file is not as goimports prints it: the
// imports a fix adds must land where goimports puts them (a std import in
// the std group, one import declaration), so that running goimports after
// faultline -fix changes nothing.
func checkImports(t *testing.T, golden, variant string, src []byte) {
	t.Helper()
	out, err := imports.Process(golden, src, &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
	if err != nil {
		t.Errorf("fix-safety %s (%s): goimports: %v", golden, variant, err)
		return
	}
	if !bytes.Equal(out, src) {
		t.Errorf("fix-safety %s (%s): goimports would change the fixed file; the imports should read:\n%s", golden, variant, importBlock(out))
	}
}

// importBlock is the import declarations of src, for a failure message.
func importBlock(src []byte) string {
	s := string(src)
	i := strings.Index(s, "\nimport")
	if i < 0 {
		return s
	}
	s = s[i+1:]
	if j := strings.Index(s, "\n\n"); j >= 0 && !strings.HasPrefix(s, "import (") {
		return s[:j]
	}
	if j := strings.Index(s, "\n)"); j >= 0 {
		return s[:j+2]
	}
	return s
}

// findingKey identifies a finding across a fix that moves lines and may
// shorten its message (a loop with one hazard fixed still has the others):
// the function it is in, the check, and the message's first word (what the
// finding is about: retry.Do, f.Close(), context.Background()).
func findingKey(fset *token.FileSet, files []*ast.File, d analysis.Diagnostic) string {
	fn := "(package level)"
	for _, f := range files {
		if f.FileStart > d.Pos || d.Pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Pos() <= d.Pos && d.Pos < fd.End() {
				fn = fd.Name.Name
				if fd.Recv != nil && len(fd.Recv.List) > 0 {
					fn = types.ExprString(fd.Recv.List[0].Type) + "." + fn
				}
			}
		}
	}
	words := strings.Fields(normalize(d.Message))
	if len(words) > 2 {
		words = words[:2] // the check and what the finding is about
	}
	return fn + ": " + strings.Join(words, " ")
}

func checkVariant(t *testing.T, dir, path string, a *analysis.Analyzer, v variant, fixed, unfixed, before map[string]int) {
	t.Helper()
	tmp := t.TempDir()
	copyTree(t, filepath.Join(dir, "src"), filepath.Join(tmp, "src"))
	pkgDir := filepath.Join(tmp, "src", filepath.FromSlash(path))
	for name, data := range v.files {
		if err := os.WriteFile(filepath.Join(pkgDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  tmp,
		Env:  append(os.Environ(), "GOPATH="+tmp, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, path)
	if err != nil {
		t.Errorf("fix-safety %s (%s): load: %v", path, v.name, err)
		return
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		t.Errorf("fix-safety %s (%s): the fixed code does not compile:\n%s", path, v.name, strings.Join(errs, "\n"))
		return
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Errorf("fix-safety %s (%s): analysis: %v", path, v.name, err)
		return
	}
	again := map[string][]string{}
	after := map[string][]string{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("fix-safety %s (%s): %v", path, v.name, act.Err)
		}
		for _, d := range act.Diagnostics {
			k := findingKey(act.Package.Fset, act.Package.Syntax, d)
			after[k] = append(after[k], fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
			m := normalize(d.Message)
			again[m] = append(again[m], fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
		}
	}
	for m, where := range again {
		if fixed[m] > 0 && len(where) > unfixed[m] {
			t.Errorf("fix-safety %s (%s): a fixed diagnostic is reported again:\n%s", path, v.name, strings.Join(where, "\n"))
		}
	}
	// A fix must not create a finding, of its own kind or another.
	var created []string
	for k, where := range after {
		if len(where) > before[k] {
			created = append(created, strings.Join(where, "\n"))
		}
	}
	sort.Strings(created)
	if len(created) > 0 {
		t.Errorf("fix-safety %s (%s): the fixes created a finding:\n%s", path, v.name, strings.Join(created, "\n"))
	}
	if v.name != "all fixes" {
		return // one fix applied: the others' findings remain, and may differ in detail
	}
	// A fix must not silence a finding it did not fix: the hazard of a
	// diagnostic without a fix is still there.
	var lost []string
	for m, n := range unfixed {
		if len(again[m]) < n {
			lost = append(lost, m)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 {
		t.Errorf("fix-safety %s (%s): a fix silenced a finding it did not fix:\n%s", path, v.name, strings.Join(lost, "\n"))
	}
}

// MaxMessage is the longest message a check may write, not counting the
// "<check>: " prefix that report adds.
const MaxMessage = 160

var lineRef = regexp.MustCompile(`\bline [0-9]+\b`)

// CheckMessages fails for every diagnostic (and related position) in results
// whose message is longer than MaxMessage after the check's name, names a
// line ("line 37": positions go in Related), is not one line, or has no
// documented code (Category; checkdoc.Doc.Code panics in tests on a code
// the Doc does not list).
func CheckMessages(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			n++
			msg := d.Message
			if name, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(name, " ") {
				msg = rest
			}
			pos := r.Pass.Fset.Position(d.Pos)
			if len(msg) > MaxMessage {
				t.Errorf("%s: message has %d characters (at most %d): %s", pos, len(msg), MaxMessage, msg)
			}
			if lineRef.MatchString(msg) {
				t.Errorf("%s: message names a line (use Related): %s", pos, msg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("%s: message is not one line: %q", pos, msg)
			}
			if d.Category == "" || d.URL == "" {
				t.Errorf("%s: diagnostic has no code (Category, from the check's Doc.Code) or no URL: %s", pos, msg)
			}
			for _, rel := range d.Related {
				if len(rel.Message) > MaxMessage || lineRef.MatchString(rel.Message) || strings.Contains(rel.Message, "\n") {
					t.Errorf("%s: related message %q is too long, names a line or is not one line", pos, rel.Message)
				}
			}
		}
	}
	if n == 0 {
		t.Error("CheckMessages: no diagnostic to check")
	}
}
