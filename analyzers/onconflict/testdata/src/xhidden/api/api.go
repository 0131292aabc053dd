// Package api makes no database call of its own: the dedup insert is in
// the store package.
package api

import (
	"context"

	"xhidden/store"
)

type Publisher interface {
	Publish(ctx context.Context, topic string, data []byte) error
}

type Relay struct {
	Log *store.DeliveryLog
	Bus Publisher
}

// Record hides whether the event was new: a redelivery is published again.
func (h *Relay) Receive(ctx context.Context, id, endpoint string, data []byte) error {
	if err := h.Log.Record(ctx, id, endpoint); err != nil { // want `h\.Log\.Record runs .* and discards its result: .* runs on duplicates too; have h\.Log\.Record report whether it inserted`
		return err
	}
	return h.Bus.Publish(ctx, "provider.events", data)
}

// Claim's verdict gates the publish: quiet.
func (h *Relay) ReceiveOnce(ctx context.Context, id, endpoint string, data []byte) error {
	fresh, err := h.Log.Claim(ctx, id, endpoint)
	if err != nil || !fresh {
		return err
	}
	return h.Bus.Publish(ctx, "provider.events", data)
}

// Nothing follows the record: quiet.
func (h *Relay) Note(ctx context.Context, id, endpoint string) error {
	return h.Log.Record(ctx, id, endpoint)
}
