package flush

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

// 23. A deferred bufio Flush.
func writeLines(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush() // want `bw\.Flush\(\) is deferred and drops its error: a failed write of the bytes still buffered is lost; join its error into the result in the defer`
	for _, l := range lines {
		if _, err := fmt.Fprintln(bw, l); err != nil {
			return err
		}
	}
	return nil
}

// 24. A bare bufio Flush.
func writeLinesBare(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		if _, err := bw.WriteString(l + "\n"); err != nil {
			return err
		}
	}
	bw.Flush() // want `bw.Flush\(\) drops its error`
	return nil
}

// 25. csv Flush without Error.
func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush() // want `cw.Flush\(\) on a csv.Writer is not followed by cw.Error\(\)`
	return nil
}

// 26. A deferred csv Flush.
func writeCSVDeferred(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	defer cw.Flush() // want `cw.Flush\(\) on a csv.Writer is not followed by cw.Error\(\)`
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return nil
}

// 27. Sync dropped before the rename that publishes the file.
func atomicWrite(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Sync() // want `f\.Sync\(\) drops its error before os\.Rename publishes the file, which can then hold partial data after a crash; return the error and do not rename`
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Reset to a real writer before the Flush: reported.
func resetThenFlush(w io.Writer, bw *bufio.Writer, data []byte) {
	bw.Reset(w)
	bw.Write(data)
	bw.Flush() // want `bw.Flush\(\) drops its error`
}

// Every return of the loop is a failure, but the loop comes back to the
// Flush on success: it is not on a failure path.
func pump(w io.Writer, next func() ([]byte, error)) error {
	bw := bufio.NewWriter(w)
	for {
		data, err := next()
		if err != nil {
			return fmt.Errorf("next: %w", err)
		}
		bw.Write(data)
		bw.Flush() // want `bw\.Flush\(\) drops its error: a failed write of the bytes still buffered is lost; return the error`
	}
}
