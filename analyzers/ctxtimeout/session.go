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
	return false
}

// setsTimeout reports whether call runs a statement that sets a session
// timeout, and whether that statement is SET LOCAL.
func (c *checker) setsTimeout(call *ast.CallExpr, oc outbound.Call) (local, ok bool) {
	i := 0
	if oc.CtxArg >= 0 {
		i = oc.CtxArg + 1
	} else if oc.ContextForm == "" {
		return false, false
	}
	if i >= len(call.Args) {
		return false, false
	}
	s, isConst := typesx.StringConst(c.info, call.Args[i])
	if !isConst {
		return false, false
	}
	ok, local = outbound.SetsTimeout(s)
	return local, ok
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
