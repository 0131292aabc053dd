// Package openmode: how a helper opened the file, decided by the flag the
// call passes; files handed on only to be read.
package openmode

import (
	"encoding/json"
	"io"
	"os"
)

// file opens name for writing when create is set, for reading otherwise
// (vegeta's helper).
func file(name string, create bool) (*os.File, error) {
	switch name {
	case "stdin":
		return os.Stdin, nil
	case "stdout":
		return os.Stdout, nil
	default:
		if create {
			return os.Create(name)
		}
		return os.Open(name)
	}
}

// openFor is file with the test inverted and the read path first.
func openFor(name string, write bool) (*os.File, error) {
	if !write {
		return os.Open(name)
	}
	return os.Create(name)
}

func readTargets(name string) (int, error) {
	f, err := file(name, false)
	if err != nil {
		return 0, err
	}
	defer f.Close() // the read path of the helper: nothing to lose
	var n int
	err = json.NewDecoder(f).Decode(&n)
	return n, err
}

func writeResults(name string, v any) error {
	f, err := file(name, true)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f.Close\(\) drops its error, but the file is open for writing: data can be lost`
	return json.NewEncoder(f).Encode(v)
}

func readInverted(name string) ([]byte, error) {
	f, err := openFor(name, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func writeInverted(name string, data []byte) error {
	f, err := openFor(name, true)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f.Close\(\) drops its error`
	_, err = f.Write(data)
	return err
}

// A flag the call does not fix: either branch may run.
func writeMaybe(name string, create bool, data []byte) error {
	f, err := file(name, create)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f.Close\(\) drops its error`
	_, err = f.Write(data)
	return err
}

// Store copies a file's content somewhere: its source parameter is only
// read (shiori's StorageDomain.WriteFile).
type Store interface {
	WriteFile(dst string, src *os.File) error
	Put(dst string, r io.Reader) error
	Overwrite(dst *os.File, data []byte) error
}

// generate writes the file by name through its own handle (a library's
// Write(path)), then hands the temporary file on to be read: the Close of
// this handle loses nothing.
func generate(s Store, dst string, write func(path string) error) error {
	tmp, err := os.CreateTemp("", "ebook")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp.Name()); err != nil {
		return err
	}
	defer tmp.Close()
	return s.WriteFile(dst, tmp)
}

func upload(s Store, dst string, write func(path string) error) error {
	tmp, err := os.CreateTemp("", "upload")
	if err != nil {
		return err
	}
	if err := write(tmp.Name()); err != nil {
		return err
	}
	defer tmp.Close()
	return s.Put(dst, tmp)
}

// Handed on to be written: the callee writes through this handle.
func handedToWriter(s Store, data []byte) error {
	tmp, err := os.CreateTemp("", "spool")
	if err != nil {
		return err
	}
	defer tmp.Close() // want `deferred tmp.Close\(\) drops its error`
	return s.Overwrite(tmp, data)
}

// Passed as an io.Writer: written.
func copiedInto(dst string, r io.Reader) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f.Close\(\) drops its error`
	_, err = io.Copy(f, r)
	return err
}
