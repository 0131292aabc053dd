package wrappers

import (
	"bytes"
	"compress/gzip"
	"mime/multipart"
)

// 29. The multipart body is used before the deferred Close writes its
// closing boundary.
func formBody(fields map[string]string) ([]byte, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	defer mw.Close() // want `deferred mw\.Close\(\) writes the closing boundary into body after body is used: the data is incomplete; close and check it before using body`
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			return nil, "", err
		}
	}
	return body.Bytes(), mw.FormDataContentType(), nil
}

// 30. The gzip trailer is written after the bytes were returned.
func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	defer gz.Close() // want `deferred gz\.Close\(\) writes the gzip trailer into buf after buf is used: the data is incomplete; close and check it before using buf`
	if _, err := gz.Write(data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The caller's buffer is read after this function returns, after the
// deferred Close ran: quiet.
func gzipInto(buf *bytes.Buffer, data []byte) {
	gz := gzip.NewWriter(buf)
	defer gz.Close()
	gz.Write(data)
}

// Closed before the buffer is used: quiet.
func gzipClosedFirst(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	if _, err := gz.Write(data); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The deferred Close is the second one: the explicit, checked Close runs
// before the buffer is read. Quiet.
func gzipDeferAndClose(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	defer gz.Close()
	if _, err := gz.Write(data); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The buffer is returned by pointer: the deferred Close runs before the
// caller reads it (pocketbase's toMultipart). Quiet.
func multipartBody(fields map[string]string) (*bytes.Buffer, *multipart.Writer, error) {
	body := new(bytes.Buffer)
	mw := multipart.NewWriter(body)
	defer mw.Close()
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			return nil, nil, err
		}
	}
	return body, mw, nil
}

func gzipBuffer(data []byte) (*bytes.Buffer, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	defer gz.Close()
	if _, err := gz.Write(data); err != nil {
		return nil, err
	}
	return &buf, nil
}

// Returned by value, the buffer is copied before the Close appends the
// trailer to the original.
func gzipCopy(data []byte) (bytes.Buffer, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	defer gz.Close() // want `deferred gz\.Close\(\) writes the gzip trailer into buf after buf is used`
	if _, err := gz.Write(data); err != nil {
		return bytes.Buffer{}, err
	}
	return buf, nil
}
