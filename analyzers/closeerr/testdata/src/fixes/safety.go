//go:build go1.22

package fixes

import (
	"compress/gzip"
	"io"
	"os"
)

// A deferred Close and an explicit one: the explicit Close is the one that
// reports the write-back failure. Joining the deferred Close's error would
// fail every successful call with "file already closed", so the defer is
// the harmless second close and the explicit one is reported and fixed.
func deferAndExplicit(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close() // want `f.Close\(\) drops its error`
	return nil
}

// Returning early at a's Close would leak b, which is closed after it:
// reported, no fix. b's Close has nothing after it: fixed.
func twoFiles(a, b string, data []byte) error {
	fa, err := os.Create(a)
	if err != nil {
		return err
	}
	fb, err := os.Create(b)
	if err != nil {
		fa.Close()
		return err
	}
	fa.Write(data)
	fb.Write(data)
	fa.Close() // want `fa.Close\(\) drops its error`
	fb.Close() // want `fb.Close\(\) drops its error`
	return nil
}

// An early return at the gzip writer's Close would skip out.Close(): no fix.
func beforeOut(out *os.File, r io.Reader) error {
	w := gzipWriter(out)
	if _, err := io.Copy(w, r); err != nil {
		return err
	}
	w.Close() // want `w.Close\(\) drops its error`
	out.Close()
	return nil
}

// Two defers on a reassigned f: the first closes the first file, which f
// no longer names at return (no fix); fixing the second must not silence
// the first.
func reassigned(a, b string, data []byte) error {
	f, err := os.Create(a)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	f.Write(data)
	f, err = os.Create(b)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// The deferred call that closes f is registered on one path only: returning
// at the Sync would leave the file open on the other, so no fix.
func publishMaybe(path string, data []byte, handOff func(*os.File)) error {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	if handOff == nil {
		defer release(f) // want `deferred release drops f\.Close\(\)'s error, but the file is open for writing: data can be lost; close it in the defer and join its error into the result`
	}
	f.Write(data)
	f.Sync() // want `f\.Sync\(\) drops its error before os\.Rename`
	if handOff != nil {
		handOff(f)
	}
	return os.Rename(path+".tmp", path)
}

func release(f *os.File) { f.Close() }

// out.Close() comes later in the source but cannot run after w.Close(),
// whose branch returns: the early return skips nothing, so it is fixed.
func compressOrCopy(out *os.File, r io.Reader, compress bool) error {
	if compress {
		w := gzip.NewWriter(out)
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
		w.Close() // want `w\.Close\(\) drops its error`
		return nil
	}
	_, err := io.Copy(out, r)
	out.Close()
	return err
}

// The copy's error is checked after the Close: returning the Close's error
// early would skip the removal of the partial file and lose the copy's
// error, so no fix.
func copyTo(dst string, r io.Reader) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	f.Close() // want `f\.Close\(\) drops its error, but the file is open for writing`
	if err != nil {
		os.Remove(dst)
		return err
	}
	return nil
}

func gzipWriter(w io.Writer) *gzip.Writer { return gzip.NewWriter(w) }

// gofmt would change this line; no fix in the file may.
type  pair[K comparable, V any] struct{ k K; v V }
