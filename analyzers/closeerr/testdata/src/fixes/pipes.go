package fixes

import (
	"encoding/csv"
	"io"
	"strconv"
)

// CloseWithError on success, but a plain Close where the write failed.
func streamRows(rows [][]string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := csv.NewWriter(pw)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				pw.Close() // want `pw\.Close\(\) on this error path tells the reader the stream ended cleanly; use pw\.CloseWithError\(err\)`
				return
			}
		}
		w.Flush()
		pw.CloseWithError(w.Error())
	}()
	return pr
}

// A producer given the writer, failing on a named error.
func produce(pw *io.PipeWriter, ids []int64) {
	for _, id := range ids {
		if _, werr := io.WriteString(pw, strconv.FormatInt(id, 10)+"\n"); werr != nil {
			_ = pw.Close() // want `pw\.Close\(\) on this error path tells the reader the stream ended cleanly; use pw\.CloseWithError\(werr\)`
			return
		}
	}
	pw.CloseWithError(nil)
}

// Quiet: every path reports the failure.
func streamSafe(rows [][]string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := csv.NewWriter(pw)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		w.Flush()
		pw.CloseWithError(w.Error())
	}()
	return pr
}

// Quiet: the plain Close is on the success path.
func streamDone(rows [][]string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := csv.NewWriter(pw)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			pw.CloseWithError(err)
			return
		}
		pw.Close()
	}()
	return pr
}
