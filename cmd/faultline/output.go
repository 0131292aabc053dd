package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// position returns where pos is, for people: the position //line
// directives map it to, unless the directive names no file (/*line :N*/),
// in which case the file is the one the code is in.
func position(fset *token.FileSet, pos token.Pos) token.Position {
	p := fset.Position(pos)
	if p.Filename == "" {
		real := fset.PositionFor(pos, false)
		p.Filename = real.Filename
	}
	return p
}

// relative makes a file name relative to the current directory when it is
// below it, as go vet and staticcheck print them.
func relative(wd, name string) string {
	if wd == "" || !filepath.IsAbs(name) {
		return name
	}
	if rel, err := filepath.Rel(wd, name); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return name
}

func posString(p token.Position, wd string) string {
	if !p.IsValid() {
		return "-"
	}
	s := relative(wd, p.Filename)
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Column > 0 {
			s += fmt.Sprintf(":%d", p.Column)
		}
	}
	return s
}

// sortFindings orders findings by file, position and check, so that text
// output reads top to bottom and does not depend on package order.
func sortFindings(fs []finding) {
	slices.SortStableFunc(fs, func(a, b finding) int {
		pa, pb := position(a.fset, a.diag.Pos), position(b.fset, b.diag.Pos)
		return cmp.Or(strings.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Line, pb.Line),
			cmp.Compare(pa.Column, pb.Column), strings.Compare(a.check, b.check), strings.Compare(a.diag.Message, b.diag.Message))
	})
}

// printText prints findings as go vet does, file names relative to the
// current directory; context > 0 adds that many lines around each.
func printText(w io.Writer, fs []finding, context int) {
	wd, _ := os.Getwd()
	var b strings.Builder
	show := func(f finding, pos, end token.Pos, msg string) {
		p := position(f.fset, pos)
		fmt.Fprintf(&b, "%s: %s\n", posString(p, wd), msg)
		if context < 0 {
			return
		}
		e := position(f.fset, end)
		if !end.IsValid() || e.Filename != p.Filename {
			e = p
		}
		data, err := os.ReadFile(p.Filename)
		if err != nil {
			return
		}
		lines := strings.Split(string(data), "\n")
		for i := p.Line - context; i <= e.Line+context; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(&b, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	for _, f := range fs {
		msg := f.diag.Message
		if f.diag.Category != "" {
			msg += " [" + f.diag.Category + "]" // faultline help <check> <code>
		}
		show(f, f.diag.Pos, f.diag.End, msg)
		for _, r := range f.diag.Related {
			show(f, r.Pos, r.End, "\t"+r.Message)
		}
	}
	io.WriteString(w, b.String())
}

// The JSON shapes of x/tools' analysis drivers (go vet -json, multichecker
// -json): package ID -> check -> diagnostics.
type jsonTextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonSuggestedFix struct {
	Message string         `json:"message"`
	Edits   []jsonTextEdit `json:"edits"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonDiagnostic struct {
	Category       string             `json:"category,omitempty"`
	Posn           string             `json:"posn"`
	End            string             `json:"end"`
	Message        string             `json:"message"`
	SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated      `json:"related,omitempty"`
}

// printJSON prints findings in the JSON form of go vet -json: one object
// mapping each package ID to each check to its diagnostics, positions
// absolute. Edits name the file they change (never the file a //line
// directive maps to) and its byte offsets.
func printJSON(w io.Writer, fs []finding) error {
	tree := map[string]map[string][]jsonDiagnostic{}
	for _, f := range fs {
		d := f.diag
		jd := jsonDiagnostic{
			Category: d.Category,
			Posn:     position(f.fset, d.Pos).String(),
			End:      position(f.fset, cmp.Or(d.End, d.Pos)).String(),
			Message:  d.Message,
		}
		for _, sf := range d.SuggestedFixes {
			fix := jsonSuggestedFix{Message: sf.Message, Edits: []jsonTextEdit{}}
			for _, e := range sf.TextEdits {
				start, end := f.fset.PositionFor(e.Pos, false), f.fset.PositionFor(cmp.Or(e.End, e.Pos), false)
				fix.Edits = append(fix.Edits, jsonTextEdit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, fix)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				Posn:    position(f.fset, r.Pos).String(),
				End:     position(f.fset, cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		byCheck := tree[f.pkgID]
		if byCheck == nil {
			byCheck = map[string][]jsonDiagnostic{}
			tree[f.pkgID] = byCheck
		}
		byCheck[f.check] = append(byCheck[f.check], jd)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// summary is the last line of a text run with findings.
func summary(fs []finding) string {
	fixable := 0
	pkgs := map[string]bool{}
	for _, f := range fs {
		if len(f.diag.SuggestedFixes) > 0 {
			fixable++
		}
		pkgs[f.pkg] = true
	}
	s := fmt.Sprintf("faultline: %s", plural(len(fs), "finding", "findings"))
	if fixable > 0 {
		s += fmt.Sprintf(" (%d fixable with -fix)", fixable)
	}
	return s + " in " + plural(len(pkgs), "package", "packages")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// printTiming is -debug=t: the time each analyzer took, summed over the
// packages, longest first.
func printTiming(w io.Writer, timing map[string]time.Duration) {
	names := make([]string, 0, len(timing))
	for name := range timing {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(timing[b], timing[a]), strings.Compare(a, b)) })
	for _, name := range names {
		fmt.Fprintf(w, "faultline: time %s %.3fs\n", name, timing[name].Seconds())
	}
}
