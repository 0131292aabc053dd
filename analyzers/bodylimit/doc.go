package bodylimit

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the bodylimit check.
var Doc = &checkdoc.Doc{
	Name:  "bodylimit",
	Title: "request bodies read into memory with no size limit",
	Why: `net/http hands a handler the request body as the client sends it, of any length. io.ReadAll(r.Body),
json.NewDecoder(r.Body).Decode(&v) and their kin read it whole into memory, so one client that
posts a few gigabytes (or a JSON string that never ends) exhausts the server's memory and takes
every other request down with it. http.MaxBytesReader is the fix: it stops the read at a limit,
answers 413 and closes the connection. A check of r.ContentLength is not one: a chunked request
sends ContentLength -1 and as many bytes as it likes. A gzip.NewReader over the body needs a bound
of its own after the decompressor: a one-megabyte gzip bomb inflates to gigabytes.

bodylimit reports a read of an inbound request body that nothing bounds on any path to it. The
request is the *http.Request parameter of a function that also takes an http.ResponseWriter
(handlers, http.HandlerFunc literals, ServeHTTP methods; chi and gorilla handlers are plain
net/http), gin's c.Request and binding methods (Bind, BindJSON, ShouldBind, ShouldBindJSON,
ShouldBindXML, ShouldBindYAML, ShouldBindBodyWith*, GetRawData ...) and echo's c.Request() and
c.Bind. The reads are io.ReadAll and ioutil.ReadAll, json and xml Decoder Decode, Token and More,
csv ReadAll and Read in a loop, bytes.Buffer.ReadFrom, io.Copy into a bytes.Buffer or
strings.Builder, ParseMultipartForm and multipart ReadForm with more than 32 MiB in memory (the
net/http default that FormValue uses; beyond it the rest goes to disk, with no total), and reads of
MultipartReader parts; the body is followed through local variables, bufio, io.TeeReader,
io.NopCloser and io.MultiReader wrappers, the decoders, gzip, zlib, flate, bzip2 and lzw readers,
and into package-local helpers that take the request or an io.Reader and read it (reported at the
handler's call, with the helper's read as related information).`,
	Bad: `func create(w http.ResponseWriter, r *http.Request) {
	var in Item
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	save(in)
}`,
	Good: `func create(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var in Item
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	save(in)
}`,
	Fix: `r.Body = http.MaxBytesReader(w, r.Body, 1<<20) is inserted before the statement of the handler's
body that holds its first unbounded read, when r and w are that handler's own parameters and
mean them there (a read inside a function literal, a gin or echo handler, or a handler whose
ResponseWriter is unnamed gets no fix). 1 MiB suits JSON APIs; raise it where the endpoint takes
uploads. No fix is offered for large multipart forms (the limit must fit the uploads) or for
decompressed bodies (MaxBytesReader bounds the compressed size only: wrap the decompressor in
io.LimitReader).`,
	FixLine: "`r.Body = http.MaxBytesReader(w, r.Body, 1<<20)` before the first read",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "unbounded", Title: "a request body read (ReadAll, a JSON/XML/CSV decoder, a copy into memory) with no size limit",
			Why: `One request with a multi-gigabyte body makes the server allocate it all. Wrap the body in
http.MaxBytesReader (or the framework's body limit) before the first read.`},
		{Code: "content-length", Title: "a request body bounded only by a ContentLength check",
			Why: `A chunked request has ContentLength -1 and passes the check with any size. Use
http.MaxBytesReader, which counts the bytes read.`},
		{Code: "multipart-memory", Title: "ParseMultipartForm with a large memory limit on an unbounded body",
			Why: `The limit keeps that much in memory per request and the rest on disk, unbounded. Limit the body
with http.MaxBytesReader and keep the memory limit small.`},
		{Code: "decompressed", Title: "a decompressed request body read with no size limit",
			Why: `A small gzip bomb inflates to gigabytes, and limiting the compressed body does not bound it. Wrap
the decompressor in io.LimitReader.`},
	},
	Quiet: `A read preceded on some path by r.Body = http.MaxBytesReader(...) (or any assignment of a
value other than the raw body to r.Body, gin's c.Request.Body included), or by a call of a
package-local helper that does so on its argument; io.LimitReader, http.MaxBytesReader and
io.LimitedReader around the read's argument; the handlers of the package a package-wide limit
covers: every handler when it calls http.MaxBytesHandler (which can wrap any engine), its echo
handlers when it installs echo's middleware.BodyLimit or BodyLimitWithConfig, its net/http handlers
for chi's middleware.RequestSize, and the handlers of the kind (net/http, gin, echo) of a middleware
of its own that bounds the body of a request it then passes on (to a handler value, a ServeHTTP method, a function of the package with a handler's
parameters (http.ResponseWriter, *http.Request), or gin's c.Next; a handler that bounds its own
body and answers through a helper given more than that, writeError(w, r, err), passes nothing on; a middleware that puts back an in-memory copy counts only
if it read the body through a limit: a logging middleware's unbounded io.ReadAll is itself a
finding). Limits set in another package (a router package that
wraps the handlers of this one) are not seen: silence such findings with a directive naming the
middleware. r.ParseForm, r.FormValue and r.PostFormValue (net/http caps url-encoded bodies at
10 MB) and ParseMultipartForm with at most 32 MiB in memory; io.CopyN and copies to files or
other writers; client response bodies (resp.Body) and outgoing requests built with
http.NewRequest; helpers that take an http.ResponseWriter (they are handlers, judged on their
own); gin's ShouldBindWith and MustBindWith, whose binding argument decides whether the body is
read, and the query, URI and header bindings; _test.go files, and packages of test support (by their
name, as ctxtimeout's, or by their imports: a package other than main a non-test file of which imports
ginkgo, gomega or testify; lakeFS's esti).`,
	Default: true,
}
