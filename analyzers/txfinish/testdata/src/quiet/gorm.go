package quiet

import "gorm.io/gorm"

type User struct {
	ID   int64
	Name string
}

func transaction(db *gorm.DB, u *User) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Create(u).Error
	})
}

// GORM's documented manual form: a Rollback on every error path.
func manual(db *gorm.DB, u *User) error {
	tx := db.Begin()
	defer func() {
		if r := recover(); r != nil {
			tx.Rollback()
		}
	}()
	if err := tx.Error; err != nil {
		return err
	}
	if err := tx.Create(u).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

func gormDefer(db *gorm.DB, u *User) error {
	tx := db.Begin()
	defer tx.Rollback()
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	if err := tx.Commit().Error; err != nil {
		return err
	}
	return nil
}

// A chain returned keeps the transaction: the caller finishes it.
func scoped(db *gorm.DB) *gorm.DB {
	tx := db.Begin()
	return tx.Where("tenant = ?", 1)
}
