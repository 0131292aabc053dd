// Package oauth2 is a stub of golang.org/x/oauth2 v0.36.0.
package oauth2

import (
	"context"
	"net/http"
)

// Token is an OAuth 2.0 token.
type Token struct {
	AccessToken string
}

// TokenSource supplies tokens.
type TokenSource interface {
	Token() (*Token, error)
}

// Config describes an OAuth 2.0 flow.
type Config struct {
	ClientID     string
	ClientSecret string
	Scopes       []string
}

// Client returns an HTTP client that refreshes t with ctx.
func (c *Config) Client(ctx context.Context, t *Token) *http.Client { return &http.Client{} }

// TokenSource returns a source that refreshes t with ctx.
func (c *Config) TokenSource(ctx context.Context, t *Token) TokenSource { return nil }

// NewClient returns an HTTP client whose requests carry src's tokens,
// fetched with ctx.
func NewClient(ctx context.Context, src TokenSource) *http.Client { return &http.Client{} }
