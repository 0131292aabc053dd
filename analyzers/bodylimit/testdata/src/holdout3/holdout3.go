// Package holdout3 is a third round (shapes not taken from the
// documentation's lists) written from bodylimit's documentation only. Every
// function is labelled BUG or OK before the check was first run on it.
package holdout3

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log"
	"net/http"
)

// BUG: a request-logging middleware reads the whole body to log it, with no
// limit, then restores it for the next handler.
// Missed in the first run: its r.Body = io.NopCloser(bytes.NewReader(b))
// before next.ServeHTTP was taken for a body-bounding middleware, which
// silenced the whole package. Found since a replacement of the body that
// copies an unbounded read of it no longer counts as a bound.
func logBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body) // want `io.ReadAll reads a request body with no size limit`
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		log.Printf("%s %s %s", r.Method, r.URL.Path, b)
		r.Body = io.NopCloser(bytes.NewReader(b))
		next.ServeHTTP(w, r)
	})
}

// BUG: optional gzip: either branch feeds an unbounded decoder.
// Missed in the first run (package silenced by logBody, see there); found since.
func ingest(w http.ResponseWriter, r *http.Request) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		defer zr.Close()
		body = zr
	}
	var v []map[string]any
	if err := json.NewDecoder(body).Decode(&v); err != nil { // want `json.Decoder.Decode reads a request body with no size limit`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// decodeReq is a helper without a ResponseWriter.
// OK: helper; judged at its callers.
func decodeReq(r *http.Request, dst any) error {
	return json.NewDecoder(r.Body).Decode(dst)
}

// BUG: the body is read through a helper that takes only the request, on a
// switch case.
// Missed in the first run (package silenced by logBody, see there); found since.
func items(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		w.Write([]byte("[]"))
	case http.MethodPost:
		var in map[string]any
		if err := decodeReq(r, &in); err != nil { // want `the request body is handed to decodeReq, which reads it with no size limit`
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// OK: the same helper after the handler bounded the body.
func itemsSafe(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var in map[string]any
	if err := decodeReq(r, &in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// OK: the body is drained to io.Discard (nothing kept in memory).
func drain(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.WriteHeader(http.StatusNoContent)
}

// OK: the optional gzip path is bounded on both sides.
func ingestSafe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		defer zr.Close()
		body = io.LimitReader(zr, 8<<20)
	}
	var v []map[string]any
	if err := json.NewDecoder(body).Decode(&v); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// OK: only the header and URL are used; the body is closed unread.
func ping(w http.ResponseWriter, r *http.Request) {
	defer r.Body.Close()
	if r.Header.Get("X-Ping") == "" {
		http.Error(w, "missing", http.StatusBadRequest)
		return
	}
	w.Write([]byte("pong"))
}

// OK: the body was read by the caller into bytes; decoding those bytes.
func decodeCached(w http.ResponseWriter, r *http.Request, cached []byte) {
	var v map[string]any
	if err := json.NewDecoder(bytes.NewReader(cached)).Decode(&v); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
}
