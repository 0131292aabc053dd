// Package option is a signature-faithful stub of google.golang.org/api/option
// for analysistest fixtures.
package option

// A ClientOption is an option for a Google API client.
type ClientOption interface {
	Apply(*internalSettings)
}

type internalSettings struct{}

type withEndpoint string

func (w withEndpoint) Apply(*internalSettings) {}

// WithEndpoint returns a ClientOption that overrides the default endpoint to be used for a service.
func WithEndpoint(url string) ClientOption { return withEndpoint(url) }

type withCredFile string

func (w withCredFile) Apply(*internalSettings) {}

// WithCredentialsFile returns a ClientOption that authenticates API calls with the given service account or refresh token JSON credentials file.
func WithCredentialsFile(filename string) ClientOption { return withCredFile(filename) }
