package onconflict_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/onconflict"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// TestOnConflict runs the firing shapes and near-misses of every library
// in one load (the fixtures share their dependencies).
func TestOnConflict(t *testing.T) {
	results := testutil.Run(t, onconflict.Analyzer, "sqlstd", "pgxv5", "sqlxpkg", "gormpkg", "returning", "wrappers", "xwrap/svc", "xhidden/api", "xeffect/api", "startup", "claims", "xqueries/jobs")
	testutil.CheckMessages(t, results)
	// Every finding names its effect's position.
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
	testutil.RunWithSuggestedFixes(t, onconflict.Analyzer, "sqlfix", "pgxfix", "gormfix", "sigfix")
}
