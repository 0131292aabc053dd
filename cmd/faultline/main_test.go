package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

func TestTakeFormat(t *testing.T) {
	a := &analysis.Analyzer{Name: "retry", Doc: "d"}
	a.Flags.Int("max", 3, "")
	a.Flags.Bool("strict", false, "")
	for _, tc := range []struct {
		args   string
		format string
		rest   string
	}{
		{"./...", "", "./..."},
		{"-format=sarif ./...", "sarif", "./..."},
		{"--format sarif -retry=false ./...", "sarif", "-retry=false ./..."},
		{"-c 3 -format=json ./...", "json", "-c 3 ./..."},
		{"-retry.max 5 -format text ./...", "text", "-retry.max 5 ./..."},
		{"-retry.strict -format=sarif ./...", "sarif", "-retry.strict ./..."},
		{"./... -format=sarif", "", "./... -format=sarif"},
		{"-- -format=sarif", "", "-- -format=sarif"},
		{"-format=sarif -output f.sarif ./...", "sarif", "-output f.sarif ./..."},
	} {
		format, rest, err := takeFormat(strings.Fields(tc.args), []*analysis.Analyzer{a})
		if err != nil || format != tc.format || strings.Join(rest, " ") != tc.rest {
			t.Errorf("takeFormat(%s) = %q, %q, %v; want %q, %q", tc.args, format, rest, err, tc.format, tc.rest)
		}
	}
	if _, _, err := takeFormat([]string{"-format"}, nil); err == nil {
		t.Errorf("-format without a value accepted")
	}
}

func TestSelectAnalyzers(t *testing.T) {
	x, y, z := &analysis.Analyzer{Name: "x"}, &analysis.Analyzer{Name: "y"}, &analysis.Analyzer{Name: "z"}
	as := []*analysis.Analyzer{x, y, z}
	names := func(as []*analysis.Analyzer) string {
		var s []string
		for _, a := range as {
			s = append(s, a.Name)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		set  map[*analysis.Analyzer]triState
		want string
	}{
		{nil, "x,y,z"},
		{map[*analysis.Analyzer]triState{y: setFalse}, "x,z"},
		{map[*analysis.Analyzer]triState{y: setTrue}, "y"},
		{map[*analysis.Analyzer]triState{y: setTrue, z: setFalse, x: setTrue}, "x,y"},
	} {
		enabled := map[*analysis.Analyzer]*triState{}
		for _, a := range as {
			ts := tc.set[a]
			enabled[a] = &ts
		}
		if got := names(selectAnalyzers(as, enabled)); got != tc.want {
			t.Errorf("select %v = %s, want %s", tc.set, got, tc.want)
		}
	}
}

func TestHelp(t *testing.T) {
	var out, errs bytes.Buffer
	if code := help(&out, &errs, all.Analyzers(), all.Docs(), nil); code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, d := range all.Docs() {
		if !strings.Contains(out.String(), "    "+d.Name+" ") || !strings.Contains(out.String(), d.Title) {
			t.Errorf("help does not list %s: %s", d.Name, d.Title)
		}
	}
	for _, w := range []string{"faultline finds", "-format=sarif", "go vet -vettool", "faultline help NAME", checkdoc.Home} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("help lacks %q", w)
		}
	}

	a := &analysis.Analyzer{Name: "retry", Doc: "retry things\n\nMore.", URL: "https://example.com/retry"}
	a.Flags.Int("max", 3, "attempts")
	d := &checkdoc.Doc{Name: "retry", Title: "retry things", Why: "Because.", Default: true}
	out.Reset()
	if code := help(&out, &errs, []*analysis.Analyzer{a}, []*checkdoc.Doc{d}, []string{"retry"}); code != 0 {
		t.Fatalf("help retry: exit %d", code)
	}
	for _, w := range []string{"retry: retry things", "Because.", "-retry.max", "attempts", "https://example.com/retry"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("help retry lacks %q:\n%s", w, out.String())
		}
	}
	if code := help(&out, &errs, []*analysis.Analyzer{a}, nil, []string{"nosuch"}); code != 1 || !strings.Contains(errs.String(), `no check named "nosuch"`) {
		t.Errorf("help nosuch: exit %d, %q", code, errs.String())
	}
}

func TestNeedFacts(t *testing.T) {
	type fact struct{ analysis.Fact }
	leaf := &analysis.Analyzer{Name: "leaf", FactTypes: []analysis.Fact{new(fact)}}
	mid := &analysis.Analyzer{Name: "mid", Requires: []*analysis.Analyzer{leaf}}
	plain := &analysis.Analyzer{Name: "plain"}
	if needFacts([]*analysis.Analyzer{plain}) || !needFacts([]*analysis.Analyzer{plain, mid}) {
		t.Errorf("needFacts wrong")
	}
}
