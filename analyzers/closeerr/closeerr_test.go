package closeerr_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/closeerr"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the firing shapes (files, wrappers, flush) and the
// near-misses (quiet) in one load.
func TestDiagnostics(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, closeerr.Analyzer, "files", "wrappers", "flush", "cloud", "quiet", "lockfiles", "helpers", "rename", "openmode", "e2e", "tests"))
}

// TestFixes applies the suggested fixes on awkward signatures (unnamed,
// multiple, blank and named results, a shadowed err, methods, closures,
// deferred func literals) and runs the fix-safety harness over them.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, closeerr.Analyzer, "fixes", "rename")
}

// TestTestsFlag checks that _test.go files and test helpers are skipped by
// default and reported with -closeerr.tests.
func TestTestsFlag(t *testing.T) {
	testutil.Run(t, closeerr.Analyzer, "testsoff")
	if err := closeerr.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer closeerr.Analyzer.Flags.Set("tests", "false")
	testutil.Run(t, closeerr.Analyzer, "testson")
}
