// Package fixgorm holds selectinsert's suggested fix for GORM.
package fixgorm

import (
	"gorm.io/gorm"
)

type WebhookEvent struct {
	ID        uint
	EventID   string
	Processed bool
}

type Svc struct {
	db *gorm.DB
}

// A Transaction closure: clause.Locking is added, and clause imported.
func (s *Svc) ProcessEvent(eventID string) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		var e WebhookEvent
		if err := tx.Where("event_id = ?", eventID).First(&e).Error; err != nil {
			return err
		}
		if e.Processed {
			return nil
		}
		return tx.Model(&e).Update("processed", true).Error // want `check-then-act on webhook_events.processed: .* add FOR UPDATE`
	})
}
