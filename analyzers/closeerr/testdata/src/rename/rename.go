// Package rename holds the write-then-rename idiom: a Close whose error is
// dropped or discarded before the rename publishes the file (reported), and
// its correct and harmless look-alikes (quiet).
package rename

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
)

// An explicit discard before the rename still publishes a truncated file.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return err
	}
	_ = f.Close() // want `_ = f\.Close\(\) discards its error before os\.Rename publishes the file, which may then be truncated; return the error and do not rename`
	return os.Rename(tmp, path)
}

// A temporary file renamed by the name it was given; a bare Close.
func saveJSON(dir, name string, v any) error {
	f, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := json.NewEncoder(f).Encode(v); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	f.Close() // want `f\.Close\(\) drops its error before os\.Rename publishes the file, which may then be truncated; return the error and do not rename`
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// The same path expression on both sides, with constant flags.
func writeState(dir string, data []byte) (int, error) {
	f, err := os.OpenFile(filepath.Join(dir, "state.tmp"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := f.Write(data)
	if err != nil {
		return 0, err
	}
	_ = f.Close() // want `_ = f\.Close\(\) discards its error before os\.Rename publishes the file`
	return n, os.Rename(filepath.Join(dir, "state.tmp"), filepath.Join(dir, "state"))
}

// Linked into place by f.Name(): reported, but f is used after the Close,
// so no fix.
func publishLink(f *os.File, final string, r io.Reader) error {
	out, err := os.Create(f.Name() + ".new")
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		return err
	}
	_ = out.Close() // want `_ = out\.Close\(\) discards its error before os\.Link publishes the file`
	return os.Link(out.Name(), final)
}

// closeQuietly logs the error and goes on.
func closeQuietly(c io.Closer) {
	if err := c.Close(); err != nil {
		log.Println(err)
	}
}

// A helper that swallows the error, before the rename.
func viaHelper(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		closeQuietly(f)
		return err
	}
	closeQuietly(f) // want `closeQuietly drops f\.Close\(\)'s error before os\.Rename publishes the file, which may then be truncated; close it, return the error and do not rename`
	return os.Rename(tmp, path)
}

// A path built with fmt.Sprintf on both sides.
func writeVersion(dir string, v int, data []byte) error {
	f, err := os.Create(fmt.Sprintf("%s/v%d.tmp", dir, v))
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	_ = f.Close() // want `_ = f\.Close\(\) discards its error before os\.Rename publishes the file`
	return os.Rename(fmt.Sprintf("%s/v%d.tmp", dir, v), fmt.Sprintf("%s/v%d", dir, v))
}

// An atomic writer type: the file in a field, renamed by its name.
type atomicWriter struct {
	f     *os.File
	final string
}

func newAtomicWriter(final string) (*atomicWriter, error) {
	f, err := os.CreateTemp(filepath.Dir(final), ".tmp-*")
	if err != nil {
		return nil, err
	}
	return &atomicWriter{f: f, final: final}, nil
}

func (w *atomicWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

func (w *atomicWriter) Commit() error {
	_ = w.f.Close() // want `_ = w\.f\.Close\(\) discards its error before os\.Rename publishes the file`
	return os.Rename(w.f.Name(), w.final)
}

// The near misses.

// Close checked before the rename.
func checked(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// A file opened read-only, then moved away.
func archive(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	_ = f.Close()
	if err != nil {
		return nil, err
	}
	return data, os.Rename(path, path+".done")
}

// The discard is the cleanup after the rename failed.
func renameOpen(f *os.File, path string) error {
	if err := f.Sync(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return err
	}
	return f.Close()
}

// A discard with no rename of that file after it is a decision.
func sideFile(path, other string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	f.Write(data)
	_ = f.Close()
	return os.Rename(other, other+".old")
}
