package txfinish

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

const pathGORM = "gorm.io/gorm"

// txKind is the shape of a transaction type's Commit and Rollback.
type txKind uint8

const (
	notTx   txKind = iota
	plainTx        // Commit() error, Rollback() error: database/sql, sqlx, bbolt, wrappers
	ctxTx          // Commit(ctx) error, Rollback(ctx) error: pgx, pgxpool
	gormTx         // *gorm.DB: Commit() *DB, Rollback() *DB
)

// kindOf classifies a type by its Commit and Rollback methods: a value is a
// transaction when it has both, with the same shape (no arguments or a
// context, one error result), or when it is a *gorm.DB.
func kindOf(t types.Type) txKind {
	if t == nil {
		return notTx
	}
	if typesx.IsPointerToNamed(t, pathGORM, "DB") {
		return gormTx
	}
	c := methodShape(t, "Commit")
	if c == notTx || methodShape(t, "Rollback") != c {
		return notTx
	}
	return c
}

// methodShape returns plainTx for a method name() error, ctxTx for
// name(context.Context) error, notTx otherwise.
func methodShape(t types.Type, name string) txKind {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return notTx
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 1 || !typesx.IsError(sig.Results().At(0).Type()) {
		return notTx
	}
	switch sig.Params().Len() {
	case 0:
		return plainTx
	case 1:
		if typesx.IsContext(sig.Params().At(0).Type()) {
			return ctxTx
		}
	}
	return notTx
}

// isBeginName reports the names of functions that start a transaction:
// Begin, BeginTx, Beginx, BeginTxx, MustBegin, MustBeginTx, and wrappers
// such as beginTx or BeginReadTx. BeginFunc-style callbacks are not
// included (they finish the transaction themselves).
func isBeginName(name string) bool {
	for _, p := range []string{"Begin", "begin", "MustBegin", "mustBegin"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return !strings.Contains(rest, "Func")
		}
	}
	return false
}

// beginKind reports whether call starts a transaction and of which kind:
// its callee is named like a Begin and returns a transaction (and maybe an
// error), or is a package-local function that returns a transaction it
// began (getTxAndContext() (*gorm.DB, context.Context)). A Begin on a
// transaction (pgx's savepoint pseudo-transactions) is not one; GORM's
// Begin on a *gorm.DB is.
func (c *checker) beginKind(call *ast.CallExpr) (txKind, *types.Signature) {
	b := c.beginOf(call)
	return b.kind, b.sig
}

// beginInfo says which results of a Begin hold the transaction and the error.
type beginInfo struct {
	kind txKind
	sig  *types.Signature
	tx   int // result index of the transaction
	err  int // result index of the error, -1 when none
}

func (c *checker) beginOf(call *ast.CallExpr) beginInfo {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return beginInfo{}
	}
	if isBeginName(fn.Name()) {
		return namedBegin(fn)
	}
	return c.wrapperBegin(fn, 0)
}

// namedBegin recognises a library Begin, or any function named like one
// that returns (tx) or (tx, error).
func namedBegin(fn *types.Func) beginInfo {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return beginInfo{}
	}
	res := sig.Results()
	b := beginInfo{sig: sig, err: -1}
	switch res.Len() {
	case 1:
	case 2:
		if !typesx.IsError(res.At(1).Type()) {
			return beginInfo{}
		}
		b.err = 1
	default:
		return beginInfo{}
	}
	k := kindOf(res.At(0).Type())
	if k == notTx || (k == gormTx && res.Len() != 1) {
		return beginInfo{}
	}
	if recv := sig.Recv(); recv != nil && k != gormTx && kindOf(recv.Type()) != notTx {
		return beginInfo{} // a savepoint on a transaction
	}
	b.kind = k
	return b
}

// wrapperBegin recognises a package-local function every return of which
// gives, at one transaction-typed result, nil or a transaction it began.
func (c *checker) wrapperBegin(fn *types.Func, depth int) beginInfo {
	fn = fn.Origin()
	if b, ok := c.wrappers[fn]; ok {
		return b
	}
	c.wrappers[fn] = beginInfo{} // while computing, and when it is none
	decl := c.ix.Decl(fn)
	sig, ok := fn.Type().(*types.Signature)
	if decl == nil || decl.Body == nil || !ok || depth > maxDepth {
		return beginInfo{}
	}
	b := beginInfo{sig: sig, tx: -1, err: -1}
	res := sig.Results()
	for i := range res.Len() {
		if k := kindOf(res.At(i).Type()); k != notTx {
			if b.tx >= 0 {
				return beginInfo{} // two transactions
			}
			b.tx, b.kind = i, k
		}
	}
	if b.tx < 0 {
		return beginInfo{}
	}
	if n := res.Len(); n > 1 && typesx.IsError(res.At(n-1).Type()) {
		b.err = n - 1
	}
	// begun reports whether every assignment of v is the transaction of a Begin.
	begun := func(v types.Object) bool {
		as := c.ix.Assigns(v)
		if len(as) == 0 {
			return false
		}
		for _, a := range as {
			e, idx := a.RHS, 0
			if e == nil {
				e, idx = a.Tuple, a.Index
			}
			call, ok := ast.Unparen(e).(*ast.CallExpr)
			if !ok {
				return false
			}
			cb := c.beginOfDepth(call, depth+1)
			if cb.kind == notTx || cb.tx != idx {
				return false
			}
		}
		return true
	}
	found, ok := false, true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == 0:
				if !begun(res.At(b.tx)) {
					ok = false
				}
				found = true
			case len(n.Results) == res.Len():
				e := n.Results[b.tx]
				if typesx.IsNil(c.info, e) {
					return true
				}
				if v := typesx.ObjectOf(c.info, e); v == nil || !begun(v) {
					ok = false
				}
				found = true
			default:
				ok = false // return f(): forwarding another call's results
			}
		}
		return true
	})
	if !ok || !found {
		return beginInfo{}
	}
	c.wrappers[fn] = b
	return b
}

func (c *checker) beginOfDepth(call *ast.CallExpr, depth int) beginInfo {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return beginInfo{}
	}
	if isBeginName(fn.Name()) {
		return namedBegin(fn)
	}
	return c.wrapperBegin(fn, depth)
}

// finisherCall reports whether call is x.Commit(...) or x.Rollback(...) on a
// transaction, and returns x and the method's name.
func (c *checker) finisherCall(call *ast.CallExpr) (ast.Expr, string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Commit" && sel.Sel.Name != "Rollback") {
		return nil, "", false
	}
	if kindOf(c.info.TypeOf(sel.X)) == notTx {
		return nil, "", false
	}
	if s := c.info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
		return nil, "", false
	}
	return sel.X, sel.Sel.Name, true
}

// isRecover reports whether e calls the builtin recover.
func (c *checker) isRecover(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && typesx.IsBuiltin(c.info, call, "recover")
}

// enclosingSig is the signature of a *ast.FuncDecl or *ast.FuncLit.
func (c *checker) enclosingSig(fn ast.Node) *types.Signature {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := c.info.Defs[fn.Name].(*types.Func); ok {
			sig, _ := obj.Type().(*types.Signature)
			return sig
		}
	case *ast.FuncLit:
		sig, _ := c.info.TypeOf(fn).(*types.Signature)
		return sig
	}
	return nil
}

// isNamedResult reports whether v is a named result of sig.
func isNamedResult(sig *types.Signature, v types.Object) bool {
	if sig == nil || v == nil {
		return false
	}
	for i := range sig.Results().Len() {
		if sig.Results().At(i) == v {
			return true
		}
	}
	return false
}
