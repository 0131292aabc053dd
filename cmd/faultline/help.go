package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

const usageText = `faultline finds the reliability bugs that pass review: SELECT-then-INSERT
races, retries without jitter, bound or predicate, ON CONFLICT DO NOTHING
results that gate nothing, outbound calls with no deadline, lost Close
errors on writers. Every finding names the hazard and the fix, and many
come with a suggested fix.

Usage:

    faultline [flags] packages...          report findings: exit 0 none, 3 findings, 1 errors
    faultline -fix [flags] packages...     apply the suggested fixes; report what remains (exit 3 if any)
    faultline -diff [flags] packages...    show the fixes as a diff; change nothing
    faultline -json [flags] packages...    findings as JSON: exit 0, findings or not; 1 on errors
    faultline -format=sarif [-output file] [-srcroot dir] packages...
                                           SARIF 2.1.0 for GitHub code scanning
    faultline -C dir [flags] packages...   run in dir first
    faultline help [check [code]]          this help and the checks, a check's documentation, or one finding's
    faultline version                      faultline's version
    go vet -vettool=$(command -v faultline) [check flags] packages...
    go fix -fixtool=$(command -v faultline) packages...

`

const checksText = `
Selecting checks: -NAME runs only the named checks (repeat it), -NAME=false
runs all but those; a check's options are -NAME.OPTION value.
Silencing one finding: //faultline:ignore NAME reason, on the line or above.

Run 'faultline help' for the checks, 'faultline help NAME' for a check's
documentation and options, 'faultline help NAME CODE' for one kind of finding
(the code in brackets after each finding).
Documentation: ` + checkdoc.Home + `
`

// help prints faultline's own help: an introduction and the checks, or the
// named checks' documentation and options. It returns the exit code.
func help(stdout, stderr io.Writer, analyzers []*analysis.Analyzer, docs []*checkdoc.Doc, names []string) int {
	byName := map[string]*checkdoc.Doc{}
	for _, d := range docs {
		byName[d.Name] = d
	}
	if len(names) == 0 {
		fs := newFlagSet(&options{}, stdout)
		own := map[string]bool{}
		fs.VisitAll(func(f *flag.Flag) { own[f.Name] = true })
		usage(stdout, fs, own)
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "Checks:")
		fmt.Fprintln(stdout)
		tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
		for _, a := range analyzers {
			title, _, _ := strings.Cut(a.Doc, "\n")
			if d := byName[a.Name]; d != nil {
				title = d.Title
				if !d.Default {
					title += " (off by default in golangci-lint)"
				}
			}
			fmt.Fprintf(tw, "    %s\t%s\n", a.Name, title)
		}
		tw.Flush()
		return 0
	}
	prev := ""
	for i, name := range names {
		// A finding's code after its check (help selectinsert
		// read-then-insert), or check/code: that finding's paragraph.
		check, code, isPair := strings.Cut(name, "/")
		if !isPair && byName[name] == nil && prev != "" {
			check, code, isPair = prev, name, true
		}
		if isPair {
			d := byName[check]
			if d == nil || d.Finding(code) == nil {
				fmt.Fprintf(stderr, "faultline: %s has no finding %q; 'faultline help %s' lists them\n", check, code, check)
				return 1
			}
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			io.WriteString(stdout, d.FindingString(code))
			continue
		}
		prev = name
		var a *analysis.Analyzer
		for _, x := range analyzers {
			if x.Name == name {
				a = x
			}
		}
		if a == nil {
			fmt.Fprintf(stderr, "faultline: no check named %q; 'faultline help' lists them\n", name)
			return 1
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		text := a.Doc
		if d := byName[name]; d != nil {
			c := *d
			c.Options = "" // the flags below list them, with their defaults
			text = c.String()
		}
		fmt.Fprintf(stdout, "%s: %s\n", a.Name, text)
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintf(stdout, "\nFlags:\n\n")
				first = false
			}
			fs := flag.NewFlagSet("", flag.ContinueOnError)
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
		})
		if a.URL != "" {
			fmt.Fprintf(stdout, "\nMore: %s\n", a.URL)
		}
	}
	return 0
}
