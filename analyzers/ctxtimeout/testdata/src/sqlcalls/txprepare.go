package sqlcalls

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Quiet: a statement prepared on a transaction begun with the context; its
// statements run with ctx (shiori's SaveBookmarks).
func saveAll(ctx context.Context, db *sqlx.DB, urls []string) error { // want saveAll:`ctx reaches \(\*sqlx\.DB\)\.BeginTxx \(params 1\)`
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.Preparex(`INSERT INTO bookmark (url) VALUES (?)`)
	if err != nil {
		return err
	}
	for _, u := range urls {
		if _, err := st.ExecContext(ctx, u); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func prepareOnTx(ctx context.Context, tx *sql.Tx) (*sql.Stmt, error) {
	return tx.Prepare("SELECT 1")
}
