package closeerr_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/closeerr"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the firing shapes (files, wrappers, flush) and the
// near-misses (quiet) in one load.
func TestDiagnostics(t *testing.T) {
	testutil.Run(t, closeerr.Analyzer, "files", "wrappers", "flush", "quiet")
}
