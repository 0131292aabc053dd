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
// error). A Begin on a transaction (pgx's savepoint pseudo-transactions) is
// not one; GORM's Begin on a *gorm.DB is.
func (c *checker) beginKind(call *ast.CallExpr) (txKind, *types.Signature) {
	fn := typesx.Callee(c.info, call)
	if fn == nil || !isBeginName(fn.Name()) {
		return notTx, nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return notTx, nil
	}
	res := sig.Results()
	switch res.Len() {
	case 1:
	case 2:
		if !typesx.IsError(res.At(1).Type()) {
			return notTx, nil
		}
	default:
		return notTx, nil
	}
	k := kindOf(res.At(0).Type())
	if k == notTx {
		return notTx, nil
	}
	if k == gormTx && res.Len() != 1 {
		return notTx, nil
	}
	if recv := sig.Recv(); recv != nil && k != gormTx && kindOf(recv.Type()) != notTx {
		return notTx, nil // a savepoint on a transaction
	}
	return k, sig
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

// nilTest reports whether cond compares x with nil, and whether it holding
// means x is not nil (x != nil).
func nilTest(info *types.Info, cond ast.Expr) (x ast.Expr, notNil, ok bool) {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return nil, false, false
	}
	switch be.Op.String() {
	case "!=", "==":
	default:
		return nil, false, false
	}
	switch {
	case typesx.IsNil(info, be.Y):
		x = be.X
	case typesx.IsNil(info, be.X):
		x = be.Y
	default:
		return nil, false, false
	}
	return ast.Unparen(x), be.Op.String() == "!=", true
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
