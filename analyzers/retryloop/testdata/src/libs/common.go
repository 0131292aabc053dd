package libs

import (
	"context"
	"errors"
	"io"
)

// Shapes of an HTTP client (a response with an integer StatusCode); the
// fixtures avoid net/http, which is slow to load from source.
type Response struct {
	StatusCode int
	Body       io.ReadCloser
}

type httpClient struct{}

func (c *httpClient) Get(url string) (*Response, error) { return nil, nil }

type store struct{}

func (s *store) save(ctx context.Context, id string) error { return nil }

var errStatus = errors.New("unexpected status")
