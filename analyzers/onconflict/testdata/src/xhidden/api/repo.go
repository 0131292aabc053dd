package api

import (
	"context"

	"xhidden/store"
)

type Texter interface {
	Text(ctx context.Context, to, body string) error
}

type Events struct {
	Repo  store.EventRepository
	Marks store.Deliveries
	SMS   Texter
}

// Through the repository interface: its asserted implementation hides the
// verdict, so a replayed event texts again.
func (h *Events) Handle(ctx context.Context, eventID, to string) error {
	if err := h.Repo.Append(ctx, eventID); err != nil { // want `h\.Repo\.Append runs the dedup insert and discards its result: h\.SMS\.Text runs on duplicates too`
		return err
	}
	return h.SMS.Text(ctx, to, "out for delivery")
}

// Which implementation runs is not said: quiet.
func (h *Events) HandleMark(ctx context.Context, eventID, to string) error {
	if err := h.Marks.Mark(ctx, eventID); err != nil {
		return err
	}
	return h.SMS.Text(ctx, to, "delivered")
}
