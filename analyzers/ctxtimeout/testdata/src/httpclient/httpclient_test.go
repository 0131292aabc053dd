package httpclient

import (
	"net/http"
	"testing"
)

// Tests are not long-running processes: nothing here is reported.
func TestFetch(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/")
	if err == nil {
		resp.Body.Close()
	}
	c := &http.Client{}
	if _, err := c.Get("http://127.0.0.1:1/"); err == nil {
		t.Log("ok")
	}
}
