package selectinsert_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/selectinsert"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestSelectInsert runs the fixtures of the four libraries and the
// package-helper shapes in one load: database/sql (sqlstd), pgx v5 (pgxv5),
// sqlx (sqlxpkg), GORM (gormpkg), repository helpers and query wrappers
// (helpers).
func TestSelectInsert(t *testing.T) {
	testutil.Run(t, selectinsert.Analyzer, "sqlstd", "pgxv5", "sqlxpkg", "gormpkg", "helpers")
}

// TestFixes checks every suggested fix against its golden file, and the
// fix-safety harness: the fixed code compiles and is not reported again.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, selectinsert.Analyzer, "fixsql", "fixpgx", "fixgorm")
}

// TestFacts runs AnalyzerWithFacts over a service package whose reads and
// writes live in a repository package and in sqlc-generated queries.
func TestFacts(t *testing.T) {
	testutil.Run(t, selectinsert.AnalyzerWithFacts, "xpkg/svc")
}
