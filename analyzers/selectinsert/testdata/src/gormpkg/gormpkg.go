// Package gormpkg holds selectinsert fixtures for GORM.
package gormpkg

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type Charger interface {
	Charge(ctx context.Context, key string, amount int64) error
}

type Mailer interface {
	SendReceipt(ctx context.Context, to string) error
}

type Payment struct {
	ID             uint
	IdempotencyKey string
	Amount         int64
	Status         string
}

type WebhookEvent struct {
	ID        uint
	EventID   string
	Processed bool
}

type Order struct {
	gorm.Model
	Status string
	Email  string
}

type Tag struct {
	ID   uint
	Name string
}

type AuditLog struct {
	ID     uint
	Action string
}

// Voucher has its own table name.
type Voucher struct {
	ID       uint
	Code     string
	Redeemed bool
}

func (Voucher) TableName() string { return "promo_vouchers" }

type Svc struct {
	db      *gorm.DB
	charger Charger
	mailer  Mailer
}

var ErrConflict = errors.New("conflict")

// ---- firing shapes ----

// First by key, ErrRecordNotFound, charge, Create.
func (s *Svc) Pay(ctx context.Context, key string, amount int64) error {
	var p Payment
	err := s.db.WithContext(ctx).Where("idempotency_key = ?", key).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		if err := s.charger.Charge(ctx, key, amount); err != nil {
			return err
		}
		return s.db.WithContext(ctx).Create(&Payment{IdempotencyKey: key, Amount: amount}).Error // want `read of payments then insert into payments on not-found is a race: both requests call charger\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	}
	return err
}

// Take with inline conditions and an early return on found.
func (s *Svc) PayTake(ctx context.Context, key string, amount int64) error {
	var p Payment
	res := s.db.Take(&p, "idempotency_key = ?", key)
	if res.Error == nil {
		return nil
	}
	if !errors.Is(res.Error, gorm.ErrRecordNotFound) {
		return res.Error
	}
	if err := s.charger.Charge(ctx, key, amount); err != nil {
		return err
	}
	p = Payment{IdempotencyKey: key, Amount: amount}
	return s.db.Create(&p).Error // want `read of payments then insert into payments on not-found is a race: both requests call charger\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
}

// Count == 0 on a model.
func (s *Svc) Receipt(ctx context.Context, eventID, email string) error {
	var n int64
	if err := s.db.Model(&WebhookEvent{}).Where("event_id = ?", eventID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		if err := s.mailer.SendReceipt(ctx, email); err != nil {
			return err
		}
		return s.db.Create(&WebhookEvent{EventID: eventID}).Error // want `read of webhook_events then insert into webhook_events on not-found is a race: the effect runs twice; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	}
	return nil
}

// FirstOrCreate used as the dedup gate before a side effect.
func (s *Svc) HandleOnce(ctx context.Context, eventID, email string) error {
	var e WebhookEvent
	res := s.db.Where(WebhookEvent{EventID: eventID}).FirstOrCreate(&e) // want `FirstOrCreate on webhook_events is not atomic: both requests may create it and call mailer\.SendReceipt; Create with OnConflict\{DoNothing\} and check RowsAffected`
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return nil
	}
	return s.mailer.SendReceipt(ctx, email)
}

// Status read by First, checked, side effect, Update.
func (s *Svc) Capture(ctx context.Context, id uint) error {
	var o Order
	if err := s.db.First(&o, id).Error; err != nil {
		return err
	}
	if o.Status != "pending" {
		return ErrConflict
	}
	if err := s.charger.Charge(ctx, o.Email, 100); err != nil {
		return err
	}
	return s.db.Model(&o).Update("status", "paid").Error // want `check-then-act on orders.status`
}

// Save after the check.
func (s *Svc) Redeem(ctx context.Context, code string) error {
	var v Voucher
	if err := s.db.Where("code = ?", code).First(&v).Error; err != nil {
		return err
	}
	if v.Redeemed {
		return ErrConflict
	}
	v.Redeemed = true
	return s.db.Save(&v).Error // want `check-then-act on promo_vouchers.redeemed`
}

// A Transaction closure without a lock.
func (s *Svc) ProcessEvent(ctx context.Context, eventID string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var e WebhookEvent
		if err := tx.Where("event_id = ?", eventID).First(&e).Error; err != nil {
			return err
		}
		if e.Processed {
			return nil
		}
		return tx.Model(&e).Updates(map[string]any{"processed": true}).Error // want `check-then-act on webhook_events.processed: .* add FOR UPDATE`
	})
}

// A locking clause on the pool, not a transaction.
func (s *Svc) LockOnDB(id uint) (Order, error) {
	var o Order
	err := s.db.Clauses(clause.Locking{Strength: "UPDATE"}).First(&o, id).Error // want `SELECT \.\.\. FOR UPDATE on orders runs outside a transaction`
	return o, err
}

// ---- near-misses ----

// Get-or-create of a reference row, no side effect.
func (s *Svc) TagFor(name string) (Tag, error) {
	var t Tag
	err := s.db.Where(Tag{Name: name}).FirstOrCreate(&t).Error
	return t, err
}

// First then Create of a reference row, no side effect; Tag has no unique
// tag and the module no SQL schema (check-then-insert, not read-then-insert:
// nothing runs twice before the insert).
func (s *Svc) EnsureTag(name string) error {
	var t Tag
	err := s.db.Where("name = ?", name).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.db.Create(&Tag{Name: name}).Error // want `read of tags then insert is a race: a concurrent insert makes this one fail on the key or duplicate the row; use ON CONFLICT \(name\) DO NOTHING`
	}
	return err
}

// A locking read in the Transaction closure.
func (s *Svc) ProcessEventLocked(ctx context.Context, eventID string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var e WebhookEvent
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("event_id = ?", eventID).First(&e).Error; err != nil {
			return err
		}
		if e.Processed {
			return nil
		}
		return tx.Model(&e).Update("processed", true).Error
	})
}

// Conditional Update with RowsAffected checked.
func (s *Svc) CaptureConditional(ctx context.Context, id uint) error {
	var o Order
	if err := s.db.First(&o, id).Error; err != nil {
		return err
	}
	if o.Status != "pending" {
		return ErrConflict
	}
	res := s.db.Model(&o).Where("status = ?", "pending").Update("status", "paid")
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrConflict
	}
	return s.charger.Charge(ctx, o.Email, 100)
}

// ON CONFLICT DO NOTHING as the gate.
func (s *Svc) HandleOnceGate(ctx context.Context, eventID, email string) error {
	res := s.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&WebhookEvent{EventID: eventID})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return nil
	}
	return s.mailer.SendReceipt(ctx, email)
}

// Not by key: the latest row, then a create.
func (s *Svc) Latest(ctx context.Context, amount int64) error {
	var p Payment
	err := s.db.Order("id desc").First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		if err := s.charger.Charge(ctx, "first", amount); err != nil {
			return err
		}
		return s.db.Create(&Payment{Amount: amount}).Error
	}
	return err
}

// Not found is recorded in another table.
func (s *Svc) Audit(key string) error {
	var p Payment
	err := s.db.Where("idempotency_key = ?", key).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.db.Create(&AuditLog{Action: "miss " + key}).Error
	}
	return err
}

// Read-only.
func (s *Svc) Find(key string) (*Payment, error) {
	var p Payment
	err := s.db.Where("idempotency_key = ?", key).First(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &p, err
}

// Serializable Transaction.
func (s *Svc) CaptureSerializable(ctx context.Context, id uint) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var o Order
		if err := tx.First(&o, id).Error; err != nil {
			return err
		}
		if o.Status != "pending" {
			return ErrConflict
		}
		return tx.Model(&o).Update("status", "paid").Error
	}, &sql.TxOptions{Isolation: sql.LevelSerializable})
}

// The read inline in the condition.
func (s *Svc) PayInline(ctx context.Context, key string, amount int64) error {
	if errors.Is(s.db.Where("idempotency_key = ?", key).First(&Payment{}).Error, gorm.ErrRecordNotFound) {
		if err := s.charger.Charge(ctx, key, amount); err != nil {
			return err
		}
		return s.db.Create(&Payment{IdempotencyKey: key, Amount: amount}).Error // want `read of payments then insert into payments on not-found is a race: both requests call charger\.Charge; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	}
	return nil
}

// The same idiom inline.
func (s *Svc) EnsureTagInline(name string) error {
	if errors.Is(s.db.Where("name = ?", name).First(&Tag{}).Error, gorm.ErrRecordNotFound) {
		return s.db.Create(&Tag{Name: name}).Error // want `read of tags then insert is a race`
	}
	return nil
}
