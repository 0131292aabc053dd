// Package chilimit uses chi's RequestSize middleware: quiet.
package chilimit

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"
)

func create(w http.ResponseWriter, r *http.Request) {
	var v map[string]any
	_ = json.NewDecoder(r.Body).Decode(&v)
}

func Routes(mux *http.ServeMux) http.Handler {
	mux.HandleFunc("/create", create)
	return middleware.RequestSize(1 << 20)(mux)
}
