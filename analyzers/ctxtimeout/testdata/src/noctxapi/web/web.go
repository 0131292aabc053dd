// Package web serves listings from the repo package.
package web

import (
	"net/http"

	"noctxapi/feeds"
	"noctxapi/legacy"
	"noctxapi/repo"
)

type Server struct {
	Listings *repo.Listings
	Items    *legacy.Store
	Feeds    *feeds.Storage
	Dash     repo.Dashboard
}

// The handler has the request's context and passes it to Get, but
// IncrementViews takes none: the UPDATE has no deadline.
func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Listings.Get(r.Context(), 1); err != nil {
		return
	}
	_ = s.Listings.IncrementViews(1) // want `s\.Listings\.IncrementViews runs \(\*sql\.DB\)\.Exec with no context, though this function has one`
	_ = s.Items.Touch(1)
	_, _ = s.Feeds.Feed(1)
	_ = s.Feeds.MarkRead(1)
	_, _ = s.Dash.CountActive(1) // want `s\.Dash\.CountActive runs \(\*sql\.DB\)\.QueryRow with no context, though this function has one`
}

// Quiet: no context at hand here either.
func Warm(s *repo.Listings) {
	_ = s.IncrementViews(1)
}
