// Package echo is a minimal, signature-faithful stub of
// github.com/labstack/echo/v4 (v4.13 API): the Context response methods and
// Response. Context lists only the methods faultline's fixtures call.
package echo

import (
	"io"
	"net/http"
)

// HandlerFunc defines a function to serve HTTP requests.
type HandlerFunc func(c Context) error

// Context represents the context of the current HTTP request.
type Context interface {
	Request() *http.Request
	Response() *Response
	Param(name string) string
	QueryParam(name string) string
	SetCookie(cookie *http.Cookie)
	Bind(i interface{}) error
	Render(code int, name string, data interface{}) error
	HTML(code int, html string) error
	HTMLBlob(code int, b []byte) error
	String(code int, s string) error
	JSON(code int, i interface{}) error
	JSONPretty(code int, i interface{}, indent string) error
	JSONBlob(code int, b []byte) error
	JSONP(code int, callback string, i interface{}) error
	JSONPBlob(code int, callback string, b []byte) error
	XML(code int, i interface{}) error
	XMLPretty(code int, i interface{}, indent string) error
	XMLBlob(code int, b []byte) error
	Blob(code int, contentType string, b []byte) error
	Stream(code int, contentType string, r io.Reader) error
	File(file string) error
	Attachment(file string, name string) error
	Inline(file string, name string) error
	NoContent(code int) error
	Redirect(code int, url string) error
	Error(err error)
}

// Response wraps an http.ResponseWriter.
type Response struct {
	Writer    http.ResponseWriter
	Status    int
	Size      int64
	Committed bool
}

// NewResponse creates a new instance of Response.
func NewResponse(w http.ResponseWriter, e *Echo) (r *Response) {
	return &Response{Writer: w}
}

// Echo is the top-level framework instance.
type Echo struct{}

func (r *Response) Header() http.Header               { return r.Writer.Header() }
func (r *Response) Before(fn func())                  {}
func (r *Response) After(fn func())                   {}
func (r *Response) WriteHeader(code int)              {}
func (r *Response) Write(b []byte) (n int, err error) { return 0, nil }
func (r *Response) Flush()                            {}
func (r *Response) Unwrap() http.ResponseWriter       { return r.Writer }
