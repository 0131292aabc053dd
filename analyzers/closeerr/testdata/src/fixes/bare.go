//go:build go1.22

package fixes

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"os"
)

type Summary struct {
	Rows  int
	Bytes int64
}

// A bare Close, last use: returned with the zero values.
func writeSummary(path string, data []byte) (Summary, error) {
	f, err := os.Create(path)
	if err != nil {
		return Summary{}, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return Summary{}, err
	}
	f.Close() // want `f.Close\(\) drops its error`
	return Summary{Rows: 1, Bytes: int64(len(data))}, nil
}

// A bare gzip Close.
func compress(w io.Writer, data []byte) (int, error) {
	gz := gzip.NewWriter(w)
	if _, err := gz.Write(data); err != nil {
		return 0, err
	}
	gz.Close() // want `gz.Close\(\) drops its error`
	return len(data), nil
}

// A bare Close that is not the last use: reported, no fix.
func closeThenStat(path string, data []byte) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	f.Write(data)
	f.Close() // want `f.Close\(\) drops its error`
	st, err := os.Stat(f.Name())
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// csv: check Error() after Flush.
func writeRows(w io.Writer, rows [][]string) (int, error) {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return 0, err
		}
	}
	cw.Flush() // want `cw.Flush\(\) on a csv.Writer is not followed by cw.Error\(\)`
	return len(rows), nil
}

// A deferred bufio Flush, with the errors package already imported.
func writeBuffered(w io.Writer, lines []string) error {
	if len(lines) == 0 {
		return errors.New("no lines")
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush() // want `bw.Flush\(\) is deferred and drops its error`
	for _, l := range lines {
		if _, err := bw.WriteString(l); err != nil {
			return err
		}
	}
	return nil
}

// Sync before the rename, with a deferred Close still running on return.
func publish(path string, data []byte) error {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Sync() // want `f.Sync\(\) drops its error before os.Rename`
	return os.Rename(path+".tmp", path)
}
