// Package safefs is a file-system layer confined to a directory, shaped
// like os.Root: its OpenFile and Create return *os.File.
package safefs

import "os"

type Root struct{ dir string }

func (r *Root) OpenFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(r.dir+"/"+name, flag, perm)
}

func (r *Root) Create(name string) (*os.File, error) { return os.Create(r.dir + "/" + name) }

func (r *Root) Open(name string) (*os.File, error) { return os.Open(r.dir + "/" + name) }
