package frameworks

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type Item struct{ Name string }

func ginCreate(c *gin.Context) {
	var in Item
	if err := c.ShouldBindJSON(&in); err != nil { // want `bodylimit: c.ShouldBindJSON reads a request body with no size limit, so one request can exhaust memory; wrap c.Request.Body in http.MaxBytesReader first`
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, in)
}

func ginRaw(ctx *gin.Context) {
	_, _ = io.ReadAll(ctx.Request.Body) // want `bodylimit: io.ReadAll reads a request body with no size limit, so one request can exhaust memory; wrap ctx.Request.Body in http.MaxBytesReader first`
	_, _ = ctx.GetRawData()             // want `bodylimit: ctx.GetRawData reads a request body`
}

func ginLimited(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	var in Item
	_ = c.BindJSON(&in)
}

// ginQuery binds the query string, not the body.
func ginQuery(c *gin.Context) {
	var in Item
	_ = c.ShouldBindQuery(&in)
	_ = c.ShouldBindUri(&in)
}

func echoCreate(c echo.Context) error {
	var in Item
	if err := c.Bind(&in); err != nil { // want `bodylimit: c.Bind reads a request body with no size limit, so one request can exhaust memory; add middleware.BodyLimit`
		return err
	}
	return c.JSON(http.StatusOK, in)
}

func echoRaw(c echo.Context) error {
	req := c.Request()
	_, err := io.ReadAll(req.Body) // want `bodylimit: io.ReadAll reads a request body`
	return err
}

func echoForm(c echo.Context) error {
	return c.String(http.StatusOK, c.FormValue("x"))
}

func Routes(r *gin.Engine, e *echo.Echo) {
	r.POST("/items", ginCreate, ginRaw, ginLimited, ginQuery)
	e.POST("/items", echoCreate)
	e.POST("/raw", echoRaw)
}

// WebContext is a server context of the package's own: it carries the
// request and the ResponseWriter.
type WebContext struct {
	w http.ResponseWriter
	r *http.Request
}

func (c *WebContext) Request() *http.Request              { return c.r }
func (c *WebContext) ResponseWriter() http.ResponseWriter { return c.w }

func ownContext(c *WebContext) error {
	var in Item
	return json.NewDecoder(c.Request().Body).Decode(&in) // want `bodylimit: json.Decoder.Decode reads a request body with no size limit, so one request can exhaust memory; wrap the request body in http.MaxBytesReader first`
}

// ClientCall carries a request but no ResponseWriter: not a server context.
type ClientCall struct {
	Req *http.Request
}

func outgoing(cc *ClientCall) {
	_, _ = io.ReadAll(cc.Req.Body)
}
