package retryloop_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/retryloop"
	"github.com/faultline-dev/faultline/internal/testutil"
)

func TestPlainLoops(t *testing.T) {
	testutil.Run(t, retryloop.Analyzer, "plain")
}

func TestLibraries(t *testing.T) {
	testutil.Run(t, retryloop.Analyzer, "libs")
}

func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, retryloop.Analyzer, "fix")
}

// TestHTTPAndGRPC loads net/http from source (the slowest fixture).
func TestHTTPAndGRPC(t *testing.T) {
	testutil.Run(t, retryloop.Analyzer, "httplibs")
}

// TestFixedDelayFlag runs with -retryloop.fixed-delay set.
func TestFixedDelayFlag(t *testing.T) {
	if err := retryloop.Analyzer.Flags.Set("fixed-delay", "true"); err != nil {
		t.Fatal(err)
	}
	defer retryloop.Analyzer.Flags.Set("fixed-delay", "false")
	testutil.RunWithSuggestedFixes(t, retryloop.Analyzer, "fixedflag")
}
