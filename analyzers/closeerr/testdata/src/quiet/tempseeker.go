package quiet

import (
	"io"
	"os"
)

// A scratch file written and read back through the same handle, deleted
// on Close: the Close error loses nothing (gotosocial's tempFileSeeker).
type tempFileSeeker struct {
	io.Reader
	tmp *os.File
}

func newTempFileSeeker(r io.Reader) (*tempFileSeeker, error) {
	tmp, err := os.CreateTemp("", "seeker-*")
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(tmp, r); err != nil {
		return nil, err
	}
	return &tempFileSeeker{Reader: tmp, tmp: tmp}, nil
}

func (tfs *tempFileSeeker) Close() error {
	tfs.tmp.Close()
	return os.Remove(tfs.tmp.Name())
}
