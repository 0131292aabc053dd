package holdout2

import (
	"context"
	"database/sql"
	"errors"
	"log"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type txKey struct{}

var errInvalid = errors.New("invalid")

func save(ctx context.Context, name string) error {
	tx := ctx.Value(txKey{}).(*sqlx.Tx)
	_, err := tx.ExecContext(ctx, "INSERT INTO t (name) VALUES ($1)", name)
	return err
}

// 1 TP: the transaction rides in the context; the early return leaks it.
func viaContext(ctx context.Context, db *sqlx.DB, names []string) error {
	tx, err := db.BeginTxx(ctx, nil) // want `transaction may be left open`
	if err != nil {
		return err
	}
	ctx = context.WithValue(ctx, txKey{}, tx)
	for _, n := range names {
		if err := save(ctx, n); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// 2 quiet: the embedded *sql.Tx of an sqlx.Tx.
func embedded(db *sqlx.DB, bad bool) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	if bad {
		tx.Tx.Rollback()
		return errInvalid
	}
	return tx.Tx.Commit()
}

// 3 TP: one path joins the Rollback, another forgets it.
func joined(db *sql.DB, a, b string) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	if _, err := tx.Exec(a); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if _, err := tx.Exec(b); err != nil {
		return err
	}
	return tx.Commit()
}

// 4 quiet: errors.Join on every path.
func joinedAll(db *sql.DB, a, b string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(a); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if _, err := tx.Exec(b); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// 5 TP: named results and a bare return after a failure.
func bare(db *sql.DB) (n int64, err error) {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return
	}
	res, err := tx.Exec("DELETE FROM t WHERE done")
	if err != nil {
		return
	}
	if n, err = res.RowsAffected(); err != nil {
		tx.Rollback()
		return
	}
	err = tx.Commit()
	return
}

func retry(fn func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = fn(); err == nil {
			return nil
		}
	}
	return err
}

// 6 quiet: the transaction lives in the retried closure.
func retried(ctx context.Context, p *pgxpool.Pool) error {
	return retry(func() error {
		tx, err := p.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "UPDATE t SET n = n + 1"); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

type Item struct{ ID int64 }

// 7 TP: GORM chain Begin; the guard return leaks.
func gormChain(ctx context.Context, db *gorm.DB, it *Item) error {
	tx := db.WithContext(ctx).Begin() // want `transaction may be left open`
	if tx.Error != nil {
		return tx.Error
	}
	if it.ID == 0 {
		return errInvalid
	}
	if err := tx.Save(it).Error; err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit().Error
}

// 8 quiet: a read-only pgx transaction's Commit error loses nothing.
func report(ctx context.Context, p *pgxpool.Pool) (int, error) {
	tx, err := p.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
		return 0, err
	}
	tx.Commit(ctx)
	return n, nil
}

// 9 TP: a log-only handler drops a write's Commit error.
func logOnly(db *sqlx.DB, it *Item) {
	tx := db.MustBegin()
	defer tx.Rollback()
	if _, err := tx.NamedExec("UPDATE items SET seen = true WHERE id = :id", it); err != nil {
		log.Print(err)
		return
	}
	tx.Commit() // want `Commit error dropped`
}

// Unit keeps a transaction for later.
type Unit struct{ tx *sql.Tx }

// 10 quiet: stored in the unit of work.
func (u *Unit) Start(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	u.tx = tx
	return nil
}

// 11 TP: pgx deferred Commit.
func deferredPgx(ctx context.Context, c *pgx.Conn) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Commit(ctx) // want `deferred Commit commits on error paths too`
	_, err = tx.Exec(ctx, "UPDATE t SET x = 1")
	return err
}

// 12 quiet: pgx deferred Rollback in a literal.
func deferredLit(ctx context.Context, c *pgx.Conn) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// 13 TP: a scan error inside the rows loop returns with the transaction open.
func scanLoop(db *sql.DB) ([]int64, error) {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query("SELECT id FROM t FOR UPDATE")
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if _, err := tx.Exec("UPDATE t SET locked = true"); err != nil {
		tx.Rollback()
		return nil, err
	}
	return ids, tx.Commit()
}

func rollback(tx *sql.Tx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		log.Print(rerr)
	}
	return err
}

// 14 quiet: a local rollback helper on the error paths.
func helper(db *sql.DB, a string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(a); err != nil {
		return rollback(tx, err)
	}
	return tx.Commit()
}

// 15 TP: a default case returns nil without finishing.
func kinds(db *sql.DB, kind string) error {
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		return err
	}
	switch kind {
	case "a":
		if _, err := tx.Exec("UPDATE a SET x = 1"); err != nil {
			tx.Rollback()
			return err
		}
	case "b":
		if _, err := tx.Exec("UPDATE b SET x = 1"); err != nil {
			tx.Rollback()
			return err
		}
	default:
		return nil
	}
	return tx.Commit()
}

// DBTX is sqlc's interface.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
}

func touch(ctx context.Context, q DBTX) error {
	_, err := q.ExecContext(ctx, "UPDATE t SET at = now()")
	return err
}

// 16 quiet: lent through sqlc's DBTX, finished on every path.
func sqlc(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := touch(ctx, tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// 17 TP: the loop-scoped err shadows the deferred guard's.
func loopShadow(db *sql.DB, ids []int64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() { // want `deferred Rollback tests an err that a shadowing err := never sets`
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for _, id := range ids {
		res, err := tx.Exec("DELETE FROM t WHERE id = $1", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			err = errInvalid
			return err
		}
	}
	err = tx.Commit()
	return err
}

// 18 quiet: GORM Transaction.
func gormTxn(db *gorm.DB, it *Item) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Save(it).Error; err != nil {
			return err
		}
		return tx.Delete(&Item{}, it.ID+1).Error
	})
}

// 19 TP: MustBegin and an early return.
func must(db *sqlx.DB, it *Item) error {
	tx := db.MustBegin() // want `transaction may be left open`
	if it.ID == 0 {
		return errInvalid
	}
	tx.MustExec("UPDATE items SET seen = true WHERE id = $1", it.ID)
	return tx.Commit()
}

type service struct{ db *sql.DB }

func (s *service) finish(tx *sql.Tx, err *error) {
	if *err != nil {
		_ = tx.Rollback()
		return
	}
	*err = tx.Commit()
}

// 20 quiet: a deferred method finishes it.
func (s *service) update(a string) (err error) {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer s.finish(tx, &err)
	_, err = tx.Exec(a)
	return err
}
