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

	"golang.org/x/tools/go/analysis"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/testutil"
)

// describe is the test analyzer: it reports every indexed DB call with a
// one-line description that the fixtures' // want comments match in full.
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "test: describe DB calls",
	Requires: []*analysis.Analyzer{dbcall.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ix := pass.ResultOf[dbcall.Analyzer].(*dbcall.Index)
		for _, c := range ix.Calls() {
			if again := ix.Match(c.Expr); again != c {
				pass.Reportf(c.Expr.Pos(), "Index.Match disagrees with Index.Calls")
			}
			pass.Reportf(c.Expr.Lparen, "%s", Describe(c))
		}
		return nil, nil
	},
}

// Describe renders a Call as "lib op Method recv=kind/expr ctx=.. q=.. args=N
// dest=.. table=.. [via=..] [chain=..] [clauses=N] use=..".
func Describe(c *dbcall.Call) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s recv=%s/%s ctx=%s q=%s args=%d", c.Lib, c.Op, c.Method, c.RecvKind, render(c.Recv), render(c.Ctx), render(c.Query), len(c.Args))
	if c.Spread {
		b.WriteString("...")
	}
	fmt.Fprintf(&b, " dest=%s table=%s", render(c.Dest), dash(c.Table))
	if c.Via != nil {
		fmt.Fprintf(&b, " via=%s", c.Via.Name())
	}
	if len(c.Chain) > 0 {
		var names []string
		for _, cc := range c.Chain {
			names = append(names, cc.Fun.(*ast.SelectorExpr).Sel.Name)
		}
		fmt.Fprintf(&b, " chain=%s", strings.Join(names, ","))
	}
	if len(c.Clauses) > 0 {
		fmt.Fprintf(&b, " clauses=%d", len(c.Clauses))
	}
	if c.TxFunc != nil {
		b.WriteString(" txfunc")
	}
	if c.Tx != nil {
		fmt.Fprintf(&b, " intx=%s", c.Tx.Method)
	}
	if st := describeStmt(c); st != "" {
		b.WriteString(" stmt=" + st)
	}
	fmt.Fprintf(&b, " use=%s", describeUse(c.Use))
	return b.String()
}

// describeStmt summarises Stmt: KIND[/where:a,b][/or][/set:a][/conflict:..]
// [/lock:..][/returning][/limit:n][/partial]; "" when there is none.
func describeStmt(c *dbcall.Call) string {
	st := c.Stmt
	if st.Kind == sqlparse.KindUnknown && !c.SQL.Found {
		return ""
	}
	parts := []string{st.Kind.String()}
	if st.Table != "" && st.Table != c.Table {
		parts = append(parts, "table:"+st.Table)
	}
	if len(st.Where) > 0 {
		var cols []string
		for _, w := range st.Where {
			cols = append(cols, w.Column)
		}
		parts = append(parts, "where:"+strings.Join(cols, ","))
	}
	if st.WhereHasOr {
		parts = append(parts, "or")
	}
	for _, k := range st.Keysets {
		parts = append(parts, "keyset:"+strings.Join(k.Columns, ",")+plain(k.Op))
	}
	if len(st.Set) > 0 {
		var cols []string
		for _, w := range st.Set {
			cols = append(cols, w.Column+"="+plain(strings.Trim(w.Value, "'")))
		}
		parts = append(parts, "set:"+strings.Join(cols, ","))
	}
	if st.Conflict != sqlparse.ConflictNone {
		parts = append(parts, "conflict:"+strings.ReplaceAll(strings.ToLower(st.Conflict.String()), " ", ""))
	}
	if st.Lock != sqlparse.LockNone {
		parts = append(parts, "lock:"+strings.ReplaceAll(strings.ToLower(st.Lock.String()), " ", ""))
	}
	if st.HasReturning {
		parts = append(parts, "returning")
	}
	if st.Limit != "" {
		parts = append(parts, "limit:"+st.Limit)
	}
	if st.Partial {
		parts = append(parts, "partial")
	}
	if c.Prepared != nil {
		parts = append(parts, "prepared")
	}
	return strings.Join(parts, "/")
}

// plain replaces regexp metacharacters so descriptions can be matched
// literally: $ -> D, ? -> Q, + -> P, others -> _.
func plain(s string) string {
	return strings.NewReplacer("$", "D", "?", "Q", "+", "P", "*", "_", "(", "_", ")", "_", "[", "_", "]", "_", "|", "_", "^", "_", ".", "_", "{", "_", "}", "_", "\\", "_", " ", "").Replace(s)
}

func describeUse(u dbcall.Use) string {
	var parts []string
	if u.Scan != nil {
		parts = append(parts, "scan")
	}
	if u.GormError {
		parts = append(parts, "gormerr")
	}
	if u.GormRowsAffected {
		parts = append(parts, "gormrows")
	}
	switch {
	case u.Result != nil:
		parts = append(parts, "res="+u.Result.Name())
	case u.ResultDiscarded:
		parts = append(parts, "res=_")
	}
	switch {
	case u.Err != nil:
		parts = append(parts, "err="+u.Err.Name())
	case u.ErrDiscarded:
		parts = append(parts, "err=_")
	}
	if u.Returned {
		parts = append(parts, "ret")
	}
	if len(parts) == 0 {
		return "inline"
	}
	return strings.Join(parts, ",")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// render prints an expression without regexp metacharacters: calls as f#,
// string literals as lit, composite literals as T{}, &x as &x.
func render(e ast.Expr) string {
	switch e := e.(type) {
	case nil:
		return "-"
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return render(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return render(e.Fun) + "#"
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			return "lit"
		}
		return e.Value
	case *ast.UnaryExpr:
		return e.Op.String() + render(e.X)
	case *ast.CompositeLit:
		return render(e.Type) + "{}"
	case *ast.ParenExpr:
		return render(e.X)
	case *ast.IndexExpr:
		return render(e.X) + "_" + render(e.Index)
	case *ast.ArrayType:
		return "slice_" + render(e.Elt)
	case *ast.StarExpr:
		return "ptr_" + render(e.X)
	case *ast.BinaryExpr:
		return render(e.X) + "_" + render(e.Y)
	case *ast.FuncLit:
		return "func"
	}
	return fmt.Sprintf("%T", e)
}

// TestCalls checks every fixture package in one analysistest run (loading
// is the slow part): database/sql, pgx, sqlx, GORM, wrappers, sqlc-style and
// look-alike interfaces, near-misses that must stay silent, and Use shapes.
func TestCalls(t *testing.T) {
	testutil.Run(t, describe, "sqlcalls", "pgxcalls", "sqlxcalls", "gormcalls", "wrappers", "ifaces", "nearmiss", "uses", "sqltexts", "sqlsources", "xwrap/db", "xwrap/svc")
}

// TestBadInput: code that does not type-check must not crash the index, and
// the well-typed calls in it are still recognised.
func TestBadInput(t *testing.T) {
	const src = `package bad

import (
	"context"
	"database/sql"
)

func f(ctx context.Context, db *sql.DB) {
	db.ExecContext(ctx, "DELETE FROM t")
	db.ExecContext(undefined, "x")
	db.NoSuchMethod(ctx)
	var x notAType
	x.Exec("DELETE")
	undefinedFunc(db).QueryRow("SELECT 1")
	db.QueryRowContext(ctx).Scan()
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "bad.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Error: func(error) {}}
	_, _ = conf.Check("bad", fset, []*ast.File{f}, info)
	ix := dbcall.NewIndex(info, []*ast.File{f})
	var got []string
	for _, c := range ix.Calls() {
		got = append(got, c.Method)
	}
	// ExecContext twice (the second with an undefined ctx), QueryRowContext
	// with missing arguments (its Query is nil).
	if want := "ExecContext ExecContext QueryRowContext"; strings.Join(got, " ") != want {
		t.Errorf("calls = %q, want %q", strings.Join(got, " "), want)
	}
	if c := ix.Calls()[2]; c.Query != nil || c.Ctx == nil {
		t.Errorf("QueryRowContext(ctx): Query = %v, Ctx = %v; want nil, ctx", c.Query, c.Ctx)
	}
	// nil inputs
	if dbcall.Match(nil, nil) != nil || dbcall.Match(info, nil) != nil {
		t.Error("Match(nil...) != nil")
	}
	if (*dbcall.Index)(nil).Match(nil) != nil || (*dbcall.Index)(nil).Calls() != nil {
		t.Error("nil Index")
	}
	if u := dbcall.UseOf(info, nil); u != (dbcall.Use{}) {
		t.Error("UseOf(nil stack) not zero")
	}
}

// TestCallsIn checks CallsIn and Enclosing on a stdlib-only package.
func TestCallsIn(t *testing.T) {
	const src = `package p

import (
	"context"
	"database/sql"
)

func a(ctx context.Context, db *sql.DB) {
	db.ExecContext(ctx, "DELETE FROM a")
	func() { db.ExecContext(ctx, "DELETE FROM b") }()
}

func b(ctx context.Context, db *sql.DB) {
	db.ExecContext(ctx, "DELETE FROM c")
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	ix := dbcall.NewIndex(info, []*ast.File{f})
	tables := func(cs []*dbcall.Call) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Table)
		}
		return strings.Join(out, ",")
	}
	fa, fb := f.Decls[1].(*ast.FuncDecl), f.Decls[2].(*ast.FuncDecl)
	if got := tables(ix.CallsIn(fa)); got != "a,b" {
		t.Errorf("CallsIn(a) = %s, want a,b", got)
	}
	if got := tables(ix.CallsIn(fb)); got != "c" {
		t.Errorf("CallsIn(b) = %s, want c", got)
	}
	if got := tables(ix.CallsIn(f)); got != "a,b,c" {
		t.Errorf("CallsIn(file) = %s, want a,b,c", got)
	}
	calls := ix.Calls()
	if calls[0].Enclosing != fa || calls[2].Enclosing != fb {
		t.Error("Enclosing of top-level calls is not their FuncDecl")
	}
	if _, ok := calls[1].Enclosing.(*ast.FuncLit); !ok {
		t.Errorf("Enclosing of the closure's call = %T, want *ast.FuncLit", calls[1].Enclosing)
	}
}
