// Package v4 is a signature-faithful stub of
// github.com/aws/aws-sdk-go-v2/aws/signer/v4 for analysistest fixtures.
package v4

import "net/http"

// PresignedHTTPRequest provides the URL and signed headers that are
// included in the presigned URL.
type PresignedHTTPRequest struct {
	URL          string
	Method       string
	SignedHeader http.Header
}
