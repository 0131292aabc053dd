package srvtimeout_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/srvtimeout"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the firing shapes (servers, frameworks) and the
// near-misses (quiet, and servers started only in tests).
func TestDiagnostics(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, srvtimeout.Analyzer, "servers", "frameworks", "quiet", "testsonly", "apitests", "holdout", "holdout2", "holdout3"))
}

// TestFixes applies the literal and package-level fixes and runs the
// fix-safety harness over them.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, srvtimeout.Analyzer, "fixes", "grouped")
}
