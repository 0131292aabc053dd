package ctxtimeout_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/ctxtimeout"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// One Run for every package: analysistest loads net/http and its
// dependencies from source once per call.
func TestCtxtimeout(t *testing.T) {
	testutil.CheckMessages(t, testutil.Run(t, ctxtimeout.Analyzer, "httpclient", "dial", "sqlcalls", "ctxflow", "sinks", "crosslib", "crossapp", "srvmain", "climain", "testhelper", "sqlset", "sqldsn", "detached", "goroutines", "legacy", "fakepay", "latest", "loopback", "awscalls", "awstimed", "awsuntimed", "grpcdial", "seams", "harness", "prodhelpers", "reqhelper", "ports", "gormctx", "dbtx", "lifetime", "sqlitedb", "xclient/app", "migrations", "schemastore", "portreach/web", "noctxapi/dbx", "noctxapi/repo", "noctxapi/web", "funcvalues"))
}

func TestFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, ctxtimeout.Analyzer, "fixes")
}

func TestAllSQL(t *testing.T) {
	if err := ctxtimeout.Analyzer.Flags.Set("all-sql", "true"); err != nil {
		t.Fatal(err)
	}
	defer ctxtimeout.Analyzer.Flags.Set("all-sql", "false")
	testutil.Run(t, ctxtimeout.Analyzer, "sqlall")
}
