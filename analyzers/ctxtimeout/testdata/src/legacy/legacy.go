// Package legacy: an API that keeps a form without a context for old
// callers, forwarding to its Context form with context.Background().
package legacy

import (
	"context"
	"database/sql"
)

// UpContext applies the migrations.
func UpContext(ctx context.Context, db *sql.DB) error { // want UpContext:`ctx reaches \(\*sql\.DB\)\.ExecContext`
	_, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (v int)")
	return err
}

// ---- quiet: the legacy forms ----

// Up is UpContext with context.Background().
func Up(db *sql.DB) error { return UpContext(context.Background(), db) }

type Store struct{ db *sql.DB }

// CountWithContext counts the orders.
func (s *Store) CountWithContext(ctx context.Context) (int, error) { // want CountWithContext:`ctx reaches \(\*sql\.DB\)\.QueryRowContext`
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

// Count is CountWithContext with context.TODO().
func (s *Store) Count() (int, error) {
	return s.CountWithContext(context.TODO())
}

// Reset forwards without returning.
func (s *Store) Reset() {
	s.ResetCtx(context.Background())
}

// ResetCtx empties the carts.
func (s *Store) ResetCtx(ctx context.Context) { // want ResetCtx:`ctx reaches \(\*sql\.DB\)\.ExecContext`
	_, _ = s.db.ExecContext(ctx, "TRUNCATE carts")
}

// ---- reported ----

// Not exported: nobody outside relies on the form without a context.
func up(db *sql.DB) error { return UpContext(context.Background(), db) } // want `context\.Background\(\) carries no deadline into UpContext, which reaches \(\*sql\.DB\)\.ExecContext`

// Another name: not the legacy form of UpContext.
func Setup(db *sql.DB) error { return UpContext(context.Background(), db) } // want `context\.Background\(\) carries no deadline into UpContext`

// More than the forward.
func Down(db *sql.DB) error {
	if db == nil {
		return nil
	}
	return DownContext(context.Background(), db) // want `context\.Background\(\) carries no deadline into DownContext`
}

// DownContext drops the table.
func DownContext(ctx context.Context, db *sql.DB) error { // want DownContext:`ctx reaches \(\*sql\.DB\)\.ExecContext`
	_, err := db.ExecContext(ctx, "DROP TABLE schema_version")
	return err
}

// A context parameter at hand: the wrapper drops it.
func (s *Store) CountFor(ctx context.Context) (int, error) {
	return s.CountForContext(context.Background()) // want `context\.Background\(\) carries no deadline into s\.CountForContext`
}

// CountForContext counts again.
func (s *Store) CountForContext(ctx context.Context) (int, error) { // want CountForContext:`ctx reaches \(\*sql\.DB\)\.QueryRowContext`
	return s.CountWithContext(ctx)
}
