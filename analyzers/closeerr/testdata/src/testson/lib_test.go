package testson

import (
	"os"
	"testing"
)

// With -closeerr.tests, test code is reported too.
func TestWrite(t *testing.T) {
	f, err := os.Create(t.TempDir() + "/x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() // want `f.Close\(\) is deferred and drops its error`
	f.Write([]byte("x"))
}
