package testsoff

import (
	"os"
	"testing"
)

// Test code is not reported by default.
func TestWrite(t *testing.T) {
	f, err := os.Create(t.TempDir() + "/x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write([]byte("x"))
}
