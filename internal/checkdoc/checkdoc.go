// Package checkdoc holds the documentation of a faultline check in one
// structured value, modelled on staticcheck's lint.Documentation. The same
// value feeds the analyzer's Doc (and so `faultline help <check>`), the
// README's sections and SARIF rule help.
package checkdoc

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/bug"
)

// Home is where the documentation lives; each check has an anchor there.
const Home = "https://github.com/faultline-dev/faultline"

// Doc documents one check.
type Doc struct {
	Name    string // the check's name, e.g. "closeerr"
	Title   string // one line: what it finds
	Why     string // the hazard, in prose (paragraphs separated by blank lines)
	Bad     string // Go code that is reported
	Good    string // the same code written correctly
	Fix     string // what the suggested fix does, and where none is offered
	FixLine string // the fix in a few words, for the README's checks table
	// Fixes says how many of the check's findings carry a suggested fix:
	// FixesAll, FixesSome or FixesNone (the README's Fix column).
	Fixes   string
	Options string // flags the check takes, one per line ("-name.flag: meaning")
	Quiet   string // what the check deliberately stays quiet on
	Default bool   // on by default
	// Findings are the kinds of finding the check reports, each with a
	// stable code: a diagnostic's Category, the anchor of its paragraph
	// (<check>-<code>), what `faultline help <check> <code>` prints and
	// what a //faultline:ignore reason can cite.
	Findings []Finding
}

// Finding is one kind of finding of a check.
type Finding struct {
	// Code is stable: lower-case words joined by dashes
	// ("read-then-insert"). Never reuse or rename one.
	Code string
	// Title says what the finding is, in one line.
	Title string
	// Why is the paragraph on this kind: why it is a hazard and what to
	// do. The check's Why and Bad/Good carry the rest.
	Why string
}

// Code returns code, the Category of a diagnostic of that kind. A code the
// check does not document is a bug: a test binary panics on it, so every
// diagnostic a fixture produces has a documented code.
func (d *Doc) Code(code string) string {
	if d.Finding(code) == nil && bug.PanicInTests {
		panic(fmt.Sprintf("checkdoc: %s reports a finding of code %q, which its Doc.Findings does not document", d.Name, code))
	}
	return code
}

// Finding returns the documented finding of that code, or nil.
func (d *Doc) Finding(code string) *Finding {
	for i := range d.Findings {
		if d.Findings[i].Code == code {
			return &d.Findings[i]
		}
	}
	return nil
}

// Anchor is the anchor of a finding's paragraph in the documentation.
func (d *Doc) Anchor(code string) string { return d.Name + "-" + code }

// FindingURL returns the address of a finding's paragraph.
func (d *Doc) FindingURL(code string) string { return Home + "#" + d.Anchor(code) }

// FindingString renders one finding's documentation as plain text.
func (d *Doc) FindingString(code string) string {
	f := d.Finding(code)
	if f == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n", d.Name, f.Code, f.Title)
	if w := strings.TrimSpace(f.Why); w != "" {
		fmt.Fprintf(&b, "\n%s\n", w)
	}
	fmt.Fprintf(&b, "\n%s\n", d.FindingURL(code))
	return b.String()
}

// The values of Doc.Fixes.
const (
	FixesAll  = "yes"
	FixesSome = "some shapes"
	FixesNone = "no"
)

// URL returns the address of the check's documentation.
func (d *Doc) URL() string { return Home + "#" + d.Name }

// String renders the documentation as plain text; its first line is the
// title, as go/analysis expects of Analyzer.Doc.
func (d *Doc) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", d.Title)
	section := func(head, body string, code bool) {
		body = strings.TrimSpace(body)
		if body == "" {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", head)
		for _, line := range strings.Split(body, "\n") {
			if code {
				line = "    " + line
			}
			fmt.Fprintf(&b, "%s\n", strings.TrimRight(line, " "))
		}
	}
	section("", d.Why, false)
	section("Findings:", d.findingsText(), false)
	section("Reported:", d.Bad, true)
	section("Instead:", d.Good, true)
	section("Suggested fix:", d.Fix, false)
	section("Stays quiet on:", d.Quiet, false)
	section("Options:", d.Options, false)
	return strings.TrimRight(b.String(), "\n")
}

// Markdown renders the documentation as a Markdown section headed by the
// check's name at the given heading level.
func (d *Doc) Markdown(level int) string {
	var b strings.Builder
	h := strings.Repeat("#", level)
	fmt.Fprintf(&b, "%s %s\n\n%s\n\n", h, d.Name, d.Title)
	if w := strings.TrimSpace(d.Why); w != "" {
		fmt.Fprintf(&b, "%s\n\n", w)
	}
	code := func(head, body string) {
		if body = strings.TrimSpace(body); body != "" {
			fmt.Fprintf(&b, "%s\n\n```go\n%s\n```\n\n", head, body)
		}
	}
	if len(d.Findings) > 0 {
		b.WriteString("**Findings:**\n\n")
		for _, f := range d.Findings {
			fmt.Fprintf(&b, "- <a id=\"%s\"></a>`%s`: %s", d.Anchor(f.Code), f.Code, f.Title)
			if w := strings.Join(strings.Fields(f.Why), " "); w != "" {
				fmt.Fprintf(&b, ". %s", w)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	code("Reported:", d.Bad)
	code("Instead:", d.Good)
	text := func(head, body string) {
		if body = strings.TrimSpace(body); body != "" {
			fmt.Fprintf(&b, "**%s** %s\n\n", head, body)
		}
	}
	text("Suggested fix:", d.Fix)
	text("Stays quiet on:", d.Quiet)
	if o := strings.TrimSpace(d.Options); o != "" {
		b.WriteString("**Options:**\n\n")
		for _, line := range strings.Split(o, "\n") {
			fmt.Fprintf(&b, "- `%s`\n", strings.TrimSpace(line))
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// findingsText lists the findings' codes and titles, one a line.
func (d *Doc) findingsText() string {
	var b strings.Builder
	for _, f := range d.Findings {
		fmt.Fprintf(&b, "%s: %s\n", f.Code, f.Title)
	}
	return b.String()
}
