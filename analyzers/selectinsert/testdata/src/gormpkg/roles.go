package gormpkg

import (
	"context"
	"database/sql"

	"gorm.io/gorm"
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

type TeamMember struct {
	ID     uint
	TeamID uint
	UserID uint
}

// GORM: Count, a limit from the configuration, Create.
func (s *Svc) AddTeamMember(ctx context.Context, teamID, userID uint, limit int) error {
	var n int64
	if err := s.db.WithContext(ctx).Model(&TeamMember{}).Where("team_id = ?", teamID).Count(&n).Error; err != nil {
		return err
	}
	if int(n) >= limit {
		return ErrConflict
	}
	return s.db.WithContext(ctx).Create(&TeamMember{TeamID: teamID, UserID: userID}).Error // want `capacity check on team_members is a race: COUNT\(\*\) compared with limit`
}

type Wallet struct {
	ID      uint
	Balance int64
	Owner   string
}

// GORM: the field is changed from itself, then the row saved.
func (s *Svc) TopUp(ctx context.Context, id uint, amount int64) error {
	var w Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	w.Balance += amount
	return s.db.WithContext(ctx).Save(&w).Error // want `lost update on wallets\.balance: the new value is computed from a read with no lock`
}

// GORM: Update with a value computed from the read.
func (s *Svc) Spend(ctx context.Context, id uint, amount int64) error {
	var w Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	return s.db.WithContext(ctx).Model(&w).Update("balance", w.Balance-amount).Error // want `lost update on wallets\.balance: .*use gorm\.Expr`
}

// GORM: the atomic form.
func (s *Svc) TopUpAtomic(ctx context.Context, id uint, amount int64) error {
	return s.db.WithContext(ctx).Model(&Wallet{}).Where("id = ?", id).Update("balance", gorm.Expr("balance + ?", amount)).Error
}

// GORM: a string field renamed and saved is no arithmetic.
func (s *Svc) Rename(ctx context.Context, id uint, owner string) error {
	var w Wallet
	if err := s.db.WithContext(ctx).First(&w, id).Error; err != nil {
		return err
	}
	w.Owner = owner
	return s.db.WithContext(ctx).Save(&w).Error
}
