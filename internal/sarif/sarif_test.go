package sarif

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

// TestLineHashes checks the fingerprints against values computed by a
// transcription of codeql-action's fingerprints.ts run under Node: CRLF and
// CR line endings, tabs, a BMP and a non-BMP character, a blank tail.
func TestLineHashes(t *testing.T) {
	src := "package a\r\n\r\nfunc f() {\r\n\t// héllo 😀 world\n}\n\n\n}\n"
	want := map[int]string{
		1: "5f3540ef5cb3d6db:1", 2: "16eaed4ed79aa330:1", 3: "57d4265f2a390386:1",
		4: "187f237808d33eea:1", 5: "c173d0838d8ada7d:1", 6: "462137a480114f8a:1",
		7: "2aace4c0835fec88:1", 8: "32dce9ccfdbc9d3e:1", 9: "c129715d7a2bc9a3:1",
	}
	got := lineHashes([]byte(src))
	if len(got) != len(want) {
		t.Errorf("%d lines hashed, want %d: %v", len(got), len(want), got)
	}
	for line, h := range want {
		if got[line] != h {
			t.Errorf("line %d: hash %s, want %s", line, got[line], h)
		}
	}
	if got := lineHashes([]byte("x")); got[1] != "638816509450efbf:1" || len(got) != 1 {
		t.Errorf("one-line file: %v", got)
	}
	if got := lineHashes(nil); got[1] != "c129715d7a2bc9a3:1" || len(got) != 1 {
		t.Errorf("empty file: %v", got)
	}
	// Identical lines are told apart by their count.
	got = lineHashes([]byte(strings.Repeat("}\n", 150)))
	if !strings.HasSuffix(got[1], ":1") || strings.TrimSuffix(got[1], ":1") == "" {
		t.Errorf("first of identical lines: %q", got[1])
	}
	seen := map[string]bool{}
	for _, h := range got {
		if seen[h] {
			t.Errorf("hash %s given twice", h)
		}
		seen[h] = true
	}
}

type testLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Version string
				Rules   []struct {
					ID, Name, HelpURI string
					ShortDescription  struct{ Text string }
					FullDescription   struct{ Text string }
					Help              struct{ Text, Markdown string }
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct{ Message struct{ Text string } }
		}
		OriginalURIBaseIds map[string]struct{ URI string }
		Results            []struct {
			RuleID    string
			RuleIndex int
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			PartialFingerprints map[string]string
			RelatedLocations    []struct {
				ID      int
				Message struct{ Text string }
			}
			Fixes []struct {
				Description     struct{ Text string }
				ArtifactChanges []struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Replacements     []struct {
						DeletedRegion   struct{ StartLine, StartColumn, EndLine, EndColumn int }
						InsertedContent *struct{ Text string }
					}
				}
			}
		}
	}
}

func write(t *testing.T, l *Log) (string, testLog) {
	t.Helper()
	var buf bytes.Buffer
	if err := l.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var out testLog
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, buf.String())
	}
	return buf.String(), out
}

// fileAt writes src to dir/name and adds it to fset; at returns the
// position of the first occurrence of a substring.
func fileAt(t *testing.T, fset *token.FileSet, dir, name, src string) func(string) token.Pos {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f := fset.AddFile(path, -1, len(src))
	f.SetLinesForContent([]byte(src))
	return func(s string) token.Pos {
		i := strings.Index(src, s)
		if i < 0 {
			t.Fatalf("%q not in %s", s, name)
		}
		return f.Pos(i)
	}
}

var (
	docd = &analysis.Analyzer{Name: "docd", Doc: "ignored", URL: "ignored"}
	bare = &analysis.Analyzer{Name: "bare", Doc: "finds bare things\n\nBare things are bad.\nReally.\n\nMore.", URL: "https://example.com/bare"}
	doc  = &checkdoc.Doc{Name: "docd", Title: "documented things", Why: "They matter.\n\nA second paragraph.", Bad: "bad()", Good: "good()", Default: true}
)

func TestRules(t *testing.T) {
	l, err := New(Tool{Name: "faultline", Version: "1.2.3"}, t.TempDir(), []*analysis.Analyzer{docd, bare}, []*checkdoc.Doc{doc})
	if err != nil {
		t.Fatal(err)
	}
	text, out := write(t, l)
	rules := out.Runs[0].Tool.Driver.Rules
	if len(rules) != 2 || rules[0].ID != "docd" || rules[1].ID != "bare" {
		t.Fatalf("rules: %+v", rules)
	}
	r := rules[0]
	if r.Name != "DocumentedThings" || r.ShortDescription.Text != "Documented things." || r.FullDescription.Text != "They matter." ||
		r.Help.Text != doc.String() || r.Help.Markdown != doc.Markdown(2) || r.HelpURI != doc.URL() {
		t.Errorf("documented rule: %+v", r)
	}
	r = rules[1]
	if r.Name != "FindsBareThings" || r.ShortDescription.Text != "Finds bare things." || r.FullDescription.Text != "Bare things are bad. Really." ||
		r.Help.Text != bare.Doc || r.HelpURI != bare.URL {
		t.Errorf("undocumented rule: %+v", r)
	}
	if !strings.Contains(text, `"results": []`) {
		t.Errorf("no empty results array:\n%s", text)
	}
	if !out.Runs[0].Invocations[0].ExecutionSuccessful || out.Runs[0].Tool.Driver.Version != "1.2.3" {
		t.Errorf("invocation or version: %+v", out.Runs[0])
	}
	if _, err := New(Tool{Name: "x"}, ".", []*analysis.Analyzer{bare, bare}, nil); err == nil {
		t.Errorf("two analyzers with one name accepted")
	}
}

func TestResults(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	fset := token.NewFileSet()
	a := fileAt(t, fset, root, "pkg/ä b.go", "package p\n\nfunc F() { x := \"ünï\"; use(x) }\n")
	b := fileAt(t, fset, root, "a.go", "package p\n\nvar V = 1\r\nvar W = 2\n")
	o := fileAt(t, fset, outside, "o.go", "package o\n")
	l, err := New(Tool{Name: "faultline"}, root, []*analysis.Analyzer{docd, bare}, []*checkdoc.Doc{doc})
	if err != nil {
		t.Fatal(err)
	}
	add := func(check string, d analysis.Diagnostic) {
		t.Helper()
		if err := l.Add(fset, check, d); err != nil {
			t.Fatal(err)
		}
	}
	add("bare", analysis.Diagnostic{Pos: a("use"), End: a("(x)"), Message: "bare: use is bare",
		Related: []analysis.RelatedInformation{{Pos: a("x :="), Message: "x declared here"}},
		SuggestedFixes: []analysis.SuggestedFix{
			{Message: "rename", TextEdits: []analysis.TextEdit{{Pos: a("use"), End: a("(x)"), NewText: []byte("useIt")}, {Pos: b("1"), End: b("\r\n"), NewText: []byte("3")}}},
			{Message: "delete", TextEdits: []analysis.TextEdit{{Pos: a("; use"), End: a(" }")}}},
		}})
	add("bare", analysis.Diagnostic{Pos: a("use"), End: a("(x)"), Message: "bare: use is bare", // duplicate (test variant)
		Related: []analysis.RelatedInformation{{Pos: a("x :="), Message: "x declared here"}},
		SuggestedFixes: []analysis.SuggestedFix{
			{Message: "rename", TextEdits: []analysis.TextEdit{{Pos: a("use"), End: a("(x)"), NewText: []byte("useIt")}, {Pos: b("1"), End: b("\r\n"), NewText: []byte("3")}}},
			{Message: "delete", TextEdits: []analysis.TextEdit{{Pos: a("; use"), End: a(" }")}}},
		}})
	add("docd", analysis.Diagnostic{Pos: b("W"), Message: "docd: no end"})
	add("docd", analysis.Diagnostic{Pos: b("V"), End: b(" = 1"), Message: "V is documented"})
	add("bare", analysis.Diagnostic{Pos: o("package"), End: o(" o"), Message: "outside"})
	if err := l.Add(fset, "nosuch", analysis.Diagnostic{Pos: b("V")}); err == nil {
		t.Errorf("a finding of an unknown check was accepted")
	}
	if err := l.Add(fset, "bare", analysis.Diagnostic{Message: "nowhere"}); err == nil {
		t.Errorf("a finding without a position was accepted")
	}
	if l.Len() != 4 {
		t.Errorf("%d results, want 4 (one duplicate dropped)", l.Len())
	}
	_, out := write(t, l)
	res := out.Runs[0].Results
	if len(res) != 4 {
		t.Fatalf("%d results", len(res))
	}
	type want struct {
		uri, base, rule, msg string
		sl, sc, el, ec       int
	}
	for i, w := range []want{
		{"a.go", SrcRoot, "docd", "V is documented", 3, 5, 3, 6},
		{"a.go", SrcRoot, "docd", "no end", 4, 5, 4, 10},
		{"file://" + filepath.ToSlash(outside) + "/o.go", "", "bare", "outside", 1, 1, 1, 8},
		{"pkg/%C3%A4%20b.go", SrcRoot, "bare", "use is bare", 3, 24, 3, 27},
	} {
		r := res[i]
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != w.uri || loc.ArtifactLocation.URIBaseID != w.base || r.RuleID != w.rule || r.Message.Text != w.msg ||
			loc.Region.StartLine != w.sl || loc.Region.StartColumn != w.sc || loc.Region.EndLine != w.el || loc.Region.EndColumn != w.ec {
			t.Errorf("result %d = %s %s %s %q %+v, want %+v", i, loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID, r.RuleID, r.Message.Text, loc.Region, w)
		}
		if h := r.PartialFingerprints["primaryLocationLineHash"]; h == "" {
			t.Errorf("result %d has no fingerprint", i)
		}
		if wantIdx := map[string]int{"docd": 0, "bare": 1}[r.RuleID]; r.RuleIndex != wantIdx {
			t.Errorf("result %d: ruleIndex %d", i, r.RuleIndex)
		}
	}
	// The fingerprint is that of the line in the file.
	if got, want := res[0].PartialFingerprints["primaryLocationLineHash"], lineHashes([]byte("package p\n\nvar V = 1\r\nvar W = 2\n"))[3]; got != want {
		t.Errorf("fingerprint %s, want %s", got, want)
	}
	r := res[3]
	if len(r.RelatedLocations) != 1 || r.RelatedLocations[0].ID != 1 || r.RelatedLocations[0].Message.Text != "x declared here" {
		t.Errorf("related: %+v", r.RelatedLocations)
	}
	if len(r.Fixes) != 2 || r.Fixes[0].Description.Text != "rename" || len(r.Fixes[0].ArtifactChanges) != 2 {
		t.Fatalf("fixes: %+v", r.Fixes)
	}
	c := r.Fixes[0].ArtifactChanges[0]
	if c.ArtifactLocation.URI != "pkg/%C3%A4%20b.go" || len(c.Replacements) != 1 || c.Replacements[0].InsertedContent.Text != "useIt" ||
		c.Replacements[0].DeletedRegion.StartColumn != 24 || c.Replacements[0].DeletedRegion.EndColumn != 27 {
		t.Errorf("first change: %+v", c)
	}
	if c := r.Fixes[0].ArtifactChanges[1]; c.ArtifactLocation.URI != "a.go" || c.Replacements[0].DeletedRegion.StartLine != 3 {
		t.Errorf("second change: %+v", c)
	}
	if rep := r.Fixes[1].ArtifactChanges[0].Replacements[0]; rep.InsertedContent != nil {
		t.Errorf("a deletion inserts %q", rep.InsertedContent.Text)
	}
}

func TestNotify(t *testing.T) {
	l, err := New(Tool{Name: "faultline"}, t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Notify("p.go:1:1: undefined: x")
	l.Notify("p.go:1:1: undefined: x")
	text, out := write(t, l)
	inv := out.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 {
		t.Errorf("invocation: %+v", inv)
	}
	if !strings.Contains(text, `"rules": []`) || !strings.Contains(text, `"results": []`) {
		t.Errorf("empty arrays missing:\n%s", text)
	}
}

func TestPascalAndSentence(t *testing.T) {
	for in, want := range map[string]string{
		"ignored Close errors on writers":         "IgnoredCloseErrorsOnWriters",
		"malformed //faultline:ignore directives": "MalformedFaultlineIgnoreDirectives",
		"SELECT-then-INSERT races":                "SELECTThenINSERTRaces",
	} {
		if got := pascal(in); got != want {
			t.Errorf("pascal(%q) = %q, want %q", in, got, want)
		}
	}
	if got := sentence("  retries   without\njitter "); got != "Retries without jitter." {
		t.Errorf("sentence: %q", got)
	}
	if got := sentence("Done."); got != "Done." {
		t.Errorf("sentence: %q", got)
	}
}
