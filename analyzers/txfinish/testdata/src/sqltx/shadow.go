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

// Nothing to do: the early nil return leaves the transaction open, and the
// deferred Rollback only runs when err is set.
func nilReturn(db *sql.DB, ids []int) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() { // want `deferred Rollback runs only when err is set, but a path returns nil without Commit`
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		if _, err = tx.Exec("DELETE FROM t WHERE id = $1", id); err != nil {
			return err
		}
	}
	return tx.Commit()
}
