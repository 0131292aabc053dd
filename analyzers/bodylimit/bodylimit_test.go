package bodylimit_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/bodylimit"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics covers the reads (reads, frameworks) and the near-misses:
// bounds in the handler, helpers, forms, files, client bodies (quiet) and
// packages limited by a middleware (middleware, chilimit, echolimit).
func TestDiagnostics(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, bodylimit.Analyzer, "reads", "frameworks", "quiet", "middleware", "copymw", "chilimit", "echolimit", "holdout", "holdout2", "holdout3", "esti", "answers"))
}

// TestFixes inserts http.MaxBytesReader before the first read and runs the
// fix-safety harness over the result.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, bodylimit.Analyzer, "fixes")
}
