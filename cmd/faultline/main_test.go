package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analyzers/all"
	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

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

// go vet passes -json and the check flags before the .cfg file: each of
// these is the vet protocol, and a plain run is not.
func TestVetProtocol(t *testing.T) {
	for _, tc := range []struct {
		args string
		vet  bool
	}{
		{"/tmp/b001/vet.cfg", true},
		{"-json /tmp/b001/vet.cfg", true},
		{"-json -closeerr=false -ctxtimeout.all-sql /tmp/b001/vet.cfg", true},
		{"-fix /tmp/b001/vet.cfg", true},
		{"-V=full", true},
		{"-flags", true},
		{"./...", false},
		{"-json ./...", false},
		{"-flags ./...", false},
		{"", false},
	} {
		if got := vetProtocol(strings.Fields(tc.args)); got != tc.vet {
			t.Errorf("vetProtocol(%s) = %v, want %v", tc.args, got, tc.vet)
		}
	}
}
