package sqlstd

import (
	"context"
	"database/sql"
	"errors"
)

var ErrLimit = errors.New("limit reached")

const maxDevices = 5

// ---- capacity-check: firing shapes ----

// The rows are counted and compared with a constant limit, then one more is
// inserted: two requests both count four and both insert.
func (s *Service) AddDevice(ctx context.Context, userID int64, name string) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM devices WHERE user_id = $1", userID).Scan(&n); err != nil {
		return err
	}
	if n >= maxDevices {
		return ErrLimit
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO devices (user_id, name) VALUES ($1, $2)", userID, name) // want `capacity check on devices is a race: COUNT\(\*\) compared with maxDevices, then INSERT, so concurrent requests both pass; lock the parent row FOR UPDATE first`
	return err
}

// In a transaction, against a capacity read from the parent row without a
// lock: READ COMMITTED lets both bookings in.
func (s *Service) Book(ctx context.Context, eventID, userID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var capacity int
	if err := tx.QueryRowContext(ctx, "SELECT capacity FROM events WHERE id = $1", eventID).Scan(&capacity); err != nil {
		return err
	}
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM bookings WHERE event_id = $1", eventID).Scan(&taken); err != nil {
		return err
	}
	if taken >= capacity {
		return ErrLimit
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO bookings (event_id, user_id) VALUES ($1, $2)", eventID, userID); err != nil { // want `capacity check on bookings is a race: COUNT\(\*\) compared with capacity`
		return err
	}
	return tx.Commit()
}

// ---- capacity-check: near misses ----

// The parent row is locked first in the transaction: bookings of one
// event are serialized.
func (s *Service) BookLocked(ctx context.Context, eventID, userID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var capacity int
	if err := tx.QueryRowContext(ctx, "SELECT capacity FROM events WHERE id = $1 FOR UPDATE", eventID).Scan(&capacity); err != nil {
		return err
	}
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM bookings WHERE event_id = $1", eventID).Scan(&taken); err != nil {
		return err
	}
	if taken >= capacity {
		return ErrLimit
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO bookings (event_id, user_id) VALUES ($1, $2)", eventID, userID); err != nil {
		return err
	}
	return tx.Commit()
}

// The count answers the caller fast; the insert re-checks it in its own
// WHERE - in its own READ COMMITTED snapshot, which does not see a
// concurrent request's uncommitted row: both still insert.
func (s *Service) AddDeviceGuarded(ctx context.Context, userID int64, name string) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM devices WHERE user_id = $1", userID).Scan(&n); err != nil {
		return err
	}
	if n >= maxDevices {
		return ErrLimit
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO devices (user_id, name) SELECT $1, $2 WHERE (SELECT COUNT(*) FROM devices WHERE user_id = $1) < $3", userID, name, maxDevices) // want `capacity check on devices is a race`
	return err
}

// An advisory lock on the user around the pair.
func (s *Service) AddDeviceAdvisory(ctx context.Context, userID int64, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", userID); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM devices WHERE user_id = $1", userID).Scan(&n); err != nil {
		return err
	}
	if n >= maxDevices {
		return ErrLimit
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO devices (user_id, name) VALUES ($1, $2)", userID, name); err != nil {
		return err
	}
	return tx.Commit()
}

// The count is only reported: nothing is inserted.
func (s *Service) DeviceQuota(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM devices WHERE user_id = $1", userID).Scan(&n); err != nil {
		return 0, err
	}
	if n >= maxDevices {
		return 0, nil
	}
	return maxDevices - n, nil
}

// Quiet: the parent row is locked by a helper given the transaction,
// before the count (ente's lockUserRow).
func (s *Service) AddKitLocked(ctx context.Context, userID int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := lockUserRow(ctx, tx, userID); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM kits WHERE user_id = $1", userID).Scan(&n); err != nil {
		return err
	}
	if n >= maxDevices {
		return ErrLimit
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO kits (user_id) VALUES ($1)", userID); err != nil {
		return err
	}
	return tx.Commit()
}

func lockUserRow(ctx context.Context, tx *sql.Tx, userID int64) error {
	var id int64
	return tx.QueryRowContext(ctx, "SELECT user_id FROM users WHERE user_id = $1 FOR UPDATE", userID).Scan(&id)
}

// The helper locks on another transaction: it guards nothing here.
func (s *Service) AddKitOtherTx(ctx context.Context, userID int64) error {
	other, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer other.Rollback()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := lockUserRow(ctx, other, userID); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM kits WHERE user_id = $1", userID).Scan(&n); err != nil {
		return err
	}
	if n >= maxDevices {
		return ErrLimit
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO kits (user_id) VALUES ($1)", userID); err != nil { // want `capacity check on kits is a race`
		return err
	}
	return tx.Commit()
}
