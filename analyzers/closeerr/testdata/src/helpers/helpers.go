// Package helpers holds package helpers that close what they are given:
// those that swallow the error (reported at their call sites) and those
// that pass it on (quiet).
package helpers

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
)

// closeQuietly logs the error and goes on: the caller never sees it.
func closeQuietly(c io.Closer) {
	if err := c.Close(); err != nil {
		log.Printf("close: %v", err)
	}
}

// safeClose discards it.
func safeClose(f *os.File) {
	if f == nil {
		return
	}
	_ = f.Close()
}

// closeAndLog hands err.Error() to slog.
func closeAndLog(c io.Closer, what string) {
	err := c.Close()
	if err != nil {
		slog.Error("closing "+what, "err", err.Error())
	}
}

// finishFile delegates to another helper that swallows.
func finishFile(f *os.File) { closeQuietly(f) }

// Logger is the service's logging interface.
type Logger interface {
	Error(msg string, args ...any)
}

type store struct {
	log Logger
	dir string
}

func (s *store) closeLogged(c io.Closer) {
	if err := c.Close(); err != nil {
		s.log.Error("close failed", "err", fmt.Sprintf("%v", err))
	}
}

func exportJSON(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer closeQuietly(f) // want `deferred closeQuietly drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it in the defer and join its error into the result`
	return json.NewEncoder(f).Encode(v)
}

func exportBare(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		safeClose(f)
		return err
	}
	safeClose(f) // want `safeClose drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it and return the error`
	return nil
}

func (s *store) save(name string, data []byte) error {
	f, err := os.OpenFile(s.dir+"/"+name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer s.closeLogged(f) // want `deferred s\.closeLogged drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it in the defer and join its error into the result`
	_, err = f.Write(data)
	return err
}

func viaDelegate(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		finishFile(f) // want `deferred finishFile drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it in the defer and join its error into the result`
	}()
	_, err = f.Write(data)
	return err
}

func compressTo(w io.Writer, data []byte) error {
	gz := gzip.NewWriter(w)
	defer closeAndLog(gz, "gzip") // want `deferred closeAndLog drops gz\.Close\(\)'s error, but Close writes the gzip trailer: data can be lost; close it in the defer and join its error into the result`
	_, err := gz.Write(data)
	return err
}

func dump(path string, lines []string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer closeQuietly(f) // want `deferred closeQuietly drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it and handle its error here \(no error result\)`
	for _, l := range lines {
		fmt.Fprintln(f, l)
	}
}

// The near misses.

// closeErr records the error into the caller's result.
func closeErr(errp *error, c io.Closer) {
	if cerr := c.Close(); cerr != nil && *errp == nil {
		*errp = cerr
	}
}

func recorded(path string, data []byte) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer closeErr(&err, f)
	_, err = f.Write(data)
	return err
}

// closeWrap logs and returns the error.
func closeWrap(c io.Closer) error {
	if err := c.Close(); err != nil {
		log.Print(err)
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

func returned(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		safeClose(f)
		return err
	}
	return closeWrap(f)
}

// closeInto collects the error for the caller.
func closeInto(c io.Closer, errs *[]error) {
	if err := c.Close(); err != nil {
		*errs = append(*errs, err)
	}
}

func collected(paths []string, data []byte) []error {
	var errs []error
	for _, p := range paths {
		f, err := os.Create(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f.Write(data)
		closeInto(f, &errs)
	}
	return errs
}

// A swallowing helper on a read-only file loses nothing.
func readConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer closeQuietly(f)
	return io.ReadAll(f)
}

// finishOnFailure closes only when told to: not a helper that closes.
func finishOnFailure(f *os.File, failed bool) {
	if failed {
		f.Close()
	}
}

// discardFile closes and removes: the data is thrown away.
func discardFile(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

func conditional(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	defer finishOnFailure(f, err != nil)
	return err
}

func thrownAway(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	f.Write(data)
	discardFile(f)
	return nil
}

// The deferred helper is the harmless second close: the success path
// returns Close's error.
func closedTwice(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer closeQuietly(f)
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Close()
}

// The explicit helper call on the success path is reported; the deferred
// Close after it is the harmless second one.
func explicitHelper(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	safeClose(f) // want `safeClose drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it and return the error`
	return nil
}

// mustClose ends the program on failure: the error is not swallowed.
func mustClose(c io.Closer) {
	if err := c.Close(); err != nil {
		log.Fatalf("close: %v", err)
	}
}

func fatalOnFailure(path string, data []byte) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer mustClose(f)
	f.Write(data)
}

// closeNamed sets its named result, which the bare return returns: it
// passes the error on (the caller that drops it is errcheck's business).
func closeNamed(c io.Closer) (err error) {
	err = c.Close()
	return
}

func namedResult(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	f.Write(data)
	closeNamed(f)
	return nil
}
