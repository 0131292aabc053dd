package golangci

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

// ExampleConfig renders the golangci-lint configuration that turns the
// plugin on with every setting of every check shown at its default and
// explained: the repository's .golangci-plugin.yml, kept in step with the
// registry by this package's tests (go test ./golangci -update rewrites it).
func ExampleConfig(analyzers []*analysis.Analyzer, docs []*checkdoc.Doc) []byte {
	byName := map[string]*checkdoc.Doc{}
	for _, d := range docs {
		byName[d.Name] = d
	}
	var b strings.Builder
	b.WriteString(`# faultline as a golangci-lint v2 module plugin: every setting, at its default.
#
# 1. Build a golangci-lint binary that includes faultline. golangci-lint custom
#    reads .custom-gcl.yml in the current directory (see the one beside this
#    file) and writes ./bin/custom-gcl; a cold build takes a few minutes:
#        golangci-lint custom -v
# 2. Run it with this configuration (or merge the sections below into yours):
#        ./bin/custom-gcl run -c .golangci-plugin.yml ./...
#        ./bin/custom-gcl run -c .golangci-plugin.yml --fix ./...
#
# Findings print as "<check>: <message> (faultline)". //nolint:faultline
# silences every check on a line; //faultline:ignore <check> <reason>
# silences one check and says why.
# Generated from faultline's checks by: go test ./golangci -update
version: "2"

linters:
  # Only faultline here; in your own configuration add it to your linters.
  default: none
  enable:
    - faultline
  settings:
    custom:
      faultline:
        type: module
        description: reliability bugs that pass review (idempotency races, retries, deadlines, lost Close errors)
        original-url: github.com/faultline-dev/faultline
        # Each key is a check. Its value is true or false (run it or not),
        # or a map with "enabled" and the check's options, as below. A check
        # left out runs if it is on by default. Unknown keys are errors.
        settings:
`)
	for _, a := range analyzers {
		d := byName[a.Name]
		title, _, _ := strings.Cut(a.Doc, "\n")
		def := true
		if d != nil {
			title, def = d.Title, d.Default
		}
		fmt.Fprintf(&b, "          # %s: %s.\n", a.Name, strings.TrimSuffix(title, "."))
		if a.URL != "" {
			fmt.Fprintf(&b, "          # %s\n", a.URL)
		}
		fmt.Fprintf(&b, "          %s:\n", a.Name)
		fmt.Fprintf(&b, "            enabled: %t\n", def)
		a.Flags.VisitAll(func(f *flag.Flag) {
			for _, line := range strings.Split(strings.TrimSpace(f.Usage), "\n") {
				fmt.Fprintf(&b, "            # %s\n", strings.TrimSpace(line))
			}
			fmt.Fprintf(&b, "            # (faultline -%s.%s)\n", a.Name, f.Name)
			fmt.Fprintf(&b, "            %s: %s\n", Kebab(f.Name), yamlValue(f))
		})
	}
	b.WriteString(`  # Silence one check by its message prefix where it does not apply, e.g.:
  # exclusions:
  #   rules:
  #     - path: _test\.go
  #       linters: [faultline]
  #       text: "^closeerr:"

issues:
  # Show every finding: golangci-lint caps them by default.
  max-issues-per-linter: 0
  max-same-issues: 0
`)
	return []byte(b.String())
}

// yamlValue renders a flag's default as a YAML scalar of the flag's type.
func yamlValue(f *flag.Flag) string {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		if _, err := strconv.ParseBool(f.DefValue); err == nil {
			return f.DefValue
		}
	}
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool, int, int64, uint, uint64, float64:
			return f.DefValue
		}
	}
	return strconv.Quote(f.DefValue)
}
