package selectinsert_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/faultline-dev/faultline/analyzers/selectinsert"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// standalone is the check as a copy without facts: the package's own
// helpers only.
var standalone = func() *analysis.Analyzer {
	a := *selectinsert.Analyzer
	a.FactTypes = nil
	return &a
}()

// TestSelectInsert runs the fixtures of the four libraries and the
// package-helper shapes in one load: database/sql (sqlstd), pgx v5 (pgxv5),
// sqlx (sqlxpkg), GORM (gormpkg), repository helpers and query wrappers
// (helpers).
func TestSelectInsert(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, standalone, "sqlstd", "pgxv5", "sqlxpkg", "gormpkg", "helpers", "repos"))
}

// TestFixes checks every suggested fix against its golden file, and the
// fix-safety harness: the fixed code compiles and is not reported again.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, standalone, "fixsql", "fixpgx", "fixgorm")
}

// TestFacts runs the check with facts (as go vet -vettool does) over a service package whose reads and
// writes live in a repository package and in sqlc-generated queries.
func TestFacts(t *testing.T) {
	testutil.Run(t, selectinsert.Analyzer, "xpkg/svc", "xpkg/web")
}

// TestNoSchema runs a package that keeps no schema anywhere: a read that finds
// no row and a plain insert of it is a race whatever its key (check-then-insert).
func TestNoSchema(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, standalone, "noschema"))
}

// TestMigrations reads the schema from the module's .sql files.
func TestMigrations(t *testing.T) {
	testutil.Run(t, standalone, "sqlmigr/store")
}
