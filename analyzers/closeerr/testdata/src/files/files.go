package files

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"example.com/safefs"
)

type Order struct{ ID int }

// 1. The classic: defer f.Close() on a created file.
func exportJSON(path string, orders []Order) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	return json.NewEncoder(f).Encode(orders)
}

// 2. A bare Close on the success path.
func exportBare(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	f.Close() // want `f\.Close\(\) drops its error, but the file is open for writing: data can be lost; return the error`
	return nil
}

// 3. os.OpenFile with constant write flags.
func appendLog(path, line string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = io.WriteString(f, line)
	return err
}

const truncFlags = os.O_RDWR | os.O_CREATE | os.O_TRUNC

// 4. Flags in a named constant.
func rewrite(path string, data []byte) error {
	f, err := os.OpenFile(path, truncFlags, 0o600)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// 5. os.CreateTemp.
func spool(data []byte) (string, error) {
	f, err := os.CreateTemp("", "spool-*")
	if err != nil {
		return "", err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	return f.Name(), nil
}

// A package-local helper that returns a file opened for writing, and one
// that passes another's result on.
func openOutput(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

func openReport(dir string) (*os.File, error) {
	f, err := openOutput(dir + "/report.txt")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return f, nil
}

// 6. Through a helper.
func writeReport(dir string, lines []string) error {
	f, err := openReport(dir)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	for _, l := range lines {
		if _, err := fmt.Fprintln(f, l); err != nil {
			return err
		}
	}
	return nil
}

// 7. A file kept in a struct field and closed without a check.
type exporter struct {
	f *os.File
}

func newExporter(path string) (*exporter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &exporter{f: f}, nil
}

func (e *exporter) add(o Order) error {
	_, err := fmt.Fprintf(e.f, "%d\n", o.ID)
	return err
}

func (e *exporter) finish() {
	e.f.Close() // want `e\.f\.Close\(\) drops its error, but the file is open for writing: data can be lost; handle its error here \(no error result\)`
}

// 8. A deferred closure that drops the error.
func exportClosure(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	}()
	_, err = f.Write(data)
	return err
}

// 9. A command-line tool's main-like function: nowhere to return the error.
func dumpOrders(orders []Order) {
	f, err := os.Create("orders.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; handle its error here \(no error result\)`
	for _, o := range orders {
		fmt.Fprintln(f, o.ID)
	}
}

// 10. os.Root.Create.
func writeInRoot(root *os.Root, data []byte) error {
	f, err := root.Create("data.bin")
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// 31. A generic function.
func saveJSON[T any](path string, v T) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	return json.NewEncoder(f).Encode(v)
}

// 32. A file opened for writing in one branch: any writing origin counts.
func openMaybe(path string, appendMode bool, data []byte) error {
	var f *os.File
	var err error
	if appendMode {
		f, err = os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	} else {
		f, err = os.Create(path)
	}
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// 33. A file-system layer from another package shaped like os.Root.
func writeVia(root *safefs.Root, data []byte) error {
	f, err := root.OpenFile("out.bin", os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// 34. ... and its Create.
func createVia(root *safefs.Root, data []byte) error {
	f, err := root.Create("out.bin")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	f.Close() // want `f\.Close\(\) drops its error, but the file is open for writing: data can be lost; return the error`
	return nil
}

// Truncated, then written: the write may be lost at Close.
func truncateAndWrite(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing`
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

// The caller creates the file, the callee writes it and drops Close's
// error: followed to the package's callers.
func writeAll(f *os.File, data []byte) error {
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing`
	_, err := f.Write(data)
	return err
}

func dumpRaw(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return writeAll(f, data)
}

// The helper the file is passed to writes through its parameter: the data
// is in the file when the deferred Close drops its error.
func saveHeader(path string, hdr []byte) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing`
	return putHeader(f, hdr)
}

func putHeader(file *os.File, hdr []byte) error {
	_, err := file.WriteAt(hdr, 0)
	return err
}
