// Package storage is a signature-faithful stub of cloud.google.com/go/storage
// for analysistest fixtures. Bodies are trivial.
package storage

import (
	"context"
	"time"

	"google.golang.org/api/option"
)

// Client is a client for interacting with Google Cloud Storage.
type Client struct{}

// NewClient creates a new Google Cloud Storage client using the HTTP transport.
func NewClient(ctx context.Context, opts ...option.ClientOption) (*Client, error) {
	return &Client{}, nil
}

// Close closes the Client.
func (c *Client) Close() error { return nil }

// Bucket returns a BucketHandle, which provides operations on the named bucket.
func (c *Client) Bucket(name string) *BucketHandle { return &BucketHandle{name: name} }

// BucketHandle provides operations on a Google Cloud Storage bucket.
type BucketHandle struct {
	name string
}

// Object returns an ObjectHandle, which provides operations on the named object.
func (b *BucketHandle) Object(name string) *ObjectHandle {
	return &ObjectHandle{bucket: b.name, object: name}
}

// ObjectHandle provides operations on an object in a Google Cloud Storage bucket.
type ObjectHandle struct {
	bucket string
	object string
}

// ObjectAttrs represents the metadata for a Google Cloud Storage (GCS) object.
type ObjectAttrs struct {
	Bucket       string
	Name         string
	ContentType  string
	CacheControl string
	Size         int64
	Metadata     map[string]string
	Updated      time.Time
}

// Attrs returns meta information about the object.
func (o *ObjectHandle) Attrs(ctx context.Context) (attrs *ObjectAttrs, err error) { return nil, nil }

// Delete deletes the single specified object.
func (o *ObjectHandle) Delete(ctx context.Context) (err error) { return nil }

// NewWriter returns a storage Writer that writes to the GCS object associated
// with this ObjectHandle. The object is not committed until Close returns nil.
func (o *ObjectHandle) NewWriter(ctx context.Context) *Writer { return &Writer{} }

// ReaderOption are optional parameters to NewReader and NewRangeReader.
type ReaderOption interface {
	apply(*newRangeReaderParams)
}

type newRangeReaderParams struct{}

// NewReader creates a new Reader to read the contents of the object.
func (o *ObjectHandle) NewReader(ctx context.Context, opts ...ReaderOption) (*Reader, error) {
	return &Reader{}, nil
}

// NewRangeReader reads part of an object.
func (o *ObjectHandle) NewRangeReader(ctx context.Context, offset, length int64, opts ...ReaderOption) (r *Reader, err error) {
	return &Reader{}, nil
}

// Writer writes a Cloud Storage object. The data is not committed until Close
// returns nil: an ignored Close error loses the upload.
type Writer struct {
	ObjectAttrs

	SendCRC32C          bool
	DisableAutoChecksum bool
	ChunkSize           int
	ChunkRetryDeadline  time.Duration

	ctx context.Context
}

// Write appends to w. It implements the io.Writer interface.
func (w *Writer) Write(p []byte) (int, error) { return len(p), nil }

// Close completes the write operation and flushes any buffered data.
func (w *Writer) Close() error { return nil }

// CloseWithError aborts the write operation with the provided error.
//
// Deprecated: cancel the context passed to NewWriter instead.
func (w *Writer) CloseWithError(err error) error { return nil }

// Attrs returns metadata about a successfully-written object.
func (w *Writer) Attrs() *ObjectAttrs { return &w.ObjectAttrs }

// Reader reads a Cloud Storage object. It implements io.Reader.
type Reader struct{}

// Read reads up to len(p) bytes.
func (r *Reader) Read(p []byte) (int, error) { return 0, nil }

// Close closes the Reader. It must be called when done reading.
func (r *Reader) Close() error { return nil }
