package flush

import (
	"bufio"
	"errors"
	"os"
	"sync"
)

// A writer kept in fields, whose writes are checked elsewhere (bufio's
// error is sticky) but whose last Flush, before the file closes, is not:
// no check can come after it.
type deadLetters struct {
	mu sync.Mutex
	f  *os.File
	bw *bufio.Writer
}

func newDeadLetters(path string) (*deadLetters, error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	return &deadLetters{f: f, bw: bufio.NewWriter(f)}, nil
}

func (d *deadLetters) Append(line []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, err := d.bw.Write(line)
	return err
}

func (d *deadLetters) Sync() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return errors.Join(d.bw.Flush(), d.f.Sync())
}

func (d *deadLetters) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.bw.Flush() // want `d\.bw\.Flush\(\) drops its error: a failed write of the bytes still buffered is lost`
	return d.f.Close()
}

// Quiet: a dropped Flush in the middle of the writer's life; a later
// checked write or Flush reports its sticky error.
func (d *deadLetters) Nudge() {
	d.bw.Flush()
}
