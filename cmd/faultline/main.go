// Command faultline runs faultline's checks.
//
//	faultline ./...                     report findings (exit 3 if any)
//	faultline -fix ./...                apply suggested fixes
//	faultline -diff -fix ./...          show the fixes as a diff
//	faultline -selectinsert=false ./... turn a check off
//	faultline -closeerr ./...           run only the named check(s)
//	faultline -C dir ./...              run in another directory (e.g. another module)
//	faultline -format=json ./...        findings as JSON (same as -json)
//	faultline -format=sarif ./...       findings as SARIF 2.1.0 for code scanning
//	faultline help                      the checks, and how to run them
//	faultline help closeerr             a check's documentation and options
//	go vet -vettool=$(command -v faultline) ./...
//	go fix -fixtool=$(command -v faultline) ./...
//
// Plain invocations go to golang.org/x/tools/go/analysis/multichecker, so
// -fix, -diff, -json and the go vet protocol behave as in every other
// go/analysis tool. -format=sarif runs faultline's own driver, which takes
// the same check flags (-NAME, -NAME=false, -NAME.FLAG) and -test.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/faultline-dev/faultline/analyzers/all"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	if err := chdir(); err != nil {
		fmt.Fprintf(os.Stderr, "faultline: %v\n", err)
		os.Exit(1)
	}
	// Under go vet -vettool (one *.cfg argument, or vet's -V=full and
	// -flags probes) every analyzer runs as declared and facts cross
	// packages through vet's cached per-package files. A standalone run
	// keeps facts within each package, so that it does not analyse every
	// dependency from source (all.Standalone).
	analyzers := all.Standalone()
	if vetProtocol(os.Args[1:]) {
		analyzers = all.Analyzers()
	}
	args := os.Args[1:]
	if len(args) >= 1 && args[0] == "help" {
		os.Exit(help(os.Stdout, os.Stderr, analyzers, all.Docs(), args[1:]))
	}
	format, rest, err := takeFormat(args, analyzers)
	if err != nil {
		fmt.Fprintf(os.Stderr, "faultline: %v\n", err)
		os.Exit(1)
	}
	switch format {
	case "", "text":
		os.Args = append(os.Args[:1], rest...)
	case "json":
		os.Args = append(append(os.Args[:1], "-json"), rest...)
	case "sarif":
		os.Exit(runSARIF(rest, analyzers, all.Docs(), os.Stdout, os.Stderr))
	default:
		fmt.Fprintf(os.Stderr, "faultline: -format=%s: want text, json or sarif\n", format)
		os.Exit(1)
	}
	multichecker.Main(analyzers...)
}

// chdir honours a leading "-C dir" (or "-C=dir"), as the go command does,
// and removes it from os.Args.
func chdir() error {
	if len(os.Args) < 2 {
		return nil
	}
	var dir string
	switch a := os.Args[1]; {
	case a == "-C" || a == "--C":
		if len(os.Args) < 3 {
			return fmt.Errorf("-C needs a directory")
		}
		dir = os.Args[2]
		os.Args = append(os.Args[:1], os.Args[3:]...)
	case strings.HasPrefix(a, "-C=") || strings.HasPrefix(a, "--C="):
		_, dir, _ = strings.Cut(a, "=")
		os.Args = append(os.Args[:1], os.Args[2:]...)
	default:
		return nil
	}
	if err := os.Chdir(dir); err != nil {
		return fmt.Errorf("-C: %v", err)
	}
	return nil
}

// vetProtocol reports whether the go command is driving faultline as a vet
// tool: with a single *.cfg file, or asking for its version or flags.
func vetProtocol(args []string) bool {
	if len(args) == 1 {
		a := args[0]
		return strings.HasSuffix(a, ".cfg") || a == "-flags" || strings.HasPrefix(a, "-V=")
	}
	return false
}
