package frameworks

import (
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func ginRun() {
	r := gin.Default()
	_ = r.Run(":8080") // want `srvtimeout: gin's Run serves with no timeouts`
}

func ginTLS(l net.Listener) {
	r := gin.New()
	_ = r.RunTLS(":8443", "c", "k") // want `srvtimeout: gin's RunTLS serves with no timeouts`
	_ = r.RunListener(l)            // want `srvtimeout: gin's RunListener serves with no timeouts`
}

// ginServer serves the engine from a configured server: quiet.
func ginServer() {
	r := gin.New()
	srv := &http.Server{Addr: ":1", Handler: r, ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}

func echoStart() {
	e := echo.New()
	_ = e.Start(":8080") // want `srvtimeout: echo's Start serves e.Server, which has no ReadHeaderTimeout or ReadTimeout`
}

func echoTLS() {
	e := echo.New()
	e.Server.ReadHeaderTimeout = time.Second // configures e.Server, not e.TLSServer
	_ = e.StartTLS(":8443", "c", "k")        // want `srvtimeout: echo's StartTLS serves e.TLSServer`
}

// echoConfigured sets e.Server's timeouts before Start: quiet.
func echoConfigured() {
	e := echo.New()
	e.Server.ReadTimeout = 30 * time.Second
	_ = e.Start(":8080")
}

// echoReplaced replaces e.Server with a configured one: quiet.
func echoReplaced() {
	e := echo.New()
	e.Server = &http.Server{ReadHeaderTimeout: time.Second}
	_ = e.Start(":8080")
}

func echoStartServer() {
	e := echo.New()
	_ = e.StartServer(&http.Server{Addr: ":1"}) // want `srvtimeout: http.Server started with no ReadHeaderTimeout`
	_ = e.StartServer(&http.Server{Addr: ":1", ReadHeaderTimeout: time.Second})
}

// API keeps its echo instance in a field, configured in the constructor.
type API struct{ e *echo.Echo }

func NewAPI() *API {
	a := &API{e: echo.New()}
	a.e.Server.ReadHeaderTimeout = 5 * time.Second
	return a
}

func (a *API) Run() error { return a.e.Start(":1") }

// routes registers handlers and configures nothing.
func routes(e *echo.Echo) { e.POST("/x", nil) }

func echoRoutes() {
	e := echo.New()
	routes(e)
	_ = e.Start(":1") // want `srvtimeout: echo's Start serves e.Server`
}

// setup configures the instance's server: quiet.
func setup(e *echo.Echo) { e.Server.ReadHeaderTimeout = time.Second }

func echoHanded() {
	e := echo.New()
	setup(e)
	_ = e.Start(":1")
}

// external hands the instance to a function value: it may configure it.
func external(e *echo.Echo, configure func(*echo.Echo)) {
	configure(e)
	_ = e.Start(":1")
}

// echoParam: an instance from the caller may be configured there.
func echoParam(e *echo.Echo) error { return e.Start(":1") }
