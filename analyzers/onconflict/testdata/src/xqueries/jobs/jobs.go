// Package jobs runs its SQL through the db package: the wrapper's Exec and
// the queries db.Q names in queries.sql.
package jobs

import (
	"context"

	"xqueries/db"
)

type Func func(ctx context.Context) error

type Jobs struct{ DB *db.DB }

// Once claims today's run: the row is all key but for constants (now(),
// 'running'), so it is a claim; the callback it wraps runs for every
// replica.
func (j *Jobs) Once(name string, fn Func) Func {
	return func(ctx context.Context) error {
		if _, err := j.DB.Exec(ctx, `INSERT INTO job_runs (job, run_date, started_at, status) VALUES ($1, $2, now(), 'running') ON CONFLICT (job, run_date) DO NOTHING`, name, "2026-12-06"); err != nil { // want `DO NOTHING insert into job_runs discards its result: the callback fn runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
			return err
		}
		return fn(ctx)
	}
}

// Exclusive runs the callback only for the replica that claimed the run.
func (j *Jobs) Exclusive(name string, fn Func) Func {
	return func(ctx context.Context) error {
		res, err := j.DB.Exec(ctx, `INSERT INTO job_runs (job, run_date, started_at, status) VALUES ($1, $2, now(), 'running') ON CONFLICT (job, run_date) DO NOTHING`, name, "2026-12-06")
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return fn(ctx)
	}
}

// EnsureUser makes sure the user exists: a row of data (name is not its
// key), not a claim; the callback does not depend on who inserted it.
func (j *Jobs) EnsureUser(email, name string, fn Func) Func {
	return func(ctx context.Context) error {
		if _, err := j.DB.Exec(ctx, `INSERT INTO users (email, name, status) VALUES ($1, $2, 'active') ON CONFLICT (email) DO NOTHING`, email, name); err != nil {
			return err
		}
		return fn(ctx)
	}
}

// Refer records the referral through the named query and credits the
// referrer whether or not the referral was new.
func (j *Jobs) Refer(ctx context.Context, referrer, referred int64, code string) error { // want Refer:"onconflict summary"
	if _, err := j.DB.Raw().ExecContext(ctx, db.Q("referral_insert"), referrer, referred, code); err != nil { // want `discards its result: UPDATE wallets \(balance\) runs on duplicates too`
		return err
	}
	_, err := j.DB.Raw().ExecContext(ctx, db.Q("wallet_credit"), referrer, 500)
	return err
}

// ReferOnce credits only a new referral.
func (j *Jobs) ReferOnce(ctx context.Context, referrer, referred int64, code string) error { // want ReferOnce:"onconflict summary"
	res, err := j.DB.Raw().ExecContext(ctx, db.Q("referral_insert"), referrer, referred, code)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	_, err = j.DB.Raw().ExecContext(ctx, db.Q("wallet_credit"), referrer, 500)
	return err
}
