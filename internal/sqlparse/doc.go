// Package sqlparse is a tolerant SQL classifier: statement kind, target table,
// WHERE conditions, ON CONFLICT / INSERT IGNORE / ON DUPLICATE KEY, RETURNING,
// row locks, ORDER BY, LIMIT and CTEs, in Postgres, MySQL and SQLite spellings.
//
// It is a small lexer plus a forgiving reader over tokens, not a SQL parser:
// query text is often partial (Sprintf holes, see Hole; concatenated
// fragments) and dialect-mixed, and grammar parsers reject what they do not
// know; the pure-Go ones are single-dialect (vitess, TiDB: MySQL) and heavy,
// pg_query_go needs cgo, and any of them would pull dependencies that fight
// golangci-lint's pinned versions (DESIGN.md). Results are best effort:
// Stmt.Partial marks holes or text not understood, and a flag that is false on
// a Partial statement may be hidden by a hole. Keywords in literals, comments
// and function calls never count. Parse never panics and is linear in time.
//
// Not handled: MySQL '#' comments and nested Postgres block comments; a
// backslash always escapes the next character in a '...' string (MySQL
// style); operator precedence inside conditions beyond top-level AND chains.
package sqlparse
