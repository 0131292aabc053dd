package gormpkg

import (
	"context"
	"database/sql"
)

type Invoice struct {
	ID     uint
	Phase  string
	Email  string
	PaidAt sql.NullTime
}

// A column named like nothing in particular, moved to a constant, with an
// e-mail after the update: a state by its role.
func (s *Svc) IssueInvoice(ctx context.Context, id uint) error {
	var inv Invoice
	if err := s.db.WithContext(ctx).First(&inv, id).Error; err != nil {
		return err
	}
	if inv.Phase != "draft" {
		return ErrConflict
	}
	if err := s.db.WithContext(ctx).Model(&inv).Update("phase", "issued").Error; err != nil { // want `check-then-act on invoices\.phase: concurrent requests both act; make the UPDATE conditional`
		return err
	}
	return s.mailer.SendReceipt(ctx, inv.Email)
}

// The same with a value from the caller: a change, not a transition.
func (s *Svc) SetPhase(ctx context.Context, id uint, phase string) error {
	var inv Invoice
	if err := s.db.WithContext(ctx).First(&inv, id).Error; err != nil {
		return err
	}
	if inv.Phase == phase {
		return nil
	}
	if err := s.db.WithContext(ctx).Model(&inv).Update("phase", phase).Error; err != nil {
		return err
	}
	return s.mailer.SendReceipt(ctx, inv.Email)
}
