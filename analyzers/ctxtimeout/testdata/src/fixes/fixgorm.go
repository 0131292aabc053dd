package fixes

import (
	"context"

	"gorm.io/gorm"
)

type Plate struct{ ID int64 }

type Plates struct{ db *gorm.DB }

func (p *Plates) Get(ctx context.Context, id int64) (*Plate, error) {
	var v Plate
	err := p.db.Where("id = ?", id).First(&v).Error // want `GORM's First runs with no context`
	return &v, err
}

// context.Background() chained into a GORM statement: the fix bounds it.
func (p *Plates) Purge() error {
	err := p.db.WithContext(context.Background()).Where("id < ?", 0).Delete(&Plate{}).Error // want `context\.Background\(\) carries no deadline into GORM's Delete`
	return err
}
