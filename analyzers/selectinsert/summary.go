package selectinsert

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/conflict"
	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A summary describes what a package-local function does, for its callers:
// the database operations it performs, the outside effects it has, and,
// when it is one read of a table by key and nothing else (a findByKey or
// exists helper), what its results say about that read.
type summary struct {
	ops     []*op
	effects []effect
	locks   bool
	read    *op
	roles   []role
	busy    bool
	// effectAt: the number of ops that run before the first effect
	// (effect.at for the summary's callers).
	effectAt int
}

// role says what one result of a read helper carries.
type role struct {
	sig       *signal           // a signal of found / not found / error
	sentinels []string          // not-found sentinels the error may be (objKey)
	col       string            // a scalar column value
	fields    map[string]string // struct fields -> columns, for a row
}

const maxSummaryOps = 32

// summary returns the summary of a package-local function.
func (a *checker) summary(fn *types.Func, fd *ast.FuncDecl) *summary {
	if s, ok := a.sums[fn]; ok {
		return s
	}
	s := &summary{busy: true}
	a.sums[fn] = s // recursion sees the partial summary
	a.busy++
	defer func() { a.busy-- }()
	params := paramIndex(a.info, fd)
	handles := conflict.Handles(a.info, fd.Body)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		ops, effs := a.eventsOf(call)
		before := len(s.ops)
		for _, o := range ops {
			if len(s.ops) >= maxSummaryOps {
				break
			}
			c := *o
			c.handled = c.handled || handles
			c.keyParams = make([]int, len(c.keyArgs))
			for i, ka := range c.keyArgs {
				c.keyParams[i] = -1
				if id, ok := ast.Unparen(ka).(*ast.Ident); ok {
					if pi, ok := params[a.info.ObjectOf(id)]; ok {
						c.keyParams[i] = pi
					}
				}
			}
			c.colParams = paramsOf(c.colArgs, params, a.info)
			c.setParams = paramsOf(c.setArgs, params, a.info)
			if c.via == nil {
				c.recvParam = -1
				if obj := a.handleObj(c.recv); obj != nil {
					if i, ok := params[obj]; ok {
						c.recvParam = i
					}
				}
			}
			s.ops = append(s.ops, &c)
			if c.kind == opLock {
				s.locks = true
			}
		}
		if len(effs) > 0 && len(s.effects) == 0 {
			s.effectAt = before + min(effs[0].at, len(ops))
		}
		if len(effs) > 0 && len(s.effects) < 4 {
			s.effects = append(s.effects, effs...)
		}
		if a.isLockCall(call) {
			s.locks = true
		}
		return true
	})
	// One read by key and no write: a read helper.
	var reads []*op
	writes := 0
	for _, o := range s.ops {
		switch {
		case o.kind == opRead:
			reads = append(reads, o)
		case o.kind.isWrite():
			writes++
		}
	}
	if len(reads) == 1 && writes == 0 && reads[0].byKey() && reads[0].shape != shapeRows && !reads[0].lock {
		s.read = reads[0]
		s.roles = a.roles(fn, fd, reads[0])
	}
	s.busy = false
	return s
}

func paramIndex(info *types.Info, fd *ast.FuncDecl) map[types.Object]int {
	out := map[types.Object]int{}
	i := 0
	for _, f := range fd.Type.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, n := range f.Names {
			if obj := info.Defs[n]; obj != nil {
				out[obj] = i
			}
			i++
		}
	}
	return out
}

// roles works out what each result of a read helper says, by walking the
// helper's paths and looking at what it returns after "no row".
func (a *checker) roles(fn *types.Func, fd *ast.FuncDecl, read *op) []role {
	sg, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	res := sg.Results()
	if res.Len() == 0 {
		return nil
	}
	r := a.readCtxOf(read, fd)
	if r == nil {
		return nil
	}
	type ret struct {
		exprs []ast.Expr
		out   outcome
	}
	var rets []ret
	w := &walker{a: a, r: r, h: hooks{ret: func(s state, rs *ast.ReturnStmt) {
		if s.active && len(rs.Results) == res.Len() {
			rets = append(rets, ret{rs.Results, s.out})
		}
	}}}
	w.runFunc(fd)

	roles := make([]role, res.Len())
	for i := 0; i < res.Len(); i++ {
		t := res.At(i).Type()
		var nfExprs, foundExprs []ast.Expr
		for _, rt := range rets {
			if rt.out&oNotFound != 0 && rt.out&oFound == 0 {
				nfExprs = append(nfExprs, rt.exprs[i])
			}
			if rt.out&oFound != 0 {
				foundExprs = append(foundExprs, rt.exprs[i])
			}
		}
		switch u := t.Underlying().(type) {
		case *types.Interface:
			if !types.Identical(t, types.Universe.Lookup("error").Type()) {
				continue
			}
			rl := role{}
			allNil := len(nfExprs) > 0
			for _, e := range nfExprs {
				if typesx.IsNil(a.info, e) {
					continue
				}
				allNil = false
				if obj := objOf(a.info, e); obj != nil {
					if v, ok := obj.(*types.Var); ok && v.Parent() == v.Pkg().Scope() || isNotFoundSentinel(obj) {
						rl.sentinels = append(rl.sentinels, objKey(obj))
					}
				}
			}
			if allNil || read.shape != shapeRow {
				rl.sig = &sigErrOnly
			} else {
				rl.sig = &sigErrNF
			}
			roles[i] = rl
		case *types.Basic:
			switch {
			case u.Info()&types.IsBoolean != 0:
				roles[i] = role{sig: &sigFound}
			case u.Info()&types.IsInteger != 0 && read.shape == shapeCount:
				roles[i] = role{sig: &sigFound}
			default:
				for _, e := range foundExprs {
					if obj := objOf(a.info, e); obj != nil {
						if c, ok := r.colVars[obj]; ok {
							roles[i] = role{col: c}
						}
					}
				}
			}
		case *types.Pointer, *types.Struct:
			rl := role{}
			for _, e := range nfExprs {
				if typesx.IsNil(a.info, e) {
					rl.sig = &sigFound
				}
			}
			for _, e := range foundExprs {
				base := objOf(a.info, unaddr(e))
				if base == nil {
					continue
				}
				for k, c := range r.fieldCol {
					if k.base == base {
						if rl.fields == nil {
							rl.fields = map[string]string{}
						}
						rl.fields[k.field] = c
					}
				}
			}
			roles[i] = rl
		case *types.Slice, *types.Map:
			for _, e := range nfExprs {
				if typesx.IsNil(a.info, e) {
					roles[i] = role{sig: &sigFound}
				}
			}
		}
	}
	return roles
}

// eventsOf returns the database operations and the outside effects of one
// call: a database call, a call to a package-local helper (through its
// summary), or a call to something outside.
func (a *checker) eventsOf(call *ast.CallExpr) ([]*op, []effect) {
	if ev, ok := a.events[call]; ok {
		return ev.ops, ev.effs
	}
	ops, effs := a.eventsOfCall(call)
	if a.busy == 0 {
		// While a summary is being computed, a recursive call sees it
		// partial: only results computed outside summaries are kept.
		a.events[call] = callEvents{ops, effs}
	}
	return ops, effs
}

// opsOf is the database operations of eventsOf without the outside
// effects, which only the walks after a read need: it skips judging every
// other call of a body with no read.
func (a *checker) opsOf(call *ast.CallExpr) []*op {
	if ev, ok := a.events[call]; ok {
		return ev.ops
	}
	if c := a.idx.Match(call); c != nil {
		ops, _ := a.eventsOf(call)
		return ops
	}
	if fn := typesx.Callee(a.info, call); fn != nil && a.summaryOf(fn.Origin()) != nil {
		ops, _ := a.eventsOf(call)
		return ops
	}
	if o := a.roleRepoOp(call); o != nil {
		return []*op{o}
	}
	return nil
}

// callEvents are the results of eventsOf.
type callEvents struct {
	ops  []*op
	effs []effect
}

func (a *checker) eventsOfCall(call *ast.CallExpr) ([]*op, []effect) {
	if c := a.idx.Match(call); c != nil {
		if o := a.opOf(c); o != nil {
			return []*op{o}, nil
		}
		return nil, nil
	}
	if fn := typesx.Callee(a.info, call); fn != nil {
		fn = fn.Origin()
		if s := a.summaryOf(fn); s != nil {
			return a.mapSummary(call, fn, s)
		}
	}
	if o := a.roleRepoOp(call); o != nil {
		return []*op{o}, nil
	}
	if d := a.externalEffect(call); d != "" {
		return nil, []effect{{call: call, what: d}}
	}
	return nil, nil
}

// paramsOf is, for a helper's operation, the columns bound to the helper's
// parameters (params), in column order.
func paramsOf(args map[string]ast.Expr, params map[types.Object]int, info *types.Info) []setParam {
	var out []setParam
	for _, col := range sortedCols(args) {
		if id, ok := ast.Unparen(args[col]).(*ast.Ident); ok {
			if pi, ok := params[info.ObjectOf(id)]; ok {
				out = append(out, setParam{Col: col, Param: pi})
			}
		}
	}
	return out
}

// bindColumns maps a summary's columns bound to helper parameters to the
// call's arguments for them (nil when none is).
func bindColumns(call *ast.CallExpr, ps []setParam) map[string]ast.Expr {
	var out map[string]ast.Expr
	for _, p := range ps {
		if arg := argOf(call, p.Param); arg != nil {
			if out == nil {
				out = map[string]ast.Expr{}
			}
			out[p.Col] = arg
		}
	}
	return out
}

func argOf(call *ast.CallExpr, i int) ast.Expr {
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// isLockCall reports a call that takes a lock: a mutex, a distributed lock.
func (a *checker) isLockCall(call *ast.CallExpr) bool {
	fn := typesx.Callee(a.info, call)
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	switch fn.Name() {
	case "Lock", "TryLock", "LockContext", "TryLockContext", "Acquire", "TryAcquire", "Obtain", "Claim":
		return true
	}
	return false
}

// runsOnce reports a call that runs its function-literal argument exactly
// once before it returns: GORM Transaction, pgx.BeginFunc, a package-local
// transaction helper.
func (a *checker) runsOnce(call *ast.CallExpr) bool {
	if c := a.idx.Match(call); c != nil && c.TxFunc != nil {
		return true
	}
	fn := typesx.Callee(a.info, call)
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "Transaction", "BeginFunc", "BeginTxFunc", "WithTx", "WithTransaction", "InTx", "InTransaction", "RunInTx", "RunInTransaction", "Tx", "Transact", "ExecTx":
		return true
	}
	return false
}

// notFoundPredicate reports a package-local function whose body is
// `return errors.Is(err, sql.ErrNoRows)` or `return err == sql.ErrNoRows`.
func (a *checker) notFoundPredicate(fn *types.Func) bool {
	fd := a.decl(fn.Origin())
	if fd == nil || len(fd.Body.List) != 1 {
		return false
	}
	rs, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(rs.Results) != 1 {
		return false
	}
	found := false
	ast.Inspect(rs.Results[0], func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if obj := objOf(a.info, e); obj != nil && isNotFoundSentinel(obj) {
				found = true
			}
		}
		return !found
	})
	return found
}

// recvKindOf returns the handle kind of an expression passed to a helper.
func (a *checker) recvKindOf(e ast.Expr, fallback dbcall.RecvKind) dbcall.RecvKind {
	t := a.info.TypeOf(e)
	if t == nil {
		return fallback
	}
	type k struct{ path, name string }
	kinds := map[k]dbcall.RecvKind{
		{"database/sql", "DB"}:                      dbcall.RecvDB,
		{"database/sql", "Tx"}:                      dbcall.RecvTx,
		{"database/sql", "Conn"}:                    dbcall.RecvConn,
		{"github.com/jmoiron/sqlx", "DB"}:           dbcall.RecvDB,
		{"github.com/jmoiron/sqlx", "Tx"}:           dbcall.RecvTx,
		{"github.com/jmoiron/sqlx", "Conn"}:         dbcall.RecvConn,
		{"github.com/jackc/pgx/v5", "Tx"}:           dbcall.RecvTx,
		{"github.com/jackc/pgx/v5", "Conn"}:         dbcall.RecvConn,
		{"github.com/jackc/pgx/v5/pgxpool", "Pool"}: dbcall.RecvPool,
		{"github.com/jackc/pgx/v5/pgxpool", "Tx"}:   dbcall.RecvTx,
		{"github.com/jackc/pgx/v5/pgxpool", "Conn"}: dbcall.RecvConn,
		{"gorm.io/gorm", "DB"}:                      dbcall.RecvGorm,
	}
	for key, kind := range kinds {
		if typesx.IsNamedOrPointer(t, key.path, key.name) {
			return kind
		}
	}
	return fallback
}

// mapSummary returns a helper's operations and effects as seen at a call:
// key arguments and handles that were the helper's parameters become the
// caller's arguments.
func (a *checker) mapSummary(call *ast.CallExpr, fn *types.Func, s *summary) ([]*op, []effect) {
	var ops []*op
	for _, so := range s.ops {
		c := *so
		c.call = call
		c.via = fn
		if c.db != nil {
			c.inner, c.db = c.db, nil
		}
		c.stmt = nil
		c.keyArgs = make([]ast.Expr, len(so.keyParams))
		for i, pi := range so.keyParams {
			c.keyArgs[i] = argOf(call, pi)
		}
		c.keyParams = nil
		c.colArgs = bindColumns(call, so.colParams)
		c.setArgs = bindColumns(call, so.setParams)
		if so.recvParam >= 0 {
			c.recv = argOf(call, so.recvParam)
			c.recvKind = a.recvKindOf(c.recv, so.recvKind)
		} else {
			// the helper's own handle (a field): keep its kind, not its identity
			c.recv = nil
		}
		c.recvParam = -1
		c.model = nil
		ops = append(ops, &c)
	}
	var effs []effect
	for _, e := range s.effects {
		e.call = call
		e.inner = true
		e.at = min(s.effectAt, len(ops))
		effs = append(effs, e)
		break
	}
	return ops, effs
}

// summaryOf returns the summary of a function: computed for this package's
// functions, read from the fact exported by its own package otherwise. Nil
// when there is none.
func (a *checker) summaryOf(fn *types.Func) *summary {
	if fn == nil {
		return nil
	}
	if fn.Pkg() == a.pkg {
		fd := a.decl(fn)
		if fd == nil {
			// A repository interface beside its one implementation: the
			// call runs that implementation.
			if impl := a.pidx.SoleImpl(fn); impl != nil {
				if fd := a.decl(impl); fd != nil {
					return a.summary(impl, fd)
				}
			}
			return nil
		}
		return a.summary(fn, fd)
	}
	if s, ok := a.sums[fn]; ok {
		return s
	}
	var s *summary
	var f funcFact
	if a.facts && a.pass.ImportObjectFact(fn, &f) {
		s = f.summary()
	}
	a.sums[fn] = s
	return s
}
