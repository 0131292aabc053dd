package main

// faultline's standalone driver: it loads the root packages with
// go/packages (syntax and types for the roots, export data for everything
// else), runs the analyzers on each root in dependency order, and carries
// the analyzers' facts between the roots in memory. Packages outside the
// roots contribute no facts. See the README's design notes.

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// loadConfig says what to load.
type loadConfig struct {
	patterns []string
	tests    bool                             // load test variants too
	tags     string                           // -tags, passed to the go command
	overlay  map[string][]byte                // file contents that replace the files on disk (fix rounds)
	keep     func(file string, line int) bool // the findings to report (configuration, -new-from-*); nil: all
}

// A finding is one diagnostic of a selected check, reported once however
// many variants of its package (p, p [p.test]) reported it.
type finding struct {
	check string
	pkgID string // the first package that reported it
	pkg   string // its import path
	fset  *token.FileSet
	diag  analysis.Diagnostic
}

// result is what one analysis of the roots produced.
type result struct {
	findings []finding // in package order, then report order
	errors   []string  // one line each, no duplicates, in order
	roots    int       // packages analysed
	timing   map[string]time.Duration
}

// driver runs one analysis.
type driver struct {
	analyzers []*analysis.Analyzer // selected, in registry order
	order     []*analysis.Analyzer // they and what they require, each after what it requires
	selected  map[*analysis.Analyzer]bool
	overlay   map[string][]byte
	parallel  int

	mu     sync.Mutex
	byPkg  map[*types.Package]*pkgFacts // the facts of each analysed package, by its source view
	byPath map[string]*pkgFacts         // the same, by import path (the non-test variant)
	timing map[string]time.Duration
}

// analyze loads the packages of cfg and runs the analyzers on them. It
// returns an error only when nothing could be loaded at all; errors in
// packages are in the result.
func analyze(cfg loadConfig, analyzers []*analysis.Analyzer, parallel int) (*result, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule
	conf := &packages.Config{Mode: mode, Tests: cfg.tests, Overlay: cfg.overlay}
	if cfg.tags != "" {
		conf.BuildFlags = []string{"-tags=" + cfg.tags}
	}
	raiseGCTarget()
	initial, err := packages.Load(conf, cfg.patterns...)
	if err != nil {
		return nil, loadError(err)
	}
	if len(initial) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(cfg.patterns, " "))
	}
	if parallel <= 0 {
		parallel = runtime.GOMAXPROCS(0)
	}
	limitMemory()
	d := &driver{
		analyzers: analyzers,
		selected:  map[*analysis.Analyzer]bool{},
		overlay:   cfg.overlay,
		parallel:  parallel,
		byPkg:     map[*types.Package]*pkgFacts{},
		byPath:    map[string]*pkgFacts{},
		timing:    map[string]time.Duration{},
	}
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		d.order = append(d.order, a)
	}
	for _, a := range analyzers {
		d.selected[a] = true
		visit(a)
	}
	res := d.run(initial)
	if cfg.keep != nil {
		kept := res.findings[:0]
		for _, f := range res.findings {
			p := f.fset.PositionFor(f.diag.Pos, false)
			if cfg.keep(p.Filename, p.Line) {
				kept = append(kept, f)
			}
		}
		res.findings = kept
	}
	return res, nil
}

// raiseGCTarget sets the collector's target for the run to GOGC=200 unless
// the user set GOGC: loading and the checks make much short-lived garbage
// (the parser's and type checker's, then the checks'), and with the
// default target the collector ran about twice as often for the same
// result. limitMemory then caps the heap once the packages are loaded, so
// the higher target costs little memory at the peak. On dendrite, on 2
// cores: 2.2 s wall against 2.7 s with the default target, at 1.2x against
// 1.1x the types-only floor's peak memory (README, Performance).
func raiseGCTarget() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// limitMemory caps the heap, for the analysis, near what loading took:
// with the collector's target (three times the live heap, raiseGCTarget)
// the checks' garbage, on top of every loaded package's syntax and types,
// would otherwise raise the peak well above the load's. A limit the user
// set (GOMEMLIMIT) is kept.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	limit := int64(float64(m.Sys) * memoryHeadroom)
	if cur := debug.SetMemoryLimit(-1); limit < cur {
		debug.SetMemoryLimit(limit)
	}
}

// memoryHeadroom is how far above the load's footprint the analysis may
// grow before the collector works harder to stay there; gcPercent is the
// collector's target below that.
var (
	memoryHeadroom = 1.45
	gcPercent      = 200
)

// loadError makes a go/packages error one line.
func loadError(err error) error {
	msg := strings.TrimSpace(err.Error())
	msg = strings.TrimPrefix(msg, "err: ")
	if i := strings.Index(msg, "\n"); i >= 0 {
		lines := strings.Fields(strings.ReplaceAll(msg, "\n", " "))
		msg = strings.Join(lines, " ")
	}
	return errors.New(msg)
}

// node is one root package in the analysis.
type node struct {
	pkg   *packages.Package
	deps  []*node // the roots it imports, directly or through packages that are not roots
	done  chan struct{}
	diags []finding
	err   error
}

func (d *driver) run(initial []*packages.Package) *result {
	res := &result{}
	seenErr := map[string]bool{}
	wd, _ := os.Getwd()
	packages.Visit(initial, nil, func(p *packages.Package) {
		for _, msg := range packageErrors(p, wd) {
			if !seenErr[msg] {
				seenErr[msg] = true
				res.errors = append(res.errors, msg)
			}
		}
	})

	// The roots, without the generated test mains (p.test).
	nodes := map[*packages.Package]*node{}
	var roots []*node
	for _, p := range initial {
		if p.Name == "main" && strings.HasSuffix(p.ID, ".test") {
			continue
		}
		n := &node{pkg: p, done: make(chan struct{})}
		nodes[p] = n
		roots = append(roots, n)
	}
	// Each root waits for the roots it can see, through any import path.
	reach := map[*packages.Package][]*node{}
	var reachable func(p *packages.Package) []*node
	reachable = func(p *packages.Package) []*node {
		if r, ok := reach[p]; ok {
			return r
		}
		reach[p] = nil // imports are acyclic; this only guards against a broken graph
		var out []*node
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			imp := p.Imports[path]
			if n := nodes[imp]; n != nil {
				out = append(out, n)
			} else {
				out = append(out, reachable(imp)...)
			}
		}
		slices.SortFunc(out, func(a, b *node) int { return strings.Compare(a.pkg.ID, b.pkg.ID) })
		out = slices.Compact(out)
		reach[p] = out
		return out
	}
	for _, n := range roots {
		n.deps = reachable(n.pkg)
	}

	sem := make(chan struct{}, d.parallel)
	var wg sync.WaitGroup
	for _, n := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(n.done)
			for _, dep := range n.deps {
				<-dep.done
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			n.diags, n.err = d.analyzePackage(n.pkg)
			// Only the package's own passes use its syntax and type
			// information; its importers need its types.Package alone
			// (and the facts). Dropping them now keeps the live heap, and
			// with it the peak and the collector's work, shrinking as the
			// run proceeds.
			n.pkg.Syntax, n.pkg.TypesInfo = nil, nil
		}()
	}
	wg.Wait()

	// Findings once each: a file of p is analysed in p and in p [p.test].
	// The test variant can word the same finding differently (a test that
	// calls the function changes what its callers pass), so a check's
	// finding of one code at one span is kept from one package only: the
	// package itself where it has it, else the first variant that does.
	type key struct {
		check, file string
		pos, end    int
		message     string
	}
	type span struct {
		check, file, code string
		pos, end          int
	}
	spanOf := func(f finding) span {
		start, end := f.fset.PositionFor(f.diag.Pos, false), f.fset.PositionFor(f.diag.End, false)
		return span{f.check, start.Filename, f.diag.Category, start.Offset, end.Offset}
	}
	owner := map[span]*node{}
	for _, variants := range []bool{false, true} {
		for _, n := range roots {
			if (n.pkg.ForTest != "" && n.pkg.ID != n.pkg.ForTest) != variants {
				continue
			}
			for _, f := range n.diags {
				if sp := spanOf(f); owner[sp] == nil {
					owner[sp] = n
				}
			}
		}
	}
	seen := map[key]bool{}
	for _, n := range roots {
		if n.err != nil {
			msg := fmt.Sprintf("%s: %v", n.pkg.ID, n.err)
			if !seenErr[msg] {
				seenErr[msg] = true
				res.errors = append(res.errors, msg)
			}
		}
		for _, f := range n.diags {
			sp := spanOf(f)
			k := key{f.check, sp.file, sp.pos, sp.end, f.diag.Message}
			if seen[k] || owner[sp] != n {
				continue
			}
			seen[k] = true
			res.findings = append(res.findings, f)
		}
	}
	// A package whose own files type-check but that imports one that does
	// not is ill-typed too, and is not analysed: name them, once each, so
	// that a clean-looking run is not mistaken for a full one.
	var skipped []string
	for _, n := range roots {
		p := n.pkg
		if !p.IllTyped || len(p.Errors) > 0 || len(p.TypeErrors) > 0 || (p.ForTest != "" && p.ID != p.ForTest) {
			continue
		}
		skipped = append(skipped, p.PkgPath)
	}
	if len(skipped) > 0 {
		slices.Sort(skipped)
		skipped = slices.Compact(skipped)
		res.errors = append(res.errors, fmt.Sprintf("not analysed, because a package they import does not load: %s", strings.Join(skipped, ", ")))
	}
	res.errors = collapseImportErrors(res.errors)
	res.roots = len(roots)
	res.timing = d.timing
	return res
}

// consequentialImport matches a type-checker error that only follows from
// a failed load: an import with no export data (go list could not build
// it, often because a module could not be downloaded) or an empty package
// name.
var consequentialImport = regexp.MustCompile(`could not import (\S+) \((no metadata for \S+|invalid package name: "")\)$`)

// collapseImportErrors keeps the errors that say what went wrong and
// replaces the imports that fail because of them (one per import of every
// file of every package: thousands when one module is missing) with one
// line that counts them and names a few.
func collapseImportErrors(errs []string) []string {
	var keep []string
	var paths []string
	seen := map[string]bool{}
	n := 0
	for _, e := range errs {
		m := consequentialImport.FindStringSubmatch(e)
		if m == nil {
			keep = append(keep, e)
			continue
		}
		n++
		if !seen[m[1]] {
			seen[m[1]] = true
			paths = append(paths, m[1])
		}
	}
	if n == 0 {
		return errs
	}
	if n <= 3 {
		// Few enough to read: keep them as they were.
		return errs
	}
	slices.Sort(paths)
	names := paths
	if len(names) > 5 {
		names = names[:5]
	}
	more := ""
	if len(paths) > len(names) {
		more = fmt.Sprintf(" and %d more", len(paths)-len(names))
	}
	return append(keep, fmt.Sprintf("%d imports could not be type-checked because their packages did not build (see the errors above): %s%s",
		n, strings.Join(names, ", "), more))
}

// packageErrors returns a package's errors, one line each, file names
// relative to wd. When the package has parse or type errors, the go
// command's report of the same failed build ("# pkg" and the compiler's
// lines) is left out: it says the same thing again.
func packageErrors(p *packages.Package, wd string) []string {
	compiled := false
	for _, e := range p.Errors {
		compiled = compiled || e.Kind == packages.ParseError || e.Kind == packages.TypeError
	}
	// A package one of whose imports did not build has type errors that
	// follow from it (undefined: stripe, an import "not used"), one per
	// use: they are counted, not listed, and so are all but two others.
	failedImport := false
	for _, e := range p.Errors {
		failedImport = failedImport || e.Kind == packages.TypeError && consequentialImport.MatchString(strings.TrimSpace(e.Msg))
	}
	for _, imp := range p.Imports {
		failedImport = failedImport || len(imp.Errors) > 0
	}
	var out []string
	shown, hidden := 0, 0
	for _, e := range p.Errors {
		msg := strings.TrimSpace(e.Msg)
		if compiled && e.Kind == packages.ListError && strings.HasPrefix(msg, "# ") {
			continue
		}
		if failedImport && e.Kind == packages.TypeError {
			// After a failed import the type errors are mostly its
			// consequences: the first two are shown, the rest counted.
			if followsImport(msg) {
				hidden++
				continue
			}
			if shown++; shown > 2 {
				hidden++
				continue
			}
		}
		msg = strings.Join(strings.Fields(msg), " ")
		if e.Pos != "" && e.Pos != "-" {
			msg = relative(wd, e.Pos) + ": " + msg
		}
		out = append(out, msg)
	}
	if hidden > 0 {
		out = append(out, fmt.Sprintf("%s: %d more type errors, which follow from its failed imports", p.PkgPath, hidden))
	}
	return out
}

// followsImport reports a type error that a failed import causes: a use
// of the package's name, or the import itself "not used".
func followsImport(msg string) bool {
	return strings.HasPrefix(msg, "undefined: ") || strings.Contains(msg, " imported and not used") ||
		strings.Contains(msg, " imported as ") && strings.HasSuffix(msg, " and not used")
}

// errSkipped marks an analyzer that did not run because its package does
// not type-check (the package's errors are reported) or what it requires
// failed.
var errSkipped = errors.New("skipped")

// analyzePackage runs every analyzer on one root package and returns the
// selected analyzers' diagnostics.
func (d *driver) analyzePackage(p *packages.Package) ([]finding, error) {
	if p.Types == nil || p.TypesInfo == nil || len(p.Syntax) == 0 && len(p.CompiledGoFiles) > 0 {
		return nil, nil // nothing to analyse; the package's errors say why
	}
	facts := &pkgFacts{pkg: p.Types, objects: map[objectKey]analysis.Fact{}, pkgs: map[packageKey]analysis.Fact{}}
	module := &analysis.Module{}
	if p.Module != nil {
		module = analysisModule(p.Module)
	}
	readable := map[string]bool{}
	for _, files := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles} {
		for _, f := range files {
			readable[f] = true
		}
	}
	readFile := func(name string) ([]byte, error) {
		if !readable[name] {
			return nil, fmt.Errorf("%s is not among the files of package %s", name, p.PkgPath)
		}
		if data, ok := d.overlay[name]; ok {
			return data, nil
		}
		return os.ReadFile(name)
	}

	results := map[*analysis.Analyzer]any{}
	failed := map[*analysis.Analyzer]error{}
	var out []finding
	var firstErr error
	for _, a := range d.order {
		if p.IllTyped && !a.RunDespiteErrors {
			failed[a] = errSkipped
			continue
		}
		if slices.ContainsFunc(a.Requires, func(r *analysis.Analyzer) bool { return failed[r] != nil }) {
			failed[a] = errSkipped
			continue
		}
		inputs := map[*analysis.Analyzer]any{}
		for _, r := range a.Requires {
			inputs[r] = results[r]
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         p.Fset,
			Files:        p.Syntax,
			OtherFiles:   p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles,
			Pkg:          p.Types,
			TypesInfo:    p.TypesInfo,
			TypesSizes:   p.TypesSizes,
			TypeErrors:   p.TypeErrors,
			Module:       module,
			ResultOf:     inputs,
			ReadFile:     readFile,
			Report:       func(diag analysis.Diagnostic) { diags = append(diags, diag) },
		}
		d.bindFacts(pass, a, facts)
		start := time.Now()
		result, err := runAnalyzer(a, pass)
		elapsed := time.Since(start)
		d.mu.Lock()
		d.timing[a.Name] += elapsed
		d.mu.Unlock()
		if err == nil && reflect.TypeOf(result) != a.ResultType {
			err = fmt.Errorf("returned a result of type %v, not %v", reflect.TypeOf(result), a.ResultType)
		}
		if err != nil {
			failed[a] = err
			if firstErr == nil {
				firstErr = d.describe(a, err)
			}
			continue
		}
		results[a] = result
		if d.selected[a] {
			for _, diag := range diags {
				if diag.Pos.IsValid() {
					out = append(out, finding{check: a.Name, pkgID: p.ID, pkg: p.PkgPath, fset: p.Fset, diag: diag})
				}
			}
		}
	}
	d.publish(p, facts)
	return out, firstErr
}

// describe words an analyzer's failure without naming an internal
// analyzer: a check's name is public, a helper's is not.
func (d *driver) describe(a *analysis.Analyzer, err error) error {
	if d.selected[a] {
		return fmt.Errorf("check %s failed: %v", a.Name, err)
	}
	return fmt.Errorf("internal error: %v", err)
}

// runAnalyzer runs a, turning a panic into an error.
func runAnalyzer(a *analysis.Analyzer, pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v (please report it with the code that caused it)", r)
		}
	}()
	return a.Run(pass)
}

func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return nil
	}
	out := &analysis.Module{
		Path: m.Path, Version: m.Version, Replace: analysisModule(m.Replace), Time: m.Time, Main: m.Main,
		Indirect: m.Indirect, Dir: m.Dir, GoMod: m.GoMod, GoVersion: m.GoVersion,
	}
	if m.Error != nil {
		out.Error = &analysis.ModuleError{Err: m.Error.Err}
	}
	return out
}
