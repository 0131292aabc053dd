package e2e

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"github.com/faultline-dev/faultline/internal/sarif"
	"golang.org/x/tools/go/analysis"
)

// multitool returns the SARIF multitool, which scripts/test.sh installs.
func multitool(t *testing.T) string {
	t.Helper()
	path := os.Getenv("FAULTLINE_SARIF_MULTITOOL")
	if path == "" {
		path = filepath.Join(root(t), ".tools", "sarif", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
	}
	if info, err := os.Stat(path); err != nil || info.Mode()&0o111 == 0 {
		t.Fatalf("no executable SARIF multitool at %s: scripts/test.sh installs it (npm install --prefix .tools/sarif @microsoft/sarif-multitool-linux@5.7.0), "+
			"or set FAULTLINE_SARIF_MULTITOOL; FAULTLINE_E2E=0 skips the end-to-end tests", path)
	}
	return path
}

// validate runs the multitool's validator with GitHub's rules over a log
// and fails the test on every error it reports.
func validate(t *testing.T, log string) {
	t.Helper()
	for _, e := range validationErrors(t, log) {
		t.Errorf("%s: %s", filepath.Base(log), e)
	}
}

// validationErrors runs the multitool's validator with GitHub's rules
// (validate --rule-kind "Sarif;Gh") and returns the errors it reports.
func validationErrors(t *testing.T, log string) []string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "validation.sarif")
	o := run(t, filepath.Dir(log), nil, multitool(t), "validate", "--rule-kind", "Sarif;Gh", "--output", out, log)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the multitool wrote no validation log: %v\n%s", err, o)
	}
	var v struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("bad validation log: %v", err)
	}
	if len(v.Runs) == 0 {
		t.Fatalf("empty validation log:\n%s", data)
	}
	var errs []string
	for _, r := range v.Runs[0].Results {
		// A result's level defaults to "warning" in SARIF.
		if r.Level == "error" {
			errs = append(errs, fmt.Sprintf("error %s: %v", r.RuleID, r.Message.Arguments))
		} else {
			t.Logf("%s: %s %s: %v", filepath.Base(log), cmp.Or(r.Level, "warning"), r.RuleID, r.Message.Arguments)
		}
	}
	if len(errs) == 0 && (o.code != 0 || !strings.Contains(o.stdout, "Analysis completed successfully")) {
		t.Fatalf("the multitool failed without reporting an error:\n%s", o)
	}
	return errs
}

// TestValidator checks that the validator the SARIF tests rely on does
// reject what GitHub rejects: a log with no rules, an absolute URI and no
// fingerprint, written as golangci-lint's and staticcheck's are.
func TestValidator(t *testing.T) {
	e2e(t)
	t.Parallel()
	bad := `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "lint"}},
  "results": [{"ruleId": "x", "level": "error", "message": {"text": "bad"},
    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///etc/p.go", "index": 3}, "region": {"startLine": 1}}}]}]}]}
`
	path := filepath.Join(t.TempDir(), "bad.sarif")
	writeFile(t, filepath.Dir(path), filepath.Base(path), bad)
	errs := validationErrors(t, path)
	if len(errs) == 0 {
		t.Fatalf("the validator accepts a log GitHub rejects")
	}
	t.Logf("rejected with %d errors: %v", len(errs), errs)
}

// sarifLog is what the tests read back from faultline's SARIF.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					Help struct {
						Text     string `json:"text"`
						Markdown string `json:"markdown"`
					} `json:"help"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
		} `json:"invocations"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region struct {
			StartLine, StartColumn, EndLine, EndColumn int
		} `json:"region"`
	} `json:"physicalLocation"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []struct {
		Description struct {
			Text string `json:"text"`
		} `json:"description"`
		ArtifactChanges []struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Replacements []json.RawMessage `json:"replacements"`
		} `json:"artifactChanges"`
	} `json:"fixes"`
}

var lineHash = regexp.MustCompile(`^[0-9a-f]{1,16}:[1-9][0-9]*$`)

// sarifRun runs faultline -format=sarif in dir and returns the log's path
// and contents; the log must validate.
func sarifRun(t *testing.T, dir string, code int, args ...string) (string, sarifLog) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "faultline.sarif")
	args = append([]string{"-format=sarif", "-output", path}, args...)
	o := mustRun(t, dir, nil, []int{code}, faultline(t), args...)
	if o.stdout != "" {
		t.Errorf("-output given, yet faultline wrote to stdout:\n%s", o.stdout)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("faultline wrote bad JSON: %v\n%s", err, data)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("want one run, got %d", len(log.Runs))
	}
	if !bytes.Contains(data, []byte(`"results": [`)) {
		t.Errorf("the log has no results array:\n%s", data)
	}
	validate(t, path)
	return path, log
}

// checkRules checks the log's rules: one per check run, documented from
// the check's checkdoc.Doc.
func checkRules(t *testing.T, log sarifLog, checks []*analysis.Analyzer) {
	t.Helper()
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != len(checks) {
		t.Fatalf("%d rules, want one per check run (%d)", len(rules), len(checks))
	}
	for i, a := range checks {
		r := rules[i]
		d := all.Doc(a.Name)
		if r.ID != a.Name {
			t.Errorf("rule %d is %q, want %q", i, r.ID, a.Name)
		}
		if d == nil {
			t.Fatalf("check %s has no documentation", a.Name)
		}
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" {
			t.Errorf("rule %s lacks a description: %+v", r.ID, r)
		}
		if r.Help.Text != d.String() || r.Help.Markdown != d.Markdown(2) {
			t.Errorf("rule %s: help is not the check's documentation", r.ID)
		}
		if r.HelpURI != d.URL() {
			t.Errorf("rule %s: helpUri %q, want %q", r.ID, r.HelpURI, d.URL())
		}
	}
}

// checkResults checks the log's results against faultline's findings in
// the module at dir, whose path below the source root is prefix.
func checkResults(t *testing.T, log sarifLog, dir string, want []finding, prefix string) {
	t.Helper()
	// SARIF columns count characters, go/analysis's bytes.
	want = slices.Clone(want)
	for i, f := range want {
		data, err := os.ReadFile(filepath.Join(dir, f.File))
		if err != nil {
			t.Fatal(err)
		}
		line := strings.Split(string(data), "\n")[f.Line-1]
		want[i].Col = utf8.RuneCountInString(line[:f.Col-1]) + 1
	}
	var got []finding
	rules := log.Runs[0].Tool.Driver.Rules
	for _, r := range log.Runs[0].Results {
		if len(r.Locations) != 1 {
			t.Fatalf("result %q has %d locations", r.Message.Text, len(r.Locations))
		}
		loc := r.Locations[0].PhysicalLocation
		al, reg := loc.ArtifactLocation, loc.Region
		if al.URIBaseID != sarif.SrcRoot {
			t.Errorf("uri %q has uriBaseId %q, want %s", al.URI, al.URIBaseID, sarif.SrcRoot)
		}
		u, err := url.Parse(al.URI)
		if err != nil || u.IsAbs() || strings.HasPrefix(u.Path, "/") {
			t.Errorf("uri %q is not relative", al.URI)
			continue
		}
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || reg.EndColumn < 1 ||
			reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
			t.Errorf("result %q has a bad region %+v", r.Message.Text, reg)
		}
		if !lineHash.MatchString(r.PartialFingerprints["primaryLocationLineHash"]) {
			t.Errorf("result %q has no primaryLocationLineHash: %v", r.Message.Text, r.PartialFingerprints)
		}
		if r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %q: ruleIndex %d does not point at rule %s", r.Message.Text, r.RuleIndex, r.RuleID)
		}
		for _, f := range r.Fixes {
			if f.Description.Text == "" || len(f.ArtifactChanges) == 0 {
				t.Errorf("result %q has an empty fix", r.Message.Text)
			}
			for _, c := range f.ArtifactChanges {
				if c.ArtifactLocation.URIBaseID != sarif.SrcRoot || len(c.Replacements) == 0 {
					t.Errorf("result %q: fix changes %+v", r.Message.Text, c)
				}
			}
		}
		file, ok := strings.CutPrefix(u.Path, prefix)
		if !ok {
			t.Errorf("uri %q is not below %q", al.URI, prefix)
		}
		got = append(got, finding{file, reg.StartLine, reg.StartColumn, r.RuleID + ": " + r.Message.Text, len(r.Fixes)})
	}
	got = sortFindings(got)
	sameFindings(t, "SARIF results", got, want)
	// A finding's fixes are the log's fixes.
	for i := range min(len(got), len(want)) {
		if got[i].Fixes != want[i].Fixes && got[i].String() == want[i].String() {
			t.Errorf("%s: %d fixes in SARIF, %d reported", got[i], got[i].Fixes, want[i].Fixes)
		}
	}
}

// TestSARIF runs faultline -format=sarif over the fixture (in the checkout,
// so URIs are relative to the repository root), over a package with no
// findings, over the demo, with a check turned off, and over a package that
// does not compile; every log must pass the multitool's SARIF and GitHub
// rules and hold exactly faultline's findings.
func TestSARIF(t *testing.T) {
	e2e(t)
	t.Parallel()
	multitool(t)
	r := root(t)

	t.Run("fixture", func(t *testing.T) {
		dir := fixture(t).dir
		path, log := sarifRun(t, dir, 0, "./...")
		if log.Schema != sarif.Schema || log.Version != "2.1.0" || log.Runs[0].Tool.Driver.Name != "faultline" {
			t.Errorf("log header: %q %q %q", log.Schema, log.Version, log.Runs[0].Tool.Driver.Name)
		}
		if got, want := log.Runs[0].OriginalURIBaseIDs[sarif.SrcRoot].URI, (&url.URL{Scheme: "file", Path: r + "/"}).String(); got != want {
			t.Errorf("%s is %q, want the repository root %q", sarif.SrcRoot, got, want)
		}
		if !log.Runs[0].Invocations[0].ExecutionSuccessful {
			t.Errorf("run not successful")
		}
		checkRules(t, log, all.Analyzers())
		checkResults(t, log, dir, baseline(t, dir), "testdata/e2e/")
		// Deterministic: the same bytes again, also on standard output.
		first, _ := os.ReadFile(path)
		o := mustRun(t, dir, nil, []int{0}, faultline(t), "-format", "sarif", "./...")
		if o.stdout != string(first) {
			t.Errorf("a second run wrote a different log")
		}
	})

	t.Run("no findings", func(t *testing.T) {
		_, log := sarifRun(t, fixture(t).dir, 0, "./clean")
		if n := len(log.Runs[0].Results); n != 0 {
			t.Errorf("%d results in a clean package", n)
		}
		checkRules(t, log, all.Analyzers())
	})

	t.Run("demo", func(t *testing.T) {
		dir := demo(t).dir
		_, log := sarifRun(t, dir, 0, "./...")
		checkRules(t, log, all.Analyzers())
		checkResults(t, log, dir, baseline(t, dir), "testdata/demo/")
	})

	t.Run("check off", func(t *testing.T) {
		dir := fixture(t).dir
		_, log := sarifRun(t, dir, 0, "-directive=false", "-srcroot", dir, "./...")
		var rest []*analysis.Analyzer
		for _, a := range all.Analyzers() {
			if a.Name != "directive" {
				rest = append(rest, a)
			}
		}
		checkRules(t, log, rest)
		var want []finding
		for _, f := range baseline(t, dir) {
			if f.check() != "directive" {
				want = append(want, f)
			}
		}
		checkResults(t, log, dir, want, "")
	})

	t.Run("broken package", func(t *testing.T) {
		dir := copyModule(t, fixture(t).dir)
		writeFile(t, dir, "broken/broken.go", "package broken\n\nfunc F() int { return \"x\" }\n")
		_, log := sarifRun(t, dir, 1, "./...")
		if log.Runs[0].Invocations[0].ExecutionSuccessful {
			t.Errorf("a package that does not compile, yet the run is successful")
		}
	})

	// The writer's fixes and related locations, on a real file, before
	// any check offers them: a synthetic finding with two fixes.
	t.Run("fixes", func(t *testing.T) {
		dir := t.TempDir()
		src := "package p\n\n// héllo, wörld\nfunc F() { println(\"ünïcode\") }\n"
		file := filepath.Join(dir, "p.go")
		writeFile(t, dir, "p.go", src)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		at := func(s string) token.Pos { return f.FileStart + token.Pos(strings.Index(src, s)) }
		a := &analysis.Analyzer{Name: "synthetic", Doc: "a synthetic check\n\nIt exists for this test."}
		doc := &checkdoc.Doc{Name: "synthetic", Title: "a synthetic check", Why: "It exists for this test.", Bad: "println(x)", Good: "print(x)", Default: true}
		log, err := sarif.New(sarif.Tool{Name: "faultline", Version: "0.0.0-test", InformationURI: checkdoc.Home}, dir, []*analysis.Analyzer{a}, []*checkdoc.Doc{doc})
		if err != nil {
			t.Fatal(err)
		}
		d := analysis.Diagnostic{
			Pos: at("println"), End: at("(\"ünïcode"), Message: "synthetic: println writes to stderr",
			Related: []analysis.RelatedInformation{{Pos: at("héllo"), End: at(", wörld"), Message: "said hello here"}},
			SuggestedFixes: []analysis.SuggestedFix{
				{Message: "use print", TextEdits: []analysis.TextEdit{{Pos: at("println"), End: at("(\"ünïcode"), NewText: []byte("print")}}},
				{Message: "delete the call", TextEdits: []analysis.TextEdit{{Pos: at("println"), End: at(" }"), NewText: nil}}},
			},
		}
		if err := log.Add(fset, "synthetic", d); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "synthetic.sarif")
		var buf bytes.Buffer
		if err := log.Write(&buf); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Dir(path), filepath.Base(path), buf.String())
		validate(t, path)
		var got sarifLog
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		res := got.Runs[0].Results[0]
		if len(res.Fixes) != 2 || res.Fixes[0].Description.Text != "use print" {
			t.Errorf("fixes: %+v", res.Fixes)
		}
		// Columns count characters: "func F() { " is 11 of them.
		if reg := res.Locations[0].PhysicalLocation.Region; reg.StartLine != 4 || reg.StartColumn != 12 || reg.EndColumn != 19 {
			t.Errorf("region %+v, want line 4, columns 12-19", reg)
		}
	})
}
