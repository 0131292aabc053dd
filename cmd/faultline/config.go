package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/config"
	"github.com/faultline-dev/faultline/internal/newfrom"
	"golang.org/x/tools/go/analysis"
)

// takeConfig finds -config FILE (or -config=FILE) among the leading flags
// of args. It returns the file ("" when not given) and whether it was
// given; a flag's value is not mistaken for it.
func takeConfig(args []string) (path string, given bool, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "config" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return "", false, fmt.Errorf("-config needs a file (or -config= for none)")
			}
			value = args[i+1]
		}
		return value, true, nil
	}
	return "", false, nil
}

// loadConfigFile loads the configuration: the file given with -config
// (none when it is empty), or .faultline.yaml found by walking up from dir
// to the module root. It returns nil when there is none.
func loadConfigFile(path string, given bool, dir string, checks []*analysis.Analyzer) (*config.Config, error) {
	if !given {
		found, err := config.Find(dir)
		if err != nil || found == "" {
			return nil, err
		}
		path = found
	}
	if path == "" {
		return nil, nil
	}
	return config.Load(path, checks)
}

// newFilter is -new-from-rev or -new-from-patch: nil when neither is set.
func newFilter(rev, patch string) (*newfrom.Set, error) {
	switch {
	case rev != "" && patch != "":
		return nil, fmt.Errorf("-new-from-rev and -new-from-patch cannot be combined")
	case rev != "":
		return newfrom.FromRev(".", rev)
	case patch != "":
		return newfrom.FromPatch(patch, ".")
	}
	return nil, nil
}

// vetConfig is the go vet protocol's side of the configuration: it reads
// the package directory from the .cfg file (the last argument), finds the
// configuration from there, and returns the arguments with the file's
// flags placed before the go command's (which carry the user's), and the
// configuration (nil if there is none).
func vetConfig(args []string, checks []*analysis.Analyzer) ([]string, *config.Config, error) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return args, nil, nil
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return nil, nil, err
	}
	var unit struct{ Dir string }
	if err := json.Unmarshal(data, &unit); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", args[len(args)-1], err)
	}
	if unit.Dir == "" {
		return args, nil, nil
	}
	cfg, err := loadConfigFile("", false, unit.Dir, checks)
	if err != nil || cfg == nil {
		return args, nil, err
	}
	return append(cfg.Args(), args...), cfg, nil
}

// excluding wraps the analyzers so that they report nothing in the files
// the configuration excludes: for the go vet protocol, whose output
// faultline does not print itself. The directive check is rebuilt over
// the wrapped checks it requires.
func excluding(analyzers []*analysis.Analyzer, cfg *config.Config) []*analysis.Analyzer {
	if cfg == nil || len(cfg.Exclude) == 0 {
		return analyzers
	}
	wrap := func(a *analysis.Analyzer) *analysis.Analyzer {
		c := *a
		run := a.Run
		c.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			p.Report = func(d analysis.Diagnostic) {
				if !cfg.ExcludedFile(pass.Fset.PositionFor(d.Pos, false).Filename) {
					pass.Report(d)
				}
			}
			return run(&p)
		}
		return &c
	}
	var checks, out []*analysis.Analyzer
	for _, a := range analyzers {
		if a.Name != directiveName {
			w := wrap(a)
			checks = append(checks, w)
			out = append(out, w)
		}
	}
	for _, a := range analyzers {
		if a.Name == directiveName {
			out = append(out, wrap(all.Directive(checks)))
		}
	}
	return out
}

// directiveName is the check that polices //faultline:ignore directives
// over the other checks.
const directiveName = "directive"

// withDirective rebuilds the directive check, when it is selected, over
// the other selected checks: a check that does not run has no directive
// judged.
func withDirective(selected []*analysis.Analyzer) []*analysis.Analyzer {
	var checks []*analysis.Analyzer
	hasDirective := false
	for _, a := range selected {
		if a.Name == directiveName {
			hasDirective = true
		} else {
			checks = append(checks, a)
		}
	}
	if !hasDirective {
		return selected
	}
	return append(checks, all.Directive(checks))
}
