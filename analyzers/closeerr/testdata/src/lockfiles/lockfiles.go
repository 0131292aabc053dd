// Package lockfiles holds O_EXCL files: lock files whose content is
// advisory (quiet), and files created exclusively to hold data (reported).
package lockfiles

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

const lockFlags = os.O_CREATE | os.O_EXCL | os.O_WRONLY

// A pid file: O_EXCL is the lock, the pid only says who holds it.
func acquire(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("already running: %w", err)
	}
	defer f.Close()
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() { os.Remove(path) }, nil
}

// The flags in a named constant, the pid through strconv.
func lockPid(path string) error {
	f, err := os.OpenFile(path, lockFlags, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString(strconv.Itoa(os.Getpid()))
	return err
}

// Host, pid and time, through local variables.
func lockOwner(path string) error {
	f, err := os.OpenFile(path, lockFlags, 0o644)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	owner := host + ":" + strconv.Itoa(os.Getpid())
	stamp := time.Now().UTC().Format(time.RFC3339)
	if _, err := f.Write([]byte(owner + " " + stamp)); err != nil {
		f.Close()
		return err
	}
	f.Close()
	return nil
}

// A package helper that creates the lock file.
func createLock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
}

func lockViaHelper(path string) error {
	f, err := createLock(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.WriteString(f, fmt.Sprint(os.Getpid()))
	return err
}

// O_EXCL to avoid overwriting a file that then receives real data: its
// Close error loses that data.
func copyNew(dst string, src io.Reader) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = io.Copy(f, src)
	return err
}

// A lock file that also receives data from the caller: reported.
func lockWithState(path string, state []byte) error {
	f, err := os.OpenFile(path, lockFlags, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	fmt.Fprintf(f, "%d\n", os.Getpid())
	_, err = f.Write(state)
	return err
}

// The pid file is one origin; the other is a plain create: reported.
func pidOrReport(path string, report bool) error {
	var f *os.File
	var err error
	if report {
		f, err = os.Create(path)
	} else {
		f, err = os.OpenFile(path, lockFlags, 0o644)
	}
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	fmt.Fprint(f, os.Getpid())
	return nil
}
