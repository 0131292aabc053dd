//go:build go1.22

package fixes

import (
	"encoding/json"
	"os"
)

type Order struct{ ID int }

// A single unnamed error result; err is declared at the top of the body by
// a := that also declares f, so naming the result err changes nothing.
func saveOrders(path string, orders []Order) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	return json.NewEncoder(f).Encode(orders)
}

// Multiple unnamed results.
func saveCount(path string, orders []Order) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	if err := json.NewEncoder(f).Encode(orders); err != nil {
		return 0, err
	}
	return len(orders), nil
}

// An error result already named e: it is used as it is.
func saveNamed(path string, data []byte) (n int, e error) {
	f, e := os.Create(path)
	if e != nil {
		return 0, e
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	n, e = f.Write(data)
	return
}

// Blank results: the error one is given a name.
func saveBlank(path string, data []byte) (_ int, _ error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	return f.Write(data)
}

// err is declared with var at the top: naming the result err would
// redeclare it, so the result gets a fresh name.
func saveShadowed(path string, data []byte) error {
	var err error
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// The named result err is shadowed where the defer is: no fix.
func saveInBlock(dir string, data []byte) (err error) {
	if dir != "" {
		f, err := os.Create(dir + "/x")
		if err != nil {
			return err
		}
		defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
		_, err = f.Write(data)
		return err
	}
	return nil
}

type store struct{ dir string }

// A method.
func (s *store) put(name string, data []byte) error {
	f, err := os.Create(s.dir + "/" + name)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// A closure with an error result.
func saveAll(paths []string, data []byte) error {
	write := func(p string) error {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
		_, err = f.Write(data)
		return err
	}
	for _, p := range paths {
		if err := write(p); err != nil {
			return err
		}
	}
	return nil
}

// A deferred func literal that drops the error.
func saveLit(path string, data []byte) error {
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

// The file variable is reassigned after the defer: evaluating it later
// would close the wrong file, so no fix.
func saveTwice(a, b string, data []byte) error {
	f, err := os.Create(a)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	if _, err := f.Write(data); err != nil {
		return err
	}
	f, err = os.Create(b)
	if err != nil {
		return err
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; join its error into the result in the defer`
	_, err = f.Write(data)
	return err
}

// No error result: reported, no fix.
func saveNoError(path string, data []byte) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close() // want `deferred f\.Close\(\) drops its error, but the file is open for writing: data can be lost; handle its error here \(no error result\)`
	f.Write(data)
}
