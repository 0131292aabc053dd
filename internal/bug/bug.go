// Package bug turns an internal error in an analyzer into a visible failure
// under test and a quiet, bounded degradation in production, after x/tools'
// gopls/internal/util/bug.
//
// Recognisers walk arbitrary user code and must never crash a user's lint
// run, so they may keep a recover. But a recover that also swallows the panic
// in faultline's own tests makes its fuzz and nil-safety tests unable to
// fail. Catch re-panics whenever the binary is a test binary
// (testing.Testing), so a test sees every panic; elsewhere it records the
// panic in Count and lets the caller fall back to "unknown".
package bug

import (
	"fmt"
	"sync/atomic"
	"testing"
)

// PanicInTests decides whether Catch re-panics; it is testing.Testing() by
// default. A test of Catch itself may set it to false.
var PanicInTests = testing.Testing()

var count atomic.Int64

// Count is the number of panics Catch has swallowed in this process.
func Count() int64 { return count.Load() }

// Catch is meant to be deferred directly:
//
//	defer bug.Catch(&ok, "sqltext.Of")
//
// In a test binary it re-panics with the site's name. Otherwise it recovers,
// counts the panic and, when failed is not nil, sets *failed to true.
func Catch(failed *bool, site string) {
	r := recover()
	if r == nil {
		return
	}
	if PanicInTests {
		panic(fmt.Sprintf("bug in %s: %v", site, r))
	}
	count.Add(1)
	if failed != nil {
		*failed = true
	}
}
