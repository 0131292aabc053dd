package cloud

import (
	"context"
	"encoding/json"
	"io"

	"cloud.google.com/go/storage"
)

// 28. A cloud-storage upload: Close commits the object; its error is the
// upload's result.
func uploadOrders(ctx context.Context, c *storage.Client, key string, v any) error {
	w := c.Bucket("exports").Object(key).NewWriter(ctx)
	defer w.Close() // want `deferred w\.Close\(\) drops its error, but Close finishes the write \(\*storage\.Writer\): data can be lost; join its error into the result in the defer`
	return json.NewEncoder(w).Encode(v)
}

// The upload committed and checked: quiet.
func uploadChecked(ctx context.Context, c *storage.Client, key string, data []byte) error {
	w := c.Bucket("exports").Object(key).NewWriter(ctx)
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// A download: a reader, quiet.
func download(ctx context.Context, c *storage.Client, key string) ([]byte, error) {
	r, err := c.Bucket("exports").Object(key).NewReader(ctx)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// The client's Close is not a writer's: quiet.
func listBuckets(ctx context.Context) error {
	c, err := storage.NewClient(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return nil
}
