package sqlstd

import (
	"context"
	"database/sql"
)

// Injected services: interfaces of this module. What they do is decided by
// their role (a dependency of the service), not by their method's verb.
type Wallet interface {
	Credit(ctx context.Context, userID int64, cents int64) error
	BalanceOf(ctx context.Context, userID int64) (int64, error)
	SetLimit(ctx context.Context, userID int64, cents int64) error
}

type CI interface {
	TriggerBuild(ctx context.Context, repo string) error
}

type AuditLog interface {
	Info(msg string, args ...any)
	Error(msg string, args ...any)
	Record(ctx context.Context, what string)
}

type Billing struct {
	db     *sql.DB
	wallet Wallet
	audit  AuditLog
}

// --- firing shapes ---

// The wallet is credited for every redelivery: Credit is an effect by role.
func (b *Billing) CreditOnce(ctx context.Context, ev Event) error { // want CreditOnce:"onconflict summary"
	if _, err := b.db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil { // want `DO NOTHING insert into processed_events discards its result: b\.wallet\.Credit runs on duplicates too; return early when res\.RowsAffected\(\) is 0`
		return err
	}
	return b.wallet.Credit(ctx, ev.UserID, ev.Amount)
}

// A parameter is a dependency too.
func TriggerOnce(ctx context.Context, db *sql.DB, ci CI, ev Event) error { // want TriggerOnce:"onconflict summary"
	if _, err := db.ExecContext(ctx, `INSERT INTO webhook_deliveries (delivery_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil { // want `DO NOTHING insert into webhook_deliveries discards its result: ci\.TriggerBuild runs on duplicates too`
		return err
	}
	return ci.TriggerBuild(ctx, ev.SKU)
}

// --- near-misses ---

// Reads, idempotent writes and the audit log are not effects.
func (b *Billing) ReadsAfter(ctx context.Context, ev Event) error { // want ReadsAfter:"onconflict hidden gate"
	if _, err := b.db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID); err != nil {
		return err
	}
	bal, err := b.wallet.BalanceOf(ctx, ev.UserID)
	if err != nil {
		return err
	}
	b.audit.Info("balance", "cents", bal)
	b.audit.Record(ctx, "seen")
	return b.wallet.SetLimit(ctx, ev.UserID, bal)
}

// The result gates the credit: quiet.
func (b *Billing) CreditGated(ctx context.Context, ev Event) error { // want CreditGated:"onconflict summary"
	res, err := b.db.ExecContext(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return b.wallet.Credit(ctx, ev.UserID, ev.Amount)
}

// An ensure-exists insert of a user row is not a dedup record: a service
// call after it is the normal path, not a redelivery.
func (b *Billing) EnsureUser(ctx context.Context, ev Event) error { // want EnsureUser:"onconflict hidden gate" EnsureUser:"onconflict summary"
	if _, err := b.db.ExecContext(ctx, `INSERT INTO users (id) VALUES ($1) ON CONFLICT DO NOTHING`, ev.UserID); err != nil {
		return err
	}
	return b.wallet.Credit(ctx, ev.UserID, 0)
}
