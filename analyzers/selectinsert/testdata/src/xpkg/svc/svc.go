// Package svc calls the repository package and the sqlc queries. // want package:"selectinsert summaries"
package svc

import (
	"context"
	"errors"

	"xpkg/queries"
	"xpkg/store"
)

type Provider interface {
	Charge(ctx context.Context, key string, amount int64) error
}

type Service struct {
	store    *store.Store
	q        *queries.Queries
	provider Provider
}

var ErrConflict = errors.New("conflict")

// FindByKey in one package, Insert in the same: followed through facts.
func (s *Service) Pay(ctx context.Context, key string, amount int64) error {
	_, err := s.store.FindByKey(ctx, key)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return s.store.Insert(ctx, key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
}

// sqlc's generated queries: a status read, a branch, an unconditional update.
func (s *Service) Ship(ctx context.Context, id int64) error {
	st, err := s.q.GetOrderStatus(ctx, id)
	if err != nil {
		return err
	}
	if st != "paid" {
		return ErrConflict
	}
	return s.q.SetOrderStatus(ctx, queries.SetOrderStatusParams{ID: id, Status: "shipped"}) // want `check-then-act on orders.status`
}

// The atomic helper is the gate.
func (s *Service) PayGate(ctx context.Context, key string, amount int64) error { // want PayGate:"selectinsert summary"
	created, err := s.store.InsertIfAbsent(ctx, key, amount)
	if err != nil || !created {
		return err
	}
	return s.provider.Charge(ctx, key, amount)
}

// Read-only through the other package: a read helper in its turn, for
// the handlers.
func (s *Service) Get(ctx context.Context, key string) (*store.Payment, error) { // want Get:"selectinsert summary"
	p, err := s.store.FindByKey(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return p, err
}

// The store's schema, carried by its facts, has no unique key on device_id.
func (s *Service) Register(ctx context.Context, deviceID, tok string) error {
	if _, err := s.store.ActiveToken(ctx, deviceID); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.store.AddToken(ctx, deviceID, tok) // want `read of push_tokens then insert on not-found leaves duplicate rows: its CREATE TABLE has no unique key on \(device_id\)`
}

// ChargeAndRecord charges, then records the payment: the charge runs
// before the insert that could stop a second one.
func (s *Service) ChargeAndRecord(ctx context.Context, key string, amount int64) error { // want ChargeAndRecord:"selectinsert summary"
	if err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return s.store.Insert(ctx, key, amount)
}

// RecordAndCharge inserts first: a concurrent duplicate fails on the key
// before it charges.
func (s *Service) RecordAndCharge(ctx context.Context, key string, amount int64) error { // want RecordAndCharge:"selectinsert summary"
	if err := s.store.Insert(ctx, key, amount); err != nil {
		return err
	}
	return s.provider.Charge(ctx, key, amount)
}

// The helper charges before it inserts: the charge runs twice.
func (s *Service) PayOnce(ctx context.Context, key string, amount int64) error {
	if _, err := s.store.FindByKey(ctx, key); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.ChargeAndRecord(ctx, key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge`
}

// A balance read through one helper, computed here and written back
// through another: two top-ups both read the same balance.
func (s *Service) TopUp(ctx context.Context, id, amount int64) error {
	b, err := s.store.Balance(ctx, id)
	if err != nil {
		return err
	}
	nb := b + amount
	return s.store.SetBalance(ctx, id, nb) // want `lost update on accounts\.balance: the new value is computed from a read with no lock`
}

// The value written does not come from the read: quiet.
func (s *Service) Close(ctx context.Context, id int64) error {
	if _, err := s.store.Balance(ctx, id); err != nil {
		return err
	}
	return s.store.SetBalance(ctx, id, 0)
}

// The helper inserts before it charges: a concurrent duplicate fails on
// the key first, so no charge runs twice. Quiet.
func (s *Service) PayRecordFirst(ctx context.Context, key string, amount int64) error {
	if _, err := s.store.FindByKey(ctx, key); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.RecordAndCharge(ctx, key, amount)
}
