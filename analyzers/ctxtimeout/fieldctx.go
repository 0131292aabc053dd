package ctxtimeout

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A context kept in a struct field: a constructor stores
// context.Background() into it, and the methods later pass it to outbound
// calls. Every call made with it carries no deadline.

// fieldCtx classifies a context read from the struct field v: the
// context.Background() or context.TODO() calls that every store into v
// makes, when this package makes all the stores (v is not reachable from
// other packages) and each stores such a call, directly or through a
// local variable of the storing function that holds only such calls. A
// context derived from one (WithCancel: a lifetime context the type
// cancels on Close), a parameter, or anything else makes the field one
// the check cannot see.
func (c *checker) fieldCtx(v *types.Var) ctxClass { return memoized(&c.fieldCtxMemo, v, c.fieldCtxOf) }

// memoized returns f(k), computed once per key and kept in *m.
func memoized[K comparable, V any](m *map[K]V, k K, f func(K) V) V {
	if v, ok := (*m)[k]; ok {
		return v
	}
	v := f(k)
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
	return v
}

func (c *checker) fieldCtxOf(v *types.Var) ctxClass {
	if !v.IsField() || v.Pkg() != c.pass.Pkg || !typesx.IsContext(v.Type()) || c.visibleOutside(v) {
		return otherClass
	}
	stores, _ := c.storesOf(v)
	if len(stores) == 0 {
		return otherClass
	}
	var cls ctxClass
	for _, s := range stores {
		roots, ok := c.rootCalls(s.expr, s.idx, s.fi)
		if !ok {
			return otherClass
		}
		cls.merge(ctxClass{roots: roots})
	}
	return cls
}

// rootCalls returns the context.Background() or TODO() calls that e (in
// fi) certainly is: the call itself, or a local variable all of whose
// definitions are such calls.
func (c *checker) rootCalls(e ast.Expr, idx int, fi *funcInfo) ([]ast.Node, bool) {
	if e == nil || idx >= 0 {
		return nil, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if outbound.ContextOp(c.info, e) == outbound.CtxRoot {
			return []ast.Node{e}, true
		}
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || fi == nil || fi.mutated(v) {
			return nil, false
		}
		ds := fi.defsOf(v)
		if len(ds) == 0 {
			return nil, false
		}
		var out []ast.Node
		for _, d := range ds {
			call, ok := ast.Unparen(d.rhs).(*ast.CallExpr)
			if d.kind != defAssign || d.idx >= 0 || !ok || outbound.ContextOp(c.info, call) != outbound.CtxRoot {
				return nil, false
			}
			out = append(out, call)
		}
		return out, true
	}
	return nil, false
}
