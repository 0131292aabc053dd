package dbcall

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// WrapperFact carries a query wrapper to the packages that import it:
// func (d *DB) Exists(ctx context.Context, q string, args ...any) (bool,
// error) in a package db, called from a service package with the SQL in a
// constant of its own. The fact says which parameters are the query, the
// context, the handle, the destination and the bind arguments, what the
// wrapped call is, how the wrapper rewrites the query (a constant prefix
// and suffix: "SELECT EXISTS (" + q + ")"), and what it does with the
// wrapped call's result. GORM wrappers whose query is a Where fragment are
// not exported (their SQL is synthesised from the chain inside).
type WrapperFact struct {
	Query, Ctx, Recv, Dest, Args int
	Lib                          Lib
	Op                           Op
	Method                       string
	RecvKind                     RecvKind
	Prefix, Suffix               string
	// Result is what the wrapper does with the wrapped call's result
	// (sql.Result, rows): returned to the caller, discarded, or used
	// inside (consulted: the wrapper decides on it itself).
	Result WrapperResult
}

// WrapperResult says what a wrapper does with the wrapped call's result.
type WrapperResult uint8

const (
	ResultConsulted WrapperResult = iota // used inside the wrapper
	ResultReturned                       // returned to the caller
	ResultDiscarded                      // dropped
)

func (*WrapperFact) AFact() {}

func (f *WrapperFact) String() string { return "dbwrapper " + f.Method }

// wrapperFact describes w for export, or nil when it cannot travel.
func wrapperFact(w *Wrapper, use Use) *WrapperFact {
	in := w.Inner
	if in == nil || w.Func == nil || !w.Func.Exported() {
		return nil
	}
	if in.Lib == LibGORM && !in.gormRawSQL() {
		return nil
	}
	f := &WrapperFact{
		Query: w.Query, Ctx: w.Ctx, Recv: w.Recv, Dest: w.Dest, Args: w.Args,
		Lib: in.Lib, Op: in.Op, Method: in.Method, RecvKind: in.RecvKind,
		Prefix: w.Prefix, Suffix: w.Suffix,
	}
	if in.Via != nil && in.Fact == nil {
		// A wrapper of a package-local wrapper: the innermost call's kind.
		base := in
		for base.Inner != nil {
			base = base.Inner
		}
		f.Lib, f.Op, f.Method, f.RecvKind = base.Lib, base.Op, base.Method, base.RecvKind
	}
	switch {
	case use.Returned:
		f.Result = ResultReturned
	case use.ResultDiscarded:
		f.Result = ResultDiscarded
	}
	return f
}

// exportWrapperFacts exports a fact for each of the package's exported
// wrappers.
func (ix *Index) exportWrapperFacts(export func(types.Object, *WrapperFact)) {
	for _, w := range ix.Wrappers() {
		var use Use
		if w.Inner != nil {
			use = ix.UseOf(w.Inner.Expr)
			if !use.Returned && use.Result != nil && w.Decl != nil && onlyReturned(ix.info, w.Decl.Body, use.Result) {
				use.Returned = true // tag, err := d.pool.Exec(...); log; return tag, err
			}
		}
		if f := wrapperFact(w, use); f != nil {
			export(w.Func, f)
		}
	}
}

// viaImported matches a call to another package's wrapper that carries a
// WrapperFact.
func (ix *Index) viaImported(call *ast.CallExpr, fn *types.Func) *Call {
	if ix.imported == nil || fn.Pkg() == nil {
		return nil
	}
	f := ix.imported(fn.Origin())
	if f == nil || f.Query >= len(call.Args) {
		return nil
	}
	c := &Call{
		Expr: call, Lib: f.Lib, Op: f.Op, Method: f.Method, RecvKind: f.RecvKind,
		Query: argAt(call, f.Query), Via: fn.Origin(), Fact: f,
	}
	if c.Query == nil {
		return nil
	}
	ix.bindWrapperArgs(c, call, f.Recv, f.Ctx, f.Dest, f.Args)
	ix.m.fillWrapperSQL(c)
	return c
}

// affixedParam returns the parameter index of a query expression that is
// a parameter with constant strings concatenated before and after it
// ("SELECT EXISTS (" + q + ")"), and those strings.
func affixedParam(info *types.Info, e ast.Expr, paramOf func(ast.Expr) int) (q int, prefix, suffix string) {
	var parts []ast.Expr
	var flatten func(e ast.Expr) bool
	flatten = func(e ast.Expr) bool {
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.ADD {
			return flatten(b.X) && flatten(b.Y)
		}
		parts = append(parts, e)
		return true
	}
	flatten(e)
	q = -1
	for _, p := range parts {
		if s, ok := typesx.StringConst(info, p); ok {
			if q < 0 {
				prefix += s
			} else {
				suffix += s
			}
			continue
		}
		if i := paramOf(p); i >= 0 && q < 0 {
			q = i
			continue
		}
		return -1, "", ""
	}
	return q, prefix, suffix
}

// onlyReturned reports whether every use of v in body is a result of a
// return statement (return tag, err): the wrapper hands the value back
// untouched.
func onlyReturned(info *types.Info, body *ast.BlockStmt, v types.Object) bool {
	uses, returned := 0, 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if info.Uses[n] == v {
				uses++
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if id, ok := ast.Unparen(r).(*ast.Ident); ok && info.Uses[id] == v {
					returned++
				}
			}
		}
		return true
	})
	return uses > 0 && uses == returned
}

// QueryTableFact carries a query lookup function (sqltext.QueryTable:
// func Q(name string) string over the "-- name: x" blocks of an embedded
// .sql file) to the packages that import it, with its table: there
// db.Q("referral_insert") is that query's text. Names and Texts are
// parallel and sorted by name, so the fact's encoding is deterministic.
type QueryTableFact struct {
	Param        int
	Names, Texts []string
}

func (*QueryTableFact) AFact() {}

func (f *QueryTableFact) String() string {
	return fmt.Sprintf("query table (%d queries)", len(f.Names))
}

func newQueryTableFact(qt sqltext.QueryTable) *QueryTableFact {
	f := &QueryTableFact{Param: qt.Param}
	for name := range qt.Queries {
		f.Names = append(f.Names, name)
	}
	sort.Strings(f.Names)
	for _, name := range f.Names {
		f.Texts = append(f.Texts, qt.Queries[name])
	}
	return f
}

// table is the fact's queries by name.
func (f *QueryTableFact) table() map[string]string {
	m := make(map[string]string, len(f.Names))
	for i, name := range f.Names {
		if i < len(f.Texts) {
			m[name] = f.Texts[i]
		}
	}
	return m
}
