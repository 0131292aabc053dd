package loops

import (
	"fmt"
	"net/http"
)

func perItem(w http.ResponseWriter, r *http.Request, items []string) {
	for _, it := range items {
		w.Header().Add("X-Item", it) // want `header "X-Item" is set on every pass, but the previous pass already wrote the response, so it is dropped; set it once before the loop`
		fmt.Fprintln(w, it)
	}
}

func statusPerItem(w http.ResponseWriter, r *http.Request, n int) {
	for i := 0; i < n; i++ {
		w.WriteHeader(http.StatusOK) // want `WriteHeader runs on every pass, but the previous pass already wrote the response`
		fmt.Fprint(w, i)
	}
}

// Quiet: the header is set only on the first pass.
func firstPassOnly(w http.ResponseWriter, r *http.Request, items []string) {
	for i, it := range items {
		if i == 0 {
			w.Header().Set("X-First", it)
		}
		fmt.Fprintln(w, it)
	}
}

// Quiet: the pass that writes returns.
func writeThenReturn(w http.ResponseWriter, r *http.Request, backends []string) {
	for _, b := range backends {
		w.Header().Set("X-Backend", b)
		if b != "" {
			w.Write([]byte(b))
			return
		}
	}
	w.WriteHeader(http.StatusBadGateway)
}

// Quiet: some passes write nothing.
func skipSome(w http.ResponseWriter, r *http.Request, items []string) {
	for _, it := range items {
		w.Header().Add("X-Seen", it)
		if it == "" {
			continue
		}
		fmt.Fprintln(w, it)
	}
}

// Quiet: streaming with Flush; headers before the loop.
func stream(w http.ResponseWriter, r *http.Request, ch chan string) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	for msg := range ch {
		fmt.Fprintf(w, "data: %s\n\n", msg)
		if fl != nil {
			fl.Flush()
		}
	}
}
