// Package echolimit installs echo's BodyLimit middleware: its echo
// handlers are quiet.
package echolimit

import (
	"encoding/json"
	"net/http"

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

// The same package serves a net/http handler too (a signup page on the
// mux beside the echo API): echo's BodyLimit does not cover it.
func signup(w http.ResponseWriter, r *http.Request) {
	var in Item
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil { // want `json\.Decoder\.Decode reads a request body with no size limit`
		http.Error(w, "bad request", http.StatusBadRequest)
	}
}

func Mux(mux *http.ServeMux) {
	mux.HandleFunc("/signup", signup)
}
