package selectinsert_test

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestSQLSources: reads and inserts whose SQL comes from squirrel builders
// and a name map are judged as if written inline.
func TestSQLSources(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, standalone, "sqlsources"))
}
