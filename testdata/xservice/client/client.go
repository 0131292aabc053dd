// Package client calls other services over HTTP with the caller's context.
package client

import (
	"context"
	"net/http"
	"time"
)

// Client posts to a hooks service.
type Client struct {
	HTTP *http.Client
	Base string
}

// New returns a client whose transport has a timeout.
func New(base string) *Client {
	return &Client{HTTP: &http.Client{Timeout: 10 * time.Second}, Base: base}
}

// Notify sends with the caller's context: its deadline is the only one
// the request gets.
func Notify(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// NotifyBounded sets its own deadline.
func NotifyBounded(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return Notify(ctx, url)
}
