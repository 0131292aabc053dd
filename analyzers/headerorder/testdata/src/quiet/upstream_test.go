package quiet

import (
	"net/http"
	"testing"
)

// Quiet: a handler in a _test.go file writes to a test's recorder or a
// fake upstream; its status order is not a production response.
func fakeUpstream(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("partial"))
	http.Error(w, "boom", http.StatusInternalServerError)
}

func TestFake(t *testing.T) { _ = http.HandlerFunc(fakeUpstream) }
