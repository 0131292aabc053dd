package handler

import (
	"context"
	"errors"

	"example.com/xservice/refunds"
)

// Refunder refunds money.
type Refunder interface {
	Refund(ctx context.Context, key string, amount int64) error
}

// RefundHandler holds the refunds repository by its interface.
type RefundHandler struct {
	Refunds  refunds.Store
	Refunder Refunder
}

// Refund reads through the interface, refunds, then creates through it:
// the race is in the interface's one implementation, in another package.
func (h *RefundHandler) Refund(ctx context.Context, key string, amount int64) error {
	_, err := h.Refunds.ByKey(ctx, key)
	if !errors.Is(err, refunds.ErrNotFound) {
		return err
	}
	if err := h.Refunder.Refund(ctx, key, amount); err != nil {
		return err
	}
	return h.Refunds.Create(ctx, key, amount)
}
