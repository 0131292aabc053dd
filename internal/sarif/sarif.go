// Package sarif writes faultline's findings as SARIF 2.1.0, the format
// GitHub code scanning (and most CI dashboards) ingest.
//
// The writer is handed the analyzers and their documentation; it does not
// know the registry. Each check becomes one rule whose id is the check's
// name (stable across releases), with a short and a full description, help
// in plain text and Markdown, and a help URI. Each finding becomes a result
// located by a URI relative to the source root (uriBaseId %SRCROOT%), with
// start and end line and column, a primaryLocationLineHash fingerprint
// computed as GitHub's upload action computes it, and the finding's
// suggested fixes as SARIF fixes.
//
//	log := sarif.New(sarif.Tool{Name: "faultline"}, root, analyzers, docs)
//	log.Add(fset, "closeerr", diagnostic)
//	err := log.Write(os.Stdout)
//
// Output is deterministic: rules in the order given, results sorted by file,
// position, rule and message, duplicates (a file analysed as part of a
// package and of its test variant) dropped.
package sarif

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/checkdoc"
	"golang.org/x/tools/go/analysis"
)

// Schema is the URI of the final SARIF 2.1.0 JSON schema (with errata 01).
const Schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SrcRoot is the uriBaseId of every relative URI in the log.
const SrcRoot = "%SRCROOT%"

// Tool names the program that produced the log.
type Tool struct {
	Name           string // e.g. "faultline"
	Version        string // omitted when empty
	InformationURI string // omitted when empty
}

// Log collects the results of one run. Its zero value is not usable: call New.
type Log struct {
	tool      Tool
	root      string // absolute, cleaned
	rules     []rule
	ruleIndex map[string]int
	results   []result
	seen      map[string]bool
	notes     []notification
	files     map[string]*source
}

// New returns an empty log for a run over the files below root, with one
// rule per analyzer. docs documents the analyzers (matched by name); an
// analyzer without a Doc is described by its Analyzer.Doc and URL.
func New(tool Tool, root string, analyzers []*analysis.Analyzer, docs []*checkdoc.Doc) (*Log, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("sarif: source root: %v", err)
	}
	l := &Log{
		tool:      tool,
		root:      filepath.Clean(abs),
		ruleIndex: map[string]int{},
		seen:      map[string]bool{},
		files:     map[string]*source{},
	}
	byName := map[string]*checkdoc.Doc{}
	for _, d := range docs {
		byName[d.Name] = d
	}
	for _, a := range analyzers {
		if _, dup := l.ruleIndex[a.Name]; dup {
			return nil, fmt.Errorf("sarif: two analyzers named %q", a.Name)
		}
		l.ruleIndex[a.Name] = len(l.rules)
		l.rules = append(l.rules, newRule(a, byName[a.Name]))
	}
	return l, nil
}

func newRule(a *analysis.Analyzer, d *checkdoc.Doc) rule {
	r := rule{
		ID:                   a.Name,
		DefaultConfiguration: &configuration{Level: "warning", Enabled: true},
		Properties: &ruleProperties{
			Tags:            []string{"reliability", "correctness"},
			Precision:       "high",
			ProblemSeverity: "warning",
		},
	}
	if d == nil {
		title, rest, _ := strings.Cut(a.Doc, "\n\n")
		title = oneLine(title)
		r.Name = pascal(title)
		r.ShortDescription = &message{Text: sentence(title)}
		r.FullDescription = &message{Text: sentence(cmp.Or(oneLine(firstParagraph(rest)), title))}
		r.Help = &message{Text: a.Doc}
		r.HelpURI = a.URL
		return r
	}
	r.Name = pascal(d.Title)
	r.ShortDescription = &message{Text: sentence(d.Title)}
	r.FullDescription = &message{Text: sentence(cmp.Or(oneLine(firstParagraph(d.Why)), d.Title))}
	r.Help = &message{Text: d.String(), Markdown: d.Markdown(2)}
	r.HelpURI = d.URL()
	r.DefaultConfiguration.Enabled = d.Default
	return r
}

// Add records a diagnostic reported by the named check. Positions are
// resolved in fset; the files they name are read to turn byte columns into
// character columns and to compute fingerprints.
func (l *Log) Add(fset *token.FileSet, check string, d analysis.Diagnostic) error {
	idx, ok := l.ruleIndex[check]
	if !ok {
		return fmt.Errorf("sarif: finding of unknown check %q", check)
	}
	loc, src, err := l.location(fset, d.Pos, d.End, true)
	if err != nil {
		return err
	}
	r := result{
		RuleID:    check,
		RuleIndex: idx,
		Level:     "warning",
		Message:   message{Text: strings.TrimPrefix(d.Message, check+": ")},
		Locations: []location{loc},
	}
	if d.Category != "" {
		// The kind of finding: its code and its paragraph in the docs.
		r.Properties = &resultProperties{Code: d.Category, HelpURI: d.URL}
	}
	if src != nil {
		r.PartialFingerprints = map[string]string{
			"primaryLocationLineHash": src.lineHash(loc.PhysicalLocation.Region.StartLine),
		}
	}
	for i, rel := range d.Related {
		rloc, _, err := l.location(fset, rel.Pos, rel.End, false)
		if err != nil {
			return err
		}
		rloc.ID = i + 1
		rloc.Message = &message{Text: rel.Message}
		r.RelatedLocations = append(r.RelatedLocations, rloc)
	}
	for _, sf := range d.SuggestedFixes {
		f, err := l.fix(fset, sf)
		if err != nil {
			return err
		}
		if f != nil {
			r.Fixes = append(r.Fixes, *f)
		}
	}
	key, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if !l.seen[string(key)] {
		l.seen[string(key)] = true
		l.results = append(l.results, r)
	}
	return nil
}

// Notify records an error of the run that is not a finding (a package
// that does not load or type-check, an analyzer that failed). A log with
// notifications records the run as unsuccessful.
func (l *Log) Notify(msg string) {
	for _, n := range l.notes {
		if n.Message.Text == msg {
			return
		}
	}
	l.notes = append(l.notes, notification{Level: "error", Message: message{Text: msg}})
}

// Len returns the number of results recorded.
func (l *Log) Len() int { return len(l.results) }

// Write writes the log as indented JSON.
func (l *Log) Write(w io.Writer) error {
	results := slices.Clone(l.results)
	slices.SortStableFunc(results, func(a, b result) int {
		pa, pb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
		return cmp.Or(
			cmp.Compare(pa.ArtifactLocation.URI, pb.ArtifactLocation.URI),
			cmp.Compare(pa.Region.StartLine, pb.Region.StartLine),
			cmp.Compare(pa.Region.StartColumn, pb.Region.StartColumn),
			cmp.Compare(a.RuleIndex, b.RuleIndex),
			cmp.Compare(a.Message.Text, b.Message.Text),
		)
	})
	if results == nil {
		results = []result{} // GitHub wants the array even when it is empty
	}
	driver := driver{
		Name:           l.tool.Name,
		Version:        l.tool.Version,
		InformationURI: l.tool.InformationURI,
		Rules:          l.rules,
	}
	if driver.Rules == nil {
		driver.Rules = []rule{}
	}
	rootURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(l.root) + "/"}).String()
	out := sarifLog{
		Schema:  Schema,
		Version: "2.1.0",
		Runs: []run{{
			Tool: tool{Driver: driver},
			Invocations: []invocation{{
				ExecutionSuccessful:        len(l.notes) == 0,
				ToolExecutionNotifications: l.notes,
			}},
			OriginalURIBaseIDs: map[string]artifactLocation{
				SrcRoot: {URI: rootURI},
			},
			Results:    results,
			ColumnKind: "unicodeCodePoints",
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// location resolves a range to a SARIF location. End may be invalid: the
// region then runs to the end of the start line. With content set, the
// file's source is returned for fingerprinting.
func (l *Log) location(fset *token.FileSet, pos, end token.Pos, content bool) (location, *source, error) {
	if !pos.IsValid() {
		return location{}, nil, fmt.Errorf("sarif: a finding has no position")
	}
	// Unadjusted positions: the region must point into the file that is in
	// the repository, not where a //line directive says it came from.
	start := fset.PositionFor(pos, false)
	src, err := l.source(start.Filename)
	if err != nil {
		return location{}, nil, err
	}
	reg := region{StartLine: start.Line, StartColumn: src.column(start.Offset)}
	if e := fset.PositionFor(end, false); end.IsValid() && e.Filename == start.Filename && e.Offset >= start.Offset {
		reg.EndLine, reg.EndColumn = e.Line, src.column(e.Offset)
	} else {
		reg.EndLine, reg.EndColumn = start.Line, src.column(src.lineEnd(start.Offset))
	}
	loc := location{PhysicalLocation: physicalLocation{ArtifactLocation: l.artifact(start.Filename), Region: &reg}}
	if !content {
		src = nil
	}
	return loc, src, nil
}

// fix converts a suggested fix; a fix with no edits is dropped.
func (l *Log) fix(fset *token.FileSet, sf analysis.SuggestedFix) (*fix, error) {
	byFile := map[string][]replacement{}
	var order []string
	for _, e := range sf.TextEdits {
		start := fset.PositionFor(e.Pos, false)
		end := start
		if e.End.IsValid() {
			end = fset.PositionFor(e.End, false)
		}
		if !e.Pos.IsValid() || end.Filename != start.Filename || end.Offset < start.Offset {
			return nil, fmt.Errorf("sarif: fix %q has an invalid edit", sf.Message)
		}
		src, err := l.source(start.Filename)
		if err != nil {
			return nil, err
		}
		rep := replacement{DeletedRegion: region{
			StartLine: start.Line, StartColumn: src.column(start.Offset),
			EndLine: end.Line, EndColumn: src.column(end.Offset),
		}}
		if len(e.NewText) > 0 {
			rep.InsertedContent = &artifactContent{Text: string(e.NewText)}
		}
		if _, ok := byFile[start.Filename]; !ok {
			order = append(order, start.Filename)
		}
		byFile[start.Filename] = append(byFile[start.Filename], rep)
	}
	if len(order) == 0 {
		return nil, nil
	}
	f := &fix{Description: message{Text: sf.Message}}
	for _, name := range order {
		reps := byFile[name]
		slices.SortStableFunc(reps, func(a, b replacement) int {
			return cmp.Or(cmp.Compare(a.DeletedRegion.StartLine, b.DeletedRegion.StartLine),
				cmp.Compare(a.DeletedRegion.StartColumn, b.DeletedRegion.StartColumn))
		})
		f.ArtifactChanges = append(f.ArtifactChanges, artifactChange{ArtifactLocation: l.artifact(name), Replacements: reps})
	}
	return f, nil
}

// artifact returns the location of a file: relative to %SRCROOT% when the
// file is below the root, an absolute file URI otherwise.
func (l *Log) artifact(filename string) artifactLocation {
	abs, err := filepath.Abs(filename)
	if err == nil {
		if rel, err := filepath.Rel(l.root, abs); err == nil && filepath.IsLocal(rel) {
			return artifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: SrcRoot}
		}
	} else {
		abs = filename
	}
	return artifactLocation{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()}
}

func (l *Log) source(filename string) (*source, error) {
	if s, ok := l.files[filename]; ok {
		return s, nil
	}
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, fmt.Errorf("sarif: %v", err)
	}
	s := &source{data: data}
	l.files[filename] = s
	return s, nil
}

// source is the content of one file.
type source struct {
	data   []byte
	hashes map[int]string // line -> primaryLocationLineHash, computed once
}

// column returns the 1-based column, in Unicode code points, of a byte offset.
func (s *source) column(offset int) int {
	offset = min(max(offset, 0), len(s.data))
	lineStart := offset
	for lineStart > 0 && s.data[lineStart-1] != '\n' {
		lineStart--
	}
	return utf8.RuneCount(s.data[lineStart:offset]) + 1
}

// lineEnd returns the offset of the end of the line holding offset.
func (s *source) lineEnd(offset int) int {
	for offset < len(s.data) && s.data[offset] != '\n' && s.data[offset] != '\r' {
		offset++
	}
	return offset
}

func (s *source) lineHash(line int) string {
	if s.hashes == nil {
		s.hashes = lineHashes(s.data)
	}
	return s.hashes[line]
}

// firstParagraph returns the text before the first blank line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	p, _, _ := strings.Cut(s, "\n\n")
	return p
}

// oneLine joins the lines of s with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sentence makes s a sentence: a capital first letter and a final period.
func sentence(s string) string {
	s = oneLine(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// pascal turns a title into a PascalCase identifier, SARIF's convention for
// a rule's name: "ignored Close errors" -> "IgnoredCloseErrors".
func pascal(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return b.String()
}

// The SARIF 2.1.0 object model, as far as faultline uses it.

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool               tool                        `json:"tool"`
	Invocations        []invocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]artifactLocation `json:"originalUriBaseIds"`
	Results            []result                    `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []rule `json:"rules"`
}

type rule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     *message        `json:"shortDescription"`
	FullDescription      *message        `json:"fullDescription"`
	Help                 *message        `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration *configuration  `json:"defaultConfiguration"`
	Properties           *ruleProperties `json:"properties"`
}

type configuration struct {
	Level   string `json:"level"`
	Enabled bool   `json:"enabled"`
}

type ruleProperties struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision"`
	ProblemSeverity string   `json:"problem.severity"`
}

type message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []notification `json:"toolExecutionNotifications,omitempty"`
}

type notification struct {
	Level   string  `json:"level"`
	Message message `json:"message"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	RelatedLocations    []location        `json:"relatedLocations,omitempty"`
	Fixes               []fix             `json:"fixes,omitempty"`
	Properties          *resultProperties `json:"properties,omitempty"`
}

// resultProperties is a result's property bag: the finding's code
// (checkdoc.Finding) and the address of its paragraph.
type resultProperties struct {
	Code    string `json:"code"`
	HelpURI string `json:"helpUri,omitempty"`
}

type location struct {
	ID               int              `json:"id,omitempty"`
	PhysicalLocation physicalLocation `json:"physicalLocation"`
	Message          *message         `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type artifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type fix struct {
	Description     message          `json:"description"`
	ArtifactChanges []artifactChange `json:"artifactChanges"`
}

type artifactChange struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Replacements     []replacement    `json:"replacements"`
}

type replacement struct {
	DeletedRegion   region           `json:"deletedRegion"`
	InsertedContent *artifactContent `json:"insertedContent,omitempty"`
}

type artifactContent struct {
	Text string `json:"text"`
}
