// Package sqlparse is a tolerant SQL classifier: it tells the checks what a
// query does (statement kind, target table, WHERE columns, ON CONFLICT,
// INSERT IGNORE/OR IGNORE, ON DUPLICATE KEY, RETURNING, FOR UPDATE, ORDER BY,
// LIMIT, CTEs) without validating it.
//
// It is a small lexer plus a recursive-descent reader over tokens, not a real
// SQL parser: the text the checks see is often partial (Sprintf holes, see
// Hole; concatenated fragments), in any of the Postgres, MySQL and SQLite
// dialects, and a grammar-complete parser rejects what it does not know. The
// pure-Go parsers are single-dialect (vitess/TiDB: MySQL; cockroachdb: its
// Postgres dialect) and large, and the complete Postgres one (pg_query_go)
// needs cgo; all would add dependencies that fight golangci-lint's pinned
// versions. See DESIGN.md. Every result is best effort: Stmt.Partial says so.
// Parse never panics and runs in time linear in the input.
package sqlparse
