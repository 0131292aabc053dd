// Package db keeps the queries in queries.sql, looked up by name (Q), and
// wraps the pool (Exec): both travel to the packages that use them.
package db

import (
	"context"
	"database/sql"
	_ "embed"
	"strings"
)

//go:embed queries.sql
var queriesSQL string

var named = parseNamed(queriesSQL)

// Q returns the named query from queries.sql.
func Q(name string) string {
	q, ok := named[name]
	if !ok {
		panic("db: unknown query " + name)
	}
	return q
}

func parseNamed(src string) map[string]string {
	out := map[string]string{}
	cur := ""
	for _, line := range strings.Split(src, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			cur = strings.TrimSpace(name)
			continue
		}
		if cur != "" {
			out[cur] += line + "\n"
		}
	}
	return out
}

type DB struct{ sql *sql.DB }

func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.sql.ExecContext(ctx, query, args...)
}

func (d *DB) Raw() *sql.DB { return d.sql }
