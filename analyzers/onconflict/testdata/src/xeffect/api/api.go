// Package api records provider events and credits wallets kept by the // want package:"onconflict hidden gates"
// store package.
package api

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"xeffect/store"
)

type Handler struct {
	Pool    *pgxpool.Pool
	Wallets *store.Wallets
}

// The event record's verdict is dropped: a redelivered event credits again
// (the credit is another package's accumulating UPDATE).
func (h *Handler) DisputeWon(ctx context.Context, eventID string, accountID, cents int64) error { // want DisputeWon:"onconflict summary"
	if _, err := h.Pool.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID); err != nil { // want `DO NOTHING insert into processed_events discards its result: h\.Wallets\.AddCredit runs on duplicates too`
		return err
	}
	return h.Wallets.AddCredit(ctx, accountID, cents)
}

// Quiet: the verdict gates the credit.
func (h *Handler) DisputeWonOnce(ctx context.Context, eventID string, accountID, cents int64) error { // want DisputeWonOnce:"onconflict summary"
	tag, err := h.Pool.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	return h.Wallets.AddCredit(ctx, accountID, cents)
}

// Quiet: what follows is idempotent (a plain SET) or a read.
func (h *Handler) PlanChanged(ctx context.Context, eventID string, accountID int64, plan string) error { // want PlanChanged:"onconflict hidden gate"
	if _, err := h.Pool.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID); err != nil {
		return err
	}
	if _, err := h.Wallets.Balance(ctx, accountID); err != nil {
		return err
	}
	return h.Wallets.SetPlan(ctx, accountID, plan)
}

// Quiet: the worker it starts does not run for this event.
func (h *Handler) Resume(ctx context.Context, eventID string) error { // want Resume:"onconflict hidden gate"
	if _, err := h.Pool.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID); err != nil {
		return err
	}
	h.Wallets.StartFlusher(ctx)
	return nil
}

// The credit in a goroutine still runs for a duplicate.
func (h *Handler) Refunded(ctx context.Context, eventID string, accountID, cents int64) error { // want Refunded:"onconflict summary"
	if _, err := h.Pool.Exec(ctx, `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID); err != nil { // want `DO NOTHING insert into processed_events discards its result: h\.Wallets\.CreditLater runs on duplicates too`
		return err
	}
	h.Wallets.CreditLater(ctx, accountID, cents)
	return nil
}
