package helpers

import (
	"context"
	"errors"
	"sync"
)

type Provider interface {
	Charge(ctx context.Context, key string, amount int64) error
}

type Shipper interface {
	Ship(ctx context.Context, orderID int64) error
}

type Service struct {
	repo     *Repo
	store    *Store
	provider Provider
	shipper  Shipper
	mu       sync.Mutex
}

var ErrConflict = errors.New("conflict")

// ---- firing shapes ----

// findByKey then insert, split across the repository's methods.
func (s *Service) Pay(ctx context.Context, key string, amount int64) error {
	p, err := s.repo.findByKey(ctx, key)
	if err != nil {
		return err
	}
	if p != nil {
		return nil
	}
	if err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return s.repo.insert(ctx, &Payment{Key: key, Amount: amount, Status: "paid"}) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
}

// The package's own ErrNotFound.
func (s *Service) PayGet(ctx context.Context, key string, amount int64) error {
	_, err := s.repo.Get(ctx, key)
	if !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return s.repo.insert(ctx, &Payment{Key: key, Amount: amount}) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
}

// A found-bool helper and a recording helper.
func (s *Service) HandleShipped(ctx context.Context, eventID string, orderID int64) error {
	seen, err := s.repo.Exists(ctx, eventID)
	if err != nil || seen {
		return err
	}
	if err := s.shipper.Ship(ctx, orderID); err != nil {
		return err
	}
	return s.repo.MarkProcessed(ctx, eventID) // want `read of processed_events then insert into processed_events on not-found is a race: the effect runs twice; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
}

// Status through a helper, update through a helper.
func (s *Service) Ship(ctx context.Context, orderID int64) error {
	st, err := s.repo.Status(ctx, orderID)
	if err != nil {
		return err
	}
	if st != "paid" {
		return ErrConflict
	}
	if err := s.shipper.Ship(ctx, orderID); err != nil {
		return err
	}
	return s.repo.SetStatus(ctx, orderID, "shipped") // want `check-then-act on orders.status`
}

// The package's own query wrappers.
func (s *Service) PayWrapped(ctx context.Context, key string, amount int64) error {
	var id int64
	err := s.store.queryRow(ctx, "SELECT id FROM payments WHERE idempotency_key = $1", key).Scan(&id)
	if err == nil {
		return nil
	}
	if err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return s.store.exec(ctx, "INSERT INTO payments (idempotency_key, amount) VALUES ($1, $2)", key, amount) // want `read of payments then insert into payments on not-found is a race: both requests call provider\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
}

// ---- near-misses ----

// The atomic helper is the gate.
func (s *Service) PayGate(ctx context.Context, key string, amount int64) error {
	created, err := s.repo.insertIfAbsent(ctx, &Payment{Key: key, Amount: amount})
	if err != nil || !created {
		return err
	}
	return s.provider.Charge(ctx, key, amount)
}

// A read first, the atomic helper next.
func (s *Service) PayReadThenGate(ctx context.Context, key string, amount int64) error {
	p, err := s.repo.findByKey(ctx, key)
	if err != nil || p != nil {
		return err
	}
	created, err := s.repo.insertIfAbsent(ctx, &Payment{Key: key, Amount: amount})
	if err != nil || !created {
		return err
	}
	return s.provider.Charge(ctx, key, amount)
}

// Not found is audited, nothing else.
func (s *Service) AuditMiss(ctx context.Context, key string) error {
	p, err := s.repo.findByKey(ctx, key)
	if err != nil {
		return err
	}
	if p == nil {
		return s.repo.logAudit(ctx, "miss "+key)
	}
	return nil
}

// Read-only through the helper.
func (s *Service) Lookup(ctx context.Context, key string) (*Payment, error) {
	p, err := s.repo.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return p, err
}

// The found path charges nothing and the insert is not on the not-found path.
func (s *Service) Refresh(ctx context.Context, key string) error {
	p, err := s.repo.findByKey(ctx, key)
	if err != nil {
		return err
	}
	if p == nil {
		return errors.New("unknown payment")
	}
	if err := s.provider.Charge(ctx, key, p.Amount); err != nil {
		return err
	}
	return s.repo.logAudit(ctx, "recharged "+key)
}

// The helper takes the in-flight lock and looks again before it charges
// and inserts: the outer read is a fast path, not the gate. Quiet here.
func (s *Service) PayFast(ctx context.Context, key string, amount int64) error {
	p, err := s.repo.findByKey(ctx, key)
	if err != nil || p != nil {
		return err
	}
	return s.payLocked(ctx, key, amount)
}

func (s *Service) payLocked(ctx context.Context, key string, amount int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.repo.findByKey(ctx, key)
	if err != nil || p != nil {
		return err
	}
	if err := s.provider.Charge(ctx, key, amount); err != nil {
		return err
	}
	return s.repo.insert(ctx, &Payment{Key: key, Amount: amount})
}
