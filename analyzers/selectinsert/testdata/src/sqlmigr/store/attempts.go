package store

import (
	"context"
	"errors"
)

var ErrFull = errors.New("full")

// Quiet: the row is numbered from the count and (shipment_id, attempt_no)
// is unique, so of two requests that count the same n the second fails.
func (s *Store) RecordAttempt(ctx context.Context, shipmentID int64, outcome string) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM delivery_attempts WHERE shipment_id = $1", shipmentID).Scan(&n); err != nil {
		return err
	}
	if n >= 3 {
		return ErrFull
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO delivery_attempts (shipment_id, attempt_no, outcome) VALUES ($1, $2, $3)", shipmentID, n+1, outcome)
	return err
}

// Numbered from the count too, but nothing makes the number unique.
func (s *Store) Book(ctx context.Context, slotID int64) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM slot_bookings WHERE slot_id = $1", slotID).Scan(&n); err != nil {
		return err
	}
	if n >= 10 {
		return ErrFull
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO slot_bookings (slot_id, seq) VALUES ($1, $2)", slotID, n+1) // want `capacity check on slot_bookings is a race`
	return err
}
