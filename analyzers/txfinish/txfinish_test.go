package txfinish_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/txfinish"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the firing shapes across database/sql, sqlx, pgx
// and GORM, and the near-misses (quiet) in one load. holdout and holdout2
// were each written after the rules froze and labelled before their first
// run (holdout: 10 of 10 found, one false positive, since fixed; holdout2:
// 10 of 10, none).
func TestDiagnostics(t *testing.T) {
	testutil.Run(t, txfinish.Analyzer, "sqltx", "pgxtx", "gormtx", "quiet", "holdout", "holdout2")
}

// TestFixes applies the suggested fixes and runs the fix-safety harness.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, txfinish.Analyzer, "fixes")
}

// TestTestsFlag checks that _test.go files are skipped by default and
// reported with -txfinish.tests.
func TestTestsFlag(t *testing.T) {
	testutil.Run(t, txfinish.Analyzer, "testsoff")
	if err := txfinish.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer txfinish.Analyzer.Flags.Set("tests", "false")
	testutil.Run(t, txfinish.Analyzer, "testson")
}
