package fixes

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

func returnNil(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	tx.Commit() // want `Commit error dropped`
	return nil
}

func results(db *sql.DB) (int64, error) {
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.Exec("UPDATE t SET x = 1")
	if err != nil {
		return 0, err
	}
	_ = tx.Commit() // want `Commit error dropped`
	return res.RowsAffected()
}

func noErrVar(tx *sql.Tx) (string, error) {
	tx.Commit() // want `Commit error dropped`
	return "ok", nil
}

func pgxCommit(ctx context.Context, tx pgx.Tx) error {
	tx.Commit(ctx) // want `Commit error dropped`
	return nil
}

func gormCommit(db *gorm.DB, u *User) error {
	tx := db.Begin()
	defer tx.Rollback()
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	tx.Commit() // want `Commit error dropped`
	return nil
}

func gormBlank(tx *gorm.DB) (bool, error) {
	_ = tx.Commit().Error // want `Commit error dropped`
	return true, nil
}

// err is a string here: the fix picks another name.
func otherErr(tx *sql.Tx) (int, error) {
	err := "x"
	tx.Commit() // want `Commit error dropped`
	return len(err), nil
}

// No fix: nowhere to return the error.
func noResult(tx *sql.Tx) {
	tx.Commit() // want `Commit error dropped`
}
