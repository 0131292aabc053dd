// Command faultline runs faultline's checks.
//
//	faultline ./...                     report findings (exit 3 if any)
//	faultline -fix ./...                apply suggested fixes (exit 3 if findings remain)
//	faultline -diff ./...               show the fixes as a diff, change nothing
//	faultline -selectinsert=false ./... turn a check off
//	faultline -closeerr ./...           run only the named check(s)
//	faultline -C dir ./...              run in another directory (e.g. another module)
//	faultline -tags integration ./...   build tags, as for go build
//	faultline -format=json ./...        findings as JSON (same as -json)
//	faultline -format=sarif ./...       findings as SARIF 2.1.0 for code scanning
//	faultline help                      the checks, and how to run them
//	faultline help closeerr             a check's documentation and options
//	faultline version                   faultline's version (also -V, -version)
//	go vet -vettool=$(command -v faultline) ./...
//	go fix -fixtool=$(command -v faultline) ./...
//
// Under go vet and go fix (the unitchecker protocol: the last argument is
// a .cfg file) faultline is golang.org/x/tools/go/analysis/multichecker,
// and facts travel between packages through vet's files. Every other run
// is faultline's own driver (driver.go), which loads the packages named
// with go/packages and carries facts between them in memory.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/faultline-dev/faultline/analyzers/all"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	if vetProtocol(os.Args[1:]) {
		// One package per process, its facts in the build cache; the
		// configuration file is the one that applies in the package's
		// directory.
		args, cfg, err := vetConfig(os.Args[1:], all.Analyzers())
		if err != nil {
			fmt.Fprintf(os.Stderr, "faultline: %v\n", err)
			os.Exit(1)
		}
		os.Args = append(os.Args[:1], args...)
		multichecker.Main(excluding(all.Analyzers(), cfg)...)
		return
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the faultline command outside the vet protocol; it returns the
// exit code.
func run(args []string, stdout, stderr io.Writer) int {
	args, err := chdir(args)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	analyzers := all.Analyzers()
	if len(args) >= 1 && args[0] == "help" {
		return help(stdout, stderr, analyzers, all.Docs(), args[1:])
	}
	if len(args) == 1 && args[0] == "version" {
		fmt.Fprintf(stdout, "faultline version %s\n", version())
		return 0
	}
	// The configuration file's flags go first, so that the user's win.
	path, given, err := takeConfig(args)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	cfg, err := loadConfigFile(path, given, ".", analyzers)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	if cfg != nil {
		args = append(cfg.Args(), args...)
	}
	opts, code := parseFlags(args, analyzers, stdout, stderr)
	if opts == nil {
		return code
	}
	if !opts.version {
		if err := opts.filters(cfg); err != nil {
			fmt.Fprintf(stderr, "faultline: %v\n", err)
			return 1
		}
	}
	if opts.version {
		fmt.Fprintf(stdout, "faultline version %s\n", version())
		return 0
	}
	stop, err := startProfiles(opts)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	defer stop()
	switch opts.format {
	case "sarif":
		return runSARIF(opts, all.Docs(), stdout, stderr)
	case "json", "text":
		return runCheck(opts, stdout, stderr)
	}
	fmt.Fprintf(stderr, "faultline: -format=%s: want text, json or sarif\n", opts.format)
	return 1
}

// chdir honours a leading "-C dir" (or "-C=dir"), as the go command does,
// and returns the arguments without it.
func chdir(args []string) ([]string, error) {
	if len(args) == 0 {
		return args, nil
	}
	var dir string
	switch a := args[0]; {
	case a == "-C" || a == "--C":
		if len(args) < 2 {
			return nil, fmt.Errorf("-C needs a directory")
		}
		dir, args = args[1], args[2:]
	case strings.HasPrefix(a, "-C=") || strings.HasPrefix(a, "--C="):
		_, dir, _ = strings.Cut(a, "=")
		args = args[1:]
	default:
		return args, nil
	}
	if err := os.Chdir(dir); err != nil {
		return nil, fmt.Errorf("-C: %v", err)
	}
	return args, nil
}

// vetProtocol reports whether the go command is driving faultline as a vet
// or fix tool (the unitchecker protocol): the last argument is the *.cfg
// file that describes one package, after any flags (go vet passes -json and
// the check flags first), or the go command is asking for the tool's
// version (-V=full) or flags (-flags).
func vetProtocol(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if last := args[len(args)-1]; strings.HasSuffix(last, ".cfg") {
		return true
	}
	return len(args) == 1 && (args[0] == "-flags" || strings.HasPrefix(args[0], "-V="))
}

// runCheck is a text or JSON run, with or without fixes.
func runCheck(opts *options, stdout, stderr io.Writer) int {
	cfg := opts.loadConfig()
	res, err := analyze(cfg, opts.analyzers, opts.parallel)
	if err != nil {
		fmt.Fprintf(stderr, "faultline: %v\n", err)
		return 1
	}
	// -fix reports what remains after the fixes; -diff changes nothing,
	// so it reports every finding, and shows the fixes.
	var fixed *fixOutcome
	if opts.fix || opts.diff {
		var after *result
		fixed, after, err = fixRounds(cfg, opts, res)
		if err != nil {
			fmt.Fprintf(stderr, "faultline: %v\n", err)
			return 1
		}
		if !opts.diff {
			res = after
		}
	}
	for _, e := range res.errors {
		fmt.Fprintf(stderr, "faultline: %s\n", e)
	}
	sortFindings(res.findings)
	if opts.format == "json" {
		if err := printJSON(stdout, res.findings); err != nil {
			fmt.Fprintf(stderr, "faultline: %v\n", err)
			return 1
		}
	} else {
		printText(stderr, res.findings, opts.context)
	}
	if fixed != nil {
		if opts.diff {
			io.WriteString(stdout, fixed.diff)
		}
		switch {
		case opts.format != "text":
		case fixed.fixes > 0:
			fmt.Fprintln(stderr, fixed.summary(opts.diff, res.findings))
		case len(res.findings) > 0:
			fmt.Fprintln(stderr, summary(res.findings)+"; no fix to apply")
		}
	} else if opts.format == "text" && len(res.findings) > 0 {
		fmt.Fprintln(stderr, summary(res.findings))
	}
	if opts.debug != "" && strings.Contains(opts.debug, "t") {
		printTiming(stderr, res.timing)
	}
	switch {
	case len(res.errors) > 0:
		return 1
	case opts.format == "json":
		return 0
	case len(res.findings) > 0:
		return 3
	}
	return 0
}

// startProfiles starts -cpuprofile and returns what writes the profiles
// when the run ends (-memprofile after a garbage collection).
func startProfiles(opts *options) (stop func(), err error) {
	var cpu *os.File
	if opts.cpuProfile != "" {
		if cpu, err = os.Create(opts.cpuProfile); err != nil {
			return nil, fmt.Errorf("-cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("-cpuprofile: %v", err)
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				fmt.Fprintf(os.Stderr, "faultline: -cpuprofile: %v\n", err)
			}
		}
		if opts.memProfile != "" {
			runtime.GC()
			f, err := os.Create(opts.memProfile)
			if err == nil {
				err = pprof.WriteHeapProfile(f)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "faultline: -memprofile: %v\n", err)
			}
		}
	}, nil
}
