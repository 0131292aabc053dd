package quiet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"log"
	"net/http"
)

var tmpl = template.Must(template.New("x").Parse("{{.}}"))

// Writes on different branches.
func branches(w http.ResponseWriter, r *http.Request, ok bool) {
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok"))
}

func elseBranch(w http.ResponseWriter, r *http.Request, ok bool) {
	if ok {
		w.Write([]byte("a"))
	} else {
		w.Header().Set("X-B", "1")
		w.WriteHeader(http.StatusTeapot)
	}
}

// Late on some paths only: correlated conditions are not tracked.
func someBranch(w http.ResponseWriter, r *http.Request, ok bool) {
	if ok {
		w.Write([]byte("a"))
	}
	if !ok {
		w.Header().Set("X-B", "1")
	}
}

// Trailers announced before the body.
func trailers(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Trailer", "X-Checksum, X-Count")
	w.Header().Add("Trailer", "X-Extra")
	w.Write([]byte("body"))
	w.Header().Set("X-Checksum", "abc")
	w.Header().Set("x-count", "1")
	w.Header().Set("X-Extra", "1")
}

func trailerPrefix(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("body"))
	w.Header().Set(http.TrailerPrefix+"X-Late", "1")
}

func dynamicTrailers(w http.ResponseWriter, r *http.Request, names string, key string) {
	w.Header().Set("Trailer", names)
	w.Write([]byte("body"))
	w.Header().Set(key, "1")
}

// Reading or cloning the header for logging.
func logging(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("x"))
	log.Println(w.Header().Get("Content-Type"))
	h := w.Header().Clone()
	h.Set("X-Logged", "1")
	for k := range w.Header() {
		log.Println(k)
	}
}

// Early hints leave the header open.
func earlyHints(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Link", "</style.css>; rel=preload")
	w.WriteHeader(http.StatusEarlyHints)
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusOK)
}

// Render into a buffer, then write.
func buffered(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, nil); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	buf.WriteTo(w)
}

// An encoder's failure wrote nothing (or the client is gone).
func encodeError(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]any{}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// A template failure that is only logged.
func templateLogged(w http.ResponseWriter, r *http.Request) {
	if err := tmpl.Execute(w, nil); err != nil {
		log.Printf("render: %v", err)
	}
}

// A reassigned writer is not followed.
type gzipWriter struct{ http.ResponseWriter }

func reassigned(w http.ResponseWriter, r *http.Request) {
	w = gzipWriter{w}
	w.Write([]byte("x"))
	w.Header().Set("X-A", "1")
}

// The package's own recorder implements the protocol.
type recorder struct {
	http.ResponseWriter
	status  int
	written bool
}

func (rec *recorder) WriteHeader(code int) {
	rec.status = code
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if !rec.written {
		rec.WriteHeader(http.StatusOK)
	}
	rec.written = true
	return rec.ResponseWriter.Write(b)
}

func (rec *recorder) wrap(w http.ResponseWriter) {
	w.Write(nil)
	w.WriteHeader(http.StatusOK)
}

// Middleware: the next handler's effect is unknown.
func middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		w.Header().Set("X-Status", fmt.Sprint(rec.status))
	})
}

// Deferred and concurrent writes run later.
func deferred(w http.ResponseWriter, r *http.Request) {
	defer w.Write([]byte("bye"))
	w.Header().Set("X-A", "1")
	go fmt.Fprint(w, "x")
	w.Header().Set("X-B", "1")
}

// A header set before the write on every path.
func ordered(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "ok")
	fmt.Fprint(w, "more")
}

// A closure that writes is not followed.
func closure(w http.ResponseWriter, r *http.Request) {
	fail := func() { http.Error(w, "x", 500) }
	fail()
	w.Header().Set("X-A", "1")
}

// The late call's branch tests what led to the response.
func correlated(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
	}
}

// The response's branch sets a flag the late call's branch tests.
func flagged(w http.ResponseWriter, r *http.Request, err error) {
	failed := false
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		failed = true
	}
	if !failed {
		w.Header().Set("X-Ok", "1")
		w.WriteHeader(http.StatusNoContent)
	}
}

// A body write after a write that is not a whole response is streaming.
func streamed(w http.ResponseWriter, r *http.Request, more bool) {
	if more {
		fmt.Fprint(w, "a")
	}
	fmt.Fprint(w, "b")
}

// The other branch of the response's if sets what the late call's branch
// tests.
func elseAssigns(w http.ResponseWriter, r *http.Request, err error) {
	var body []byte
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	} else {
		body = []byte("ok")
	}
	if body != nil {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	}
}
