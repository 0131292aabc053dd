package gormtx

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
)

var errBad = errors.New("bad")

type User struct {
	ID   int64
	Name string
}

func create(db *gorm.DB, u *User, bad bool) error {
	tx := db.Begin() // want `transaction may be left open`
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	if bad {
		tx.Rollback()
		return errBad
	}
	return tx.Commit().Error
}

// The recover guard rolls back on panics only: the error return leaks.
func recoverOnly(db *gorm.DB, u *User) error {
	tx := db.Begin() // want `transaction may be left open`
	defer func() {
		if r := recover(); r != nil {
			tx.Rollback()
		}
	}()
	if err := tx.Error; err != nil {
		return err
	}
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

func dropped(db *gorm.DB, u *User) error {
	tx := db.Begin()
	defer tx.Rollback()
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	tx.Commit() // want `Commit error dropped`
	return nil
}

func droppedError(db *gorm.DB, u *User) {
	tx := db.Begin()
	defer tx.Rollback()
	tx.Create(u)
	_ = tx.Commit().Error // want `Commit error dropped`
}

func deferred(db *gorm.DB, u *User) error {
	tx := db.Begin()
	defer tx.Commit() // want `deferred Commit commits on error paths too`
	return tx.Create(u).Error
}

// Ctx carries the transaction for the repositories.
type ctxKey struct{}

// getTxAndContext is a Begin wrapper not named like one.
func getTxAndContext(db *gorm.DB) (tx *gorm.DB, ctx context.Context) {
	tx = db.Begin()
	ctx = context.WithValue(context.Background(), ctxKey{}, tx)
	return
}

func viaWrapper(db *gorm.DB, u *User, bad bool) error {
	tx, ctx := getTxAndContext(db) // want `transaction may be left open`
	_ = ctx
	if bad {
		return errBad
	}
	if err := tx.Create(u).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

func viaWrapperDefer(db *gorm.DB, u *User) error {
	tx, _ := getTxAndContext(db)
	defer tx.Rollback()
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

// barrier finishes the *sql.Tx it is given (dtm's BranchBarrier.Call).
func barrier(tx *sql.Tx, fn func(*sql.Tx) error) error {
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Quiet: the GORM transaction's own *sql.Tx (tx.Statement.ConnPool) is
// handed to a function that finishes it.
func viaConnPool(db *gorm.DB, u *User) error {
	tx := db.Begin()
	return barrier(tx.Statement.ConnPool.(*sql.Tx), func(*sql.Tx) error {
		return tx.Create(u).Error
	})
}

// Reading the pool's type is not handing it on.
func peekConnPool(db *gorm.DB, u *User) error {
	tx := db.Begin() // want `transaction may be left open`
	if _, ok := tx.Statement.ConnPool.(*sql.Tx); !ok {
		return errBad
	}
	return tx.Create(u).Error
}
