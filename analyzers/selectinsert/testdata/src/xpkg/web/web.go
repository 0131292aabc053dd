// Package web is the handlers: the read and the write are service methods // want package:"selectinsert summaries"
// of another package, the SQL two packages away.
package web

import (
	"net/http"

	"xpkg/svc"
)

type Handler struct{ svc *svc.Service }

func (h *Handler) Pay(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	p, err := h.svc.Get(r.Context(), key)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if p != nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	if err := h.svc.ChargeAndRecord(r.Context(), key, 100); err != nil { // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge`
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// The gate is the service's atomic insert: quiet.
func (h *Handler) PayGated(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if p, err := h.svc.Get(r.Context(), key); err != nil || p != nil {
		return
	}
	if err := h.svc.PayGate(r.Context(), key, 100); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Read only: quiet.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) { // want Show:"selectinsert summary"
	p, err := h.svc.Get(r.Context(), r.URL.Query().Get("key"))
	if err != nil || p == nil {
		http.NotFound(w, r)
		return
	}
	w.Write([]byte(p.Key))
}
