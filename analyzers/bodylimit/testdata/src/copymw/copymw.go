// Package copymw logs request bodies in a middleware that reads them
// through a limit and puts the copy back: the copy is bounded, so the
// package's handlers are quiet.
package copymw

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
)

func logBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		log.Printf("%s", b)
		r.Body = io.NopCloser(bytes.NewReader(b))
		next.ServeHTTP(w, r)
	})
}

func create(w http.ResponseWriter, r *http.Request) {
	var v map[string]any
	_ = json.NewDecoder(r.Body).Decode(&v)
}

func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/create", create)
	return logBody(mux)
}
