package payments

import (
	"encoding/json"
	"net/http"
)

// Create decodes a request body of any size: one request can exhaust
// memory (bodylimit, with a fix).
func Create(w http.ResponseWriter, r *http.Request) {
	var in map[string]string
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

// CreateLimited bounds the body first: bodylimit stays quiet.
func CreateLimited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var in map[string]string
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}
