package wrappers

import (
	"fmt"
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"compress/lzw"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"os"

	"example.com/blob"
)

// 11. gzip over a file: the gzip Close is checked, the file's is not.
func gzipFileDropped(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	gz := gzip.NewWriter(f)
	if _, err := gz.Write(data); err != nil {
		return err
	}
	return gz.Close()
}

// 12. The gzip trailer: a deferred gz.Close() runs after `return f.Close()`.
func gzipDeferred(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	defer gz.Close() // want `deferred gz\.Close\(\) drops its error, but Close writes the gzip trailer: data can be lost; join its error into the result in the defer`
	if _, err := gz.Write(data); err != nil {
		return err
	}
	return f.Close()
}

// 13. zlib.
func zlibTo(w io.Writer, data []byte) error {
	zw := zlib.NewWriter(w)
	defer zw.Close() // want `zlib checksum`
	_, err := zw.Write(data)
	return err
}

// 14. flate, bare.
func flateTo(w io.Writer, data []byte) error {
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := fw.Write(data); err != nil {
		return err
	}
	fw.Close() // want `fw\.Close\(\) drops its error, but Close writes the end of the stream: data can be lost; return the error`
	return nil
}

// 15. zip: the central directory.
func zipTo(w io.Writer, name string, data []byte) error {
	zw := zip.NewWriter(w)
	defer zw.Close() // want `deferred zw\.Close\(\) drops its error, but Close writes the zip directory: data can be lost; join its error into the result in the defer`
	fw, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// 16. tar: the footer.
func tarTo(w io.Writer, name string, data []byte) error {
	tw := tar.NewWriter(w)
	if err := tw.WriteHeader(&tar.Header{Name: name, Size: int64(len(data)), Mode: 0o644}); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	tw.Close() // want `tar footer`
	return nil
}

// 17. multipart streamed to a connection.
func multipartTo(conn net.Conn, fields map[string]string) error {
	mw := multipart.NewWriter(conn)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			return err
		}
	}
	mw.Close() // want `mw\.Close\(\) drops its error, but Close writes the closing boundary: data can be lost; return the error`
	return nil
}

// 18. An io.PipeWriter producer that fails without CloseWithError.
func streamJSON(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close() // want `pw\.Close\(\) on an io\.PipeWriter tells the reader the stream ended cleanly even when this function failed; use pw\.CloseWithError\(err\) on error paths`
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			return
		}
	}()
	return pr
}

// 18b. The producer sends its failure on a channel the consumer reads after
// the stream (soft-serve's rev-list): the failure is not lost. Quiet.
func streamReported(v any, errc chan<- error) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			errc <- fmt.Errorf("encode: %w", err)
		}
	}()
	return pr
}

// 18c. Sending nil reports nothing.
func streamNil(v any, errc chan<- error) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close() // want `pw\.Close\(\) on an io\.PipeWriter tells the reader the stream ended cleanly`
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			return
		}
		errc <- nil
	}()
	return pr
}

// 19. A type that is only a writer: the upload is committed at Close.
func upload(ctx context.Context, b *blob.Bucket, key string, data []byte) error {
	w := b.NewWriter(ctx, key)
	defer w.Close() // want `deferred w\.Close\(\) drops its error, but Close finishes the write \(\*blob\.Writer\): data can be lost; join its error into the result in the defer`
	_, err := w.Write(data)
	return err
}

// 20. A write-only interface from a constructor.
func uploadStream(b *blob.Bucket, key string, data []byte) error {
	w, err := b.OpenStream(key)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	w.Close() // want `w\.Close\(\) drops its error, but Close finishes the write \(blob\.WriteCloser\): data can be lost; return the error`
	return nil
}

// 21. lzw returns an io.WriteCloser.
func lzwTo(f *os.File, data []byte) error {
	w := lzw.NewWriter(f, lzw.LSB, 8)
	defer w.Close() // want `deferred w\.Close\(\) drops its error, but Close finishes the write \(io\.WriteCloser\): data can be lost; join its error into the result in the defer`
	_, err := w.Write(data)
	return err
}

// 22. base64 keeps the last partial block until Close.
func base64To(w io.Writer, data []byte) error {
	enc := base64.NewEncoder(base64.StdEncoding, w)
	if _, err := enc.Write(data); err != nil {
		return err
	}
	enc.Close() // want `enc\.Close\(\) drops its error, but Close finishes the write \(io\.WriteCloser\): data can be lost; return the error`
	return nil
}

// 35. A pooled gzip writer Reset onto a file: the file is not a harmless sink.
func gzipPooled(f *os.File, data []byte, pool interface{ Get() any }) error {
	gz, ok := pool.Get().(*gzip.Writer)
	if !ok {
		gz = gzip.NewWriter(f)
	} else {
		gz.Reset(f)
	}
	defer gz.Close() // want `deferred gz\.Close\(\) drops its error, but Close writes the gzip trailer: data can be lost; join its error into the result in the defer`
	_, err := gz.Write(data)
	return err
}

// A writer that completes at Commit, with its Commit unchecked: the write
// may not complete, and the dropped Close error is all that is left.
func putUnchecked(ctx context.Context, b *blob.Bucket, path string, data []byte) error {
	w := b.NewFileWriter(ctx, path)
	defer w.Close() // want `deferred w\.Close\(\) drops its error, but Close finishes the write`
	if _, err := w.Write(data); err != nil {
		return err
	}
	w.Commit(ctx)
	return nil
}
