package txfinish

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// readOnly reports whether the transaction in v only reads: it was begun
// with TxOptions{ReadOnly: true}, or every use of it runs a SELECT (by the
// SQL text dbcall recovers) or lends it to a package-local function that
// only reads from it. A failed Commit of such a transaction loses nothing.
func (c *checker) readOnly(v types.Object, depth int) bool {
	if v == nil || depth > maxDepth {
		return false
	}
	begun := false
	for _, a := range c.ix.Assigns(v) {
		e := a.RHS
		if e == nil {
			e = a.Tuple
		}
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		if k, _ := c.beginKind(call); k == notTx {
			return false
		}
		if c.readOnlyOptions(call) {
			return true
		}
		begun = true
	}
	// A transaction received from the caller may have written there; a
	// parameter of a callee is asked about only for what the callee does.
	if depth == 0 && !begun {
		return false
	}
	uses := c.ix.Uses(v)
	if len(uses) == 0 {
		return false
	}
	t := &tracker{c: c, tx: v, kind: kindOf(v.Type())}
	reads := 0
	if t.kind == gormTx {
		return false // chains: the finisher is not the call on the variable
	}
	for _, id := range uses {
		k, call, i := t.classify(id)
		switch k {
		case useFinish:
			continue
		case usePass:
			if !c.lendsReadOnly(call, i, depth) {
				return false
			}
			reads++
			continue
		case useEscape:
			return false
		}
		// useNone: a nil test, an assignment to it, or a method call.
		sel, ok := c.ix.Parent(id).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		mc, ok := c.ix.Parent(sel).(*ast.CallExpr)
		if !ok || mc.Fun != sel {
			continue
		}
		if !c.selects(mc) {
			return false
		}
		reads++
	}
	return reads > 0 || depth > 0
}

// selects reports whether a DB call runs a SELECT.
func (c *checker) selects(call *ast.CallExpr) bool {
	m := c.db.Match(call)
	if m == nil {
		return false
	}
	switch m.Op {
	case dbcall.OpQuery, dbcall.OpQueryRow, dbcall.OpGet, dbcall.OpSelect:
	default:
		return false
	}
	return m.SQL.Found && m.Stmt.Kind == sqlparse.KindSelect
}

// lendsReadOnly reports whether argument i of call goes to a package-local
// function that only reads from it.
func (c *checker) lendsReadOnly(call *ast.CallExpr, i, depth int) bool {
	fn := typesx.StaticCallee(c.info, call)
	if fn == nil || c.ix.Decl(fn) == nil || i < 0 {
		return false
	}
	sig, ok := fn.Origin().Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() || (sig.Variadic() && i >= sig.Params().Len()-1) {
		return false
	}
	return c.readOnly(sig.Params().At(i), depth+1)
}

// readOnlyOptions reports a Begin given &sql.TxOptions{ReadOnly: true}
// (or pgx.TxOptions{AccessMode: pgx.ReadOnly}).
func (c *checker) readOnlyOptions(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
			a = u.X
		}
		lit, ok := ast.Unparen(a).(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			switch key.Name {
			case "ReadOnly":
				if tv, ok := c.info.Types[kv.Value]; ok && tv.Value != nil && tv.Value.String() == "true" {
					return true
				}
			case "AccessMode":
				if s, ok := typesx.StringConst(c.info, kv.Value); ok && s == "read only" {
					return true
				}
			}
		}
	}
	return false
}
