// Package aws is a signature-faithful stub of
// github.com/aws/aws-sdk-go-v2/aws (v1.41) for analysistest fixtures.
package aws

// A Config provides service configuration for service clients.
type Config struct {
	// The region to send requests to.
	Region string
}

// String returns a pointer value for the string value passed in.
func String(v string) *string { return &v }
