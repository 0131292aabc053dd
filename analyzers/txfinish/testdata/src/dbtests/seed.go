// Package dbtests seeds the database for the repository tests; only tests
// import it. Quiet: a transaction a seeding helper leaves open dies with the
// test process (the same shape in package sqltx is reported).
package dbtests

import "database/sql"

func Seed(db *sql.DB, names []string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := tx.Exec("INSERT INTO users(name) VALUES ($1)", n); err != nil {
			return err
		}
	}
	return tx.Commit()
}
