package main

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// fixPlan is the first suggested fix of each finding, merged: the edits
// to make, by file.
type fixPlan struct {
	edits   map[string][]edit
	applied int // fixes taken
	skipped int // fixes left for a later round: they conflict with one taken
}

// planFixes takes the first suggested fix of each finding, in order, and
// keeps each whose edits do not conflict with those already kept. An
// edit identical to one kept (two fixes adding the same import) is made
// once. Fixes that touch a generated file are not taken.
func planFixes(fs []finding, generated func(file string) bool) fixPlan {
	plan := fixPlan{edits: map[string][]edit{}}
	seenFix := map[string]bool{}
	for _, f := range fs {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		sf := f.diag.SuggestedFixes[0]
		byFile := map[string][]edit{}
		ok := len(sf.TextEdits) > 0
		var id strings.Builder
		for _, e := range sf.TextEdits {
			start := f.fset.PositionFor(e.Pos, false)
			end := start
			if e.End.IsValid() {
				end = f.fset.PositionFor(e.End, false)
			}
			if !start.IsValid() || start.Filename != end.Filename || end.Offset < start.Offset || generated(start.Filename) {
				ok = false
				break
			}
			byFile[start.Filename] = append(byFile[start.Filename], edit{start.Offset, end.Offset, string(e.NewText)})
			fmt.Fprintf(&id, "%s:%d:%d:%q;", start.Filename, start.Offset, end.Offset, e.NewText)
		}
		if !ok || seenFix[id.String()] {
			continue
		}
		seenFix[id.String()] = true
		merged := map[string][]edit{}
		for file, es := range byFile {
			m, ok2 := merge(plan.edits[file], es)
			if !ok2 {
				ok = false
				break
			}
			merged[file] = m
		}
		if !ok {
			plan.skipped++
			continue
		}
		for file, es := range merged {
			plan.edits[file] = es
		}
		plan.applied++
	}
	return plan
}

// merge adds edits to kept (sorted, disjoint), or reports a conflict:
// edits that overlap, or two insertions at one place with different text.
func merge(kept, edits []edit) ([]edit, bool) {
	out := slices.Clone(kept)
	for _, e := range edits {
		dup := false
		for _, k := range kept { // only other fixes' edits can conflict
			if k == e {
				dup = true
				break
			}
			overlap := e.start < k.end && k.start < e.end
			sameInsert := e.start == e.end && k.start == k.end && e.start == k.start
			// An insertion at the very start or end of a replaced range is
			// ambiguous too.
			touches := (e.start == e.end && (e.start == k.start || e.start == k.end) && k.start != k.end) ||
				(k.start == k.end && (k.start == e.start || k.start == e.end) && e.start != e.end)
			if overlap || sameInsert || touches {
				return nil, false
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b edit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	return out, true
}

// apply makes the edits to src and, when src was gofmt-clean, gofmts the
// result; otherwise it leaves the rest of the file as it was.
func apply(src []byte, edits []edit) ([]byte, error) {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.start < last || e.end > len(src) {
			return nil, fmt.Errorf("edit out of range")
		}
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	out := b.Bytes()
	if clean, err := format.Source(src); err == nil && bytes.Equal(clean, src) {
		if formatted, err := format.Source(out); err == nil {
			out = formatted
		}
	}
	return out, nil
}

// isGenerated reports whether the Go file's content carries a generated
// header (go/ast's rule).
func isGenerated(src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ParseComments|parser.PackageClauseOnly)
	return err == nil && ast.IsGenerated(f)
}

// readCurrent returns a file's content in the overlay, or on disk.
func readCurrent(overlay map[string][]byte, name string) ([]byte, error) {
	if data, ok := overlay[name]; ok {
		return data, nil
	}
	return os.ReadFile(name)
}

// maxRounds bounds the fix rounds of one -fix run: fixes whose edits
// conflict with others', and findings that only appear once another fix is
// made, are fixed in a later round.
const maxRounds = 4

// maxRetries bounds the retries of rounds whose fixes broke a file.
const maxRetries = 8

// fixOutcome is what -fix (or -diff) did.
type fixOutcome struct {
	fixes  int               // fixes applied, over all rounds
	files  []string          // files changed, sorted
	diff   string            // the unified diff of every change, for -diff
	undone string            // why the last round's fixes were dropped, if they were
	rounds int               // rounds that applied fixes
	orig   map[string][]byte // the files' contents before
}

// summary is the last line of a -fix run (the findings are those that
// remain), or of a -diff run (the findings are all of them: nothing was
// changed).
func (o *fixOutcome) summary(diffOnly bool, findings []finding) string {
	if diffOnly {
		s := "faultline: no findings"
		if len(findings) > 0 {
			s = summary(findings)
		}
		return s + fmt.Sprintf("; the diff makes %s to %s", plural(o.fixes, "fix", "fixes"), plural(len(o.files), "file", "files"))
	}
	s := fmt.Sprintf("faultline: applied %s to %s", plural(o.fixes, "fix", "fixes"), plural(len(o.files), "file", "files"))
	if len(findings) > 0 {
		rest := strings.TrimPrefix(summary(findings), "faultline: ")
		verb := " remain"
		if len(findings) == 1 {
			verb = " remains"
		}
		rest = strings.Replace(rest, " in ", verb+" in ", 1)
		s += "; " + rest
	}
	return s
}

// fixRounds applies the findings' fixes, re-analyses, and repeats until no
// fix is left to apply or maxRounds is reached. The rounds work on an
// overlay of the files; a round whose fixes make a package fail to load
// or type-check where it did not before is dropped whole. Unless -diff,
// the files are written at the end. It returns the outcome and the last
// analysis: the findings that remain.
func fixRounds(cfg loadConfig, opts *options, res *result) (*fixOutcome, *result, error) {
	out := &fixOutcome{orig: map[string][]byte{}}
	overlay := map[string][]byte{}
	baseErrors := map[string]bool{}
	for _, e := range res.errors {
		baseErrors[e] = true
	}
	generated := map[string]bool{}
	isGen := func(name string) bool {
		g, ok := generated[name]
		if !ok {
			data, err := readCurrent(overlay, name)
			g = err != nil || isGenerated(data)
			generated[name] = g
		}
		return g
	}
	// held are files whose fixes made their package fail to compile: the
	// round is retried without them.
	held := map[string]bool{}
	retries := 0
	for round := 0; round < maxRounds; round++ {
		plan := planFixes(res.findings, func(name string) bool { return held[name] || isGen(name) })
		if plan.applied == 0 {
			break
		}
		next := map[string][]byte{}
		for name, data := range overlay {
			next[name] = data
		}
		changed := false
		for name, edits := range plan.edits {
			src, err := readCurrent(overlay, name)
			if err != nil {
				return nil, nil, err
			}
			if _, ok := out.orig[name]; !ok {
				out.orig[name] = src
			}
			fixed, err := apply(src, edits)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %v", name, err)
			}
			if !bytes.Equal(fixed, src) {
				changed = true
			}
			next[name] = fixed
		}
		if !changed {
			break
		}
		cfg.overlay = next
		again, err := analyze(cfg, opts.analyzers, opts.parallel)
		if err != nil {
			return nil, nil, err
		}
		var broke []string
		for _, e := range again.errors {
			if !baseErrors[e] {
				broke = append(broke, e)
			}
		}
		if len(broke) > 0 {
			// Hold back the fixes of the files the new errors are in, and
			// retry the round; if the errors are in no file this round
			// edited, drop the round.
			found := false
			for _, e := range broke {
				file, _, _ := strings.Cut(e, ":")
				if abs, err := filepath.Abs(file); err == nil && plan.edits[abs] != nil && !held[abs] {
					held[abs] = true
					found = true
					fmt.Fprintf(os.Stderr, "faultline: the fixes to %s left code that does not compile (%s); they are not applied\n", file, e)
				}
			}
			if !found || retries >= maxRetries {
				out.undone = broke[0]
				fmt.Fprintf(os.Stderr, "faultline: %s left code that does not compile (%s); those fixes are not applied\n",
					plural(plan.applied, "fix", "fixes"), broke[0])
				break
			}
			retries++
			round--
			continue
		}
		overlay, res = next, again
		out.fixes += plan.applied
		out.rounds++
	}
	var names []string
	for name, data := range overlay {
		if !bytes.Equal(data, out.orig[name]) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out.files = names
	wd, _ := os.Getwd()
	var diff strings.Builder
	for _, name := range names {
		if opts.diff {
			diff.WriteString(unified(relative(wd, name), string(out.orig[name]), string(overlay[name])))
			continue
		}
		if err := writeFile(name, overlay[name]); err != nil {
			return nil, nil, err
		}
	}
	out.diff = diff.String()
	return out, res, nil
}

// writeFile replaces a file's content, keeping its mode.
func writeFile(name string, data []byte) error {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	return os.WriteFile(name, data, mode)
}
