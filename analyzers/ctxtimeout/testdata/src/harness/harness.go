// Package harness drives the service under test; only tests import it.
package harness

import "testing"

// Start is called by the tests.
func Start(t *testing.T) *Harness {
	t.Helper()
	return &Harness{}
}

type Harness struct{}
