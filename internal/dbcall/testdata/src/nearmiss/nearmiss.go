package nearmiss

import (
	"bytes"
	"context"
	"database/sql"
	"fakesql"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"text/template"

	"github.com/jmoiron/sqlx"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

// A concrete type with DB-like methods that is not a DB library type.
type Runner struct{}

func (Runner) Exec(query string, args ...any) (sql.Result, error)  { return nil, nil }
func (Runner) QueryRow(ctx context.Context, query string) *sql.Row { return nil }

func lookalikes(ctx context.Context, rdb *redis.Client, f *fakesql.DB, t *template.Template) {
	var b strings.Builder
	b.WriteString("SELECT 1")
	_ = exec.Command("psql", "-c", "SELECT 1").Run()
	_ = exec.CommandContext(ctx, "psql").Run()
	_ = t.Execute(&bytes.Buffer{}, nil)
	_ = regexp.MustCompile(`x`).FindString("SELECT")
	_ = rdb.Get(ctx, "k").Err()
	_ = rdb.Set(ctx, "k", 1, 0).Err()
	_, _ = http.Get("http://x")
	_, _ = Runner{}.Exec("DELETE FROM t")
	_ = Runner{}.QueryRow(ctx, "SELECT 1")
	_, _ = f.ExecContext(ctx, "DELETE FROM t")
	_ = f.QueryRow("SELECT 1")
}

// Handle plumbing that runs no SQL.
func plumbing(ctx context.Context, db *sql.DB, xdb *sqlx.DB, gdb *gorm.DB, rows *sql.Rows) error {
	_ = db.Stats()
	db.SetMaxOpenConns(10)
	conn, _ := db.Conn(ctx)
	_ = conn.Close()
	_ = rows.Next()
	_ = rows.Err()
	_ = xdb.Rebind("SELECT ?")
	_, _, _ = sqlx.In("SELECT * FROM t WHERE id IN (?)", []int{1})
	_, _, _ = sqlx.Named("SELECT :a", map[string]any{"a": 1})
	_ = xdb.DriverName()
	q := gdb.Where("a = ?", 1).Order("id").Limit(1)
	_ = q.Statement
	_, _ = sql.Open("postgres", "")
	_ = gorm.Expr("a + ?", 1)
	_ = sql.Named("a", 1)
	return db.Close()
}
