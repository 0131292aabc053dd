package selectinsert

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// txInfo describes a transaction handle.
type txInfo struct {
	isoSafe bool // SERIALIZABLE or REPEATABLE READ
}

// findTransactions records the variables and closure parameters that hold
// transactions: results of Begin/BeginTx/Beginx/MustBegin, the parameter of
// pgx.BeginFunc/BeginTxFunc and GORM Transaction callbacks, and the
// parameter of callbacks handed to a package-local helper that opens a
// transaction (withTx(ctx, func(tx *gorm.DB) error {...})).
func (a *checker) findTransactions() {
	txHelpers := map[*types.Func]bool{}
	for _, c := range a.idx.Calls() {
		switch c.Op {
		case dbcall.OpBegin:
			if c.Use.Result != nil {
				a.txObjs[c.Use.Result] = &txInfo{isoSafe: a.isoArgs(c.Expr.Args)}
			}
			a.markTxHelper(c, txHelpers)
		case dbcall.OpBeginFunc, dbcall.OpGormTransaction:
			if lit, ok := ast.Unparen(c.TxFunc).(*ast.FuncLit); ok {
				if p := firstParam(a.info, lit); p != nil {
					a.txObjs[p] = &txInfo{isoSafe: a.isoArgs(c.Expr.Args)}
				}
			}
			a.markTxHelper(c, txHelpers)
		}
	}
	// Callbacks given to package-local transaction helpers, and to any
	// helper (another package's too) whose callback takes a transaction
	// and that is handed isolation options: db.InTx(ctx,
	// &sql.TxOptions{Isolation: sql.LevelSerializable}, func(tx *sql.Tx) error {...}).
	for _, f := range a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !hasFuncLitArg(call) {
				return true // only a callback can receive the transaction
			}
			// A helper named for it (db.SerializableTx(ctx, func(tx pgx.Tx)
			// error {...}), in another package too, that sets the level
			// itself: nothing at the call site says so but its name.
			if a.isoArgs(call.Args) || a.serializableHelper(call) {
				for _, arg := range call.Args {
					if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
						if p := firstParam(a.info, lit); p != nil && a.txObjs[p] == nil && isTxType(p.Type()) {
							a.txObjs[p] = &txInfo{isoSafe: true}
						}
					}
				}
			}
			fn, _ := a.funcOf(call)
			if fn == nil || !txHelpers[fn] {
				return true
			}
			for _, arg := range call.Args {
				if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
					if p := firstParam(a.info, lit); p != nil && a.txObjs[p] == nil {
						a.txObjs[p] = &txInfo{}
					}
				}
			}
			return true
		})
	}
}

func hasFuncLitArg(call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if _, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// markTxHelper records the package-local function that encloses a
// transaction-opening call and receives a callback parameter.
func (a *checker) markTxHelper(c *dbcall.Call, helpers map[*types.Func]bool) {
	fd, ok := c.Enclosing.(*ast.FuncDecl)
	if !ok {
		return
	}
	fn, ok := a.info.Defs[fd.Name].(*types.Func)
	if !ok {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			helpers[fn] = true
		}
	}
}

// isTxType reports a transaction handle's type (outbound.IsSession's
// transactions: database/sql, sqlx, pgx), or *gorm.DB (a GORM transaction
// is a *gorm.DB).
func isTxType(t types.Type) bool {
	_, tx := outbound.IsSession(t)
	return tx || typesx.IsGormDB(t)
}

func firstParam(info *types.Info, lit *ast.FuncLit) types.Object {
	if lit.Type.Params == nil || len(lit.Type.Params.List) == 0 {
		return nil
	}
	f := lit.Type.Params.List[0]
	if len(f.Names) == 0 {
		return nil
	}
	return info.Defs[f.Names[0]]
}

// isoArgs reports transaction options asking for SERIALIZABLE or REPEATABLE
// READ: &sql.TxOptions{Isolation: sql.LevelSerializable},
// pgx.TxOptions{IsoLevel: pgx.Serializable}.
func (a *checker) isoArgs(args []ast.Expr) bool {
	for _, arg := range args {
		if lit, ok := unaddr(arg).(*ast.CompositeLit); ok {
			if a.isoLit(lit) {
				return true
			}
			continue
		}
		// opts := &sql.TxOptions{Isolation: sql.LevelSerializable}: every
		// value the local is given must ask for it.
		if !structValued(a.info.TypeOf(arg)) {
			continue
		}
		if a.pidx.EveryLocalValue(arg, func(v ast.Expr) bool {
			lit, ok := unaddr(v).(*ast.CompositeLit)
			return ok && a.isoLit(lit)
		}) {
			return true
		}
	}
	return false
}

// structValued reports a struct or a pointer to one: what an options
// literal can be.
func structValued(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// isoLit reports a transaction-options literal asking for SERIALIZABLE or
// REPEATABLE READ.
func (a *checker) isoLit(lit *ast.CompositeLit) bool {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || (key.Name != "Isolation" && key.Name != "IsoLevel") {
			continue
		}
		var name string
		switch v := ast.Unparen(kv.Value).(type) {
		case *ast.SelectorExpr:
			name = v.Sel.Name
		case *ast.Ident:
			name = v.Name
		}
		if tv, ok := a.info.Types[kv.Value]; ok && tv.Value != nil {
			name += " " + tv.Value.ExactString()
		}
		low := strings.ToLower(name)
		if strings.Contains(low, "serializable") || strings.Contains(low, "repeatable") {
			return true
		}
	}
	return false
}

// txState says whether a handle is a transaction.
type txState uint8

const (
	txUnknown txState = iota
	txYes
	txNo
)

// handleObj returns the object naming a handle expression: tx in tx.Exec,
// the field db in s.db, the root of a GORM chain.
func (a *checker) handleObj(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return a.info.ObjectOf(e)
	case *ast.SelectorExpr:
		return a.info.ObjectOf(e.Sel)
	case *ast.CallExpr:
		// a GORM chain or tx.WithContext(ctx): the root
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			return a.handleObj(sel.X)
		}
	}
	return nil
}

// txOf classifies the handle of an operation.
func (a *checker) txOf(o *op) (txState, types.Object) {
	obj := a.handleObj(o.recv)
	switch o.recvKind {
	case dbcall.RecvTx:
		return txYes, obj
	case dbcall.RecvDB, dbcall.RecvPool:
		return txNo, obj
	case dbcall.RecvGorm:
		if obj != nil && a.txObjs[obj] != nil {
			return txYes, obj
		}
		return txUnknown, obj
	}
	if obj != nil && a.txObjs[obj] != nil {
		return txYes, obj
	}
	return txUnknown, obj
}

// isoSafe reports an operation on a SERIALIZABLE or REPEATABLE READ
// transaction opened in this package.
func (a *checker) isoSafe(o *op) bool {
	obj := a.handleObj(o.recv)
	if obj == nil {
		return false
	}
	ti := a.txObjs[obj]
	return ti != nil && ti.isoSafe
}

// serializableHelper reports whether call calls a function or method
// named for a serializable (or repeatable-read) transaction:
// SerializableTx, InSerializableTx, RunRepeatableRead.
func (a *checker) serializableHelper(call *ast.CallExpr) bool {
	fn := typesx.Callee(a.info, call)
	return fn != nil && serializableName.MatchString(fn.Name())
}

var serializableName = regexp.MustCompile(`(?i)serializ|repeatableread`)
