// Package offset: OFFSET paging in a loop that moves the rows it read out of
// the query.
package offset

import (
	"context"
	"database/sql"
)

const pageQ = `SELECT id, total FROM invoices WHERE exported_at IS NULL ORDER BY id LIMIT $1 OFFSET $2`

// Each page is marked exported, so it leaves the WHERE and the next OFFSET
// skips the page that moved up.
func exportAll(ctx context.Context, db *sql.DB) error {
	for offset := 0; ; offset += 100 {
		rows, err := db.QueryContext(ctx, pageQ, 100, offset) // want `OFFSET paging over invoices while this loop's UPDATE moves rows out of its WHERE \(exported_at\): every other page is skipped; page by key or keep OFFSET 0`
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id, total int64
			if err := rows.Scan(&id, &total); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		for _, id := range ids {
			if _, err := db.ExecContext(ctx, `UPDATE invoices SET exported_at = now() WHERE id = $1`, id); err != nil {
				return err
			}
		}
	}
}

// Deleting the page's rows shifts the rest the same way.
func purgeAll(ctx context.Context, db *sql.DB) error {
	page := 0
	for {
		rows, err := db.QueryContext(ctx, `SELECT id FROM jobs WHERE done LIMIT 50 OFFSET $1`, page*50) // want `OFFSET paging over jobs while this loop's DELETE moves rows out of its WHERE \(done\)`
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n == 0 {
			return nil
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM jobs WHERE done`); err != nil {
			return err
		}
		page++
	}
}

// Quiet: OFFSET stays at 0 while the rows leave the query (each page is the
// next one).
func exportAtZero(ctx context.Context, db *sql.DB) error {
	for {
		rows, err := db.QueryContext(ctx, `SELECT id FROM invoices WHERE exported_at IS NULL ORDER BY id LIMIT 100 OFFSET 0`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			_ = rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		if _, err := db.ExecContext(ctx, `UPDATE invoices SET exported_at = now() WHERE id = ANY($1)`, ids); err != nil {
			return err
		}
	}
}

// Quiet: the update leaves the WHERE's column alone.
func touchAll(ctx context.Context, db *sql.DB) error {
	for offset := 0; ; offset += 100 {
		rows, err := db.QueryContext(ctx, pageQ, 100, offset)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n == 0 {
			return nil
		}
		if _, err := db.ExecContext(ctx, `UPDATE invoices SET seen_at = now() WHERE exported_at IS NULL`); err != nil {
			return err
		}
	}
}
