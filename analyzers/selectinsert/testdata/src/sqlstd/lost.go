package sqlstd

import (
	"context"
	"database/sql"
)

// ---- lost-update: firing shapes ----

// The new stock is computed in a local, then written back.
func (s *Service) Restock(ctx context.Context, productID int64, qty int) error {
	var stock int
	if err := s.db.QueryRowContext(ctx, "SELECT stock FROM products WHERE id = $1", productID).Scan(&stock); err != nil {
		return err
	}
	newStock := stock + qty
	_, err := s.db.ExecContext(ctx, "UPDATE products SET stock = $1 WHERE id = $2", newStock, productID) // want `lost update on products\.stock: the new value is computed from a read with no lock`
	return err
}

// In a transaction without a lock: READ COMMITTED still loses one.
func (s *Service) AddPoints(ctx context.Context, userID int64, pts int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var points int64
	if err := tx.QueryRowContext(ctx, "SELECT points FROM loyalty WHERE user_id = $1", userID).Scan(&points); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE loyalty SET points = $1 WHERE user_id = $2", points+pts, userID); err != nil { // want `lost update on loyalty\.points`
		return err
	}
	return tx.Commit()
}

// ---- lost-update: near misses ----

// The arithmetic is in the statement.
func (s *Service) RestockAtomic(ctx context.Context, productID int64, qty int) error {
	_, err := s.db.ExecContext(ctx, "UPDATE products SET stock = stock + $1 WHERE id = $2", qty, productID)
	return err
}

// FOR UPDATE in the transaction: the second request waits for the first.
func (s *Service) AddPointsLocked(ctx context.Context, userID int64, pts int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var points int64
	if err := tx.QueryRowContext(ctx, "SELECT points FROM loyalty WHERE user_id = $1 FOR UPDATE", userID).Scan(&points); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE loyalty SET points = $1 WHERE user_id = $2", points+pts, userID); err != nil {
		return err
	}
	return tx.Commit()
}

// The old value is re-checked and the row count gates the result.
func (s *Service) RestockConditional(ctx context.Context, productID int64, qty int) (bool, error) {
	var stock int
	if err := s.db.QueryRowContext(ctx, "SELECT stock FROM products WHERE id = $1", productID).Scan(&stock); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, "UPDATE products SET stock = $1 WHERE id = $2 AND stock = $3", stock+qty, productID, stock)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// A value the caller gives, not one computed from the read.
func (s *Service) SetStock(ctx context.Context, productID int64, stock int) (int, error) {
	var old int
	if err := s.db.QueryRowContext(ctx, "SELECT stock FROM products WHERE id = $1", productID).Scan(&old); err != nil {
		return 0, err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE products SET stock = $1 WHERE id = $2", stock, productID)
	return old, err
}

// SERIALIZABLE: one of the two fails to commit.
func (s *Service) AddPointsSerializable(ctx context.Context, userID int64, pts int64) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var points int64
	if err := tx.QueryRowContext(ctx, "SELECT points FROM loyalty WHERE user_id = $1", userID).Scan(&points); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE loyalty SET points = $1 WHERE user_id = $2", points+pts, userID); err != nil {
		return err
	}
	return tx.Commit()
}
