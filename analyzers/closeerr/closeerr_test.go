package closeerr_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/closeerr"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the firing shapes (files, wrappers, flush) and the
// near-misses (quiet) in one load.
func TestDiagnostics(t *testing.T) {
	testutil.Run(t, closeerr.Analyzer, "files", "wrappers", "flush", "cloud", "quiet")
}

// TestFixes applies the suggested fixes on awkward signatures (unnamed,
// multiple, blank and named results, a shadowed err, methods, closures,
// deferred func literals) and runs the fix-safety harness over them.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, closeerr.Analyzer, "fixes")
}
