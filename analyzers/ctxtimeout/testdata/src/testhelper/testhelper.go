// Package testhelper is test-support code: it imports "testing", and
// nothing in it is reported.
package testhelper

import (
	"net/http"
	"testing"
)

func Fetch(t *testing.T, u string) {
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
