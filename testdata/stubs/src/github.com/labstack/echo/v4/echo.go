// Package echo is a minimal, signature-faithful stub of
// github.com/labstack/echo/v4 (v4.13 API): the Context response methods and
// Response, the instance with its servers, Start methods and routing.
// Context lists only the methods faultline's fixtures call.
package echo

import (
	"io"
	"net"
	"net/http"
)

// HandlerFunc defines a function to serve HTTP requests.
type HandlerFunc func(c Context) error

// Context represents the context of the current HTTP request.
type Context interface {
	Request() *http.Request
	Response() *Response
	SetRequest(r *http.Request)
	Param(name string) string
	QueryParam(name string) string
	FormValue(name string) string
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
type Echo struct {
	Server      *http.Server
	TLSServer   *http.Server
	Listener    net.Listener
	TLSListener net.Listener
	HideBanner  bool
	HidePort    bool
}

// MiddlewareFunc defines a function to process middleware.
type MiddlewareFunc func(next HandlerFunc) HandlerFunc

// Map defines a generic map of type map[string]interface{}.
type Map map[string]interface{}

// Route contains a handler and information for matching against requests.
type Route struct {
	Method string
	Path   string
	Name   string
}

// Group is a set of sub-routes for a specified route.
type Group struct{}

// New creates an instance of Echo.
func New() (e *Echo) {
	return &Echo{Server: new(http.Server), TLSServer: new(http.Server)}
}

// Use adds middleware to the chain which is run after router.
func (e *Echo) Use(middleware ...MiddlewareFunc) {}

// Pre adds middleware to the chain which is run before router.
func (e *Echo) Pre(middleware ...MiddlewareFunc) {}

// GET registers a new GET route for a path with matching handler in the router.
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }

// POST registers a new POST route for a path with matching handler in the router.
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }

// Group creates a new router group with prefix and optional group-level middleware.
func (e *Echo) Group(prefix string, m ...MiddlewareFunc) (g *Group) { return &Group{} }

// Use implements `Echo#Use()` for sub-routes within the Group.
func (g *Group) Use(middleware ...MiddlewareFunc) {}

// POST implements `Echo#POST()` for sub-routes within the Group.
func (g *Group) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }

// ServeHTTP implements `http.Handler` interface, which serves HTTP requests.
func (e *Echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

// Start starts an HTTP server.
func (e *Echo) Start(address string) error { return nil }

// StartTLS starts an HTTPS server.
func (e *Echo) StartTLS(address string, certFile, keyFile interface{}) (err error) { return nil }

// StartAutoTLS starts an HTTPS server using certificates automatically installed from https://letsencrypt.org.
func (e *Echo) StartAutoTLS(address string) error { return nil }

// StartServer starts a custom http server.
func (e *Echo) StartServer(s *http.Server) (err error) { return nil }

func (r *Response) Header() http.Header               { return r.Writer.Header() }
func (r *Response) Before(fn func())                  {}
func (r *Response) After(fn func())                   {}
func (r *Response) WriteHeader(code int)              {}
func (r *Response) Write(b []byte) (n int, err error) { return 0, nil }
func (r *Response) Flush()                            {}
func (r *Response) Unwrap() http.ResponseWriter       { return r.Writer }
