package quiet

import (
	"encoding/json"
	"errors"
	"net/http"
	"syscall"
)

func writeAPIError(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

// The encoder's error tested against a broken pipe first, then against
// nil: a failure wrote nothing, so the helper's 500 is the first status.
func encodeErrorChain(w http.ResponseWriter, v any) {
	err := json.NewEncoder(w).Encode(v)
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) {
		return
	} else if err != nil {
		writeAPIError(w, err)
	}
}

func encodeErrorIs(w http.ResponseWriter, v any) {
	err := json.NewEncoder(w).Encode(v)
	if errors.Is(err, syscall.EPIPE) {
		return
	} else if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
