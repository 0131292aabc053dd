package directive

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the directive check.
var Doc = &checkdoc.Doc{
	Name:  "directive",
	Title: "malformed //faultline:ignore directives",
	Why: `A suppression directive silences one finding and must say why, so the next reader can judge it.
//faultline:ignore takes a comma-separated list of check names and a reason. A directive with no
reason, or naming a check faultline does not have (a typo silences nothing), is reported instead of
being honoured.`,
	Bad: `//faultline:ignore selectinsert
//faultline:ignore selectinsrt webhook ids are unique per provider`,
	FixLine: "none: write the reason",
	Good:    `//faultline:ignore selectinsert webhook ids are unique per provider; the insert is the gate`,
	Default: true,
}
