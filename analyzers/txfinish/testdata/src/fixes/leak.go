package fixes

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

var errBad = errors.New("bad")

func sqlLeak(ctx context.Context, db *sql.DB, bad bool) error {
	tx, err := db.BeginTx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit()
}

func pgxLeak(ctx context.Context, p *pgxpool.Pool, bad bool) error {
	tx, err := p.Begin(ctx) // want `transaction may be left open`
	if err != nil {
		return err
	}
	if bad {
		return errBad
	}
	return tx.Commit(ctx)
}

type User struct{ ID int64 }

func gormLeak(db *gorm.DB, u *User) error {
	tx := db.Begin() // want `transaction may be left open`
	if tx.Error != nil {
		return tx.Error
	}
	if err := tx.Create(u).Error; err != nil {
		return err
	}
	return tx.Commit().Error
}

func mustBegin(db *sqlx.DB, bad bool) error {
	tx := db.MustBegin() // want `transaction may be left open`
	if bad {
		return errBad
	}
	return tx.Commit()
}

func lateDefer(ctx context.Context, p *pgxpool.Pool) error {
	tx, err := p.Begin(ctx) // want `transaction left open on returns before its deferred Rollback is registered`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = '1s'"); err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// No fix: the transaction is handed to the caller on success.
func handsOff(db *sql.DB, bad bool) (*sql.Tx, error) {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return nil, err
	}
	if bad {
		return nil, errBad
	}
	return tx, nil
}

// No fix: the Begin's error is discarded (tx may be nil).
func discarded(db *sql.DB, bad bool) error {
	tx, _ := db.Begin() // want `transaction may be left open`
	if bad {
		return errBad
	}
	return tx.Commit()
}
