// Package gormctx: GORM statements that drop the context at hand.
package gormctx

import (
	"context"
	"net/http"
	"time"

	"gorm.io/gorm"
)

type Vehicle struct {
	ID     int64
	Status string
}

type Service struct{ db *gorm.DB }

func (s *Service) GetVehicle(ctx context.Context, id int64) (*Vehicle, error) {
	var v Vehicle
	if err := s.db.First(&v, id).Error; err != nil { // want `GORM's First runs with no context, so a stuck database holds it forever and ctx is ignored; chain WithContext\(ctx\)`
		return nil, err
	}
	return &v, nil
}

func (s *Service) Retire(r *http.Request, id int64) error {
	return s.db.Model(&Vehicle{}).Where("id = ?", id).Update("status", "retired").Error // want `GORM's Update runs with no context, so a stuck database holds it forever and r\.Context\(\) is ignored`
}

func countActive(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.Model(&Vehicle{}).Where("status = ?", "active").Count(&n).Error // want `GORM's Count runs with no context`
	return n, err
}

// ---- near misses ----

// The context is chained.
func (s *Service) List(ctx context.Context) ([]Vehicle, error) { // want List:`ctx reaches GORM's Find \(params 1\)`
	var vs []Vehicle
	err := s.db.WithContext(ctx).Where("status = ?", "active").Find(&vs).Error
	return vs, err
}

// A handle derived with the context, used later.
func (s *Service) Rename(ctx context.Context, id int64, name string) error { // want Rename:`ctx reaches GORM's Update \(params 1\)`
	db := s.db.WithContext(ctx)
	return db.Model(&Vehicle{}).Where("id = ?", id).Update("name", name).Error
}

// A transaction's handle carries the context Transaction was given.
func (s *Service) Swap(ctx context.Context, a, b int64) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&Vehicle{}).Where("id = ?", a).Update("status", "spare").Error; err != nil {
			return err
		}
		return tx.Model(&Vehicle{}).Where("id = ?", b).Update("status", "active").Error
	})
}

// No context at hand here, in a store whose other methods take one: a
// legacy method, reported at its callers in other packages that have a
// context (by the fact).
func (s *Service) Legacy(id int64) (*Vehicle, error) { // want Legacy:"no context into \\(\\*gorm\\.DB\\)\\.First"
	var v Vehicle
	err := s.db.First(&v, id).Error
	return &v, err
}

// ---- a context chained into GORM is followed like QueryContext's ----

// context.Background() chained in: nothing bounds the statement.
func (s *Service) Purge() error {
	return s.db.WithContext(context.Background()).Where("status = ?", "scrapped").Delete(&Vehicle{}).Error // want `context\.Background\(\) carries no deadline into GORM's Delete`
}

// A caller that gives List context.Background(): List's ctx reaches Find.
func (s *Service) Nightly() (int, error) {
	vs, err := s.List(context.Background()) // want `context\.Background\(\) carries no deadline into s\.List, which reaches GORM's Find`
	return len(vs), err
}

// A deadline from the caller: quiet.
func (s *Service) Bounded(ctx context.Context) ([]Vehicle, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return s.List(ctx)
}
