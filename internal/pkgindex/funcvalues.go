package pkgindex

import (
	"go/ast"
	"go/types"
)

// FuncValue is a function or method of any package used as a value in this
// one: passed as an argument, stored, returned (start("nightly", n.Run),
// job{fn: sendDigest}), not called where it is named.
type FuncValue struct {
	Expr ast.Expr // the identifier or selector (n.Run, pkg.F) naming it
	Func *types.Func
}

// FuncValues lists the package's function values in source order.
//
// A call through a value of function type (j.fn(ctx, now), fn(ctx)) can run
// any function of its type that the package lets escape as a value: the
// package's own function values of the call's type are its callees
// (x/tools' CHA resolves dynamic calls the same way, over the whole
// program; here it is the package, where a function value is usually both
// made and called).
func (ix *Index) FuncValues() []FuncValue {
	ix.once.funcValues.Do(func() {
		for c := range ix.Insp.Root().Preorder((*ast.Ident)(nil)) {
			id := c.Node().(*ast.Ident)
			fn, ok := ix.Info.Uses[id].(*types.Func)
			if !ok {
				continue
			}
			var e ast.Expr = id
			p := c.Parent()
			if sel, ok := p.Node().(*ast.SelectorExpr); ok {
				if sel.Sel != id {
					continue
				}
				e, p = sel, p.Parent()
			}
			switch ie := p.Node().(type) {
			case *ast.IndexExpr: // an instantiation, f[T]
				if ie.X == e {
					e, p = ie, p.Parent()
				}
			case *ast.IndexListExpr:
				if ie.X == e {
					e, p = ie, p.Parent()
				}
			}
			for p.Valid() {
				if _, ok := p.Node().(*ast.ParenExpr); !ok {
					break
				}
				p = p.Parent()
			}
			if call, ok := p.Node().(*ast.CallExpr); ok && ast.Unparen(call.Fun) == e {
				continue // called where it is named
			}
			ix.funcValues = append(ix.funcValues, FuncValue{Expr: e, Func: fn})
		}
	})
	return ix.funcValues
}

// FuncValuesOf lists the function values (FuncValues) whose type is
// identical to sig: the callees a call through a value of type sig can have
// in the package.
func (ix *Index) FuncValuesOf(sig *types.Signature) []FuncValue {
	var out []FuncValue
	for _, fv := range ix.FuncValues() {
		if t := ix.Info.TypeOf(fv.Expr); t != nil && types.Identical(t, sig) {
			out = append(out, fv)
		}
	}
	return out
}
