package frameworks

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type Item struct{ Name string }

func ginCreate(c *gin.Context) {
	var in Item
	if err := c.ShouldBindJSON(&in); err != nil { // want `bodylimit: c.ShouldBindJSON reads a request body with no size limit, so one request can exhaust memory; set c.Request.Body = http.MaxBytesReader\(c.Writer, c.Request.Body, n\) first`
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, in)
}

func ginRaw(c *gin.Context) {
	_, _ = io.ReadAll(c.Request.Body) // want `bodylimit: io.ReadAll reads a request body with no size limit`
	_, _ = c.GetRawData()             // want `bodylimit: c.GetRawData reads a request body`
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
