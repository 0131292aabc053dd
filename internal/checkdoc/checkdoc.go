// Package checkdoc holds the documentation of a faultline check in one
// structured value, modelled on staticcheck's lint.Documentation. The same
// value feeds the analyzer's Doc (and so `faultline help <check>`), the
// README's sections and SARIF rule help.
package checkdoc

import (
	"fmt"
	"strings"
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
