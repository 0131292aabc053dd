// Package blob is a tiny object-store client: its Writer is only a writer,
// and its Close commits the upload, like cloud-storage writers.
package blob

import "context"

type Bucket struct{ name string }

func NewBucket(name string) *Bucket { return &Bucket{name: name} }

// Writer uploads an object; Close commits it.
type Writer struct{ buf []byte }

func (w *Writer) Write(p []byte) (int, error) { w.buf = append(w.buf, p...); return len(p), nil }
func (w *Writer) Close() error                { return nil }

// NewWriter starts an upload.
func (b *Bucket) NewWriter(ctx context.Context, key string) *Writer { return &Writer{} }

// Reader reads an object.
type Reader struct{}

func (r *Reader) Read(p []byte) (int, error) { return 0, nil }
func (r *Reader) Close() error               { return nil }

// NewReader opens an object for reading.
func (b *Bucket) NewReader(ctx context.Context, key string) (*Reader, error) { return &Reader{}, nil }

// Stream returns an io.WriteCloser-like upload stream.
type WriteCloser interface {
	Write(p []byte) (int, error)
	Close() error
}

// OpenStream starts a streaming upload.
func (b *Bucket) OpenStream(key string) (WriteCloser, error) { return &Writer{}, nil }

// FileWriter writes a file that becomes visible at Commit (a storage
// driver's writer): Close after a Commit only releases it.
type FileWriter struct{}

func (w *FileWriter) Write(p []byte) (int, error)      { return len(p), nil }
func (w *FileWriter) Close() error                     { return nil }
func (w *FileWriter) Cancel(ctx context.Context) error { return nil }
func (w *FileWriter) Commit(ctx context.Context) error { return nil }

// NewFileWriter starts a file.
func (b *Bucket) NewFileWriter(ctx context.Context, path string) *FileWriter { return &FileWriter{} }
