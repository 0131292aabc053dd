//go:build !faultline_nofacts

package ctxtimeout

import "golang.org/x/tools/go/analysis"

// exportFacts: the check carries reach summaries across packages as facts.
// Build with -tags faultline_nofacts to measure what they cost: the check
// then sees only the functions of the package at hand.
const exportFacts = true

var factTypes = []analysis.Fact{new(reachFact)}
