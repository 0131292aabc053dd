package payments

import (
	"encoding/json"
	"net/http"
)

// Status writes the body, then sets its Content-Type: net/http sent the
// header with the body, so the Content-Type never reaches the client
// (headerorder, with a fix).
func Status(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	w.Header().Set("Content-Type", "application/json")
}

// Health sets its header first, and headerorder stays quiet.
func Health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
}
