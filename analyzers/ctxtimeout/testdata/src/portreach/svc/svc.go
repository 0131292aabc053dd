// Package svc is a service over a repository port whose implementation
// lives in a package this one does not import.
package svc

import "context"

type Host struct{ ID int64 }

type HostDirectory interface {
	Get(ctx context.Context, id int64) (*Host, error)
}

type Hosts struct{ dir HostDirectory }

// Profile hands its context to the port.
func (h *Hosts) Profile(ctx context.Context, id int64) (*Host, error) { // want Profile:`ctx reaches h\.dir\.Get \(params 1\)`
	return h.dir.Get(ctx, id)
}
