// Package ports declares the repositories the handlers depend on; their
// implementations live in other packages (pgcredits), wired in main, so a
// handler never imports them.
package ports

import (
	"context"
	"errors"
)

// ErrNotFound is a read's "no row".
var ErrNotFound = errors.New("not found")

// Credits records the credits granted, one per grant key.
type Credits interface {
	GetByKey(ctx context.Context, key string) (int64, error)
	Create(ctx context.Context, key string, cents int64) error
}
