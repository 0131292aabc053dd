package headerorder

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the headerorder check.
var Doc = &checkdoc.Doc{
	Name:  "headerorder",
	Title: "headers and statuses set after the response was sent, which net/http silently drops",
	Why: `An http.ResponseWriter sends the status line and the header map with the first Write
(or WriteHeader, or anything that writes: fmt.Fprint, io.Copy, an encoder, a template,
http.Error, gin's c.JSON). After that, w.Header().Set changes a map nobody reads again, a
later WriteHeader only logs "superfluous response.WriteHeader call", and http.Error appends
its text to the body already sent, under the status already sent. Nothing fails: the
Content-Type, the cookie, the Cache-Control or the 500 simply never reach the client.

headerorder follows every ResponseWriter parameter (and gin's *gin.Context, echo's
Context) through the function's control-flow graph, with the state of the response on each
path: open, status sent, body started, whole response sent. It reports a header change
(Set, Add, Del, a map assignment, http.SetCookie, c.Header) or a status (WriteHeader,
http.Error, http.Redirect, c.JSON and the other gin and echo renderers) when the response
was already sent on every path that reaches it; when it runs on every path after such a
write (the missing return after http.Error); and when a loop writes on every pass, so the
header set at the top of the next pass comes too late. A write after a complete response (a
second c.JSON, a Write after http.Error) is reported when it follows that response on every
path, or on a path after it whose branches do not test what led to it. The package's own
helpers are summarised (writeJSON(w, code, v) sends the response; setCORS(w) sets headers),
so calls to them count as what they do.

A template failure gets its own message: html/template writes the page as it renders, so
when Execute fails, part of the page has often gone out with status 200, and http.Error in
the error branch appends "Internal Server Error" to half a page. Render into a bytes.Buffer
and write it only when Execute succeeded.`,
	Bad: `func profile(w http.ResponseWriter, r *http.Request) {
	u, err := load(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(u)
}

func page(w http.ResponseWriter, r *http.Request) {
	if err := tmpl.Execute(w, data(r)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
}`,
	Good: `func profile(w http.ResponseWriter, r *http.Request) {
	u, err := load(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(u)
}

func page(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data(r)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_, _ = buf.WriteTo(w)
}`,
	Fix: `A header set that comes after the first write moves above it, when the first write is a
statement of the same block, no other write can run before that statement, the header set
is a statement of its own, and its operands are constants or variables that already hold
their values there (calls only to strconv, strings, fmt.Sprint* and net/http helpers). A
template executed straight into the writer, in the shape if err := t.Execute(w, d); err !=
nil { ...; return }, renders into a fresh bytes.Buffer that is written after the check (the
bytes import is added). A missing return, a second WriteHeader and headers set inside loops
get no fix: which of the two statuses or headers was meant is not mechanical.`,
	Quiet: `Writes on different branches (if ... { w.WriteHeader(400) } else { w.Write(b) }); the branch where a
copy wrote nothing (written, err := io.CopyN(w, r, n); if written == 0 { h.Del(...) }); gin's
c.Status(http.StatusOK) after a body sent with the implicit 200 (gin ignores a status equal to the one sent;
net/http's WriteHeader(200) there is still reported: it logs a superfluous-call warning each time); header
changes that are late on some paths only (the response may still be open); trailers: keys
announced in a Trailer header of the same writer, keys with the http.TrailerPrefix
("Trailer:") prefix, and any key computed at run time once the function declares trailers;
reading or cloning w.Header() (logging, copying it elsewhere); WriteHeader with a 1xx code
(103 Early Hints leaves the header open); output rendered into a bytes.Buffer and written
afterwards; Flush in streaming handlers (it is not counted as a write); an encoder's error
branch (json.Encoder marshals before it writes: a failed Encode wrote nothing, or the client
is gone), so http.Error after a failed Encode is accepted (also after earlier errors.Is tests of the same
error: if errors.Is(err, syscall.EPIPE) { return } else if err != nil { ... }, and through helpers); headers set after gin's c.Status
and c.Writer.WriteHeader, which only record the status until the first write; writers passed to
functions of other packages or to method values, and calls of closures (what they do is
unknown; a closure that captures a writer is checked on its own, from an open response);
ResponseWriter parameters that are reassigned or whose address is taken; the methods of the
package's own ResponseWriter wrappers (status recorders, gzip writers), which implement the
protocol rather than use it; calls under a condition that asks the writer itself (if
!c.Writer.Written(), if !c.Response().Committed); deferred calls and calls in goroutines; _test.go files
and test-support packages (a name ending in test, tests, testutil or fixtures, e2e, fake… or mock…, or non-test files importing testify, ginkgo or testcontainers).`,
	FixLine: "move the header above the first write; render a template into a `bytes.Buffer` before writing it",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "late-header", Title: "a header set after the response was written",
			Why: `WriteHeader (or the first Write) sends the headers; a Header().Set after it changes a map nobody
reads again, so the header is silently dropped. Set headers before the first write.`},
		{Code: "double-status", Title: "a second WriteHeader after the status was sent",
			Why: `Only the first status counts; net/http logs "superfluous response.WriteHeader call" and the client
sees the first one. Send one status.`},
		{Code: "status-after-body", Title: "WriteHeader after the body was written",
			Why: `The first Write sent status 200 already, so the later status is ignored: an error written after a
partial body reaches the client as a 200. Send the status before the first write.`},
		{Code: "after-send", Title: "a write after a helper or framework call already sent the response",
			Why: `After http.Error, c.JSON or a helper that writes, the handler goes on and writes again: the second
status is ignored and the body is appended to the first. Return after the call that sends.`},
		{Code: "loop-header", Title: "a header set inside a loop whose earlier pass already wrote the response",
			Why: `On the second pass the response is written, so the header is dropped. Set it once before the loop.`},
		{Code: "loop-status", Title: "a status sent inside a loop whose earlier pass already wrote the response",
			Why: `Every pass after the first sends a superfluous status. Send the status once, before the loop.`},
		{Code: "partial-template", Title: "an error status after a template's Execute failed part-way",
			Why: `Execute writes as it renders, so a failure may come after part of the page went out with status
200; the error status is then ignored and the client gets half a page. Render into a bytes.Buffer and
write it only on success, or just log the error.`},
	},
	Default: true,
}
