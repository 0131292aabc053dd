package fixes

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type domains struct{ db *sql.DB }

// An echo handler: the request's context is c.Request().Context().
func (d *domains) validate(c echo.Context) error {
	var owner int64
	err := d.db.QueryRow(`SELECT tenant_id FROM custom_domains WHERE domain = $1`, c.Param("domain")).Scan(&owner) // want `\(\*sql\.DB\)\.QueryRow has no deadline and cannot be cancelled, so a stuck database holds it forever; use QueryRowContext and pass c\.Request\(\)\.Context\(\)`
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusOK)
}

// A gin handler: c.Request.Context().
func (d *domains) remove(c *gin.Context) {
	if _, err := d.db.Exec(`DELETE FROM custom_domains WHERE domain = $1`, c.Param("domain")); err != nil { // want `\(\*sql\.DB\)\.Exec has no deadline and cannot be cancelled, so a stuck database holds it forever; use ExecContext and pass c\.Request\.Context\(\)`
		c.Status(http.StatusInternalServerError)
		return
	}
	c.Status(http.StatusNoContent)
}

// Quiet: a helper with no request context at hand (a storage layer
// without contexts is reported only with -ctxtimeout.all-sql).
func (d *domains) count() (int, error) {
	var n int
	err := d.db.QueryRow(`SELECT count(*) FROM custom_domains`).Scan(&n)
	return n, err
}
