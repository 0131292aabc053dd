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
