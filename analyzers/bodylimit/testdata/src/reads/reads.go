package reads

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/ioutil"
	"net/http"
	"strings"
)

type Item struct{ Name string }

func readAll(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body) // want `bodylimit: io.ReadAll reads a request body with no size limit, so one request can exhaust memory; wrap r.Body in http.MaxBytesReader first`
	w.Write(b)
}

func legacy(w http.ResponseWriter, req *http.Request) {
	_, _ = ioutil.ReadAll(req.Body) // want `bodylimit: ioutil.ReadAll reads a request body with no size limit, so one request can exhaust memory; wrap req.Body in http.MaxBytesReader first`
}

func decode(w http.ResponseWriter, r *http.Request) {
	var in Item
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `bodylimit: json.Decoder.Decode reads a request body with no size limit`
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

func decoderVar(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body)
	for dec.More() { // want `bodylimit: json.Decoder.More reads a request body`
		var in Item
		_ = dec.Decode(&in) // want `bodylimit: json.Decoder.Decode reads a request body`
	}
}

func decodeXML(w http.ResponseWriter, r *http.Request) {
	var in Item
	_ = xml.NewDecoder(r.Body).Decode(&in) // want `bodylimit: xml.Decoder.Decode reads a request body`
}

func csvAll(w http.ResponseWriter, r *http.Request) {
	_, _ = csv.NewReader(r.Body).ReadAll() // want `bodylimit: csv.Reader.ReadAll reads a request body`
}

func csvLoop(w http.ResponseWriter, r *http.Request) {
	cr := csv.NewReader(r.Body)
	for {
		rec, err := cr.Read() // want `bodylimit: a csv.Reader.Read loop reads a request body`
		if err != nil {
			return
		}
		_ = rec
	}
}

func buffer(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(r.Body) // want `bodylimit: bytes.Buffer.ReadFrom reads a request body`
	var sb strings.Builder
	_, _ = io.Copy(&sb, r.Body) // want `bodylimit: io.Copy into memory reads a request body`
}

func multipartForm(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseMultipartForm(512 << 20) // want `bodylimit: ParseMultipartForm\(512 << 20\) keeps that much of an unbounded body in memory and the rest on disk`
}

func parts(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		return
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			return
		}
		data, _ := io.ReadAll(p) // want `bodylimit: io.ReadAll reads a request body`
		_ = data
	}
}

func gzipped(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		return
	}
	_, _ = io.ReadAll(zr) // want `bodylimit: io.ReadAll reads a decompressed request body with no size limit \(a small gzip bomb`
}

// lengthOnly checks ContentLength, which chunked requests skip.
func lengthOnly(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > 1<<20 {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	_, _ = io.ReadAll(r.Body) // want `bodylimit: io.ReadAll reads a request body bounded only by a ContentLength check, which chunked requests \(ContentLength -1\) pass`
}

// handlerFunc literals are handlers too.
func routes(mux *http.ServeMux) {
	mux.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // want `bodylimit: io.ReadAll reads a request body`
	})
}

type api struct{}

func (api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	_, _ = io.ReadAll(body) // want `bodylimit: io.ReadAll reads a request body`
}

// parse is a helper: it reads the request handed to it.
func parse(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// readBody reads any reader it is given.
func readBody(rd io.Reader) []byte {
	b, _ := io.ReadAll(rd)
	return b
}

func viaHelper(w http.ResponseWriter, r *http.Request) {
	var in Item
	_ = parse(r, &in)    // want `bodylimit: the request body is handed to parse, which reads it with no size limit`
	_ = readBody(r.Body) // want `bodylimit: the request body is handed to readBody, which reads it with no size limit`
}

// withContext: an alias of the request has the same body.
func withContext(w http.ResponseWriter, r *http.Request) {
	r2 := r.WithContext(r.Context())
	_, _ = io.ReadAll(r2.Body) // want `bodylimit: io.ReadAll reads a request body`
}

// inGoroutine: a read in a literal of the handler.
func inGoroutine(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		_, _ = io.ReadAll(r.Body) // want `bodylimit: io.ReadAll reads a request body`
		close(done)
	}()
	<-done
}
