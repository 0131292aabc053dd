package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/config"
	"golang.org/x/tools/go/analysis"
)

// options are the command's flags, parsed.
type options struct {
	analyzers []*analysis.Analyzer // the selected checks
	patterns  []string
	format    string // text, json or sarif
	fix, diff bool
	tests     bool
	tags      string
	context   int // -c: lines of context around each finding, -1 for none
	output    string
	srcroot   string
	version   bool
	debug     string
	parallel  int // 1 with -debug=p

	cpuProfile, memProfile string // -cpuprofile, -memprofile

	configFile            string // -config: read in run, before the flags are parsed
	newFromRev, newFromPt string
	keep                  func(file string, line int) bool // which findings to report; nil: all
}

// filters sets keep from the configuration's exclusions and
// -new-from-rev or -new-from-patch.
func (o *options) filters(cfg *config.Config) error {
	set, err := newFilter(o.newFromRev, o.newFromPt)
	if err != nil {
		return err
	}
	excluded := cfg != nil && len(cfg.Exclude) > 0
	if set == nil && !excluded {
		return nil
	}
	o.keep = func(file string, line int) bool {
		if excluded && cfg.ExcludedFile(file) {
			return false
		}
		return set == nil || set.Keep(file, line)
	}
	return nil
}

func (o *options) loadConfig() loadConfig {
	return loadConfig{patterns: o.patterns, tests: o.tests, tags: o.tags, keep: o.keep}
}

// driverFlags are the flags of the command itself (not of a check), in the
// order -h lists them.
func newFlagSet(o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("faultline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.format, "format", "text", "output format: text, json or sarif")
	fs.BoolFunc("json", "findings as JSON, as go vet -json prints them (same as -format=json)", func(string) error {
		o.format = "json"
		return nil
	})
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes, then report what remains")
	fs.BoolVar(&o.diff, "diff", false, "show the suggested fixes as a unified diff on standard output; change no file")
	fs.IntVar(&o.context, "c", -1, "show this many lines of context around each finding")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build tags, as for go build")
	fs.BoolVar(&o.tests, "test", true, "analyse test files too")
	fs.StringVar(&o.output, "output", "", "with -format=sarif: write the log to this file instead of standard output")
	fs.StringVar(&o.srcroot, "srcroot", "", "with -format=sarif: make file URIs relative to this directory (default: the enclosing git repository's root)")
	fs.Func("C", "change to this directory first, as go -C does (must be the first flag)", func(string) error {
		return errors.New("-C must be the first argument")
	})
	fs.BoolVar(&o.version, "V", false, "print faultline's version and exit (also -version, faultline version)")
	fs.BoolVar(&o.version, "version", false, "print faultline's version and exit")
	fs.StringVar(&o.configFile, "config", "", "read this configuration file (default: .faultline.yaml here or in a directory above, up to the module root; -config= for none)")
	fs.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines added or changed since this git revision (e.g. HEAD, origin/main)")
	fs.StringVar(&o.newFromPt, "new-from-patch", "", "report only findings on lines this unified diff adds")
	fs.StringVar(&o.debug, "debug", "", "t: print the time each check took; p: analyse one package at a time")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it)")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile at the end of the run to this file")
	return fs
}

// parseFlags parses the command line. It returns nil options and the exit
// code when the run ends here (-h, a bad flag).
func parseFlags(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) (*options, int) {
	o := &options{}
	fs := newFlagSet(o, stderr)
	driverNames := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { driverNames[f.Name] = true })
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range analyzers {
		ts := new(triState)
		fs.Var(ts, a.Name, fmt.Sprintf("run the %s check (-%s=false: all checks but it)", a.Name, a.Name))
		enabled[a] = ts
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	fs.Usage = func() { usage(stdout, fs, driverNames) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, 0
		}
		return nil, 1
	}
	if o.version {
		return o, 0
	}
	o.patterns = fs.Args()
	if len(o.patterns) == 0 {
		fmt.Fprintln(stderr, "faultline: no packages to analyse: give patterns, e.g. faultline ./... ('faultline -h' for help)")
		return nil, 1
	}
	for _, p := range o.patterns {
		if strings.HasPrefix(p, "-") {
			fmt.Fprintf(stderr, "faultline: flag %s after the packages: flags come first\n", p)
			return nil, 1
		}
	}
	if o.format == "sarif" && (o.fix || o.diff) {
		fmt.Fprintln(stderr, "faultline: -fix and -diff cannot be combined with -format=sarif (fixes are in the log's results)")
		return nil, 1
	}
	if o.format != "sarif" && (o.output != "" || o.srcroot != "") {
		fmt.Fprintln(stderr, "faultline: -output and -srcroot are for -format=sarif")
		return nil, 1
	}
	if strings.Contains(o.debug, "p") {
		o.parallel = 1
	}
	o.analyzers = withDirective(selectAnalyzers(analyzers, enabled))
	return o, 0
}

// usage is -h: how to run faultline, and its own flags.
func usage(w io.Writer, fs *flag.FlagSet, driverNames map[string]bool) {
	io.WriteString(w, usageText)
	fmt.Fprintln(w, "Flags:")
	fmt.Fprintln(w)
	own := flag.NewFlagSet("", flag.ContinueOnError)
	own.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		if driverNames[f.Name] {
			own.Var(f.Value, f.Name, f.Usage)
		}
	})
	own.PrintDefaults()
	io.WriteString(w, checksText)
}

// triState is the value of a -NAME flag: unset, or set true or false, as in
// multichecker.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (ts *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}

// selectAnalyzers applies multichecker's rule: if any -NAME flag is true,
// run only those analyzers; otherwise, if any is false, run all but those.
func selectAnalyzers(analyzers []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	var keep []*analysis.Analyzer
	for _, a := range analyzers {
		switch {
		case hasTrue && *enabled[a] != setTrue:
		case !hasTrue && hasFalse && *enabled[a] == setFalse:
		default:
			keep = append(keep, a)
		}
	}
	return keep
}
