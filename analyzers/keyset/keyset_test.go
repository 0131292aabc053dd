package keyset_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/keyset"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestKeyset runs the firing shapes and near-misses of database/sql, pgx
// v5, sqlx and GORM.
func TestKeyset(t *testing.T) {
	results := testutil.Run(t, keyset.Analyzer, "sqlstd", "pgxv5", "sqlxpkg", "gormpkg", "holdout", "holdout2", "holdout3", "holdout3fp", "offset")
	testutil.CheckMessages(t, results)
}

// TestUniqueFlag checks -keyset.unique.
func TestUniqueFlag(t *testing.T) {
	if err := keyset.Analyzer.Flags.Set("unique", "events.created_at, seq"); err != nil {
		t.Fatal(err)
	}
	defer keyset.Analyzer.Flags.Set("unique", "")
	testutil.Run(t, keyset.Analyzer, "flagged")
}

// TestFixes checks the suggested fixes against the .golden files and runs
// the fix-safety harness over them.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, keyset.Analyzer, "fixsql")
}
