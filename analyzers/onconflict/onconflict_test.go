package onconflict_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/onconflict"
	"github.com/faultline-dev/faultline/internal/testutil"
)

func TestOnConflict(t *testing.T) {
	testutil.Run(t, onconflict.Analyzer, "sqlstd", "pgxv5", "sqlxpkg", "gormpkg", "returning")
}
