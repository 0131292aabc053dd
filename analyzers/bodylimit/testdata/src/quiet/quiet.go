package quiet

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
)

type Item struct{ Name string }

func limited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var in Item
	_ = json.NewDecoder(r.Body).Decode(&in)
}

func limitedConditionally(w http.ResponseWriter, r *http.Request, small bool) {
	if small {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	}
	// Bounded on one path: not unbounded on every path.
	_, _ = io.ReadAll(r.Body)
}

func limitReader(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var in Item
	_ = json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&in)
	_, _ = io.ReadAll(&io.LimitedReader{R: r.Body, N: 1 << 20})
	lr := io.LimitReader(r.Body, 1<<20)
	_, _ = io.ReadAll(lr)
}

func gzipLimited(w http.ResponseWriter, r *http.Request) {
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		return
	}
	_, _ = io.ReadAll(io.LimitReader(zr, 10<<20))
}

// limit is a helper that bounds its argument's body.
func limit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
}

func viaLimitHelper(w http.ResponseWriter, r *http.Request) {
	limit(w, r)
	_, _ = io.ReadAll(r.Body)
}

// forms: net/http caps url-encoded bodies at 10 MB, multipart memory at 32 MiB.
func forms(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	_ = r.FormValue("a")
	_ = r.PostFormValue("b")
	_ = r.ParseMultipartForm(32 << 20)
	_ = r.ParseMultipartForm(10 << 20)
}

// toDisk streams the body to a file: no memory is held.
func toDisk(w http.ResponseWriter, r *http.Request) {
	f, err := os.Create("/tmp/x")
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, r.Body)
	var buf bytes.Buffer
	_, _ = io.CopyN(&buf, r.Body, 1<<20)
}

// client bodies are not inbound requests.
func client(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://example.com")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	_, _ = io.ReadAll(resp.Body)
	out, _ := http.NewRequest("POST", "http://example.com", strings.NewReader("x"))
	_, _ = io.ReadAll(out.Body)
}

// notAHandler has no ResponseWriter: the request is not one it serves.
func notAHandler(req *http.Request) {
	_, _ = io.ReadAll(req.Body)
}

// replaced: the body was replaced by an in-memory copy before this read.
func replaced(w http.ResponseWriter, r *http.Request, data []byte) {
	r.Body = io.NopCloser(bytes.NewReader(data))
	_, _ = io.ReadAll(r.Body)
}

// boundedHelper reads through a limit.
func boundedHelper(r *http.Request, v any) error {
	return json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(v)
}

func viaBoundedHelper(w http.ResponseWriter, r *http.Request) {
	var in Item
	_ = boundedHelper(r, &in)
}

// limitedCaller bounds the body before handing it to a reading helper.
func limitedCaller(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	_ = parseAny(r)
}

func parseAny(r *http.Request) error {
	var v any
	return json.NewDecoder(r.Body).Decode(&v)
}
