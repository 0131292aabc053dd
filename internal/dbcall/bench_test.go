package dbcall_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/dbcall"
)

// BenchmarkNewIndex indexes a generated package of 500 functions, each with
// a wrapper call, a direct QueryRowContext with a local query, an
// ExecContext and an unrelated call.
func BenchmarkNewIndex(b *testing.B) {
	var src strings.Builder
	src.WriteString(`package p

import (
	"context"
	"database/sql"
	"strings"
)

type Repo struct{ db *sql.DB }

func (r *Repo) exec(ctx context.Context, q string, args ...any) error {
	_, err := r.db.ExecContext(ctx, q, args...)
	return err
}
`)
	for i := range 500 {
		fmt.Fprintf(&src, `
func (r *Repo) f%d(ctx context.Context, key string) error {
	q := "SELECT id FROM t%d WHERE key = $1"
	q += " FOR UPDATE"
	var id int64
	if err := r.db.QueryRowContext(ctx, q, key).Scan(&id); err != nil {
		return err
	}
	_ = strings.ToUpper(key)
	if _, err := r.db.ExecContext(ctx, "UPDATE t%d SET a = 1 WHERE id = $1", id); err != nil {
		return err
	}
	return r.exec(ctx, "DELETE FROM t%d WHERE id = $1", id)
}
`, i, i, i, i)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src.String(), 0)
	if err != nil {
		b.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		b.Fatal(err)
	}
	files := []*ast.File{f}
	b.ResetTimer()
	for b.Loop() {
		ix := dbcall.NewIndex(info, files)
		if n := len(ix.Calls()); n != 1+3*500 {
			b.Fatalf("%d calls", n)
		}
	}
}
