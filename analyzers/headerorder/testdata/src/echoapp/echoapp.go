package echoapp

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func headerAfterJSON(c echo.Context) error {
	err := c.JSON(http.StatusOK, map[string]bool{"ok": true})
	c.Response().Header().Set("X-Request-Id", "1") // want `header "X-Request-Id" is set after c.JSON sent the response, so it is silently dropped`
	return err
}

func doubleResponse(c echo.Context, err error) error {
	if err != nil {
		c.JSON(http.StatusBadRequest, map[string]string{"error": err.Error()})
	}
	return c.NoContent(http.StatusOK) // want `c.NoContent after c.JSON already sent the response: it is ignored or appended to it; return after c.JSON`
}

func writeHeaderAfterWrite(c echo.Context) error {
	c.Response().Write([]byte("x"))
	c.Response().WriteHeader(http.StatusCreated) // want `WriteHeader after the body was written is superfluous`
	return nil
}

func cookieAfterBlob(c echo.Context) error {
	c.Blob(http.StatusOK, "text/plain", nil)
	c.SetCookie(&http.Cookie{Name: "a"}) // want `the cookie is set after c.Blob sent the response`
	return nil
}

// Quiet: headers first, response returned.
func good(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Writer.Header().Set("X-A", "1")
	return c.JSON(http.StatusOK, nil)
}

// Quiet: the error branch returns.
func withReturn(c echo.Context, err error) error {
	if err != nil {
		return c.JSON(http.StatusBadRequest, nil)
	}
	c.Response().Header().Set("X-Ok", "1")
	return c.NoContent(http.StatusOK)
}

// Quiet: the code asks the response whether it was committed.
func errorHandler(c echo.Context, err error) {
	c.String(http.StatusOK, "x")
	if !c.Response().Committed {
		c.JSON(http.StatusInternalServerError, err.Error())
	}
}
