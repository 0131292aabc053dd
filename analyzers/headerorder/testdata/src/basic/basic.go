package basic

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"
)

var tmpl = template.Must(template.New("x").Parse("{{.}}"))

func headerAfterWrite(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("hello"))
	w.Header().Set("Content-Type", "text/plain") // want `headerorder: header "Content-Type" is set after the response was sent, so it is silently dropped; set headers before the first write`
}

func headerAfterStatus(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
	w.Header().Add("Location", "/x") // want `header "Location" is set after the response was sent`
}

func headerAfterFprintf(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "n=%d", 1)
	h := w.Header()
	h.Del("Content-Length") // want `header "Content-Length" is set after the response was sent`
}

func mapAssignAfterCopy(w http.ResponseWriter, r *http.Request) {
	f, _ := os.Open("x")
	io.Copy(w, f)
	w.Header()["X-Done"] = []string{"1"} // want `header "X-Done" is set after the response was sent`
}

func cookieAfterEncode(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(map[string]int{"a": 1})
	http.SetCookie(w, &http.Cookie{Name: "s", Value: "v"}) // want `the cookie is set after the response was sent`
}

func superfluousAfterBody(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "ok")
	w.WriteHeader(http.StatusInternalServerError) // want `WriteHeader after the body was written is superfluous: the status has already been sent; send the status before the first write`
}

func secondWriteHeader(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.WriteHeader(http.StatusNoContent) // want `WriteHeader after the status was already sent is superfluous and ignored; send one status`
}

func errorAfterBody(w http.ResponseWriter, r *http.Request) {
	enc := json.NewEncoder(w)
	enc.Encode([]int{1})
	http.Error(w, "late", http.StatusBadRequest) // want `http.Error after the body was written is superfluous`
}

func bothBranchesWrite(w http.ResponseWriter, r *http.Request, ok bool) {
	if ok {
		w.Write([]byte("a"))
	} else {
		w.WriteHeader(http.StatusAccepted)
	}
	w.Header().Set("X-After", "1") // want `header "X-After" is set after the response was sent`
}

// The missing return after http.Error.
func missingReturn(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	w.Header().Set("Content-Type", "application/json") // want `header "Content-Type" is set after http.Error sent the response, so it is silently dropped`
	json.NewEncoder(w).Encode(1)
}

func missingReturnStatus(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	w.WriteHeader(http.StatusOK) // want `WriteHeader after http.Error already sent the response: it is ignored or appended to it; return after http.Error`
}

func writeAfterError(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "no", http.StatusForbidden)
	fmt.Fprint(w, "secret") // want `fmt.Fprint after http.Error already sent the response`
}

func redirectAfterWrite(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "moving")
	http.Redirect(w, r, "/new", http.StatusFound) // want `http.Redirect after the body was written is superfluous`
}

func templateFailure(w http.ResponseWriter, r *http.Request) {
	if err := tmpl.Execute(w, r.URL.Path); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error after a failed Execute: part of the page may already be sent with status 200; render into a bytes.Buffer first, or log the error`
	}
}

func templateFailureStatus(w http.ResponseWriter, r *http.Request) {
	err := tmpl.ExecuteTemplate(w, "x", nil)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError) // want `WriteHeader after a failed Execute`
		return
	}
}

func handlerFunc() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Write(nil)
		w.Header().Set("X-Lit", "1") // want `header "X-Lit" is set after the response was sent`
	}
}

type server struct{}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.NotFound(w, r)
	w.Header().Set("Cache-Control", "no-store") // want `header "Cache-Control" is set after http.NotFound sent the response`
}

// The missing return, with the late call on some of the paths after it.
func missingReturnLater(w http.ResponseWriter, r *http.Request, err error, ok bool) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	if ok {
		w.WriteHeader(http.StatusNoContent) // want `WriteHeader after http.Error already sent the response: it is ignored or appended to it; return after http.Error`
		return
	}
	fmt.Fprint(w, "ok")
}

func missingReturnSwitch(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	switch r.Method {
	case http.MethodGet:
		json.NewEncoder(w).Encode(1) // want `Encode after http.Error already sent the response`
	}
}

// Some of the body was copied: the header comes too late.
func copyThenTag(w http.ResponseWriter, body io.Reader) {
	n, err := io.Copy(w, body)
	if n > 0 && err != nil {
		w.Header().Set("X-Partial", "1") // want `X-Partial`
	}
}
