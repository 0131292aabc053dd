package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"github.com/faultline-dev/faultline/internal/sarif"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// runSARIF is faultline's driver for -format=sarif: it loads the packages
// named by the patterns in args with go/packages, runs the selected
// analyzers with go/analysis/checker, and writes one SARIF log. It exits 0
// when the log is written, whether or not it holds findings (they are the
// log's business), and 1 on errors: bad flags, packages that do not load or
// type-check (recorded in the log as well), a log that cannot be written.
func runSARIF(args []string, analyzers []*analysis.Analyzer, docs []*checkdoc.Doc, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faultline -format=sarif", flag.ContinueOnError)
	fs.SetOutput(stderr)
	output := fs.String("output", "", "write the SARIF log to this file instead of standard output")
	srcroot := fs.String("srcroot", "", "make file URIs relative to this directory (default: the root of the enclosing git repository, else the current directory)")
	tests := fs.Bool("test", true, "analyze test files too")
	var unsupported []*bool
	for _, name := range []string{"fix", "diff", "json"} {
		unsupported = append(unsupported, fs.Bool(name, false, "not available with -format=sarif (fixes are in the log's results)"))
	}
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range analyzers {
		ts := new(triState)
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		enabled[a] = ts
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: faultline -format=sarif [-output file] [-srcroot dir] [-NAME[=false]] [-NAME.FLAG value] packages...\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	for _, b := range unsupported {
		if *b {
			fmt.Fprintln(stderr, "faultline: -fix, -diff and -json cannot be combined with -format=sarif")
			return 1
		}
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		fmt.Fprintln(stderr, "faultline: -format=sarif needs packages to analyze, e.g. ./...")
		return 1
	}
	selected := selectAnalyzers(analyzers, enabled)

	root := *srcroot
	if root == "" {
		root = repoRoot()
	}
	log, err := sarif.New(sarif.Tool{Name: "faultline", Version: version(), InformationURI: checkdoc.Home}, root, selected, docs)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}

	exit := 0
	fail := func(msg string) {
		fmt.Fprintf(stderr, "faultline: %s\n", msg)
		log.Notify(msg)
		exit = 1
	}
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(selected) {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	initial, err := packages.Load(&packages.Config{Mode: mode, Tests: *tests}, patterns...)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		fail(err.Error())
		return exit
	}
	packages.Visit(initial, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			fail(e.Error())
		}
	})
	graph, err := checker.Analyze(selected, initial, &checker.Options{})
	if err != nil {
		fail(err.Error())
		return exit
	}
	for act := range graph.All() {
		if act.Err != nil {
			fail(fmt.Sprintf("%s: %v", act, act.Err))
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			if err := log.Add(act.Package.Fset, act.Analyzer.Name, d); err != nil {
				fail(err.Error())
			}
		}
	}

	var buf bytes.Buffer
	if err := log.Write(&buf); err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	if *output == "" {
		_, err = stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(*output, buf.Bytes(), 0o666)
	}
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	return exit
}

// needFacts reports whether any of the analyzers, or what they require,
// uses facts: the dependencies must then be loaded from source too.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(analyzers)
}

// repoRoot returns the root of the git repository holding the current
// directory (GitHub resolves SARIF URIs against it), or the current
// directory when there is none.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// version returns faultline's module version, or "devel" for a build
// from a checkout ("0.0.0-devel": SARIF consumers compare versions numerically).
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.0.0-devel"
}
