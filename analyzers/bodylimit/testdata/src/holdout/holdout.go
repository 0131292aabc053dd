// Package holdout is service code written from bodylimit's documentation
// only, to measure its recall and precision. Every function is labelled BUG
// or OK before the check was first run on it.
package holdout

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type CreateOrderRequest struct {
	CustomerID string   `json:"customer_id"`
	Items      []string `json:"items"`
}

type Store interface {
	Save(v any) error
}

type Handler struct {
	store Store
}

// OK: response helper; reads no body.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// BUG: json.NewDecoder(r.Body).Decode with no MaxBytesReader.
func (h *Handler) CreateOrder(w http.ResponseWriter, r *http.Request) {
	var req CreateOrderRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil { // want "json.Decoder.Decode reads a request body with no size limit"
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid body"})
		return
	}
	if err := h.store.Save(req); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, req)
}

// BUG: io.ReadAll(r.Body) for a webhook signature check, unbounded.
func (h *Handler) Webhook(w http.ResponseWriter, r *http.Request) {
	defer r.Body.Close()
	payload, err := io.ReadAll(r.Body) // want "io.ReadAll reads a request body with no size limit"
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	if !verify(r.Header.Get("X-Signature"), payload) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// OK: pure helper.
func verify(sig string, payload []byte) bool { return sig != "" && len(payload) > 0 }

// decodeJSON is a package-local helper that reads the request it is given.
// OK: helper; its read is reported at the handler's call (UpdateProfile), not here.
func decodeJSON(r *http.Request, dst any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}

// BUG: the body is read by a package-local helper (decodeJSON) with no limit.
func (h *Handler) UpdateProfile(w http.ResponseWriter, r *http.Request) {
	var in map[string]any
	if err := decodeJSON(r, &in); err != nil { // want "handed to decodeJSON, which reads it with no size limit"
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// BUG: a ContentLength check is not a bound (chunked requests send -1).
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > 10<<20 {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	data, err := io.ReadAll(r.Body) // want "bounded only by a ContentLength check"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.store.Save(data)
}

// BUG: gzip-decompressed body read whole, even though the compressed body is
// bounded: a gzip bomb inflates past the limit.
func (h *Handler) IngestCompressed(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer zr.Close()
	raw, err := io.ReadAll(zr) // want "decompressed request body"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.store.Save(raw)
}

// BUG: ParseMultipartForm with 256 MiB in memory on an unbounded body.
func (h *Handler) UploadAvatar(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(256 << 20); err != nil { // want "ParseMultipartForm\\(256 << 20\\) keeps"
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f, _, err := r.FormFile("avatar")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	w.WriteHeader(http.StatusAccepted)
}

// BUG: XML decoder over the raw body.
func SOAPEndpoint(w http.ResponseWriter, r *http.Request) {
	var env struct {
		XMLName xml.Name `xml:"Envelope"`
	}
	if err := xml.NewDecoder(r.Body).Decode(&env); err != nil { // want "xml.Decoder.Decode reads"
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// BUG: CSV rows read in a loop from the raw body.
func (h *Handler) BulkImportCSV(w http.ResponseWriter, r *http.Request) {
	cr := csv.NewReader(r.Body)
	var rows [][]string
	for {
		rec, err := cr.Read() // want "csv.Reader.Read loop reads"
		if err == io.EOF {
			break
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rows = append(rows, rec)
	}
	_ = h.store.Save(rows)
}

// BUG: gin ShouldBindJSON with no limit anywhere in the package.
func (h *Handler) GinCreateUser(c *gin.Context) {
	var in struct {
		Email string `json:"email"`
	}
	if err := c.ShouldBindJSON(&in); err != nil { // want "c.ShouldBindJSON reads"
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, in)
}

// BUG: gin GetRawData reads the whole body.
func (h *Handler) GinRawEvent(c *gin.Context) {
	b, err := c.GetRawData() // want "c.GetRawData reads"
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	_ = h.store.Save(b)
	c.Status(http.StatusAccepted)
}

// BUG: echo c.Bind reads the body, no BodyLimit middleware in the package.
func (h *Handler) EchoCreateTag(c echo.Context) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := c.Bind(&in); err != nil { // want "c.Bind reads"
		return c.JSON(http.StatusBadRequest, echo.Map{"error": err.Error()})
	}
	return c.JSON(http.StatusCreated, in)
}

// BUG: io.Copy of the body into a bytes.Buffer through a TeeReader.
func (h *Handler) Proxy(w http.ResponseWriter, r *http.Request) {
	var audit strings.Builder
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.TeeReader(r.Body, &audit)); err != nil { // want "io.Copy into memory reads"
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	_ = h.store.Save(buf.Bytes())
}

// OK: MaxBytesReader before the decode.
func (h *Handler) CreateOrderSafe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var req CreateOrderRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusCreated, req)
}

// OK: io.LimitReader around the read's argument.
func (h *Handler) WebhookLimited(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.store.Save(payload)
}

// limitBody is a package-local helper that bounds the body of its argument.
// OK: helper that bounds the body; reads nothing.
func limitBody(w http.ResponseWriter, r *http.Request, n int64) {
	r.Body = http.MaxBytesReader(w, r.Body, n)
}

// OK: the body is bounded by a package-local helper before it is read.
func (h *Handler) UpdateSettings(w http.ResponseWriter, r *http.Request) {
	limitBody(w, r, 512<<10)
	var in map[string]string
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// OK: gzip decompressor wrapped in io.LimitReader after the decompression.
func (h *Handler) IngestCompressedSafe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer zr.Close()
	raw, err := io.ReadAll(io.LimitReader(zr, 8<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.store.Save(raw)
}

// OK: ParseMultipartForm with 10 MiB in memory (at most 32 MiB is accepted).
func (h *Handler) UploadDocument(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(10 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// OK: FormValue reads url-encoded bodies, which net/http caps at 10 MB.
func Login(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("username")
	pass := r.PostFormValue("password")
	if user == "" || pass == "" {
		http.Error(w, "missing credentials", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// OK: reading a client response body, not an inbound request body.
func fetchRates(client *http.Client, url string) (map[string]float64, error) {
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var rates map[string]float64
	if err := json.NewDecoder(resp.Body).Decode(&rates); err != nil {
		return nil, err
	}
	return rates, nil
}

// OK: gin handler whose c.Request.Body is replaced by a MaxBytesReader before
// binding.
func (h *Handler) GinCreateUserSafe(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	var in struct {
		Email string `json:"email"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, in)
}

// OK: gin query binding does not read the body.
func (h *Handler) GinListUsers(c *gin.Context) {
	var q struct {
		Page int `form:"page"`
	}
	if err := c.ShouldBindQuery(&q); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, q)
}

// OK: the body is streamed to a file-like writer with io.CopyN (bounded).
func (h *Handler) StreamUpload(w http.ResponseWriter, r *http.Request) {
	var dst bytes.Buffer
	if _, err := io.CopyN(&dst, r.Body, 4<<20); err != nil && err != io.EOF {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.store.Save(dst.Bytes())
}

// OK: decoding bytes from a message queue, not a request body.
func decodeEvent(payload []byte) (map[string]any, error) {
	var ev map[string]any
	err := json.NewDecoder(bytes.NewReader(payload)).Decode(&ev)
	return ev, err
}
