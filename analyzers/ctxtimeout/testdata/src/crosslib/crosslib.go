// Package crosslib is a client package whose functions take the caller's
// context to outbound calls: facts carry that to its importers.
package crosslib

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

type Store struct{ db *sql.DB }

func (s *Store) Save(ctx context.Context, id string) error { // want Save:`ctx reaches \(\*sql\.DB\)\.ExecContext \(params 1\)`
	_, err := s.db.ExecContext(ctx, "INSERT INTO t(id) VALUES ($1)", id)
	return err
}

// SaveBounded sets its own deadline: no fact.
func (s *Store) SaveBounded(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return s.Save(ctx, id)
}

// Notify sends through http.DefaultClient with the caller's context.
func Notify(ctx context.Context, url string) error { // want Notify:`ctx reaches \(\*http\.Client\)\.Do`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Pair takes two contexts; only the second reaches a call.
func Pair(a context.Context, b context.Context, s *Store) error { // want Pair:`ctx reaches \(\*sql\.DB\)\.ExecContext \(params 10\)`
	_ = a
	return s.Save(b, "x")
}

// Generic helpers count too.
func Do[T any](ctx context.Context, s *Store, v T) error { // want Do:`ctx reaches`
	return s.Save(ctx, "generic")
}

// NoOutbound takes a context but makes no outbound call.
func NoOutbound(ctx context.Context) error { return ctx.Err() }

// Watch saves a heartbeat every minute until ctx ends: a watcher whose
// context is its lifetime.
func Watch(ctx context.Context, s *Store) { // want Watch:`ctx reaches \(\*sql\.DB\)\.ExecContext in a loop \(params 1\)`
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
			_ = s.Save(ctx, "heartbeat")
		}
	}
}
