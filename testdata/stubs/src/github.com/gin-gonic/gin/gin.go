// Package gin is a minimal, signature-faithful stub of github.com/gin-gonic/gin
// (v1.10 API): the Context response methods and the ResponseWriter interface.
package gin

import (
	"io"
	"net/http"
)

// HandlerFunc defines the handler used by gin middleware as return value.
type HandlerFunc func(*Context)

// H is a shortcut for map[string]any.
type H map[string]any

// ErrorType is an unsigned 64-bit error code as defined in the gin spec.
type ErrorType uint64

// Error represents a error's specification.
type Error struct {
	Err  error
	Type ErrorType
	Meta any
}

func (msg *Error) Error() string { return msg.Err.Error() }

// ResponseWriter is gin's response writer.
type ResponseWriter interface {
	http.ResponseWriter
	http.Hijacker
	http.Flusher
	http.CloseNotifier

	Status() int
	Size() int
	WriteString(string) (int, error)
	Written() bool
	WriteHeaderNow()
	Pusher() http.Pusher
}

// Context is the most important part of gin.
type Context struct {
	Request *http.Request
	Writer  ResponseWriter
}

func (c *Context) Next()                                     {}
func (c *Context) Abort()                                    {}
func (c *Context) AbortWithStatus(code int)                  {}
func (c *Context) AbortWithStatusJSON(code int, jsonObj any) {}
func (c *Context) AbortWithError(code int, err error) *Error {
	return &Error{Err: err}
}
func (c *Context) Status(code int)             {}
func (c *Context) Header(key, value string)    {}
func (c *Context) GetHeader(key string) string { return "" }
func (c *Context) SetCookie(name, value string, maxAge int, path, domain string, secure, httpOnly bool) {
}
func (c *Context) HTML(code int, name string, obj any)            {}
func (c *Context) IndentedJSON(code int, obj any)                 {}
func (c *Context) SecureJSON(code int, obj any)                   {}
func (c *Context) JSONP(code int, obj any)                        {}
func (c *Context) JSON(code int, obj any)                         {}
func (c *Context) AsciiJSON(code int, obj any)                    {}
func (c *Context) PureJSON(code int, obj any)                     {}
func (c *Context) XML(code int, obj any)                          {}
func (c *Context) YAML(code int, obj any)                         {}
func (c *Context) TOML(code int, obj any)                         {}
func (c *Context) ProtoBuf(code int, obj any)                     {}
func (c *Context) String(code int, format string, values ...any)  {}
func (c *Context) Redirect(code int, location string)             {}
func (c *Context) Data(code int, contentType string, data []byte) {}
func (c *Context) DataFromReader(code int, contentLength int64, contentType string, reader io.Reader, extraHeaders map[string]string) {
}
func (c *Context) File(filepath string)                     {}
func (c *Context) FileAttachment(filepath, filename string) {}
func (c *Context) SSEvent(name string, message any)         {}
func (c *Context) Stream(step func(w io.Writer) bool) bool  { return false }
