// Package txlib is an outside package that takes transactions.
package txlib

import "database/sql"

// Finish commits tx when err is nil and rolls it back otherwise.
func Finish(tx *sql.Tx, err error) error {
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Insert runs an insert in tx.
func Insert(tx *sql.Tx, name string) error {
	_, err := tx.Exec("INSERT INTO t (name) VALUES ($1)", name)
	return err
}

// Querier is what the package's queries need: no Commit.
type Querier interface {
	Exec(query string, args ...any) (sql.Result, error)
}

// Queries runs queries on a Querier.
type Queries struct{ q Querier }

// New returns Queries on q.
func New(q Querier) *Queries { return &Queries{q} }

// Touch runs an update.
func (q *Queries) Touch() error {
	_, err := q.q.Exec("UPDATE t SET at = now()")
	return err
}
