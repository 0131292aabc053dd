package quiet

import (
	"io"
	"net/http"
)

func testHandler(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
}
