package directive

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the directive check.
var Doc = &checkdoc.Doc{
	Name:  "directive",
	Title: "malformed or unused //faultline:ignore and //faultline:file-ignore directives",
	Why: `A suppression directive silences one finding and must say why, so the next reader can judge it.
//faultline:ignore takes a comma-separated list of check names and a reason, and covers its own line
and the line below; //faultline:file-ignore takes the same and covers its whole file. A directive
with no reason, or naming a check faultline does not have (a typo silences nothing), is reported
instead of being honoured.

A directive that silences nothing is reported too, as staticcheck reports an unused //lint:ignore:
the code it excused has been fixed or moved, and a stale directive would silence the next real
finding on that line without anyone reading its reason again. Remove it, or remove the check's
name from its list.

The directive check requires the checks, so on each package it runs after them and sees which
directives their findings met. A directive is judged only by the checks that run: a check turned off
(in the golangci-lint settings, or by a front end that leaves it out) never has its directives
called unused. Where the set of analyzers is fixed before the flags are read (go vet, and the
faultline command's go/analysis driver), a check turned off with -NAME=false still runs for the
directive check (its findings are not printed) and judges its directives; -directive=false skips
that. A check that follows helpers in other packages through facts (selectinsert,
onconflict, ctxtimeout, keyset, txfinish) judges its directives only where it runs with its facts: a front end that runs it
without them sees fewer of its findings, and a directive for a finding only facts reveal is not
unused. A package's test variant is analysed on its own, so a directive in a non-test file is
judged in each variant.`,
	Bad: `//faultline:ignore selectinsert
//faultline:ignore selectinsrt webhook ids are unique per provider

//faultline:ignore closeerr the file is read-only
f, err := os.Open(path) // closeerr never reports a read-only file: the directive is unused`,
	FixLine: "none: write the reason, or remove the directive",
	Fixes:   checkdoc.FixesNone,
	Findings: []checkdoc.Finding{
		{Code: "no-check", Title: "a //faultline:ignore that names no check"},
		{Code: "unknown-check", Title: "a //faultline:ignore that names a check faultline does not have",
			Why: `A misspelt name silences nothing, so the finding it was meant for is still reported, or a later
rename leaves the directive stale.`},
		{Code: "no-reason", Title: "a //faultline:ignore with no reason",
			Why: `A directive silences only with a reason: the next reader must be able to see why the finding is
safe.`},
		{Code: "unused", Title: "a //faultline:ignore that silences nothing",
			Why: `The check it names reports nothing where it stands (the code was fixed or moved): remove it, or
it will silence a real finding there later.`},
	},
	Fix: `None: a malformed directive needs its reason or its check's name written, and an unused one removed, by hand.`,
	Good: `//faultline:ignore selectinsert webhook ids are unique per provider; the insert is the gate

//faultline:file-ignore closeerr,retryloop a one-off migration tool run by hand`,
	Default: true,
}
