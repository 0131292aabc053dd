// Package middleware is a stub of github.com/labstack/echo/v4/middleware:
// the body limit and the usual logger and recover middleware.
package middleware

import "github.com/labstack/echo/v4"

// Skipper defines a function to skip middleware.
type Skipper func(c echo.Context) bool

// BodyLimitConfig defines the config for BodyLimit middleware.
type BodyLimitConfig struct {
	Skipper Skipper
	Limit   string
}

// BodyLimit returns a BodyLimit middleware.
func BodyLimit(limit string) echo.MiddlewareFunc { return nil }

// BodyLimitWithConfig returns a BodyLimit middleware with config.
func BodyLimitWithConfig(config BodyLimitConfig) echo.MiddlewareFunc { return nil }

// Logger returns a middleware that logs HTTP requests.
func Logger() echo.MiddlewareFunc { return nil }

// Recover returns a middleware which recovers from panics anywhere in the chain.
func Recover() echo.MiddlewareFunc { return nil }
