// Package app sends through clients built in package httpx.
package app

import (
	"context"
	"net/http"
	"time"

	"xclient/httpx"
)

type Geo struct{ client *http.Client }

func NewGeo() *Geo {
	return &Geo{client: httpx.NewClient()} // want `this http\.Client has no Timeout and g\.client\.Do sends`
}

func (g *Geo) Lookup(ip string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, "https://geo.example.com/"+ip, nil)
	if err != nil {
		return nil, err
	}
	return g.client.Do(req)
}

// Quiet: the constructors set a Timeout.
func fetchTimed(url string) (*http.Response, error) {
	c := httpx.NewTimed()
	return c.Get(url)
}

func fetchWith(url string) (*http.Response, error) {
	c := httpx.NewWith(5 * time.Second)
	return c.Get(url)
}

// Quiet: the request carries a deadline.
func fetchBounded(url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return httpx.NewClient().Do(req)
}
