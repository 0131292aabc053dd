package files

import (
	"io"
	"os"
)

// Quiet: a scratch file, written, rewound and read back through the same
// handle, then deleted at return: its content is gone with it.
func viaScratch(src io.Reader, upload func(io.ReadSeeker) error) error {
	tmp, err := os.CreateTemp("", "upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, src); err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return upload(tmp)
}

// Removed at return, but published before that: the rename moves a file
// whose Close error is dropped.
func scratchThenPublish(path string, data []byte) error {
	tmp, err := os.CreateTemp("", "state-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close() // want `deferred tmp\.Close\(\) drops its error, but the file is open for writing`
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Quiet: the cleanup deletes the temp file, then closes it (gonic's mpv
// loadlist): nothing written through it survives.
func loadlist(lines []string, play func(path string) error) error {
	tmp, err := os.CreateTemp("", "list-*")
	if err != nil {
		return err
	}
	cleanup := func() {
		os.Remove(tmp.Name())
		tmp.Close()
	}
	defer cleanup()
	for _, l := range lines {
		if _, err := tmp.WriteString(l + "\n"); err != nil {
			return err
		}
	}
	return play(tmp.Name())
}

// The cleanup removes another file before closing this one: the data
// written through tmp is still there when Close drops its error.
func keepList(lines []string, stale string) error {
	tmp, err := os.Create("list.m3u")
	if err != nil {
		return err
	}
	cleanup := func() {
		os.Remove(stale)
		tmp.Close() // want `tmp\.Close\(\) drops its error`
	}
	defer cleanup()
	for _, l := range lines {
		if _, err := tmp.WriteString(l + "\n"); err != nil {
			return err
		}
	}
	return nil
}
