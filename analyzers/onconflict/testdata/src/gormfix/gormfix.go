// Package gormfix holds GORM gates with fixes.
package gormfix

import (
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type ProcessedEvent struct {
	EventID string
}

type Product struct {
	SKU      string
	Reserved int
}

var errFailed = errors.New("failed")

// The error read in an if's init.
func IfInit(db *gorm.DB, ev ProcessedEvent, sku string) error { // want IfInit:"onconflict summary"
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).Error; err != nil { // want `discards its result`
		return err
	}
	return db.Model(&Product{}).Where("sku = ?", sku).Update("reserved", gorm.Expr("reserved + ?", 1)).Error
}

// The error assigned, then checked.
func Assigned(db *gorm.DB, ev ProcessedEvent, sku string) (int, error) { // want Assigned:"onconflict summary"
	err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).Error // want `discards its result`
	if err != nil {
		return 0, err
	}
	err = db.Model(&Product{}).Where("sku = ?", sku).Update("reserved", gorm.Expr("reserved + ?", 1)).Error
	return 1, err
}

// The error compared in place; in a Transaction callback.
func Compared(db *gorm.DB, ev ProcessedEvent, sku string) error { // want Compared:"onconflict summary"
	return db.Transaction(func(tx *gorm.DB) error {
		if tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev).Error != nil { // want `discards its result`
			return errFailed
		}
		return tx.Model(&Product{}).Where("sku = ?", sku).Update("reserved", gorm.Expr("reserved + ?", 1)).Error
	})
}
