package store

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// EventRepository is how the handlers see the event history; EventStore,
// exported, is asserted to be its implementation.
type EventRepository interface {
	Append(ctx context.Context, eventID string) error // want Append:"onconflict hidden gate"
}

// Deliveries has an implementation too, but nothing says it is the one
// behind the interface (an exported type with the right method set): a
// call of the interface is not judged.
type Deliveries interface {
	Mark(ctx context.Context, eventID string) error
}

type EventStore struct{ Pool *pgxpool.Pool }

var _ EventRepository = (*EventStore)(nil)

func (s *EventStore) Append(ctx context.Context, eventID string) error { // want Append:"onconflict hidden gate"
	_, err := s.Pool.Exec(ctx, `INSERT INTO shipment_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID)
	return err
}

type DeliveryMarks struct{ Pool *pgxpool.Pool }

func (s *DeliveryMarks) Mark(ctx context.Context, eventID string) error { // want Mark:"onconflict hidden gate"
	_, err := s.Pool.Exec(ctx, `INSERT INTO delivery_marks (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING`, eventID)
	return err
}
