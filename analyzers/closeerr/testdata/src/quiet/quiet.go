// Package quiet holds the near-misses closeerr must stay quiet on.
package quiet

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"

	"example.com/blob"

	"example.com/safefs"
)

// Read-only files.
func readAll(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func readOnlyOpenFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// O_APPEND (or O_CREATE) without O_WRONLY or O_RDWR opens the file for
// reading only: nothing written, nothing to lose (rudder-server's upload
// of a batch file).
func readAppendFlag(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Flags that are not constant: the mode is unknown.
func openWith(path string, flag int, data []byte) error {
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// The deferred Close is the harmless second one: the success path returns it.
func returnsClose(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Close()
}

// ... or checks it.
func checksClose(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return nil
}

// The recommended fix.
func joined(path string, data []byte) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	_, err = f.Write(data)
	return err
}

// An explicit discard is a decision.
func discarded(path string, data []byte) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	f.Write(data)
	_ = f.Close()
}

// A bare Close on the error path, then the checked one.
func errorPath(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// A bare Close followed by removing the file: the data is thrown away.
func discardTemp(data []byte) error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	f.Write(data)
	f.Close()
	os.Remove(f.Name())
	return nil
}

// Nothing is written through the file: created empty, or only locked.
func touch(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}

func lock(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}

// A gzip writer over an in-memory buffer cannot fail at Close.
func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	if _, err := gz.Write(data); err != nil {
		return nil, err
	}
	gz.Close()
	return buf.Bytes(), nil
}

// Standard output: by convention not checked (errcheck excludes fmt.Print too).
func printLines(lines []string) {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, l := range lines {
		w.WriteString(l + "\n")
	}
}

// An HTTP response: if the client went away, nobody can act on it.
func serveGzip(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Encoding", "gzip")
	gz := gzip.NewWriter(w)
	defer gz.Close()
	gz.Write([]byte("hello"))
}

// A dropped Flush followed by a checked one: bufio's error is sticky.
func periodicFlush(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w)
	for i, l := range lines {
		bw.WriteString(l)
		if i%100 == 0 {
			bw.Flush()
		}
	}
	return bw.Flush()
}

// csv Flush followed by Error.
func csvChecked(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush()
	return cw.Error()
}

// csv into memory.
func csvString(rows [][]string) string {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.WriteAll(rows)
	cw.Flush()
	return buf.String()
}

// Sync checked before the rename.
func atomicChecked(path string, data []byte) error {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// A dropped Sync with no rename after it is not this check's business.
func syncNoRename(f *os.File) {
	f.Sync()
}

// Readers and response bodies.
func fetch(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func gunzip(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// tx.Rollback is not this check.
func transfer(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE accounts SET balance = balance - 1"); err != nil {
		return err
	}
	return tx.Commit()
}

// A pipe producer that reports its failure with CloseWithError.
func streamOK(data []byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		if _, err := pw.Write(data); err != nil {
			pw.CloseWithError(err)
			return
		}
	}()
	return pr
}

// A write-only interface received as a parameter: the caller owns it.
func finish(w io.WriteCloser) {
	w.Close()
}

// A command's stdin pipe is unbuffered: Close loses nothing.
func feed(cmd *exec.Cmd, data []byte) error {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	stdin.Write(data)
	stdin.Close()
	return cmd.Wait()
}

// Test helpers are test code.
func writeFixture(t *testing.T, path string, data []byte) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(data)
}

// A checked Sync makes the data durable: the deferred Close loses nothing.
func syncedLog(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(line); err != nil {
		return err
	}
	return f.Sync()
}

// A multipart form built in memory before it is sent.
func formBody(fields map[string]string) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	return &body, mw.FormDataContentType()
}

// A package-local writer that never fails.
type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

func compressedSize(data []byte) int64 {
	var n countingWriter
	gz := gzip.NewWriter(&n)
	gz.Write(data)
	gz.Close()
	return int64(n)
}

// A helper that opens read-only.
func openInput(path string) (*os.File, error) { return os.Open(path) }

func readInput(path string) ([]byte, error) {
	f, err := openInput(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// The package's own writer type: its implementation knows its errors.
type spool struct{ bw *bufio.Writer }

func (s *spool) Write(p []byte) (int, error) { return s.bw.Write(p) }
func (s *spool) Close() error                { return s.bw.Flush() }

func useSpool(s *spool, data []byte) {
	s.Write(data)
	s.Close()
}

// A deferred closure that closes only on failure.
func cleanupOnFailure(path string, data []byte) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	return f.Close()
}

// A pipe closed by the function that reads it is not a producer.
func consume(r io.Reader) error {
	pr, pw := io.Pipe()
	defer pw.Close()
	go io.Copy(io.Discard, pr)
	_, err := io.Copy(pw, r)
	return err
}

// Flags held in a variable are not constant: quiet.
func openVarFlags(path string, data []byte) error {
	flags := os.O_WRONLY | os.O_CREATE
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

// A file-system layer's read-only OpenFile: quiet.
func readVia(root *safefs.Root) ([]byte, error) {
	f, err := root.OpenFile("in.bin", os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

var gzipPool sync.Pool

// A pooled gzip writer Reset onto an http.ResponseWriter: quiet.
func servePooled(w http.ResponseWriter, data []byte) {
	gz, ok := gzipPool.Get().(*gzip.Writer)
	if ok {
		gz.Reset(w)
	} else {
		gz = gzip.NewWriter(w)
	}
	defer gzipPool.Put(gz)
	defer gz.Close()
	gz.Write(data)
}

// gorilla/websocket's trick: the Flush writes into a hook of the package's
// own that keeps the buffer and cannot fail (the writer was reset to it
// just before), so nothing is lost.
type writeHook struct{ p []byte }

func (wh *writeHook) Write(p []byte) (int, error) {
	wh.p = p
	return len(p), nil
}

func bufioWriterBuffer(originalWriter io.Writer, bw *bufio.Writer) []byte {
	var wh writeHook
	bw.Reset(&wh)
	bw.WriteByte(0)
	bw.Flush()
	bw.Reset(originalWriter)
	return wh.p[:cap(wh.p)]
}

// After if err == nil { return ... }, err is known not to be nil: the Close
// runs on the failure path only.
func writeOrClean(path string, data []byte, keep func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		return keep(f)
	}
	f.Close()
	return err
}

// die never returns (every path ends in os.Exit): the Close before it is on
// a failure path.
func die(msg string) {
	os.Stderr.WriteString(msg + "\n")
	os.Exit(1)
}

func writeOrDie(path string, data []byte, keep func(*os.File)) {
	f, err := os.Create(path)
	if err != nil {
		die(err.Error())
	}
	if n, _ := f.Write(data); n < len(data) {
		f.Close()
		die("short write to " + path)
	}
	keep(f)
}

// The deferred Close runs when the literal returns, before buf is used.
func gzipInLiteral(data []byte) []byte {
	var buf bytes.Buffer
	func() {
		zw := gzip.NewWriter(&buf)
		defer zw.Close()
		zw.Write(data)
	}()
	return buf.Bytes()
}

// A multipart producer that stops the process on its own failures and
// discards Close at the end (gogs' httplib): no failure reaches the Close.
func multipartBody(files map[string]string) io.Reader {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for field, name := range files {
			fw, err := mw.CreateFormFile(field, name)
			if err != nil {
				panic(err)
			}
			_, _ = io.WriteString(fw, name)
		}
		_ = mw.Close()
		_ = pw.Close()
	}()
	return pr
}

// A storage driver's writer completes at Commit: the checked Commit reports
// the write, and the deferred Close after it only releases (distribution's
// filesystem driver).
func putContent(ctx context.Context, b *blob.Bucket, path string, data []byte) error {
	w := b.NewFileWriter(ctx, path)
	defer w.Close()
	if _, err := w.Write(data); err != nil {
		w.Cancel(ctx)
		return err
	}
	return w.Commit(ctx)
}

// Opened for writing only to truncate it: Truncate returns its own error
// and leaves nothing for Close to flush (sftpgo's OsFs.Truncate). Quiet.
func truncateTo(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Truncate(size)
}

// A placeholder created empty and preallocated through a package helper
// that only reaches the file's descriptor: nothing is written through it
// (Cloudreve's local driver). Quiet.
func placeholder(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	return fallocate(f, size)
}

func fallocate(file *os.File, size int64) error {
	if size == 0 {
		return nil
	}
	return syscall.Fallocate(int(file.Fd()), 0, 0, size)
}

// The callee is given only read-only files: quiet.
func readAllOf(f *os.File) ([]byte, error) {
	defer f.Close()
	return io.ReadAll(f)
}

func loadConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return readAllOf(f)
}

// Given a file opened for writing, the callee only stats it: quiet.
func sizeOf(f *os.File) (int64, error) {
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

func createdSize(path string) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	return sizeOf(f)
}
