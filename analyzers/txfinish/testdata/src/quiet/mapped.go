package quiet

import (
	"context"
	"database/sql"
	"errors"
)

var errBusy = errors.New("database busy")

func translate(err error) error {
	if err == nil {
		return nil
	}
	return errors.Join(errBusy, err)
}

// The Begin's error is translated before it is checked: on that branch no
// transaction was begun (gotosocial's driver wrappers).
func beginMapped(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	err = translate(err)
	if err != nil {
		return nil, err
	}
	return tx, nil
}
