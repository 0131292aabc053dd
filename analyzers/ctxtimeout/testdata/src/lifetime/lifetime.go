// Package lifetime holds contexts cancelled by whoever holds their cancel
// function: a streaming download whose Open returns its cancel (sftpgo's
// cloud filesystems), a worker that keeps it in a field. A timeout would
// cut the stream; the cancel is the bound.
package lifetime

import (
	"context"
	"database/sql"
	"io"
)

type store struct {
	db     *sql.DB
	cancel context.CancelFunc
}

// fetch streams rows: an outbound call for its callers.
func (s *store) fetch(ctx context.Context, url string, w io.Writer) error { // want fetch:`ctx reaches \(\*sql\.DB\)\.QueryContext \(params 1\)`
	rows, err := s.db.QueryContext(ctx, "SELECT chunk FROM blobs WHERE url = $1", url)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Open streams in the background and returns the cancel: the caller ends
// the transfer. Quiet.
func (s *store) Open(url string) (io.Reader, func(), error) {
	r, w := io.Pipe()
	ctx, cancelFn := context.WithCancel(context.Background())
	go func() {
		defer cancelFn()
		w.CloseWithError(s.fetch(ctx, url, w))
	}()
	return r, cancelFn, nil
}

// Start keeps the cancel in a field that Stop calls. Quiet.
func (s *store) Start(url string, w io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	return s.fetch(ctx, url, w)
}

// A struct literal that carries the cancel out. Quiet.
type handle struct {
	r      io.Reader
	cancel func()
}

func (s *store) openHandle(url string) handle {
	r, w := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { w.CloseWithError(s.fetch(ctx, url, w)) }()
	return handle{r: r, cancel: cancel}
}

// The cancel stays here, deferred: nothing bounds the call. Reported.
func (s *store) get(url string, w io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background()) // want `context\.Background\(\) carries no deadline into s\.fetch`
	defer cancel()
	return s.fetch(ctx, url, w)
}

// Copied to another local and deferred from there: still here. Reported.
func (s *store) copied(url string, w io.Writer) error {
	ctx, cancel := context.WithCancel(context.Background()) // want `context\.Background\(\) carries no deadline into s\.fetch`
	stop := cancel
	defer stop()
	return s.fetch(ctx, url, w)
}

// WithTimeout's cancel handed out does not matter: it has a deadline.
// Quiet.
func (s *store) timed(url string, w io.Writer) func() {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	go func() { _ = s.fetch(ctx, url, w) }()
	return cancel
}
