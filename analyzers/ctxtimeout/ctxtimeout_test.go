package ctxtimeout_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/ctxtimeout"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// One Run for every package: analysistest loads net/http and its
// dependencies from source once per call.
func TestCtxtimeout(t *testing.T) {
	testutil.Run(t, ctxtimeout.Analyzer, "httpclient", "dial", "sqlcalls", "ctxflow", "sinks", "crosslib", "crossapp", "srvmain", "climain")
}

func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, ctxtimeout.Analyzer, "fixes")
}
