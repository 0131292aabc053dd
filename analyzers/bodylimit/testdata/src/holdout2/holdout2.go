// Package holdout2 is a second, harder round of handler code written from
// bodylimit's documentation only. Every function is labelled BUG or OK before
// the check was first run on it.
package holdout2

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type Item struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

type Repo interface {
	Insert(items []Item) error
}

// ItemsHandler serves the batch endpoint.
type ItemsHandler struct {
	repo Repo
}

// BUG: ServeHTTP streams a JSON array with Token/More from the raw body.
func (h *ItemsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body)
	if _, err := dec.Token(); err != nil { // want "json.Decoder.Token reads a request body"
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var items []Item
	for dec.More() { // want "json.Decoder.More reads a request body"
		var it Item
		if err := dec.Decode(&it); err != nil { // want "json.Decoder.Decode reads a request body"
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		items = append(items, it)
	}
	_ = h.repo.Insert(items)
}

// BUG: the body goes through bufio before ReadAll.
func uploadNotes(w http.ResponseWriter, r *http.Request) {
	br := bufio.NewReader(r.Body)
	notes, err := io.ReadAll(br) // want "io.ReadAll reads a request body with no size limit"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(notes)
}

// parseItems is a package-local helper taking an io.Reader.
// OK: helper; its read is reported at the handler's call (importItems).
func parseItems(rd io.Reader) ([]Item, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, err
	}
	var items []Item
	return items, json.Unmarshal(data, &items)
}

// BUG: the raw body is handed to an io.Reader helper that reads it whole.
func (h *ItemsHandler) importItems(w http.ResponseWriter, r *http.Request) {
	items, err := parseItems(r.Body) // want "handed to parseItems, which reads it"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.repo.Insert(items)
}

// BUG: an http.HandlerFunc literal returned by a constructor reads the body.
func makeEchoHandler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body) // want "io.ReadAll reads a request body with no size limit"
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Write(b)
	}
}

// BUG: MultiReader of a prefix and the raw body, read whole.
func replayWithPrefix(w http.ResponseWriter, r *http.Request) {
	all, err := io.ReadAll(io.MultiReader(bytes.NewReader([]byte("v1:")), r.Body)) // want "io.ReadAll reads a request body with no size limit"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(all)
}

// BUG: multipart parts read whole from MultipartReader.
func (h *ItemsHandler) uploadParts(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		data, err := io.ReadAll(part) // want "io.ReadAll reads a request body with no size limit"
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = data
	}
	w.WriteHeader(http.StatusCreated)
}

// BUG: bytes.Buffer.ReadFrom the raw body.
func bufferBody(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r.Body); err != nil { // want "bytes.Buffer.ReadFrom reads a request body"
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(buf.Bytes())
}

// BUG: gin c.Request.Body read with io.ReadAll.
func ginWebhook(c *gin.Context) {
	body, err := io.ReadAll(c.Request.Body) // want "io.ReadAll reads a request body with no size limit"
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	c.Data(http.StatusOK, "application/octet-stream", body)
}

// BUG: gin BindJSON.
func ginCreateItem(c *gin.Context) {
	var it Item
	if err := c.BindJSON(&it); err != nil { // want "c.BindJSON reads a request body"
		return
	}
	c.JSON(http.StatusCreated, it)
}

// BUG: echo c.Request().Body decoded by json.
func echoCreateItem(c echo.Context) error {
	var it Item
	if err := json.NewDecoder(c.Request().Body).Decode(&it); err != nil { // want "json.Decoder.Decode reads a request body with no size limit"
		return c.JSON(http.StatusBadRequest, echo.Map{"error": err.Error()})
	}
	return c.JSON(http.StatusCreated, it)
}

// BUG: zlib-decompressed body read whole (the compressed side is bounded).
func ingestZlib(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<20)
	zr, err := zlib.NewReader(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer zr.Close()
	var v map[string]any
	if err := json.NewDecoder(zr).Decode(&v); err != nil { // want "reads a decompressed request body"
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
}

// BUG: the MaxBytesReader is built but the raw r.Body is what gets read.
func limitedButReadsRaw(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<20)
	defer body.Close()
	data, err := io.ReadAll(r.Body) // want "io.ReadAll reads a request body with no size limit"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(data)
}

// OK: the decoder reads a MaxBytesReader directly.
func createItemSafe(w http.ResponseWriter, r *http.Request) {
	var it Item
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&it); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// OK: the bounded body in a local is what gets read.
func readBounded(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<20)
	data, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	w.Write(data)
}

// OK: the body is streamed to a file.
func saveUpload(w http.ResponseWriter, r *http.Request) {
	f, err := os.CreateTemp("", "upload-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	if _, err := io.Copy(f, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// OK: helper taking the ResponseWriter; it bounds the body itself.
func decodeLimited(w http.ResponseWriter, r *http.Request, dst any) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	return json.NewDecoder(r.Body).Decode(dst)
}

// OK: the read happens in decodeLimited, which bounds it.
func (h *ItemsHandler) createViaHelper(w http.ResponseWriter, r *http.Request) {
	var items []Item
	if err := decodeLimited(w, r, &items); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = h.repo.Insert(items)
}

// logTransport logs outgoing request bodies.
type logTransport struct {
	next http.RoundTripper
}

// OK: an outgoing request's body (no ResponseWriter), not an inbound one.
func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	return t.next.RoundTrip(req)
}

// OK: ParseForm is capped by net/http for url-encoded bodies.
func updateForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_ = r.Form.Get("name")
	w.WriteHeader(http.StatusNoContent)
}

// OK: LimitReader with an explicit overflow check.
func readWithOverflowCheck(w http.ResponseWriter, r *http.Request) {
	const max = 1 << 20
	data, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(data) > max {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	w.Write(data)
}

// OK: gin URI and header bindings read no body.
func ginGetItem(c *gin.Context) {
	var p struct {
		SKU string `uri:"sku"`
	}
	var hd struct {
		Tenant string `header:"X-Tenant"`
	}
	if err := c.ShouldBindUri(&p); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	if err := c.ShouldBindHeader(&hd); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	c.JSON(http.StatusOK, p)
}

// OK: gin body replaced by a MaxBytesReader before GetRawData.
func ginWebhookSafe(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 256<<10)
	body, err := c.GetRawData()
	if err != nil {
		c.AbortWithStatus(http.StatusRequestEntityTooLarge)
		return
	}
	c.Data(http.StatusOK, "application/octet-stream", body)
}
