package sqlcalls

import (
	"context"
	"database/sql"
)

// An exporter of a table of functions that all take a context: this one
// drops its own and queries without one.
func exportDrivers(_ context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id, email FROM drivers ORDER BY id") // want `\(\*sql\.DB\)\.Query has no deadline, though this function is given a context and drops it; name the parameter and use QueryContext`
}

func exportVehicles(ctx context.Context, db *sql.DB) (*sql.Rows, error) { // want exportVehicles:`ctx reaches \(\*sql\.DB\)\.QueryContext \(params 1\)`
	return db.QueryContext(ctx, "SELECT id FROM vehicles ORDER BY id")
}

var exporters = []func(context.Context, *sql.DB) (*sql.Rows, error){exportDrivers, exportVehicles}

// A function literal in it runs when it likes: not the dropped context's
// call. Quiet.
func exportLater(_ context.Context, db *sql.DB) func() error {
	return func() error {
		_, err := db.Exec("VACUUM")
		return err
	}
}
