// Package config is a signature-faithful stub of
// github.com/aws/aws-sdk-go-v2/config (v1.32.37) for analysistest fixtures.
package config

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// HTTPClient is an HTTP client implementation.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// LoadOptions are discrete set of options that are valid for loading the
// configuration.
type LoadOptions struct {
	// Region is the region to send requests to.
	Region string

	// HTTPClient the SDK's API clients will use to invoke HTTP requests.
	HTTPClient HTTPClient
}

// LoadOptionsFunc is a type alias for LoadOptions functional option.
type LoadOptionsFunc func(*LoadOptions) error

// WithRegion is a helper function to construct functional options that
// sets Region on config's LoadOptions.
func WithRegion(v string) LoadOptionsFunc {
	return func(o *LoadOptions) error { o.Region = v; return nil }
}

// LoadDefaultConfig reads the SDK's default external configurations, and
// populates an AWS Config with the values from the external configurations.
func LoadDefaultConfig(ctx context.Context, optFns ...func(*LoadOptions) error) (cfg aws.Config, err error) {
	return aws.Config{}, nil
}

// WithHTTPClient is a helper function to construct functional options
// that sets HTTPClient on LoadOptions.
func WithHTTPClient(v HTTPClient) LoadOptionsFunc {
	return func(o *LoadOptions) error { o.HTTPClient = v; return nil }
}
