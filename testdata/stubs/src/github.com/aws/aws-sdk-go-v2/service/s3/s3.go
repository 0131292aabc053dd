// Package s3 is a signature-faithful stub of
// github.com/aws/aws-sdk-go-v2/service/s3 (v1.107.2) for analysistest
// fixtures. Bodies are trivial.
package s3

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Options are the client's options.
type Options struct {
	Region string
}

// Client provides the API client to make operations call for Amazon S3.
type Client struct{ options Options }

// NewFromConfig returns a new client from the provided config.
func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

type GetObjectInput struct {
	Bucket *string
	Key    *string
}

type GetObjectOutput struct{}

type PutObjectInput struct {
	Bucket *string
	Key    *string
}

type PutObjectOutput struct{}

type HeadObjectInput struct {
	Bucket *string
	Key    *string
}

type HeadObjectOutput struct{}

// GetObject retrieves an object from Amazon S3.
func (c *Client) GetObject(ctx context.Context, params *GetObjectInput, optFns ...func(*Options)) (*GetObjectOutput, error) {
	return &GetObjectOutput{}, nil
}

// PutObject adds an object to a bucket.
func (c *Client) PutObject(ctx context.Context, params *PutObjectInput, optFns ...func(*Options)) (*PutObjectOutput, error) {
	return &PutObjectOutput{}, nil
}

// HeadObject retrieves metadata from an object without returning the object itself.
func (c *Client) HeadObject(ctx context.Context, params *HeadObjectInput, optFns ...func(*Options)) (*HeadObjectOutput, error) {
	return &HeadObjectOutput{}, nil
}

// PresignOptions represents the presign client options.
type PresignOptions struct {
	Expires time.Duration
}

// PresignClient represents the presign url client.
type PresignClient struct {
	client  *Client
	options PresignOptions
}

// NewPresignClient generates a presign client using provided API Client
// and presign options.
func NewPresignClient(c *Client, optFns ...func(*PresignOptions)) *PresignClient {
	return &PresignClient{client: c}
}

// PresignGetObject is used to generate a presigned HTTP Request which
// contains presigned URL, signed headers and HTTP method used.
func (c *PresignClient) PresignGetObject(ctx context.Context, params *GetObjectInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return &v4.PresignedHTTPRequest{}, nil
}

// PresignPutObject is used to generate a presigned HTTP Request which
// contains presigned URL, signed headers and HTTP method used.
func (c *PresignClient) PresignPutObject(ctx context.Context, params *PutObjectInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return &v4.PresignedHTTPRequest{}, nil
}

// HeadObjectAPIClient is a client that implements the HeadObject operation.
type HeadObjectAPIClient interface {
	HeadObject(context.Context, *HeadObjectInput, ...func(*Options)) (*HeadObjectOutput, error)
}

// ObjectNotExistsWaiterOptions are waiter options for ObjectNotExistsWaiter
type ObjectNotExistsWaiterOptions struct {
	MinDelay time.Duration
	MaxDelay time.Duration
}

// ObjectNotExistsWaiter defines the waiters for ObjectNotExists
type ObjectNotExistsWaiter struct {
	client  HeadObjectAPIClient
	options ObjectNotExistsWaiterOptions
}

// NewObjectNotExistsWaiter constructs a ObjectNotExistsWaiter.
func NewObjectNotExistsWaiter(client HeadObjectAPIClient, optFns ...func(*ObjectNotExistsWaiterOptions)) *ObjectNotExistsWaiter {
	return &ObjectNotExistsWaiter{client: client}
}

// Wait calls the waiter function for ObjectNotExists waiter. The
// maxWaitDur is the maximum wait duration the waiter will wait. The
// maxWaitDur is required and must be greater than zero.
func (w *ObjectNotExistsWaiter) Wait(ctx context.Context, params *HeadObjectInput, maxWaitDur time.Duration, optFns ...func(*ObjectNotExistsWaiterOptions)) error {
	_, err := w.WaitForOutput(ctx, params, maxWaitDur, optFns...)
	return err
}

// WaitForOutput calls the waiter function for ObjectNotExists waiter and
// returns the output of the successful operation.
func (w *ObjectNotExistsWaiter) WaitForOutput(ctx context.Context, params *HeadObjectInput, maxWaitDur time.Duration, optFns ...func(*ObjectNotExistsWaiterOptions)) (*HeadObjectOutput, error) {
	return &HeadObjectOutput{}, nil
}
