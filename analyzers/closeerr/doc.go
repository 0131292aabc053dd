package closeerr

import "github.com/faultline-dev/faultline/internal/checkdoc"

// Doc documents the closeerr check.
var Doc = &checkdoc.Doc{
	Name:  "closeerr",
	Title: "Close, Flush and Sync errors dropped where they lose data",
	Why: `For a writer, Close is where buffered data reaches the disk or the network, and where the
error appears: a full disk, an NFS write-back failure, a rejected cloud upload, a gzip trailer
never written. defer f.Close() on a file opened for writing throws that error away, and the
function returns success for a truncated file.

closeerr reports only the Close, Flush and Sync errors that can lose data: *os.File values
opened for writing (os.Create, os.CreateTemp, os.OpenFile with a constant write flag, traced
through variables, struct fields and package-local helpers that return them, and from a parameter
to the files the package's callers pass) that something is written through; gzip, zlib, flate, lzw, zip, tar, base64 and multipart writers; any type
that is only a writer (Write and Close, no Read, such as cloud-storage upload writers); a
dropped bufio.Writer.Flush; a csv.Writer.Flush with no Error() check after it; a dropped
f.Sync() before os.Rename publishes the file; a file's Close dropped, or even discarded
with _ =, before os.Rename or os.Link moves that file into place (its first argument is
f.Name(), a variable holding it, or the path expression the file was opened with); a call
of a package helper that closes its argument and drops the error (defer closeQuietly(f)),
decided by the helper's body, over the package's call graph: it closes the parameter on
every path (under no condition but the parameter being non-nil), the error is discarded or
only compared with nil and logged (log, slog, fmt.Print*, zap, logrus, a Logger type's
methods), and it removes no file; an io.PipeWriter closed with Close (which
always returns nil) in a producer that fails and never calls CloseWithError, so the reader
takes a truncated stream for a complete one; and a deferred Close of a gzip, zip, tar or
multipart writer over a bytes.Buffer that the function sends or returns before the defer
runs, so the body lacks its trailer or closing boundary.`,
	Bad: `func export(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return csv.NewWriter(f).WriteAll(rows)
}`,
	Good: `func export(path string, rows [][]string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}()
	return csv.NewWriter(f).WriteAll(rows)
}`,
	Fix: `A deferred Close (or Flush) becomes defer func() { if cerr := x.Close(); cerr != nil { err =
errors.Join(err, cerr) } }() (on several lines): the error is joined only when Close fails,
since errors.Join(err, nil) still wraps a non-nil err in a new type and breaks callers' type
assertions on it (echo's *HTTPError). It names the error result when it has no name: err when
that changes nothing else, otherwise a name used nowhere in the function; other results are
named _ ((int, error) becomes (_ int, err error)); an existing name (e error) is reused. The
errors import is added. A bare x.Close() (or a _ = f.Close() before a rename) becomes if err := x.Close(); err != nil { return
<zero values>, err } when x is not used after it and nothing that can run after it (a loop's
next iteration included) releases a resource (a Close, Unlock, cancel() or defer, which the
early return would skip) and the next thing after it is not the check of an error set before
it (_, err = io.Copy(f, r); f.Close(); if err != nil { ... }); a csv Flush gets if err :=
w.Error(); err != nil { ... } after it; a dropped Sync before a rename is returned when a
deferred Close registered on every path to the Sync still runs. Where a deferred Close and an
explicit one close the same file, the explicit one is reported and fixed (the deferred one then fails with "file already
closed", so joining it would fail every successful call). No fix is offered for a helper call
(replacing it would drop what the helper does besides closing), in a function with no error result (there is nowhere to put the error, and inventing logging is not mechanical),
for files older than Go 1.20 (errors.Join), or when the receiver could change between the
defer and the return.`,
	Quiet: `A writer that completes at Commit (a storage driver's FileWriter) whose Commit error is used: the
deferred Close after it only releases; files opened read-only (os.Open, os.OpenFile with neither O_WRONLY nor O_RDWR, even with O_APPEND
or O_CREATE) and files opened with flags
that are not constant; a package helper's read branch, when the call passes the constant that selects
it (file(name, false) where the helper does if create { return os.Create(name) }; return os.Open(name));
scratch files: a Close just after (or just before) an os.Remove of the file's name (a cleanup that deletes a
temp file), and
a deferred Close of a file that a deferred os.Remove (or RemoveAll) of its name deletes
at return and that no os.Rename or os.Link publishes (a temp file written and read back through the same
handle: its content is gone with it); files nothing is written through (created empty, locked, stat'ed, truncated with f.Truncate, written by name through another
handle and then handed on only to be read: as an io.Reader or another interface with no Write, or as a
parameter named src, source, from, in, input, r or reader) or only by a child
process that the function starts and does not wait for (cmd.Stdout = f; cmd.Start(), no Wait,
Run or Output, cmd not passed to a call unless cmd.Process.Release() is): the child writes after
the Close;
lock files: every writing origin is an os.OpenFile whose constant flags hold O_EXCL (named
constants and the package's helpers that return the file included), and all that is written
through the file (f.Write, f.WriteString, fmt.Fprint*, io.WriteString) is built from constants,
os.Getpid, os.Hostname and time.Now (through strconv, fmt.Sprint* and local variables): the
content is advisory, so an O_EXCL file written with data from elsewhere is still reported;
a deferred Close when the same writer (the same value: not reassigned in between) is closed
explicitly on a success path, or its Sync is checked, the harmless second close of the
common defer-plus-explicit-close idiom; a dropped Flush of a bufio.Writer kept in a struct field whose
writes or Flush the package checks elsewhere (its error is sticky: a later check reports it), unless it
is the last one, followed in its function by the Close of a field of the same value (d.bw.Flush();
return d.f.Close()), after which nothing checks;
Close errors that are checked, joined, returned or assigned (an explicit _ = f.Close() is a
decision, not an accident, except before the rename that publishes the file); helpers that
return the error, record it (into a *error parameter, a slice), close only under a condition,
or remove the file, and helpers (of any kind) in other packages, which the check does not see
into; a bare Close on an error path (where an error is known not to be
nil: inside if err != nil, after if err == nil { return }; or when every path after it ends
in a return of a non-nil error, a call that never returns (panic, os.Exit, log.Fatal, the
package's own functions that always end in one) or os.Remove of the file);
writers over an in-memory buffer, a hash, io.Discard, standard output or error, or an
http.ResponseWriter (a failure there cannot lose stored data, or nobody can act on it);
write-only interface values received as parameters, and exec.Cmd stdin pipes (unbuffered);
readers, response bodies and tx.Rollback; _test.go files and test-support packages (a name ending in test, tests, testutil or fixtures, e2e, fake… or mock…, or non-test files importing testify, ginkgo or testcontainers) unless -closeerr.tests is set.`,
	Options: `-closeerr.tests: also report in _test.go files and test-support packages (default false)`,
	FixLine: "`defer func() { if cerr := f.Close(); cerr != nil { err = errors.Join(err, cerr) } }()` with a named error result; `if err := f.Close(); err != nil { return ... }`; `w.Error()` after a csv `Flush`",
	Fixes:   checkdoc.FixesSome,
	Findings: []checkdoc.Finding{
		{Code: "close-dropped", Title: "a Close whose error is dropped on a file opened for writing or a writer whose Close finishes the write",
			Why: `On many file systems (NFS, and any with delayed allocation) a failed write-back is reported only by
Close; gzip, zip, tar and encrypting writers write their last block in Close. Dropping the error
reports success for a truncated file. Return the error (joined with the function's, only when it
fails), or check it.`},
		{Code: "close-before-rename", Title: "a Close whose error is dropped or discarded before os.Rename or os.Link publishes the file",
			Why: `The write-temp-then-rename idiom publishes a complete file or none; a failed Close (a write-back
error, a full disk) means the temporary file may be truncated, and the rename publishes it
anyway. Even an explicit _ = f.Close() loses the data here. Return Close's error and do not
rename.`},
		{Code: "close-after-use", Title: "a deferred Close of a compressing or buffering writer whose output is used before it runs",
			Why: `The writer flushes its last bytes in Close, which runs at the return: the buffer was read (sent,
stored, hashed) incomplete. Close it, and check the error, before using the buffer. Returning a pointer to
the buffer (return body, return &buf) is not a use: the Close runs before the caller reads it.`},
		{Code: "sync-before-rename", Title: "a Sync whose error is dropped before os.Rename publishes the file",
			Why: `The write-temp-then-rename pattern is atomic only if the data reached the disk: after a crash the
renamed file may hold partial data. Return Sync's error and do not rename.`},
		{Code: "flush-dropped", Title: "a bufio.Writer's Flush whose error is dropped",
			Why: `Flush writes the bytes still buffered; if it fails they are lost, and so are later writes.`},
		{Code: "csv-unchecked", Title: "a csv.Writer's Flush not followed by a check of Error()",
			Why: `csv.Writer.Flush returns nothing: a failed write is reported only by Error(), so rows are lost
silently. Check Error() after Flush.`},
		{Code: "pipe-close", Title: "an io.PipeWriter closed with Close on a path where the function failed",
			Why: `The reader sees io.EOF, a clean end of stream, and takes the partial data as complete. Use
CloseWithError(err) on error paths. Reported for a producer (a goroutine, or a function given the writer)
that never calls CloseWithError and can fail (unless it sends its failure on a channel the consumer reads: errc <-
err), and for a plain Close (or _ = pw.Close()) in the body of an
if err != nil of a producer that calls CloseWithError elsewhere; there the fix is pw.CloseWithError(err).`},
	},
	Default: true,
}
