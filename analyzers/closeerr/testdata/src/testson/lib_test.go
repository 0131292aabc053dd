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
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; handle its error here \(no error result\)`
	f.Write([]byte("x"))
}
