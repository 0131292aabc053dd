package onconflict_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/onconflict"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestSQLSources: dedup inserts whose SQL lives in embedded .sql files,
// named-query files and squirrel builders are judged as if written inline.
func TestSQLSources(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, onconflict.Analyzer, "sqlsources"))
}
