//go:build faultline_nofacts

package ctxtimeout

import "golang.org/x/tools/go/analysis"

// exportFacts is off in this build (-tags faultline_nofacts): the check
// sees only the functions of the package at hand, and the standalone
// driver loads dependencies from export data instead of source.
const exportFacts = false

var factTypes []analysis.Fact
