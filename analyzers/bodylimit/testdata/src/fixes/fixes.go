package fixes

import (
	"encoding/json"
	"io"
	"net/http"
)

type Item struct{ Name string }

func create(w http.ResponseWriter, r *http.Request) {
	var in Item
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `bodylimit: json.Decoder.Decode reads a request body`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b, _ := io.ReadAll(r.Body) // want `bodylimit: io.ReadAll reads a request body`
	_ = b
}

func lengthChecked(rw http.ResponseWriter, req *http.Request) {
	if req.ContentLength > 1<<20 {
		return
	}
	_, _ = io.ReadAll(req.Body) // want `bodylimit: io.ReadAll reads a request body bounded only by a ContentLength check`
}

// alias: the limit goes before the body is taken.
func alias(w http.ResponseWriter, r *http.Request) {
	defer r.Body.Close()
	body := r.Body
	for i := 0; i < 1; i++ {
		_, _ = io.ReadAll(body) // want `bodylimit: io.ReadAll reads a request body`
	}
}

func unnamed(_ http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body) // want `bodylimit: io.ReadAll reads a request body`
}
