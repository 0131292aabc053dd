// Package answers: a handler that bounds its own body and then answers
// through a helper given the request (writeError(w, r, err)) is not a
// middleware: it serves nothing on, so the package's other handlers are
// still judged.
package answers

import (
	"encoding/json"
	"io"
	"net/http"
)

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	http.Error(w, err.Error()+" "+r.URL.Path, http.StatusBadRequest)
}

func upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var v map[string]any
	if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
		writeError(w, r, err)
		return
	}
}

func webhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body) // want `io\.ReadAll reads a request body with no size limit`
	if err != nil {
		writeError(w, r, err)
		return
	}
	_, _ = w.Write(body)
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/upload", upload)
	mux.HandleFunc("/webhook", webhook)
}
