package selectinsert_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analyzers/selectinsert"
	"github.com/faultline-dev/faultline/internal/testutil"
)

func TestSQL(t *testing.T)     { testutil.Run(t, selectinsert.Analyzer, "sqlstd") }
func TestPGX(t *testing.T)     { testutil.Run(t, selectinsert.Analyzer, "pgxv5") }
func TestSQLX(t *testing.T)    { testutil.Run(t, selectinsert.Analyzer, "sqlxpkg") }
func TestGORM(t *testing.T)    { testutil.Run(t, selectinsert.Analyzer, "gormpkg") }
func TestHelpers(t *testing.T) { testutil.Run(t, selectinsert.Analyzer, "helpers") }
