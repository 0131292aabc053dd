// Package httpx builds the module's HTTP clients; its callers are in
// another package.
package httpx

import (
	"net/http"
	"time"
)

// NewClient tunes the transport but sets no Timeout.
func NewClient() *http.Client { // want NewClient:"returns a http.Client with no timeout"
	tr := &http.Transport{MaxIdleConns: 100, IdleConnTimeout: 90 * time.Second}
	return &http.Client{Transport: tr}
}

// NewTimed sets one.
func NewTimed() *http.Client {
	return &http.Client{Timeout: 10 * time.Second}
}

// NewWith takes the timeout from its caller.
func NewWith(d time.Duration) *http.Client {
	return &http.Client{Timeout: d}
}
