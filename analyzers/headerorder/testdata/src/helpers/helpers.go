package helpers

import (
	"encoding/json"
	"net/http"
)

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
}

func setCORS(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// maybeWrite writes on some paths only: it is not a write.
func maybeWrite(w http.ResponseWriter, ok bool) {
	if ok {
		w.Write([]byte("x"))
	}
}

func list(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, []int{1})
	w.Header().Set("X-Total", "1") // want `header "X-Total" is set after the response was sent, so it is silently dropped`
}

func corsLate(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("x"))
	setCORS(w) // want `the header setCORS sets is set after the response was sent`
}

func statusLate(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("x"))
	writeJSON(w, http.StatusOK, 1) // want `writeJSON after the body was written is superfluous`
}

func missingReturn(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		writeError(w, err)
	}
	writeJSON(w, http.StatusOK, "ok") // want `writeJSON after writeError already sent the response: it is ignored or appended to it; return after writeError`
}

// Quiet: the helper writes on some paths only.
func maybe(w http.ResponseWriter, r *http.Request) {
	maybeWrite(w, r.URL.Path == "/")
	w.Header().Set("X-Maybe", "1")
}

// Quiet: headers before the helper's write.
func good(w http.ResponseWriter, r *http.Request) {
	setCORS(w)
	w.Header().Set("X-Total", "1")
	writeJSON(w, http.StatusOK, []int{1})
}

// Mutually recursive helpers settle on what is known without the cycle:
// ping writes on some paths only, so the header after it stays quiet.
func ping(w http.ResponseWriter, n int) {
	if n > 0 {
		pong(w, n-1)
		return
	}
	w.Write([]byte("done"))
}

func pong(w http.ResponseWriter, n int) {
	ping(w, n)
}

func recursive(w http.ResponseWriter, r *http.Request) {
	ping(w, 3)
	w.Header().Set("X-After", "1")
}

// A helper's summary covers methods too.
type api struct{}

func (api) fail(w http.ResponseWriter, code int) {
	http.Error(w, http.StatusText(code), code)
}

func (a api) handle(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		a.fail(w, http.StatusMethodNotAllowed)
	}
	w.Header().Set("Allow", "GET") // want `header "Allow" is set after fail sent the response, so it is silently dropped`
}
