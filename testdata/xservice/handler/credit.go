package handler

import (
	"context"
	"errors"

	"example.com/xservice/ports"
)

// Wallet moves money.
type Wallet interface {
	Deposit(ctx context.Context, userID, cents int64) error
}

// CreditHandler holds the credits repository by a port whose
// implementation (pgcredits) this package does not import.
type CreditHandler struct {
	Credits ports.Credits
	Wallet  Wallet
}

// Grant reads through the port, deposits, then creates through it: two
// requests with one key both deposit.
func (h *CreditHandler) Grant(ctx context.Context, key string, userID, cents int64) error {
	_, err := h.Credits.GetByKey(ctx, key)
	if !errors.Is(err, ports.ErrNotFound) {
		return err
	}
	if err := h.Wallet.Deposit(ctx, userID, cents); err != nil {
		return err
	}
	return h.Credits.Create(ctx, key, cents)
}
