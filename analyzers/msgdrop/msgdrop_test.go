package msgdrop_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/msgdrop"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestDiagnostics runs the firing shapes and near-misses of every library
// in one load.
func TestDiagnostics(t *testing.T) {
	results := testutil.Run(t, msgdrop.Analyzer, "kafkago", "kafkanogroup", "saramapkg", "natspkg", "amqppkg", "asynqpkg", "holdout", "holdout2", "holdout3")
	testutil.CheckMessages(t, results)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) == 0 {
				t.Errorf("%s: no related position: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
	}
}

// TestFixes checks the suggested fixes against the .golden files and runs
// the fix-safety harness over them.
func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, msgdrop.Analyzer, "fixes")
}
