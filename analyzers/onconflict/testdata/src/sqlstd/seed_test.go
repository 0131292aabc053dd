package sqlstd

import (
	"context"
	"database/sql"
	"testing"
)

// A test fixture seeds its rows with DO NOTHING and goes on: not a
// redelivery. Quiet.
func seedEvent(t *testing.T, tx *sql.Tx, id string) {
	t.Helper()
	if _, err := tx.ExecContext(context.Background(), `INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(context.Background(), `UPDATE inventory SET reserved = reserved + 1 WHERE sku = $1`, id); err != nil {
		t.Fatal(err)
	}
}
