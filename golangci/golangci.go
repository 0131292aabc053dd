// Package golangci is faultline's golangci-lint v2 module plugin.
//
// Build a golangci-lint that includes it with `golangci-lint custom` and a
// .custom-gcl.yml naming this package, then turn it on in .golangci.yml:
//
//	linters:
//	  enable: [faultline]
//	  settings:
//	    custom:
//	      faultline:
//	        type: module
//	        settings:
//	          closeerr: false        # turn a check off
//	          retryloop:             # or configure it
//	            enabled: true
//	            some-option: value   # the check's -retryloop.some_option flag
//
// Every setting is a check's name. Its value is true or false (run the check
// or not), or a map holding `enabled` and the check's options: the flags the
// check's analyzer declares, named in kebab-case (golangci-lint lower-cases
// keys). A check that is not mentioned runs when its documentation says it
// is on by default. An unknown check or option is an error that names it.
//
// Findings carry the check's name ("closeerr: ..."); golangci-lint shows
// them under the linter name "faultline", so `//nolint:faultline` silences
// them all and `//faultline:ignore <check> <reason>` one check. `--fix`
// applies each finding's first suggested fix, as `faultline -fix` does.
package golangci

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"github.com/faultline-dev/faultline/internal/config"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

// Name is the plugin's name, the key under linters.settings.custom.
const Name = "faultline"

func init() {
	register.Plugin(Name, New)
}

// Plugin is faultline configured for one golangci-lint run.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the plugin's settings and configures the checks: it is the
// constructor golangci-lint calls with linters.settings.custom.faultline.settings.
func New(settings any) (register.LinterPlugin, error) {
	return newPlugin(settings, all.Analyzers(), all.Docs())
}

func newPlugin(settings any, analyzers []*analysis.Analyzer, docs []*checkdoc.Doc) (*Plugin, error) {
	raw, err := register.DecodeSettings[map[string]any](settings)
	if err != nil {
		return nil, fmt.Errorf("faultline: settings: %v", err)
	}
	byName := map[string]*analysis.Analyzer{}
	enabled := map[string]bool{}
	for _, a := range analyzers {
		byName[a.Name] = a
		enabled[a.Name] = true
		// Options are the analyzers' flags, which are global: start every
		// run from their defaults so settings never leak between plugins.
		a.Flags.VisitAll(func(f *flag.Flag) { _ = f.Value.Set(f.DefValue) })
	}
	for _, d := range docs {
		if _, ok := byName[d.Name]; ok {
			enabled[d.Name] = d.Default
		}
	}
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		a := byName[strings.ToLower(key)]
		if a == nil {
			return nil, fmt.Errorf("faultline: unknown setting %q: the settings are the checks %s", key, strings.Join(names(analyzers), ", "))
		}
		switch v := raw[key].(type) {
		case nil:
		case bool:
			enabled[a.Name] = v
		case map[string]any:
			for _, opt := range slices.Sorted(maps.Keys(v)) {
				if err := setOption(a, opt, v[opt], enabled); err != nil {
					return nil, err
				}
			}
		default:
			return nil, fmt.Errorf("faultline: setting %q: want true, false or a map of options, not %s", key, describe(v))
		}
	}
	p := &Plugin{}
	var checks []*analysis.Analyzer
	wrapped := map[string]*analysis.Analyzer{}
	for _, a := range analyzers {
		if enabled[a.Name] && a.Name != directiveName {
			wrapped[a.Name] = forGolangci(a)
			checks = append(checks, wrapped[a.Name])
		}
	}
	for _, a := range analyzers {
		switch {
		case !enabled[a.Name]:
		case a.Name == directiveName:
			// The directive check requires the checks it judges: the
			// enabled ones, as adapted here, so that golangci-lint runs each
			// check once and a disabled check neither runs nor has its
			// directives reported as unused.
			p.analyzers = append(p.analyzers, forGolangci(all.Directive(checks)))
		default:
			p.analyzers = append(p.analyzers, wrapped[a.Name])
		}
	}
	return p, nil
}

// directiveName is the check that polices //faultline:ignore directives.
const directiveName = "directive"

// setOption applies one key of a check's map: `enabled` or an option.
func setOption(a *analysis.Analyzer, key string, value any, enabled map[string]bool) error {
	if strings.ToLower(key) == "enabled" {
		b, ok := value.(bool)
		if !ok {
			return fmt.Errorf("faultline: setting %s.enabled: want true or false, not %s", a.Name, describe(value))
		}
		enabled[a.Name] = b
		return nil
	}
	var f *flag.Flag
	var known []string
	a.Flags.VisitAll(func(g *flag.Flag) {
		known = append(known, Kebab(g.Name))
		if Kebab(g.Name) == strings.ToLower(key) {
			f = g
		}
	})
	if f == nil {
		if len(known) == 0 {
			return fmt.Errorf("faultline: unknown option %q for check %s: it has no options, only `enabled`", key, a.Name)
		}
		return fmt.Errorf("faultline: unknown option %q for check %s: its options are enabled, %s", key, a.Name, strings.Join(known, ", "))
	}
	s, err := flagText(value)
	if err != nil {
		return fmt.Errorf("faultline: option %s.%s: %v", a.Name, key, err)
	}
	if err := f.Value.Set(s); err != nil {
		return fmt.Errorf("faultline: option %s.%s: invalid value %q: %v", a.Name, key, s, err)
	}
	return nil
}

// flagText renders a YAML value as a flag's command-line text; a list
// becomes a comma-separated one.
func flagText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64:
		if v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10), nil
		}
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := flagText(e)
			if err != nil {
				return "", err
			}
			if _, nested := e.([]any); nested {
				return "", fmt.Errorf("want a list of values, not a list of lists")
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a string, number, boolean or list, not %s", describe(v))
}

func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a map"
	case []any:
		return "a list"
	case string:
		return fmt.Sprintf("the string %q", v)
	}
	return fmt.Sprintf("%v", v)
}

func names(analyzers []*analysis.Analyzer) []string {
	var out []string
	for _, a := range analyzers {
		out = append(out, a.Name)
	}
	sort.Strings(out)
	return out
}

// Kebab returns the settings key of an analyzer flag: lower-case words
// joined by hyphens ("maxAttempts", "max_attempts" -> "max-attempts"), as
// faultline's configuration file (internal/config) spells them too.
func Kebab(name string) string { return config.Kebab(name) }

// BuildAnalyzers returns the enabled checks.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

// GetLoadMode asks for type information: every check needs it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// forGolangci adapts a check to golangci-lint's reporting. golangci-lint
// prefixes each message of a multi-analyzer linter with the analyzer's
// name, which faultline's messages already carry, so the prefix is removed
// here to print it once. And golangci-lint's --fix applies the edits of
// every suggested fix of a diagnostic, where alternatives conflict; like
// faultline -fix, it gets the first fix only. golangci-lint v2 turns each
// related position of a diagnostic into an issue of its own
// ("<check>(related information)"), each failing the run as a finding
// would: they are left out (faultline's text, JSON and SARIF show them).
func forGolangci(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Analyzer = &w
		report := pass.Report
		p.Report = func(d analysis.Diagnostic) {
			d.Message = strings.TrimPrefix(d.Message, a.Name+": ")
			if len(d.SuggestedFixes) > 1 {
				d.SuggestedFixes = d.SuggestedFixes[:1]
			}
			d.Related = nil
			report(d)
		}
		return a.Run(&p)
	}
	return &w
}
