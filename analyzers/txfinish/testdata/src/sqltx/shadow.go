package sqltx

import "database/sql"

// The deferred Rollback reads the outer err; the if-scoped err := is a
// different variable, so returning it skips the Rollback.
func shadowed(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() { // want `deferred Rollback tests an err that a shadowing err := never sets: returning the inner err leaves the transaction open`
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	err = tx.Commit()
	return err
}

func shadowedCommits(db *sql.DB, ids []int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() { // want `returning the inner err commits instead`
		if err != nil {
			tx.Rollback()
		} else {
			err = tx.Commit()
		}
	}()
	for _, id := range ids {
		res, err := tx.Exec("DELETE FROM t WHERE id = $1", id)
		if err != nil {
			return err
		}
		_ = res
	}
	return nil
}
