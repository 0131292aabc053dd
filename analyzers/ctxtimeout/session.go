package ctxtimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Timeouts set in SQL (outbound.SetsTimeout): a transaction or connection
// that runs SET [LOCAL] statement_timeout (lock_timeout, MySQL's
// max_execution_time) has the server end the statements after it, so a
// call on that session with no deadline of its own still ends. The check
// treats such a call as bounded when, in the same function, a SET of the
// kind runs on the same session variable, holding the same value, on every
// path to the call (it dominates the call). The SET itself and the call
// that begins a session whose first call is such a SET (BeginTx, Conn,
// Acquire) are bounded too: the SET returns at once, and a session that
// bounds everything it runs is what the code meant to write; its wait for
// a connection is the pool's (every other session's statements ending).

// sessionBounded reports whether the database call is bounded by a
// timeout its session sets in SQL.
func (c *checker) sessionBounded(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) bool {
	if oc.Kind != outbound.SQL && oc.Kind != outbound.Pgx {
		return false
	}
	if _, ok := c.setsTimeout(call, oc); ok {
		return true // the SET itself returns at once
	}
	if v := c.sessionVar(fi, oc.Recv); v != nil && c.setBefore(fi, v, call) {
		return true
	}
	if v, d := c.beginsSession(fi, call); v != nil && c.setAfterBegin(fi, v, d) {
		return true
	}
	// Another SET (search_path, the isolation level) before the timeout
	// SET of a session that sets one first: it returns at once too.
	if v := c.sessionVar(fi, oc.Recv); v != nil && c.isSetCall(call) {
		if ds := fi.reaching(v, call); len(ds) == 1 && c.setAfterBegin(fi, v, ds[0]) {
			return true
		}
	}
	return false
}

// setsTimeout reports whether call runs a statement that sets a session
// timeout, and whether that statement is SET LOCAL.
func (c *checker) setsTimeout(call *ast.CallExpr, oc outbound.Call) (local, ok bool) {
	s, isConst := c.constSQL(call, oc)
	if !isConst {
		return false, false
	}
	ok, local = outbound.SetsTimeout(s)
	return local, ok
}

// constSQL returns the constant SQL text a database call runs.
func (c *checker) constSQL(call *ast.CallExpr, oc outbound.Call) (string, bool) {
	i := 0
	if oc.CtxArg >= 0 {
		i = oc.CtxArg + 1
	} else if oc.ContextForm == "" {
		return "", false
	}
	if i >= len(call.Args) {
		return "", false
	}
	return typesx.StringConst(c.info, call.Args[i])
}

// isSetCall reports whether call runs a SET statement (or set_config): it
// returns at once, so running it before the timeout SET waits for nothing.
func (c *checker) isSetCall(call *ast.CallExpr) bool {
	oc, ok := outbound.Classify(c.info, call)
	if !ok {
		return false
	}
	s, ok := c.constSQL(call, oc)
	return ok && outbound.IsSet(s)
}

// sessionVar returns the local variable of a session type (a transaction
// or a connection) that the receiver expression recv names, or nil.
func (c *checker) sessionVar(fi *funcInfo, recv ast.Expr) *types.Var {
	id, ok := ast.Unparen(recv).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || !fi.isLocal(v) {
		return nil
	}
	if s, _ := outbound.IsSession(v.Type()); !s {
		return nil
	}
	return v
}

// setCalls returns the calls in fn (the function or literal that holds
// them) that run a timeout SET on the session variable v and hold for it:
// not SET LOCAL on a connection that is not a transaction.
func (c *checker) setCalls(v *types.Var, fn ast.Node) []*ast.CallExpr {
	_, tx := outbound.IsSession(v.Type())
	var out []*ast.CallExpr
	for _, id := range c.ix.Uses(v) {
		sel, ok := c.ix.Parent(id).(*ast.SelectorExpr)
		if !ok || sel.X != id {
			continue
		}
		call, ok := c.ix.Parent(sel).(*ast.CallExpr)
		if !ok || call.Fun != sel || c.ix.EnclosingFunc(call) != fn {
			continue
		}
		oc, ok := outbound.Classify(c.info, call)
		if !ok {
			continue
		}
		if local, ok := c.setsTimeout(call, oc); ok && (tx || !local) {
			out = append(out, call)
		}
	}
	return out
}

// setBefore reports whether a timeout SET on v dominates call, with the
// same definitions of v reaching both (the same session).
func (c *checker) setBefore(fi *funcInfo, v *types.Var, call *ast.CallExpr) bool {
	fn := c.ix.EnclosingFunc(call)
	g := c.fp.FuncGraph(fn)
	if g == nil {
		return false
	}
	at := fi.reaching(v, call)
	if len(at) == 0 {
		return false
	}
	for _, set := range c.setCalls(v, fn) {
		if g.Dominates(set, call) && sameDefs(fi.reaching(v, set), at) {
			return true
		}
	}
	return false
}

// beginsSession returns the session variable call's result is assigned
// to (tx, err := db.BeginTx(ctx, nil)) and that assignment's definition.
func (c *checker) beginsSession(fi *funcInfo, call *ast.CallExpr) (*types.Var, *def) {
	as, ok := c.ix.Parent(call).(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || as.Rhs[0] != call || len(as.Lhs) == 0 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
		return nil, nil
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return nil, nil
	}
	v, ok := c.info.ObjectOf(id).(*types.Var)
	if !ok || !fi.isLocal(v) {
		return nil, nil
	}
	if s, _ := outbound.IsSession(v.Type()); !s {
		return nil, nil
	}
	for _, d := range fi.defsOf(v) {
		if d.node == ast.Node(as) {
			return v, d
		}
	}
	return nil, nil
}

// setAfterBegin reports whether the session that definition d of v
// begins first runs a timeout SET: a SET that only d reaches and that
// dominates every other call on the session d begins (deferred calls
// aside: a deferred Rollback runs last).
func (c *checker) setAfterBegin(fi *funcInfo, v *types.Var, d *def) bool {
	fn := c.ix.EnclosingFunc(d.node)
	g := c.fp.FuncGraph(fn)
	if g == nil {
		return false
	}
	only := func(n ast.Node) bool {
		ds := fi.reaching(v, n)
		return len(ds) == 1 && ds[0] == d
	}
	for _, set := range c.setCalls(v, fn) {
		if !only(set) {
			continue
		}
		first := true
		for _, id := range c.ix.Uses(v) {
			sel, ok := c.ix.Parent(id).(*ast.SelectorExpr)
			if !ok || sel.X != id {
				continue
			}
			call, ok := c.ix.Parent(sel).(*ast.CallExpr)
			if !ok || call == set || call.Fun != sel {
				continue
			}
			if _, deferred := c.ix.Parent(call).(*ast.DeferStmt); deferred {
				continue
			}
			if c.isSetCall(call) {
				continue // another SET before it: returns at once
			}
			ds := fi.reaching(v, call)
			for _, x := range ds {
				if x == d && !g.Dominates(set, call) {
					first = false
				}
			}
		}
		if first {
			return true
		}
	}
	return false
}

func sameDefs(a, b []*def) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// A pool opened with a statement timeout: a connection string that sets
// statement_timeout (sql.Open, pgxpool.New, pgx.Connect, through
// constants and local variables, or a pgx config parsed from one), or a
// pgx config whose RuntimeParams["statement_timeout"] the function that
// opens the pool sets, gives every session of the pool that timeout. A
// call is bounded when every way its receiver can come from - local
// variables, fields and package variables set only in this package, the
// package's constructors, sessions begun on a pool - is such an open. An
// embedded database (sql.Open("sqlite3", path)) is bounded too: no server.

// poolBounded reports whether the database handle e (evaluated in fi; idx
// its index in a tuple-valued expression, or -1) comes only from opens
// with a statement timeout.
func (c *checker) poolBounded(e ast.Expr, idx int, fi *funcInfo, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.AND && c.poolBounded(e.X, -1, fi, depth+1)
	case *ast.StarExpr:
		return c.poolBounded(e.X, -1, fi, depth+1)
	case *ast.CallExpr:
		if idx > 0 {
			return false // the error
		}
		fn := typesx.Callee(c.info, e)
		if o, ok := outbound.Opens(fn); ok {
			if o.Driver >= 0 && o.Driver < len(e.Args) {
				if d, ok := typesx.StringConst(c.info, e.Args[o.Driver]); ok && outbound.EmbeddedDriver(d) {
					return true // SQLite: no server to wait on
				}
			}
			switch {
			case o.DSN >= 0 && o.DSN < len(e.Args):
				return c.dsnBounded(e.Args[o.DSN], fi, depth+1)
			case o.Config >= 0 && o.Config < len(e.Args):
				return c.configBounded(e.Args[o.Config], fi, depth+1)
			case o.Wraps >= 0 && o.Wraps < len(e.Args):
				return c.poolBounded(e.Args[o.Wraps], -1, fi, depth+1)
			}
			return false
		}
		// A session begun on a pool: pool.Begin(ctx), db.Conn(ctx).
		if oc, ok := outbound.Classify(c.info, e); ok && oc.Recv != nil && (oc.Kind == outbound.SQL || oc.Kind == outbound.Pgx) {
			if sig, ok := fn.Type().(*types.Signature); ok && sig.Results().Len() > 0 {
				if s, _ := outbound.IsSession(sig.Results().At(0).Type()); s {
					return c.poolBounded(oc.Recv, -1, fi, depth+1)
				}
			}
			return false
		}
		if fn != nil {
			if callee := c.byObj[fn.Origin()]; callee != nil {
				return c.returnsBounded(callee, max(idx, 0), depth+1)
			}
		}
	case *ast.SelectorExpr:
		if v := c.objOf(e); v != nil {
			return c.objPoolBounded(v, depth+1)
		}
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		if c.isPkgVar(v) {
			return c.objPoolBounded(v, depth+1)
		}
		if fi == nil {
			return false
		}
		ds := fi.defsOf(v)
		if len(ds) == 0 {
			return false
		}
		for _, d := range ds {
			if d.kind != defAssign || !c.poolBounded(d.rhs, d.idx, fi, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// objPoolBounded is poolBounded for a field or package-level variable:
// every store into it in the package, and none from outside.
func (c *checker) objPoolBounded(v *types.Var, depth int) bool {
	if b, ok := c.poolMemo[v]; ok {
		return b
	}
	if c.poolMemo == nil {
		c.poolMemo = map[*types.Var]bool{}
	}
	c.poolMemo[v] = false // a cycle bounds nothing
	if c.visibleOutside(v) {
		return false
	}
	stores, _ := c.storesOf(v)
	b := len(stores) > 0
	for _, s := range stores {
		if s.expr == nil || !c.poolBounded(s.expr, s.idx, s.fi, depth) {
			b = false
			break
		}
	}
	c.poolMemo[v] = b
	return b
}

// returnsBounded is poolBounded for result idx of the package's function
// fi: every return that can run (a nil returned with an error opens
// nothing).
func (c *checker) returnsBounded(fi *funcInfo, idx, depth int) bool {
	g := c.fp.FuncGraph(fi.decl)
	if g == nil {
		return false
	}
	n := 0
	for _, r := range g.Returns() {
		var e ast.Expr
		i := -1
		switch {
		case len(r.Results) == 1:
			e = r.Results[0]
			if idx > 0 {
				i = idx
			}
		case idx < len(r.Results):
			e = r.Results[idx]
		default:
			return false // named results
		}
		if typesx.IsNil(c.info, e) {
			continue
		}
		if !c.poolBounded(e, i, fi, depth) {
			return false
		}
		n++
	}
	return n > 0
}

// dsnBounded reports whether the connection string e sets a statement
// timeout: a constant, a constant appended last (dsn + "&statement_timeout=5000"),
// or a local variable every definition of which is one.
func (c *checker) dsnBounded(e ast.Expr, fi *funcInfo, depth int) bool {
	if s, ok := typesx.StringConst(c.info, e); ok {
		return outbound.DSNSetsTimeout(s)
	}
	if depth > 8 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if s, ok := typesx.StringConst(c.info, e.Y); ok && e.Op == token.ADD {
			return outbound.DSNSetsTimeout(s)
		}
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || fi == nil {
			return false
		}
		ds := fi.defsOf(v)
		if len(ds) == 0 {
			return false
		}
		for _, d := range ds {
			if d.kind != defAssign || d.idx >= 0 || !c.dsnBounded(d.rhs, fi, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// configBounded reports whether the pgx config e gives its sessions a
// statement timeout: it is a local variable parsed from a connection
// string that sets one, or whose RuntimeParams["statement_timeout"] the
// function sets.
func (c *checker) configBounded(e ast.Expr, fi *funcInfo, depth int) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if st, ok := e.(*ast.StarExpr); ok {
		e = ast.Unparen(st.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok || fi == nil {
		return false
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	ds := fi.defsOf(v)
	if len(ds) == 0 {
		return false
	}
	if c.runtimeParamSet(fi, v) {
		return true
	}
	for _, d := range ds {
		if d.kind != defAssign || !c.poolBounded(d.rhs, d.idx, fi, depth+1) {
			return false
		}
	}
	return true
}

// runtimeParamSet reports whether fi sets a statement timeout among the
// runtime parameters of the config v: v[.ConnConfig].RuntimeParams["statement_timeout"] = "5s",
// or RuntimeParams = map[string]string{"statement_timeout": "5s"}, or an
// AfterConnect hook that sets it on every connection (hookSetsTimeout).
func (c *checker) runtimeParamSet(fi *funcInfo, v *types.Var) bool {
	for _, id := range c.ix.Uses(v) {
		if !within(fi.decl, id.Pos()) {
			continue
		}
		var n ast.Node = id
		for {
			sel, ok := c.ix.Parent(n).(*ast.SelectorExpr)
			if !ok || sel.X != n {
				break
			}
			n = sel
			if sel.Sel.Name == "AfterConnect" {
				// config.AfterConnect = func(ctx, conn) error { ...; conn.Exec(ctx,
				// "SET statement_timeout = 30000") }: every connection of the
				// pool runs it before it is used (hatchet's loader).
				if as, ok := c.ix.Parent(sel).(*ast.AssignStmt); ok && len(as.Lhs) == 1 && as.Lhs[0] == sel && len(as.Rhs) == 1 && c.hookSetsTimeout(as.Rhs[0]) {
					return true
				}
				break
			}
			if sel.Sel.Name != "RuntimeParams" {
				continue
			}
			switch p := c.ix.Parent(sel).(type) {
			case *ast.IndexExpr:
				k, ok1 := typesx.StringConst(c.info, p.Index)
				if as, ok := c.ix.Parent(p).(*ast.AssignStmt); ok1 && ok && len(as.Lhs) == 1 && as.Lhs[0] == p && len(as.Rhs) == 1 {
					if val, ok := typesx.StringConst(c.info, as.Rhs[0]); ok && outbound.RuntimeParamTimeout(k, val) {
						return true
					}
				}
			case *ast.AssignStmt:
				if len(p.Lhs) == 1 && p.Lhs[0] == sel && len(p.Rhs) == 1 {
					if lit, ok := ast.Unparen(p.Rhs[0]).(*ast.CompositeLit); ok {
						for _, elt := range lit.Elts {
							kv, ok := elt.(*ast.KeyValueExpr)
							if !ok {
								continue
							}
							k, ok1 := typesx.StringConst(c.info, kv.Key)
							val, ok2 := typesx.StringConst(c.info, kv.Value)
							if ok1 && ok2 && outbound.RuntimeParamTimeout(k, val) {
								return true
							}
						}
					}
				}
			}
			break
		}
	}
	return false
}

// hookSetsTimeout reports whether the connection hook e (a function
// literal, a local variable given one, or a function of the package) runs a
// session-wide SET statement_timeout (not SET LOCAL) in a statement at the
// top level of its body, not under a condition.
func (c *checker) hookSetsTimeout(e ast.Expr) bool {
	var body *ast.BlockStmt
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		body = x.Body
	case *ast.Ident:
		if fn, ok := c.info.Uses[x].(*types.Func); ok {
			if fi := c.byObj[fn]; fi != nil {
				body = fi.decl.Body
			}
			break
		}
		if vs, ok := c.ix.LocalValues(x); ok && len(vs) == 1 {
			if lit, ok := ast.Unparen(vs[0]).(*ast.FuncLit); ok {
				body = lit.Body
			}
		}
	}
	if body == nil {
		return false
	}
	for _, st := range body.List {
		call := typesx.StmtCall(st)
		if call == nil {
			continue
		}
		if oc, ok := outbound.Classify(c.info, call); ok {
			if local, ok := c.setsTimeout(call, oc); ok && !local {
				return true
			}
		}
	}
	return false
}

// sqlBounded reports whether a database call is bounded by a timeout set
// outside Go: by its session (sessionBounded) or by its pool's
// connection string or config (poolBounded).
func (c *checker) sqlBounded(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) bool {
	if oc.Kind != outbound.SQL && oc.Kind != outbound.Pgx {
		return false
	}
	return c.sessionBounded(fi, call, oc) || oc.Recv != nil && c.poolBounded(oc.Recv, -1, fi, 0)
}
