// Package prodhelpers is production code that keeps a helper for its
// tests in a file of its own (commento's testing.go): only that file is
// test support.
package prodhelpers

import "testing"

func failOnError(t *testing.T, err error) {
	if err != nil {
		t.Fatal(err)
	}
}
