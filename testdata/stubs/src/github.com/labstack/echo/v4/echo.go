// Package echo is a stub of github.com/labstack/echo/v4 (v4.13) for
// analysistest: the instance, its servers, routing and the context.
package echo

import (
	"net"
	"net/http"
)

// HandlerFunc defines a function to serve HTTP requests.
type HandlerFunc func(c Context) error

// MiddlewareFunc defines a function to process middleware.
type MiddlewareFunc func(next HandlerFunc) HandlerFunc

// Map defines a generic map of type map[string]interface{}.
type Map map[string]interface{}

// Echo is the top-level framework instance.
type Echo struct {
	Server      *http.Server
	TLSServer   *http.Server
	Listener    net.Listener
	TLSListener net.Listener
	HideBanner  bool
	HidePort    bool
}

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

// Response wraps an http.ResponseWriter and implements its interface to be used
// by an HTTP handler to construct an HTTP response.
type Response struct {
	Writer    http.ResponseWriter
	Status    int
	Size      int64
	Committed bool
}

// Header returns the header map for the writer that will be sent by WriteHeader.
func (r *Response) Header() http.Header { return nil }

// WriteHeader sends an HTTP response header with status code.
func (r *Response) WriteHeader(code int) {}

// Write writes the data to the connection as part of an HTTP reply.
func (r *Response) Write(b []byte) (n int, err error) { return 0, nil }

// Context represents the context of the current HTTP request.
type Context interface {
	Request() *http.Request
	SetRequest(r *http.Request)
	Response() *Response
	Param(name string) string
	QueryParam(name string) string
	FormValue(name string) string
	Bind(i interface{}) error
	JSON(code int, i interface{}) error
	String(code int, s string) error
	NoContent(code int) error
}
