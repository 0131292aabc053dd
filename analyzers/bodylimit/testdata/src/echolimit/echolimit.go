// Package echolimit installs echo's BodyLimit middleware: quiet.
package echolimit

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

type Item struct{ Name string }

func create(c echo.Context) error {
	var in Item
	return c.Bind(&in)
}

func Routes(e *echo.Echo) {
	e.Use(middleware.BodyLimit("1M"))
	e.POST("/items", create)
}
