// Package latest fetches the latest release: a name that ends in "test"
// but is not test support.
package latest

import (
	"context"
	"database/sql"
	"net/http"
)

func Fetch(url string) (*http.Response, error) {
	return http.Get(url) // want `http\.Get uses http\.DefaultClient, which has no timeout`
}

func Store(db *sql.DB, v string) error {
	_, err := db.ExecContext(context.Background(), "INSERT INTO releases (v) VALUES ($1)", v) // want `context\.Background\(\) carries no deadline into \(\*sql\.DB\)\.ExecContext`
	return err
}
