package svc

import (
	"context"
	"errors"

	"xpkg/repo"
)

// Checkout holds the repository interface, as services do.
type Checkout struct {
	payments repo.Payments
	ledger   repo.Ledger
	provider Provider
}

// The race behind the interface: the call runs its one implementation.
func (c *Checkout) Pay(ctx context.Context, key string, amount int64) error {
	_, err := c.payments.ByKey(ctx, key)
	if !errors.Is(err, repo.ErrNotFound) {
		return err
	}
	if err := c.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return c.payments.Create(ctx, key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge`
}

// An interface with two implementations is not followed into them (no
// finding names their SQL), but by its role - a found-bool read, then a
// create - the charge between the two runs for both requests whatever
// either implementation does.
func (c *Checkout) Record(ctx context.Context, key string, amount int64) error {
	ok, err := c.ledger.Has(ctx, key)
	if err != nil || ok {
		return err
	}
	if err := c.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return c.ledger.Add(ctx, key) // want `c\.ledger\.Has finds nothing, then both requests call provider\.Charge before c\.ledger\.Add`
}
