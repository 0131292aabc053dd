package fixes

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
)

var tmpl = template.Must(template.New("x").Parse("{{.}}"))

func moveConst(w http.ResponseWriter, r *http.Request, v any) {
	json.NewEncoder(w).Encode(v)
	w.Header().Set("Content-Type", "application/json") // want `header "Content-Type" is set after the response was sent`
}

func moveLocal(w http.ResponseWriter, r *http.Request, items []string) {
	n := len(items)
	w.WriteHeader(http.StatusOK)
	for _, it := range items {
		fmt.Fprintln(w, it)
	}
	w.Header().Set("X-Count", strconv.Itoa(n)) // want `header "X-Count" is set after the response was sent`
}

// No fix: the value is computed after the write.
func computedLater(w http.ResponseWriter, r *http.Request, items []string) {
	n := 0
	for _, it := range items {
		n += len(it)
		fmt.Fprint(w, it)
	}
	fmt.Fprint(w, "\n")
	w.Header().Set("X-Bytes", strconv.Itoa(n)) // want `header "X-Bytes" is set after the response was sent`
}

// No fix: a write in an outer block comes first.
func nested(w http.ResponseWriter, r *http.Request, ok bool) {
	w.Write([]byte("a"))
	if ok {
		w.Write([]byte("b"))
		w.Header().Set("X-B", "1") // want `header "X-B" is set after the response was sent`
	}
}

// No fix: a missing return is not mechanical.
func missingReturn(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	w.Header().Set("X-A", "1") // want `header "X-A" is set after http.Error sent the response`
}

func page(w http.ResponseWriter, r *http.Request) {
	if err := tmpl.Execute(w, r.URL.Path); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error after a failed Execute`
		return
	}
}

func pageTwoStatements(w http.ResponseWriter, r *http.Request, buf string) {
	err := tmpl.ExecuteTemplate(w, "x", buf)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError) // want `WriteHeader after a failed Execute`
		return
	}
	fmt.Fprint(w, "footer")
}

// No fix: the error branch does not return.
func pageNoReturn(w http.ResponseWriter, r *http.Request) {
	if err := tmpl.Execute(w, nil); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error after a failed Execute`
	}
}

// The header moves below the error branches, above the write that sends the
// response on every path.
func afterErrors(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// The status.
	w.WriteHeader(http.StatusOK)
	w.Header().Add("content-type", "text/html") // want `header "content-type" is set after the response was sent`
	fmt.Fprint(w, "<html>")
}

func moveLen(w http.ResponseWriter, r *http.Request, data []byte) {
	w.Header().Set("Content-Type", "text/csv")
	fmt.Fprint(w, string(data))
	w.Header().Set("Content-Length", strconv.Itoa(len(data))) // want `header "Content-Length" is set after the response was sent`
}
