// Package sqlxpkg holds selectinsert fixtures for sqlx.
package sqlxpkg

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"
)

type Publisher interface {
	Publish(ctx context.Context, topic string, body []byte) error
}

type Repo struct {
	db  *sqlx.DB
	pub Publisher
}

type Order struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
	Total  int64  `db:"total"`
}

type Payout struct {
	ID  int64  `db:"id"`
	Ref string `db:"payout_ref"`
}

var ErrConflict = errors.New("conflict")

// ---- firing shapes ----

// GetContext into a struct, ErrNoRows, then publish and NamedExec.
func (r *Repo) Payout(ctx context.Context, ref string) error {
	var p Payout
	err := r.db.GetContext(ctx, &p, "SELECT id, payout_ref FROM payouts WHERE payout_ref = $1", ref)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil {
		return nil
	}
	if err := r.pub.Publish(ctx, "payouts", []byte(ref)); err != nil {
		return err
	}
	_, err = r.db.NamedExecContext(ctx, "INSERT INTO payouts (payout_ref) VALUES (:payout_ref)", Payout{Ref: ref}) // want `read of payouts then insert into payouts on not-found is a race: both requests call pub\.Publish; gate on INSERT \.\.\. ON CONFLICT DO NOTHING RETURNING`
	return err
}

// sqlx.Get of EXISTS.
func (r *Repo) Enqueue(ctx context.Context, jobKey string) error {
	var exists bool
	if err := sqlx.Get(r.db, &exists, "SELECT EXISTS(SELECT 1 FROM jobs WHERE job_key = $1)", jobKey); err != nil {
		return err
	}
	if exists {
		return nil
	}
	if err := r.pub.Publish(ctx, "jobs", []byte(jobKey)); err != nil {
		return err
	}
	r.db.MustExec("INSERT INTO jobs (job_key) VALUES ($1)", jobKey) // want `read of jobs then insert into jobs on not-found is a race: both requests call pub\.Publish; gate on INSERT \.\.\. ON CONFLICT \(job_key\) DO NOTHING RETURNING`
	return nil
}

// MustBegin transaction, struct read, status branch, no FOR UPDATE.
func (r *Repo) Cancel(ctx context.Context, id int64) error {
	tx := r.db.MustBegin()
	defer tx.Rollback()
	var o Order
	if err := tx.GetContext(ctx, &o, "SELECT id, status, total FROM orders WHERE id = $1", id); err != nil {
		return err
	}
	if o.Status == "shipped" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1", id); err != nil { // want `check-then-act on orders.status: .* add FOR UPDATE to the SELECT`
		return err
	}
	return tx.Commit()
}

// Beginx and a QueryRowx scan.
func (r *Repo) Approve(id int64) error {
	tx, err := r.db.Beginx()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var state string
	if err := tx.QueryRowx("SELECT state FROM refunds WHERE id = $1", id).Scan(&state); err != nil {
		return err
	}
	if state != "requested" {
		return ErrConflict
	}
	tx.MustExec("UPDATE refunds SET state = 'approved' WHERE id = $1", id) // want `check-then-act on refunds.state`
	return tx.Commit()
}

// ---- near-misses ----

// FOR UPDATE in the transaction.
func (r *Repo) CancelLocked(ctx context.Context, id int64) error {
	tx, err := r.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var o Order
	if err := tx.GetContext(ctx, &o, "SELECT id, status, total FROM orders WHERE id = $1 FOR UPDATE", id); err != nil {
		return err
	}
	if o.Status == "shipped" {
		return ErrConflict
	}
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1", id); err != nil {
		return err
	}
	return tx.Commit()
}

// A list read, then an insert into another table.
func (r *Repo) Snapshot(ctx context.Context) error {
	var orders []Order
	if err := r.db.SelectContext(ctx, &orders, "SELECT id, status, total FROM orders WHERE status = 'open'"); err != nil {
		return err
	}
	if len(orders) == 0 {
		return nil
	}
	_, err := r.db.ExecContext(ctx, "INSERT INTO snapshots (n) VALUES ($1)", len(orders))
	return err
}

// NamedExec upsert: the whole operation.
func (r *Repo) SaveOrder(ctx context.Context, o Order) error {
	_, err := r.db.NamedExecContext(ctx, "INSERT INTO orders (id, status, total) VALUES (:id, :status, :total) ON CONFLICT (id) DO UPDATE SET status = excluded.status, total = excluded.total", o)
	return err
}

// Conditional update, rows checked.
func (r *Repo) CancelConditional(ctx context.Context, id int64) error {
	var o Order
	if err := r.db.GetContext(ctx, &o, "SELECT id, status, total FROM orders WHERE id = $1", id); err != nil {
		return err
	}
	if o.Status == "shipped" {
		return ErrConflict
	}
	res, err := r.db.ExecContext(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1 AND status = $2", id, o.Status)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return ErrConflict
	}
	return nil
}

// Get-or-create of a reference row, no side effect. The package keeps no
// schema, so nothing shows code to be unique: a concurrent request's insert
// makes this one fail on the key (or adds a second row).
func (r *Repo) CurrencyID(code string) (int64, error) {
	var id int64
	err := r.db.Get(&id, "SELECT id FROM currencies WHERE code = $1", code)
	if errors.Is(err, sql.ErrNoRows) {
		err = r.db.Get(&id, "INSERT INTO currencies (code) VALUES ($1) RETURNING id", code) // want `read of currencies then insert is a race: a concurrent insert makes this one fail on the key or duplicate the row; use ON CONFLICT \(code\) DO NOTHING`
	}
	return id, err
}

// ---- duplicate-insert ----

type Job struct {
	ID     int64  `db:"id"`
	Kind   string `db:"kind"`
	Status string `db:"status"`
}

// A job not yet finished is looked for, then enqueued: two workers both
// enqueue one.
func (r *Repo) EnsureJob(ctx context.Context, kind string) error {
	var j Job
	err := r.db.GetContext(ctx, &j, "SELECT id, kind, status FROM jobs WHERE kind = $1 AND status IN ('queued', 'running')", kind)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = r.db.ExecContext(ctx, "INSERT INTO jobs (kind, status) VALUES ($1, 'queued')", kind) // want `read of jobs then insert on not-found leaves duplicate rows: \(kind\) with status IN \(\.\.\.\) is no unique key`
	}
	return err
}

// The same lookup, found or not, inserts nothing: quiet.
func (r *Repo) JobRunning(ctx context.Context, kind string) (bool, error) {
	var j Job
	err := r.db.GetContext(ctx, &j, "SELECT id, kind, status FROM jobs WHERE kind = $1 AND status IN ('queued', 'running')", kind)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
