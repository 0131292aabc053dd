package golangci

import (
	"bytes"
	"flag"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

var update = flag.Bool("update", false, "rewrite the repository's .golangci-plugin.yml")

// boolOnly is a boolean flag.Value that is not a flag.Getter, as some
// checks declare to act when the flag is set.
type boolOnly struct{ v bool }

func (b *boolOnly) String() string   { return strconv.FormatBool(b != nil && b.v) }
func (b *boolOnly) IsBoolFlag() bool { return true }
func (b *boolOnly) Set(s string) (err error) {
	b.v, err = strconv.ParseBool(s)
	return err
}

// fakes returns two analyzers with options of every kind, and their docs;
// "quiet" is off by default.
func fakes() ([]*analysis.Analyzer, []*checkdoc.Doc) {
	loud := &analysis.Analyzer{Name: "loud", Doc: "loud things", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	loud.Flags.Int("maxAttempts", 3, "attempts before giving up")
	loud.Flags.String("libs", "a,b", "retry libraries to know")
	loud.Flags.Bool("strict_mode", false, "report more")
	loud.Flags.Float64("ratio", 0.5, "a ratio")
	loud.Flags.Var(&boolOnly{v: true}, "facts", "a boolean flag without flag.Getter")
	quiet := &analysis.Analyzer{Name: "quiet", Doc: "quiet things", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	docs := []*checkdoc.Doc{{Name: "loud", Title: "loud things", Default: true}, {Name: "quiet", Title: "quiet things"}}
	return []*analysis.Analyzer{loud, quiet}, docs
}

func enabledNames(p *Plugin) []string {
	var out []string
	for _, a := range p.analyzers {
		out = append(out, a.Name)
	}
	return out
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string
		opts     map[string]string // flag -> value after New
	}{
		{"no settings", nil, []string{"loud"}, map[string]string{"maxAttempts": "3", "libs": "a,b", "strict_mode": "false", "ratio": "0.5", "facts": "true"}},
		{"empty", map[string]any{}, []string{"loud"}, nil},
		{"bool shorthand", map[string]any{"loud": false, "quiet": true}, []string{"quiet"}, nil},
		{"enabled key", map[string]any{"loud": map[string]any{"enabled": false}, "quiet": map[string]any{"enabled": true}}, []string{"quiet"}, nil},
		{"null value keeps the default", map[string]any{"loud": nil}, []string{"loud"}, nil},
		{"options in kebab-case", map[string]any{"loud": map[string]any{
			"max-attempts": 7, "libs": []any{"x", "y"}, "strict-mode": true, "ratio": 0.25,
		}}, []string{"loud"}, map[string]string{"maxAttempts": "7", "libs": "x,y", "strict_mode": "true", "ratio": "0.25"}},
		{"boolean option without a Getter", map[string]any{"loud": map[string]any{"facts": false}}, []string{"loud"}, map[string]string{"facts": "false"}},
		{"viper lower-cases keys", map[string]any{"LOUD": map[string]any{"Max-Attempts": "9"}}, []string{"loud"}, map[string]string{"maxAttempts": "9"}},
		{"options reset between plugins", map[string]any{"loud": map[string]any{"enabled": true}}, []string{"loud"}, map[string]string{"maxAttempts": "3", "libs": "a,b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			analyzers, docs := fakes()
			if tc.name == "options reset between plugins" {
				if _, err := newPlugin(map[string]any{"loud": map[string]any{"max-attempts": 99, "libs": "z"}}, analyzers, docs); err != nil {
					t.Fatal(err)
				}
			}
			p, err := newPlugin(tc.settings, analyzers, docs)
			if err != nil {
				t.Fatal(err)
			}
			if got := enabledNames(p); !slices.Equal(got, tc.want) {
				t.Errorf("enabled checks = %v, want %v", got, tc.want)
			}
			for name, want := range tc.opts {
				if got := analyzers[0].Flags.Lookup(name).Value.String(); got != want {
					t.Errorf("-loud.%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string // substrings of the error
	}{
		{"unknown check", map[string]any{"loudd": true}, []string{`unknown setting "loudd"`, "loud, quiet"}},
		{"unknown option", map[string]any{"loud": map[string]any{"max-attempt": 2}}, []string{`unknown option "max-attempt" for check loud`, "max-attempts", "strict-mode"}},
		{"option of a check without options", map[string]any{"quiet": map[string]any{"level": 2}}, []string{`unknown option "level" for check quiet`, "no options"}},
		{"bad value", map[string]any{"loud": map[string]any{"max-attempts": "many"}}, []string{"loud.max-attempts", `invalid value "many"`}},
		{"enabled not a bool", map[string]any{"loud": map[string]any{"enabled": "yes"}}, []string{"loud.enabled", "want true or false"}},
		{"check not a bool or map", map[string]any{"loud": "on"}, []string{`setting "loud"`, `the string "on"`}},
		{"option a map", map[string]any{"loud": map[string]any{"libs": map[string]any{"a": 1}}}, []string{"loud.libs", "not a map"}},
		{"settings not a map", []any{"loud"}, []string{"faultline: settings:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			analyzers, docs := fakes()
			_, err := newPlugin(tc.settings, analyzers, docs)
			if err == nil {
				t.Fatalf("no error for %v", tc.settings)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	newFn, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newFn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", mode, register.LoadModeTypesInfo)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range all.Docs() {
		if d.Default {
			want = append(want, d.Name)
		}
	}
	var names []string
	for _, a := range got {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("analyzers %v, want the checks on by default %v", names, want)
	}
	if err := analysis.Validate(got); err != nil {
		t.Errorf("the plugin's analyzers are not valid: %v", err)
	}
	// Every check can be turned off by name.
	off := map[string]any{}
	for _, a := range all.Analyzers() {
		off[a.Name] = false
	}
	p, err = newFn(off)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := p.BuildAnalyzers(); len(got) != 0 {
		t.Errorf("all checks off, still got %d analyzers", len(got))
	}
}

// TestForGolangci checks the adapter: the check's name is not repeated
// (golangci-lint adds it), only the first suggested fix is kept, and
// related positions are left out.
func TestForGolangci(t *testing.T) {
	fix := func(msg string) analysis.SuggestedFix {
		return analysis.SuggestedFix{Message: msg, TextEdits: []analysis.TextEdit{{Pos: 1, End: 2, NewText: []byte(msg)}}}
	}
	a := &analysis.Analyzer{Name: "loud", Doc: "loud things", Run: func(pass *analysis.Pass) (any, error) {
		pass.Report(analysis.Diagnostic{Pos: 1, Message: "loud: two fixes", SuggestedFixes: []analysis.SuggestedFix{fix("a"), fix("b")}})
		pass.Report(analysis.Diagnostic{Pos: 1, Message: "no prefix", Related: []analysis.RelatedInformation{{Pos: 1, Message: "here"}}})
		return "result", nil
	}}
	var got []analysis.Diagnostic
	w := forGolangci(a)
	if w == a || w.Name != a.Name {
		t.Fatalf("adapter must be a new analyzer with the same name")
	}
	res, err := w.Run(&analysis.Pass{Analyzer: w, Fset: token.NewFileSet(), Report: func(d analysis.Diagnostic) { got = append(got, d) }})
	if err != nil || res != "result" {
		t.Fatalf("Run = %v, %v", res, err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d diagnostics, want 2", len(got))
	}
	if got[0].Message != "two fixes" || len(got[0].SuggestedFixes) != 1 || got[0].SuggestedFixes[0].Message != "a" {
		t.Errorf("first diagnostic = %q with fixes %v", got[0].Message, got[0].SuggestedFixes)
	}
	if got[1].Message != "no prefix" || len(got[1].Related) != 0 {
		t.Errorf("second diagnostic = %q with related %v (golangci-lint would make each an issue)", got[1].Message, got[1].Related)
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"libs": "libs", "maxAttempts": "max-attempts", "max_attempts": "max-attempts",
		"max-attempts": "max-attempts", "HTTPClient": "http-client", "retryIf2xx": "retry-if2xx", "Name": "name", "allow.list": "allow-list",
	} {
		if got := Kebab(in); got != want {
			t.Errorf("Kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExampleConfig keeps the repository's .golangci-plugin.yml in step
// with the registry: every check and every option, at its default.
func TestExampleConfig(t *testing.T) {
	want := ExampleConfig(all.Analyzers(), all.Docs())
	path := filepath.Join("..", ".golangci-plugin.yml")
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf(".golangci-plugin.yml is out of date with the checks: run go test ./golangci -update")
	}
	for _, a := range all.Analyzers() {
		if !bytes.Contains(got, []byte("\n          "+a.Name+":\n")) {
			t.Errorf(".golangci-plugin.yml has no section for check %s", a.Name)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if !bytes.Contains(got, []byte("\n            "+Kebab(f.Name)+": ")) {
				t.Errorf(".golangci-plugin.yml does not show option %s of check %s", Kebab(f.Name), a.Name)
			}
		})
	}
	// The example's settings must be ones the plugin accepts.
	analyzers, docs := fakes()
	text := string(ExampleConfig(analyzers, docs))
	for _, w := range []string{"          loud:\n            enabled: true\n", "            max-attempts: 3\n", `            libs: "a,b"` + "\n",
		"            strict-mode: false\n", "            ratio: 0.5\n", "            facts: true\n", "          quiet:\n            enabled: false\n", "# attempts before giving up\n"} {
		if !strings.Contains(text, w) {
			t.Errorf("example config lacks %q:\n%s", w, text)
		}
	}
	if _, err := newPlugin(map[string]any{"loud": map[string]any{"enabled": true, "max-attempts": 3, "libs": "a,b", "strict-mode": false, "ratio": 0.5},
		"quiet": map[string]any{"enabled": false}}, analyzers, docs); err != nil {
		t.Errorf("the example's settings are rejected: %v", err)
	}
}

// The directive check requires exactly the enabled checks as the plugin
// returns them, so golangci-lint runs each once and a disabled one never.
func TestDirectiveRequiresEnabledChecks(t *testing.T) {
	p, err := newPlugin(map[string]any{"closeerr": false}, all.Analyzers(), all.Docs())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := p.BuildAnalyzers()
	var checks []*analysis.Analyzer
	var directive *analysis.Analyzer
	for _, a := range got {
		if a.Name == "directive" {
			directive = a
		} else {
			checks = append(checks, a)
		}
	}
	if directive == nil {
		t.Fatal("no directive analyzer")
	}
	var required []*analysis.Analyzer
	for _, r := range directive.Requires {
		if r.Name != "faultlinedirectives" {
			required = append(required, r)
		}
	}
	if !slices.Equal(required, checks) {
		t.Errorf("directive requires %v, want the enabled checks as returned %v", required, checks)
	}
	for _, r := range required {
		if r.Name == "closeerr" {
			t.Error("directive requires closeerr, which is disabled")
		}
	}
}
