package helpers

import (
	"html/template"
	"net/http"
)

// render writes the page, and sends a 500 only when the template fails
// before writing anything (dex's renderTemplate): a body writer.
func render(w http.ResponseWriter, t *template.Template, data any) error {
	if err := t.Execute(w, data); err != nil {
		http.Error(w, "Internal server error", http.StatusInternalServerError) // want `http.Error after a failed Execute: part of the page may already be sent with status 200`
		return err
	}
	return nil
}

// Quiet: a status, then the page: the usual order.
func badRequestPage(w http.ResponseWriter, r *http.Request, t *template.Template, invalid bool) error {
	if invalid {
		w.WriteHeader(http.StatusBadRequest)
	}
	return render(w, t, nil)
}

// fail always answers with its own status.
func fail(w http.ResponseWriter, msg string) {
	http.Error(w, msg, http.StatusBadRequest)
}

// A helper that only sends a status after the page was written still
// fires.
func failAfterPage(w http.ResponseWriter, r *http.Request, t *template.Template) {
	_ = render(w, t, nil)
	fail(w, "late") // want `fail after the body was written is superfluous`
}

// recorder notes whether anything was written through it.
type recorder struct {
	w     http.ResponseWriter
	wrote bool
}

func (r *recorder) Header() http.Header { return r.w.Header() }

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.w.Write(p)
}

func (r *recorder) WriteHeader(code int) { r.w.WriteHeader(code) }

// renderRecorded renders through a recorder around w (dex's exact shape):
// the page goes out through the wrapper, the 500 only when nothing did.
func renderRecorded(w http.ResponseWriter, t *template.Template, data any) error {
	rec := &recorder{w: w}
	if err := t.Execute(rec, data); err != nil {
		if !rec.wrote {
			http.Error(w, "Internal server error", http.StatusInternalServerError)
		}
		return err
	}
	return nil
}

// Quiet: dex's device page, a 400 then the page.
func devicePage(w http.ResponseWriter, r *http.Request, t *template.Template, invalid bool) error {
	if invalid {
		w.WriteHeader(http.StatusBadRequest)
	}
	return renderRecorded(w, t, nil)
}
