// Package web serves hosts through the svc package.
package web

import (
	"context"
	"net/http"

	"portreach/svc"
)

type Server struct{ Hosts *svc.Hosts }

// The handler drops the request's context for a Background one: the
// repository behind the port waits with no deadline and no cancellation.
// No fix: how long the port's work takes is not known here.
func (s *Server) getHost(w http.ResponseWriter, r *http.Request) {
	h, err := s.Hosts.Profile(context.Background(), 1) // want `context\.Background\(\) carries no deadline into s\.Hosts\.Profile, which reaches h\.dir\.Get`
	if err != nil || h == nil {
		http.Error(w, "not found", http.StatusNotFound)
	}
}

// Quiet: start-up code with no request or context at hand; the port's
// callers decide (as for a direct port call, a deadline here is a guess).
func Warm(s *svc.Hosts) {
	_, _ = s.Profile(context.Background(), 1)
}

// Quiet: WithoutCancel keeps the request's values and detaches on purpose
// (the repair must finish after the response); nothing was dropped.
func (s *Server) repair(w http.ResponseWriter, r *http.Request) {
	go func() { _, _ = s.Hosts.Profile(context.WithoutCancel(r.Context()), 2) }()
	_, _ = s.Hosts.Profile(context.WithoutCancel(r.Context()), 1)
}
