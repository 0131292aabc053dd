package holdout

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

var errNotFound = errors.New("not found")

type Order struct {
	ID     int64
	Status string
}

// 1 TP: the not-found return skips the rollback.
func markPaid(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	var status string
	err = tx.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1 FOR UPDATE", id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound
	}
	if err != nil {
		tx.Rollback()
		return err
	}
	if _, err = tx.ExecContext(ctx, "UPDATE orders SET status = 'paid' WHERE id = $1", id); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// 2 quiet: every branch ends the transaction.
func markShipped(ctx context.Context, db *sql.DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'shipped' WHERE id = $1", id)
	switch {
	case err != nil:
		tx.Rollback()
		return err
	default:
		n, _ := res.RowsAffected()
		if n == 0 {
			tx.Rollback()
			return errNotFound
		}
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	return nil
}

// 3 TP: a labeled break leaves the loop with the transaction open.
func importAll(db *sqlx.DB, rows [][]string) error {
	tx, err := db.Beginx() // want `transaction may be left open`
	if err != nil {
		return err
	}
outer:
	for _, r := range rows {
		for _, c := range r {
			if c == "" {
				break outer
			}
		}
		if _, err := tx.Exec("INSERT INTO t VALUES ($1)", r[0]); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if len(rows) > 0 && rows[0][0] == "" {
		return errors.New("empty cell")
	}
	return tx.Commit()
}

// 4 quiet: pgx with defer and a retry loop around the whole transaction.
func retrying(ctx context.Context, p *pgxpool.Pool) error {
	for attempt := 0; attempt < 3; attempt++ {
		err := func() error {
			tx, err := p.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, "UPDATE t SET n = n + 1"); err != nil {
				return err
			}
			return tx.Commit(ctx)
		}()
		if err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("gave up")
}

// 5 TP: a retry loop that continues with the transaction open.
func retryLeak(ctx context.Context, p *pgxpool.Pool) error {
	for attempt := 0; attempt < 3; attempt++ {
		tx, err := p.Begin(ctx) // want `transaction may be left open`
		if err != nil {
			continue
		}
		if _, err := tx.Exec(ctx, "UPDATE t SET n = n + 1"); err != nil {
			continue
		}
		if err := tx.Commit(ctx); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

// 6 quiet: GORM with options, rollback on error paths.
func gormOpts(db *gorm.DB, o *Order) error {
	tx := db.Begin(&sql.TxOptions{Isolation: sql.LevelSerializable})
	if err := tx.Error; err != nil {
		return err
	}
	if err := tx.Save(o).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// 7 TP: GORM, the validation return forgets the rollback.
func gormValidate(db *gorm.DB, o *Order) error {
	tx := db.Begin() // want `transaction may be left open`
	if tx.Error != nil {
		return tx.Error
	}
	if o.Status == "" {
		return errors.New("no status")
	}
	if err := tx.Save(o).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// 8 TP: GORM commit dropped.
func gormDrop(db *gorm.DB, o *Order) error {
	tx := db.Begin()
	if err := tx.Save(o).Error; err != nil {
		tx.Rollback()
		return err
	}
	tx.Commit() // want `Commit error dropped`
	return nil
}

// repo is a package-local repository holding a transaction.
type repo struct{ tx *sql.Tx }

func (r *repo) insert(o *Order) error {
	_, err := r.tx.Exec("INSERT INTO orders (status) VALUES ($1)", o.Status)
	return err
}

// 9 TP: the transaction lent to a repository value; the caller still owns it.
func viaRepo(db *sql.DB, o *Order) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	r := &repo{tx: tx}
	if err := r.insert(o); err != nil {
		return err
	}
	return tx.Commit()
}

// 10 quiet: a committed flag and a deferred check.
func flagged(db *sql.DB, o *Order) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return
	}
	done := false
	defer func() {
		if !done {
			if rerr := tx.Rollback(); rerr != nil {
				log.Print(rerr)
			}
		}
	}()
	if o.Status == "" {
		return errors.New("no status")
	}
	if err = tx.Commit(); err != nil {
		return
	}
	done = true
	return nil
}

// 11 TP: the if-scoped err shadows the guard of the deferred Rollback.
func shadow(db *sqlx.DB, orders []Order) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	defer func() { // want `deferred Rollback tests an err that a shadowing err := never sets`
		if err != nil {
			tx.Rollback()
		}
	}()
	for _, o := range orders {
		if _, err := tx.NamedExec("INSERT INTO orders (status) VALUES (:status)", o); err != nil {
			return err
		}
	}
	err = tx.Commit()
	return err
}

// 12 quiet: pgx.BeginFunc.
func withBeginFunc(ctx context.Context, c *pgx.Conn) error {
	return pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM t")
		return err
	})
}

// 13 TP: dropped commit with `_ =` in a handler-style function.
func handler(db *sql.DB, id int64) {
	tx, err := db.Begin()
	if err != nil {
		log.Print(err)
		return
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM t WHERE id = $1", id); err != nil {
		log.Print(err)
		return
	}
	_ = tx.Commit() // want `Commit error dropped`
}

// 14 quiet: the error check is an else branch.
func elseBranch(db *sql.DB) error {
	tx, err := db.Begin()
	if err == nil {
		defer tx.Rollback()
		if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
			return err
		}
		return tx.Commit()
	}
	return err
}

// 15 TP: a select on ctx.Done() returns with the transaction open.
func waits(ctx context.Context, db *sql.DB, ready <-chan struct{}) error {
	tx, err := db.BeginTx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ready:
	}
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// 16 quiet: deferred commit-or-rollback on a named result, with a panic guard.
func deferredBoth(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		} else if err != nil {
			tx.Rollback()
		} else {
			err = tx.Commit()
		}
	}()
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

// 17 TP: pgx commit dropped in a function that returns an error.
func pgxDrop(ctx context.Context, p *pgxpool.Pool) error {
	tx, err := p.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE t SET x = 1"); err != nil {
		return err
	}
	tx.Commit(ctx) // want `Commit error dropped`
	return nil
}

// 18 quiet: a helper that ends the transaction from its error argument.
func end(tx *sqlx.Tx, err error) error {
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%v (rollback: %w)", err, rerr)
		}
		return err
	}
	return tx.Commit()
}

func useEnd(db *sqlx.DB) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return end(tx, err)
	}
	return end(tx, nil)
}

// 19 TP: goto past the commit.
func gotoLeak(db *sql.DB, skip bool) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	if skip {
		goto out
	}
	if err := tx.Commit(); err != nil {
		return err
	}
out:
	return nil
}

// 20 quiet: the transaction goes to a goroutine that finishes it.
func async(db *sql.DB, done chan<- error) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	go func() {
		_, err := tx.Exec("UPDATE t SET x = 1")
		if err != nil {
			tx.Rollback()
			done <- err
			return
		}
		done <- tx.Commit()
	}()
	return nil
}
