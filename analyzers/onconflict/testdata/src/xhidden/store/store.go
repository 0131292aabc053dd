// Package store keeps the dedup record of webhook deliveries; its callers
// live in another package. // want package:"onconflict hidden gates"
package store

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

type DeliveryLog struct {
	Pool *pgxpool.Pool
}

const insertDelivery = `
INSERT INTO webhook_deliveries (event_id, endpoint_id, delivered_at)
VALUES ($1, $2, now())
ON CONFLICT (event_id, endpoint_id) DO NOTHING`

// Record hides the verdict: a duplicate and a first delivery both return nil.
func (d *DeliveryLog) Record(ctx context.Context, eventID, endpointID string) error { // want Record:"onconflict hidden gate"
	_, err := d.Pool.Exec(ctx, insertDelivery, eventID, endpointID)
	return err
}

// Claim reports whether it inserted.
func (d *DeliveryLog) Claim(ctx context.Context, eventID, endpointID string) (bool, error) {
	tag, err := d.Pool.Exec(ctx, insertDelivery, eventID, endpointID)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}
