package txfinish_test

import (
	"strings"
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
	testutil.CheckMessages(t, testutil.Run(t, txfinish.Analyzer, "sqltx", "pgxtx", "gormtx", "quiet", "dbtests", "wrapped", "holdout", "holdout2"))
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

// TestRelated checks that each leak names the return that leaks as its
// related position: an early return, or the implicit return at the
// closing brace.
func TestRelated(t *testing.T) {
	results := testutil.Run(t, txfinish.Analyzer, "sqltx")
	want := map[int]int{ // Begin line -> related line
		15:  20,  // early: return errBad
		43:  48,  // noResults: the return under if skip
		243: 252, // fallsOff: the closing brace
	}
	got := map[int]int{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) == 0 {
				if strings.Contains(d.Message, "left open") {
					t.Errorf("%v: leak without a related exit", r.Pass.Fset.Position(d.Pos))
				}
				continue
			}
			got[r.Pass.Fset.Position(d.Pos).Line] = r.Pass.Fset.Position(d.Related[0].Pos).Line
		}
	}
	for b, e := range want {
		if got[b] != e {
			t.Errorf("Begin at line %d: related exit at line %d, want %d", b, got[b], e)
		}
	}
}
