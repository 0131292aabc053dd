package shopd

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ExportRow is one order in the nightly export.
type ExportRow struct {
	OrderID     int64
	CustomerID  int64
	AmountCents int64
	Currency    string
	PaidAt      time.Time
}

func (r ExportRow) record() []string {
	return []string{
		strconv.FormatInt(r.OrderID, 10),
		strconv.FormatInt(r.CustomerID, 10),
		strconv.FormatInt(r.AmountCents, 10),
		r.Currency,
		r.PaidAt.UTC().Format(time.RFC3339),
	}
}

// ExportBucket is where finance picks the exports up (a cloud bucket in
// production). NewWriter starts an upload; Close commits it.
type ExportBucket interface {
	NewWriter(ctx context.Context, key string) io.WriteCloser
}

// WriteOrdersExport writes the day's orders as a gzipped CSV.
//
// BUG: every error that says the file is incomplete is thrown away. The CSV
// writer's Flush reports failure only through Error(), gz.Close() writes the
// last compressed block and the gzip trailer, and f.Close() reports a full
// disk or a failed NFS write-back; all three are dropped, so a truncated
// export is handed to finance as a success.
func WriteOrdersExport(path string, rows []ExportRow) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	defer gz.Close()
	w := csv.NewWriter(gz)
	for _, r := range rows {
		if err := w.Write(r.record()); err != nil {
			return err
		}
	}
	w.Flush()
	return nil
}

// WriteOrdersExportSafe is the same export with every error kept: the CSV
// error is checked after Flush, and the gzip and file Close errors, when
// they fail, are joined into the returned error (closed in reverse order
// by the defers; errors.Join(err, nil) would still wrap a non-nil err).
func WriteOrdersExportSafe(path string, rows []ExportRow) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	gz := gzip.NewWriter(f)
	defer func() {
		if cerr := gz.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	w := csv.NewWriter(gz)
	for _, r := range rows {
		if err := w.Write(r.record()); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// UploadOrdersExport sends the export to the finance bucket.
//
// BUG: the upload is committed by Close; if the bucket rejects it (quota,
// permissions, a precondition), the error is dropped and the export is
// reported as delivered.
func UploadOrdersExport(ctx context.Context, b ExportBucket, day string, rows []ExportRow) error {
	w := b.NewWriter(ctx, "orders/"+day+".json")
	defer w.Close()
	return json.NewEncoder(w).Encode(rows)
}

// UploadOrdersExportSafe returns the commit's error.
func UploadOrdersExportSafe(ctx context.Context, b ExportBucket, day string, rows []ExportRow) error {
	w := b.NewWriter(ctx, "orders/"+day+".json")
	if err := json.NewEncoder(w).Encode(rows); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// PublishExportIndex replaces index.json atomically: write a temporary
// file, then rename it over the old one.
//
// BUG: Sync's error is dropped, so after a crash (or a failed write-back)
// the rename can publish an empty or partial index.
func PublishExportIndex(dir string, days []string) error {
	tmp, err := os.CreateTemp(dir, "index-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := json.NewEncoder(tmp).Encode(days); err != nil {
		tmp.Close()
		return err
	}
	tmp.Sync()
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, "index.json"))
}

// PublishExportIndexSafe syncs, checks, and only then renames.
func PublishExportIndexSafe(dir string, days []string) error {
	tmp, err := os.CreateTemp(dir, "index-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := json.NewEncoder(tmp).Encode(days); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, "index.json"))
}

// ReadOrdersExport reads an export back: a read-only file, whose Close
// loses nothing, stays quiet.
func ReadOrdersExport(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer gz.Close()
	return csv.NewReader(gz).ReadAll()
}
