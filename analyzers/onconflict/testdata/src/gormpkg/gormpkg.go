// Package gormpkg holds GORM firing shapes and near-misses. // want package:"onconflict hidden gates"
package gormpkg

import (
	"context"
	"log"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type ProcessedEvent struct {
	EventID string `gorm:"primaryKey"`
}

type Product struct {
	SKU      string
	Reserved int
}

type LedgerEntry struct {
	Account string
	Amount  int64
}

type Order struct {
	ID     string
	Status string
}

type User struct {
	ID    int64
	Email string
}

type Notifier interface {
	Notify(ctx context.Context, msg string) error
}

type Handler struct {
	db     *gorm.DB
	notify Notifier
}

// --- firing shapes ---

func (h *Handler) Reserve(ev ProcessedEvent, sku string, qty int) error { // want Reserve:"onconflict summary"
	return h.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).Error; err != nil { // want `the dedup insert discards its result: the GORM Update of products that adds to a column runs on duplicates too; return early when result\.RowsAffected == 0`
			return err
		}
		return tx.Model(&Product{}).Where("sku = ?", sku).Update("reserved", gorm.Expr("reserved + ?", qty)).Error
	})
}

// Conflict columns named, the result dropped entirely, then a ledger row.
func (h *Handler) Ledger(ev ProcessedEvent, amount int64) error { // want Ledger:"onconflict summary"
	h.db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "event_id"}}, DoNothing: true}).Create(&ev) // want `the dedup insert discards its result: the GORM Create into ledger_entries runs on duplicates too; return early when result\.RowsAffected == 0`
	return h.db.Create(&LedgerEntry{Account: "acct", Amount: amount}).Error
}

// RowsAffected only logged.
func (h *Handler) Logged(ctx context.Context, ev ProcessedEvent) error { // want Logged:"onconflict summary"
	res := h.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev) // want `GORM DoNothing Create into processed_events only logs its row count: h\.notify\.Notify runs on duplicates too; return early when result\.RowsAffected == 0`
	if res.Error != nil {
		return res.Error
	}
	log.Printf("processed %s (%d rows)", ev.EventID, res.RowsAffected)
	return h.notify.Notify(ctx, "event "+ev.EventID)
}

// MySQL INSERT IGNORE through clause.Insert.
func (h *Handler) Ignore(ev ProcessedEvent, amount int64) error { // want Ignore:"onconflict summary"
	if err := h.db.Clauses(clause.Insert{Modifier: "IGNORE"}).Create(&ev).Error; err != nil { // want `the dedup insert discards its result: the GORM Create into ledger_entries runs on duplicates too; return early when result\.RowsAffected == 0`
		return err
	}
	return h.db.Create(&LedgerEntry{Account: "acct", Amount: amount}).Error
}

// Raw SQL through GORM's Exec, then UpdateColumn with an increment.
func (h *Handler) RawExec(ev ProcessedEvent, sku string) error { // want RawExec:"onconflict summary"
	if err := h.db.Exec(`INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING`, ev.EventID).Error; err != nil { // want `the dedup insert discards its result: the GORM UpdateColumn of products that adds to a column runs on duplicates too; return early when result\.RowsAffected == 0`
		return err
	}
	return h.db.Model(&Product{}).Where("sku = ?", sku).UpdateColumn("reserved", gorm.Expr("reserved - ?", 1)).Error
}

// The gate inside Transaction; the notification after it commits.
func (h *Handler) NotifyAfterTx(ctx context.Context, ev ProcessedEvent) error { // want NotifyAfterTx:"onconflict summary"
	err := h.db.Transaction(func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).Error // want `GORM DoNothing Create into processed_events discards its result: h\.notify\.Notify runs on duplicates too; return early when result\.RowsAffected == 0`
	})
	if err != nil {
		return err
	}
	return h.notify.Notify(ctx, "processed "+ev.EventID)
}

// --- near-misses ---

func (h *Handler) ReserveChecked(ev ProcessedEvent, sku string, qty int) error { // want ReserveChecked:"onconflict summary"
	return h.db.Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return tx.Model(&Product{}).Where("sku = ?", sku).Update("reserved", gorm.Expr("reserved + ?", qty)).Error
	})
}

// An upsert, not a dedup gate.
func (h *Handler) Upsert(ev ProcessedEvent, amount int64) error { // want Upsert:"onconflict summary"
	if err := h.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&ev).Error; err != nil {
		return err
	}
	return h.db.Create(&LedgerEntry{Account: "acct", Amount: amount}).Error
}

// Ensure-exists then a set-to-constant update.
func (h *Handler) SetStatus(ev ProcessedEvent, orderID string) error { // want SetStatus:"onconflict hidden gate"
	if err := h.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).Error; err != nil {
		return err
	}
	return h.db.Model(&Order{}).Where("id = ?", orderID).Update("status", "paid").Error
}

// An entity row ensured, then a child row: not a dedup record.
func (h *Handler) EnsureUser(u User, o Order) error { // want EnsureUser:"onconflict hidden gate" EnsureUser:"onconflict summary"
	if err := h.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&u).Error; err != nil {
		return err
	}
	return h.db.Create(&o).Error
}

// The verdict returned to the caller.
func (h *Handler) Claim(ev ProcessedEvent) (bool, error) {
	res := h.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev)
	return res.RowsAffected > 0, res.Error
}
