package testson

import (
	"database/sql"
	"testing"
)

func TestLeak(t *testing.T) {
	var db *sql.DB
	tx, err := db.Begin() // want `transaction may be left open`
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return
	}
	tx.Commit() // want `Commit error dropped`
}
