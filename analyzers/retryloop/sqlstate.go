package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A SERIALIZABLE transaction fails with SQLSTATE 40001 (serialization
// failure) or 40P01 (deadlock; MySQL's 1213) when a concurrent one wins:
// retrying those is the point of its retry loop. Its other errors (a
// constraint violation, a syntax error, a cancelled context) fail the same
// way every time.

// setSerializable matches SQL that makes a transaction serializable.
var setSerializable = regexp.MustCompile(`(?i)\bisolation\s+level\s+serializable\b`)

// isSerializableBegin reports whether call starts (or makes) a serializable
// transaction: it is given options that ask for one (sql.TxOptions{Isolation:
// sql.LevelSerializable}, pgx.TxOptions{IsoLevel: pgx.Serializable}) or SQL
// text that does (SET TRANSACTION ISOLATION LEVEL SERIALIZABLE).
func (a *checker) isSerializableBegin(call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		t := a.info.TypeOf(arg)
		if t == nil {
			continue
		}
		if isTxOptions(t) && a.serializableOptions(arg, 0) {
			return true
		}
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			if s, ok := typesx.StringConst(a.info, arg); ok && containsSerializable(s) && setSerializable.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// isTxOptions reports whether t is a TxOptions struct or a pointer to one
// (database/sql's, pgx's): the only arguments serializableOptions accepts.
func isTxOptions(t types.Type) bool {
	n, ok := types.Unalias(typesx.Deref(t)).(*types.Named)
	return ok && n.Obj().Name() == "TxOptions"
}

// containsSerializable is a fast, allocation-free prefilter for
// setSerializable: s holds "serializable" in any case.
func containsSerializable(s string) bool {
	const w = "serializable"
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i]|0x20 == 's' && strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// serializableOptions reports whether e is transaction options asking for
// the serializable level: a literal, its address, or a local variable
// assigned one once.
func (a *checker) serializableOptions(e ast.Expr, depth int) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return a.serializableOptions(x.X, depth)
		}
	case *ast.Ident:
		if v, ok := a.info.Uses[x].(*types.Var); ok && depth < 2 {
			if init := a.singleInit(v); init != nil {
				return a.serializableOptions(init, depth+1)
			}
		}
	case *ast.CompositeLit:
		t := typesx.Deref(a.info.TypeOf(x))
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj().Name() != "TxOptions" || n.Obj().Pkg() == nil {
			return false
		}
		path := n.Obj().Pkg().Path()
		if path != "database/sql" && !strings.HasPrefix(path, "github.com/jackc/pgx") {
			return false
		}
		for _, elt := range x.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok || key.Name != "Isolation" && key.Name != "IsoLevel" {
				continue
			}
			tv, ok := a.info.Types[kv.Value]
			if !ok || tv.Value == nil {
				continue
			}
			switch tv.Value.Kind() {
			case constant.Int: // sql.LevelSerializable
				if path == "database/sql" {
					if obj, ok := typesx.ObjectOf(a.info, kv.Value).(*types.Const); ok && obj.Name() == "LevelSerializable" {
						return true
					}
					if v, ok := constant.Int64Val(tv.Value); ok && v == sqlLevelSerializable {
						return true
					}
				}
			case constant.String: // pgx.Serializable = "serializable"
				if strings.EqualFold(constant.StringVal(tv.Value), "serializable") {
					return true
				}
			}
		}
	}
	return false
}

// sqlLevelSerializable is database/sql's LevelSerializable.
const sqlLevelSerializable = 6

// runsSerializable reports whether fn, a function of the package, runs a
// serializable transaction and hands its errors back unclassified: it
// starts one (or calls a function that does) and tells no errors apart.
func (a *checker) runsSerializable(fn *types.Func) bool {
	if fn == nil || a.ix.Decl(fn) == nil || !a.hasSerializable() {
		return false
	}
	if a.serialSums == nil {
		a.serialSums = summaries.Compute(a.ix, returnsError,
			func(fn *types.Func, decl *ast.FuncDecl, get func(*types.Func) bool) bool {
				found, classified := false, false
				ast.Inspect(decl.Body, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.CallExpr:
						if a.isSerializableBegin(n) || get(typesx.StaticCallee(a.info, n)) {
							found = true
						}
						if a.isClassifierCall(n, false) {
							classified = true
						}
					case *ast.IfStmt:
						if a.classifies(n.Cond, true) {
							classified = true
						}
					case *ast.TypeAssertExpr:
						if a.isError(n.X) {
							classified = true
						}
					}
					return !classified
				})
				return found && !classified
			},
			func(x, y bool) bool { return x == y })
	}
	s, _ := a.serialSums.Of(fn)
	return s
}

// hasSerializable reports whether the package starts a serializable
// transaction anywhere (a fast path: most packages do not).
func (a *checker) hasSerializable() bool {
	if a.serialAny == 0 {
		a.serialAny = -1
		for _, call := range a.ix.Calls() {
			if a.isSerializableBegin(call) {
				a.serialAny = 1
				break
			}
		}
	}
	return a.serialAny > 0
}

// serializableOp returns the serializable begin behind a retried
// operation, or the operation itself when the begin is in a helper it
// calls: the op is a call of a function that runs one (s.transfer(ctx)), a
// call given a function literal that starts one, or a method of a
// transaction that was started serializable (tx.Commit()) or made so (SET
// TRANSACTION ISOLATION LEVEL SERIALIZABLE on it). nil otherwise.
func (a *checker) serializableOp(op ast.Expr) ast.Node {
	call, ok := op.(*ast.CallExpr)
	if !ok || !a.hasSerializable() {
		return nil
	}
	if a.runsSerializable(typesx.StaticCallee(a.info, call)) {
		return call
	}
	if a.isSerializableBegin(call) {
		return call
	}
	for _, arg := range call.Args {
		if fl, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
			if b := a.serializableIn(fl.Body); b != nil {
				return b
			}
		}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	tx, ok := a.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	for _, s := range a.sitesOf(tx) {
		if c, ok := ast.Unparen(s.rhs).(*ast.CallExpr); ok && s.rhs != nil && a.isSerializableBegin(c) {
			return c
		}
	}
	// tx.Exec("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
	for _, use := range a.ix.Uses(tx) {
		if s, ok := a.ix.Parent(use).(*ast.SelectorExpr); ok && s.X == use {
			if c, ok := a.ix.Parent(s).(*ast.CallExpr); ok && c.Fun == s && a.isSerializableBegin(c) {
				return c
			}
		}
	}
	return nil
}

// serializableIn returns a serializable begin in n (function literals
// included), or a call of a function that runs one.
func (a *checker) serializableIn(n ast.Node) ast.Node {
	var found ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && found == nil {
			if a.isSerializableBegin(call) || a.runsSerializable(typesx.StaticCallee(a.info, call)) {
				found = call
			}
		}
		return found == nil
	})
	return found
}
