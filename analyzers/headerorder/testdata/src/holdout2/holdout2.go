// Package holdout2 is a second, harder round of handler code written from
// headerorder's documentation only. Every function is labelled BUG or OK
// before the check was first run on it.
package holdout2

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var (
	errNotFound  = errors.New("not found")
	errForbidden = errors.New("forbidden")
)

type Invoice struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
}

// OK: lookup helper; writes nothing.
func findInvoice(id string) (*Invoice, error) {
	if id == "" {
		return nil, errNotFound
	}
	return &Invoice{ID: id}, nil
}

// OK: error helper that sends the whole response.
func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// OK: success helper that sends the whole response.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

var views = template.Must(template.New("invoice").Parse("{{.ID}}"))

// BUG: a switch case sends an error without returning; the success response
// follows on that path.
func getInvoice(w http.ResponseWriter, r *http.Request) {
	inv, err := findInvoice(r.URL.Query().Get("id"))
	switch {
	case errors.Is(err, errNotFound):
		writeError(w, http.StatusNotFound, "invoice not found")
	case errors.Is(err, errForbidden):
		writeError(w, http.StatusForbidden, "forbidden")
		return
	case err != nil:
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	writeJSON(w, http.StatusOK, inv) // want "writeJSON after writeError already sent"
}

// BUG: error helper without return, then the success helper.
func deleteInvoice(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodDelete {
		writeError(w, http.StatusMethodNotAllowed, "method not allowed")
	}
	writeJSON(w, http.StatusOK, map[string]bool{"deleted": true}) // want "writeJSON after writeError already sent"
}

// BUG: Content-Disposition set after io.Copy sent the file.
func downloadInvoice(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open("/tmp/invoice.pdf")
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/pdf")
	if _, err := io.Copy(w, f); err != nil {
		log.Printf("copy: %v", err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="invoice.pdf"`) // want ".Content-Disposition. is set after the response was sent"
}

// BUG: a header set after the JSON encoder wrote the body.
func listInvoices(w http.ResponseWriter, r *http.Request) {
	invs := []Invoice{{ID: "a"}}
	if err := json.NewEncoder(w).Encode(invs); err != nil {
		log.Printf("encode: %v", err)
		return
	}
	w.Header().Set("X-Total-Count", fmt.Sprint(len(invs))) // want ".X-Total-Count. is set after the response was sent"
}

// BUG: writeJSON inside a loop sends a status on every pass.
// MISSED by faultline (the loop writes only on the passes that find the
// invoice, so no pass provably follows a write; two found ids still send two
// statuses and two JSON documents).
func bulkStatus(w http.ResponseWriter, r *http.Request) {
	for _, id := range r.URL.Query()["id"] {
		inv, err := findInvoice(id)
		if err != nil {
			continue
		}
		writeJSON(w, http.StatusOK, inv)
	}
}

// BUG: a header-map assignment after the body was written.
func withRequestID(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "ok")
	w.Header()["X-Request-Id"] = []string{r.Header.Get("X-Request-Id")} // want ".X-Request-Id. is set after the response was sent"
}

// BUG: http.Redirect after the body was written.
func saveAndRedirect(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "saved")
	http.Redirect(w, r, "/invoices", http.StatusSeeOther) // want "http.Redirect after the body was written"
}

// BUG: WriteHeader(201) then a helper that sends its own status.
func createInvoice(w http.ResponseWriter, r *http.Request) {
	inv := &Invoice{ID: "new"}
	w.WriteHeader(http.StatusCreated)
	writeJSON(w, http.StatusOK, inv) // want "writeJSON after the status was already sent"
}

// BUG: ExecuteTemplate into w, then http.Error in its error branch.
func invoicePage(w http.ResponseWriter, r *http.Request) {
	inv := &Invoice{ID: "x"}
	w.Header().Set("Content-Type", "text/html")
	if err := views.ExecuteTemplate(w, "invoice", inv); err != nil {
		http.Error(w, "render failed", http.StatusInternalServerError) // want "http.Error after a failed Execute"
	}
}

// BUG: echo header set after c.JSON sent the response.
func echoInvoice(c echo.Context) error {
	if err := c.JSON(http.StatusOK, Invoice{ID: "e"}); err != nil {
		return err
	}
	c.Response().Header().Set("X-Cache", "miss") // want ".X-Cache. is set after c.JSON sent"
	return nil
}

// BUG: gin AbortWithStatusJSON without return, then c.JSON.
func ginInvoice(c *gin.Context) {
	id := c.Param("id")
	if id == "" {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "id required"})
	}
	c.JSON(http.StatusOK, gin.H{"id": id}) // want "c.JSON after c.AbortWithStatusJSON already sent"
}

// statusRecorder records the status for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// OK: a wrapper's WriteHeader implements the protocol.
func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// OK: a wrapper's Write defaults the status, like net/http.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// OK: echo error handler asks whether the response was committed.
func echoErrorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	_ = c.JSON(http.StatusInternalServerError, echo.Map{"error": err.Error()})
}

// OK: server-sent events; headers before the loop, Flush inside.
func events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	for i := 0; i < 3; i++ {
		fmt.Fprintf(w, "data: %d\n\n", i)
		fl.Flush()
	}
}

// OK: validation loop that returns after the first error.
func validate(w http.ResponseWriter, r *http.Request) {
	for _, f := range []string{"name", "email"} {
		if r.FormValue(f) == "" {
			http.Error(w, f+" is required", http.StatusBadRequest)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// OK: exclusive statuses in a switch without returns, then one body write.
func statusOnly(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodHead:
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPost:
		w.WriteHeader(http.StatusCreated)
	default:
		w.WriteHeader(http.StatusOK)
	}
	w.Write([]byte("done"))
}

// OK: gin c.Writer.WriteHeader only records the status; headers after it
// still go out with the first write.
func ginAccepted(c *gin.Context) {
	c.Writer.WriteHeader(http.StatusAccepted)
	c.Header("Location", "/jobs/1")
	c.Writer.WriteString(`{"job":1}`)
}

// OK: logging the response headers after the write only reads them.
func traced(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("hi"))
	log.Printf("sent headers: %v", w.Header().Clone())
}

// OK: the Encode error branch logs and returns (nothing else is written).
func encodeOnly(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(Invoice{ID: "q"}); err != nil {
		log.Printf("encode: %v", err)
		return
	}
}

// OK: the error helper returns before the success header.
func getInvoiceSafe(w http.ResponseWriter, r *http.Request) {
	inv, err := findInvoice(r.URL.Query().Get("id"))
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeJSON(w, http.StatusOK, inv)
}
