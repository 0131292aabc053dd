package headerorder_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/headerorder"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the firing shapes (every path, missing return,
// loops, helpers, gin, templates) and their near-misses.
func TestDiagnostics(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, headerorder.Analyzer, "basic", "ginapp", "echoapp", "helpers", "loops", "quiet", "holdout", "holdout2", "holdout3"))
}

// TestFixes applies the two fixes (move the header, buffer the template)
// and runs the fix-safety harness over them.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, headerorder.Analyzer, "fixes")
}
