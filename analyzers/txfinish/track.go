package txfinish

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/cfg"
)

// tracker answers, for one transaction variable in one function, which
// nodes finish it or hand it off.
type tracker struct {
	c    *checker
	g    *flow.Graph
	fn   ast.Node // *ast.FuncDecl or *ast.FuncLit
	sig  *types.Signature
	tx   types.Object
	kind txKind
	// err is the Begin's error variable (nil for MustBegin, GORM, or a
	// discarded error); begin is the Begin call.
	err   types.Object
	begin ast.Node
	// noErr: the Begin has no error result (MustBegin, GORM): its
	// transaction is usable right after it.
	noErr bool
	depth int

	finishers []ast.Node // top-level nodes holding a Commit or Rollback of tx
	found     bool
}

func (c *checker) newTracker(g *flow.Graph, fn ast.Node, tx types.Object, kind txKind, depth int) *tracker {
	return &tracker{c: c, g: g, fn: fn, sig: c.enclosingSig(fn), tx: tx, kind: kind, depth: depth}
}

// use is what one occurrence of the transaction variable does with it.
type use uint8

const (
	useNone   use = iota // a method other than Commit/Rollback, a field, a nil test, an assignment to it
	useFinish            // tx.Commit(...) or tx.Rollback(...)
	usePass              // an argument of a call: the callee's summary decides
	useEscape            // returned, stored, sent, aliased: ownership may move
)

// classify says what the occurrence id of tx does; for usePass it returns
// the call and the argument index.
func (t *tracker) classify(id *ast.Ident) (use, *ast.CallExpr, int) {
	p, child := t.c.ix.ParentUnparen(id)
	// The embedded transaction of a wrapper (sqlx.Tx's *sql.Tx): tx.Tx.Commit().
	for {
		se, ok := p.(*ast.SelectorExpr)
		if !ok || se.X != child {
			break
		}
		if s := t.c.info.Selections[se]; s == nil || s.Kind() != types.FieldVal || kindOf(s.Type()) == notTx {
			break
		}
		p, child = t.c.ix.ParentUnparen(se)
	}
	if t.kind == gormTx {
		// tx.Statement.ConnPool.(*sql.Tx): the GORM transaction's own
		// *sql.Tx, reached through fields and an assertion, is the
		// transaction too (dtm's barrier.Call(tx.Statement.ConnPool.(*sql.Tx), ...)).
		e, q := ast.Expr(child.(ast.Expr)), p
		for {
			if se, ok := q.(*ast.SelectorExpr); ok && se.X == e {
				if s := t.c.info.Selections[se]; s != nil && s.Kind() == types.FieldVal {
					e = se
					q, _ = t.c.ix.ParentUnparen(se)
					continue
				}
			}
			if ta, ok := q.(*ast.TypeAssertExpr); ok && ta.X == e && ta.Type != nil {
				e = ta
				q, _ = t.c.ix.ParentUnparen(ta)
				continue
			}
			break
		}
		if _, asserted := e.(*ast.TypeAssertExpr); asserted && kindOf(t.c.info.TypeOf(e)) != notTx {
			p, child = q, e
		}
	}
	switch p := p.(type) {
	case *ast.SelectorExpr:
		if p.X != child {
			return useNone, nil, 0
		}
		call, ok := t.c.ix.Parent(p).(*ast.CallExpr)
		if !ok || call.Fun != p {
			if s := t.c.info.Selections[p]; s != nil && s.Kind() == types.MethodVal &&
				(p.Sel.Name == "Commit" || p.Sel.Name == "Rollback") {
				return useFinish, nil, 0 // a method value: rollback := tx.Rollback
			}
			return useNone, nil, 0 // a field (tx.Error) or another method value
		}
		if _, _, ok := t.c.finisherCall(call); ok {
			return useFinish, nil, 0
		}
		// A method of the transaction wrapper that finishes its receiver
		// (trx.MustCommit(), trx.MustRollback()): the receiver is passed.
		if s := t.c.info.Selections[p]; s != nil && s.Kind() == types.MethodVal {
			if fn, ok := s.Obj().(*types.Func); ok {
				switch t.c.recvSummary(fn, t.depth) {
				case finishesAll:
					return useFinish, nil, 0
				case finishesSome:
					return usePass, call, -1
				}
			}
		}
		// GORM chains return the transaction: return tx.Where(...) hands it off.
		if t.kind == gormTx {
			if _, ok := t.c.ix.Parent(call).(*ast.ReturnStmt); ok && kindOf(t.c.info.TypeOf(call)) == gormTx {
				return useEscape, nil, 0
			}
		}
		return useNone, nil, 0
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return useNone, nil, 0
		}
		return useEscape, nil, 0
	case *ast.CallExpr:
		if p.Fun == child {
			return useNone, nil, 0
		}
		if tv, ok := t.c.info.Types[p.Fun]; ok && tv.IsType() {
			return useEscape, nil, 0 // a conversion
		}
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if _, ok := t.c.info.Uses[id].(*types.Builtin); ok {
				if id.Name == "append" {
					return useEscape, nil, 0
				}
				return useNone, nil, 0
			}
		}
		for i, a := range p.Args {
			if a == child {
				return usePass, p, i
			}
		}
		return useNone, nil, 0
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == child {
				return useNone, nil, 0
			}
		}
		return useEscape, nil, 0
	case *ast.IfStmt, *ast.SwitchStmt, *ast.ExprStmt, *ast.IncDecStmt:
		return useNone, nil, 0
	}
	return useEscape, nil, 0
}

// stop is the Stop of the all-paths search: a node that finishes the
// transaction or hands it off. A defer on the path counts: it runs at the
// exit.
func (t *tracker) stop(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.DeferStmt:
		return t.deferFinishes(n)
	case *ast.ReturnStmt:
		// A bare return of a named transaction result hands it to the caller.
		if len(n.Results) == 0 && isNamedResult(t.sig, t.tx) {
			return true
		}
	}
	return t.holds(n, false)
}

// holds reports whether n (a top-level node, or part of a deferred call
// when deferred is set) finishes the transaction or hands it off.
func (t *tracker) holds(n ast.Node, deferred bool) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			if t.litFinishes(m, deferred) {
				found = true
			}
			return false
		case *ast.CallExpr:
			if t.closureFinishes(m) {
				found = true
			}
		case *ast.Ident:
			if t.c.info.Uses[m] != t.tx {
				return true
			}
			switch k, call, i := t.classify(m); k {
			case useFinish:
				found = true
			case usePass:
				switch t.c.summary(call, i, t.depth) {
				case finishesAll, finishesSome:
					found = true
				case borrows:
				default:
					found = deferred || !t.finisherReachable(n)
				}
			case useEscape:
				found = deferred || !t.finisherReachable(n)
			}
		}
		return !found
	})
	return found
}

// litFinishes reports whether a function literal finishes the
// transaction: it calls Commit or Rollback on it, or passes it to a
// function that does. In a deferred literal a Rollback guarded only by
// recover() != nil does not count (it runs on panics, not returns), and a
// hand-off to an unknown function counts.
func (t *tracker) litFinishes(lit *ast.FuncLit, deferred bool) bool {
	found := false
	ast.Inspect(lit.Body, func(m ast.Node) bool {
		if found {
			return false
		}
		id, ok := m.(*ast.Ident)
		if !ok || t.c.info.Uses[id] != t.tx {
			return true
		}
		switch k, call, i := t.classify(id); k {
		case useFinish:
			found = !deferred || !t.recoverGuarded(lit, id)
		case usePass:
			switch t.c.summary(call, i, t.depth) {
			case finishesAll, finishesSome:
				found = !deferred || !t.recoverGuarded(lit, id)
			case borrows:
			default:
				found = deferred
			}
		case useEscape:
			found = deferred
		}
		return !found
	})
	return found
}

// deferFinishes reports whether a deferred call finishes the transaction.
func (t *tracker) deferFinishes(d *ast.DeferStmt) bool {
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		if t.litFinishes(lit, true) {
			return true
		}
		for _, a := range d.Call.Args {
			if t.holds(a, true) {
				return true
			}
		}
		return false
	}
	return t.holds(d.Call, true)
}

// recoverGuarded reports whether node n of lit runs only when a recover()
// returned non-nil (not in the else branch of that test).
func (t *tracker) recoverGuarded(lit *ast.FuncLit, n ast.Node) bool {
	lg := t.c.fp.FuncGraph(lit)
	if lg == nil || !lg.Contains(n) {
		return false
	}
	for _, gd := range lg.Guards(n) {
		for _, s := range flow.Split(gd) {
			// recover() != nil holding: the function is panicking.
			if x, notNil, ok := typesx.NilTest(t.c.info, s.Cond); ok && notNil == s.Holds && t.mentionsRecover(x) {
				return true
			}
		}
	}
	return false
}

// mentionsRecover reports whether e calls recover() or reads a variable
// assigned from it.
func (t *tracker) mentionsRecover(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.CallExpr:
			if t.c.isRecover(m) {
				found = true
			}
		case *ast.Ident:
			if obj := t.c.info.Uses[m]; obj != nil {
				for _, a := range t.c.ix.Assigns(obj) {
					if a.RHS != nil && t.c.isRecover(a.RHS) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// closureFinishes reports whether call calls a local function variable
// whose literal finishes the transaction (rollback := func() { tx.Rollback() }).
func (t *tracker) closureFinishes(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := t.c.info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	for _, a := range t.c.ix.Assigns(v) {
		if lit, ok := ast.Unparen(a.RHS).(*ast.FuncLit); ok && t.litFinishes(lit, false) {
			return true
		}
	}
	return false
}

// finisherReachable reports whether a Commit or Rollback of the
// transaction (direct, deferred or in a closure) can run after n: then the
// function keeps ownership, and handing the transaction to a callee only
// lends it.
func (t *tracker) finisherReachable(n ast.Node) bool {
	if !t.found {
		t.found = true
		for _, id := range t.c.ix.Uses(t.tx) {
			if k, _, _ := t.classify(id); k != useFinish || t.panicOnly(id) {
				continue
			}
			if top := t.topNode(id); top != nil {
				t.finishers = append(t.finishers, top)
			}
		}
	}
	for _, f := range t.finishers {
		if f == n || t.g.Reaches(n, f) {
			return true
		}
	}
	return false
}

// panicOnly reports whether id is in a deferred function literal and runs
// only when recover() returned non-nil: a finisher that runs on panics does
// not keep ownership for the returns (fider's setup middleware stores the
// transaction in its context and guards only panics itself).
func (t *tracker) panicOnly(id *ast.Ident) bool {
	for m := t.c.ix.Parent(id); m != nil && m != t.fn; m = t.c.ix.Parent(m) {
		lit, ok := m.(*ast.FuncLit)
		if !ok {
			continue
		}
		call, ok := t.c.ix.Parent(lit).(*ast.CallExpr)
		if !ok || call.Fun != lit {
			return false
		}
		if _, ok := t.c.ix.Parent(call).(*ast.DeferStmt); !ok {
			return false
		}
		return t.recoverGuarded(lit, id)
	}
	return false
}

// topNode returns the top-level node of the graph that holds n (walking out
// of function literals), nil when there is none.
func (t *tracker) topNode(n ast.Node) ast.Node {
	for m := n; m != nil; m = t.c.ix.Parent(m) {
		if l, ok := t.g.Loc(m); ok {
			return l.Block.Nodes[l.Index]
		}
		if m == t.fn {
			return nil
		}
	}
	return nil
}

// edge prunes the branches on which no transaction is open: tx == nil, and
// the Begin's own error check (err != nil, or tx.Error != nil for GORM).
func (t *tracker) edge(gd flow.Guard) bool {
	for _, s := range flow.Split(gd) {
		x, notNil, ok := typesx.NilTest(t.c.info, s.Cond)
		if !ok {
			continue
		}
		isNonNil := notNil == s.Holds
		if obj := typesx.ObjectOf(t.c.info, x); obj != nil && obj == t.tx && !isNonNil {
			return false
		}
		if isNonNil && t.begin != nil && t.isBeginErr(x) && t.isBeginCheck(gd.Block) {
			return false
		}
	}
	return true
}

// isBeginErr reports whether x is the Begin's error: its error variable,
// GORM's tx.Error, or a variable assigned once from tx.Error.
func (t *tracker) isBeginErr(x ast.Expr) bool {
	if obj := typesx.ObjectOf(t.c.info, x); obj != nil {
		if t.err != nil && obj == t.err {
			return true
		}
		if t.kind == gormTx {
			if as := t.c.ix.Assigns(obj); len(as) == 1 && as[0].RHS != nil && t.isTxError(as[0].RHS) {
				return true
			}
		}
	}
	return t.kind == gormTx && t.isTxError(x)
}

func (t *tracker) isTxError(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Error" && typesx.ObjectOf(t.c.info, sel.X) == t.tx
}

// mapsErr reports an assignment of the Begin's error from a call given
// that error (err = processPostgresError(err), err = fmt.Errorf("begin:
// %w", err)): it is still the Begin's error, translated.
func (t *tracker) mapsErr(rhs ast.Expr, v types.Object) bool {
	if rhs == nil || v == nil || v == types.Object(t.tx) {
		return false
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return false
	}
	for _, arg := range call.Args {
		if typesx.ObjectOf(t.c.info, arg) == v {
			return true
		}
	}
	return false
}

// isBeginCheck reports whether the condition ending block b is the check
// of the Begin's error: the Begin reaches it and nothing assigns the error
// variable (for GORM, the transaction) in between.
func (t *tracker) isBeginCheck(b *cfg.Block) bool {
	if len(b.Nodes) == 0 {
		return false
	}
	cond := b.Nodes[len(b.Nodes)-1]
	bl, ok := t.g.Loc(t.begin)
	if !ok {
		return false
	}
	v := t.err
	if v == nil {
		v = t.tx
	}
	beginTop := bl.Block.Nodes[bl.Index]
	if bl.Block == b && bl.Index < len(b.Nodes)-1 {
		for _, a := range t.c.ix.Assigns(v) {
			if t.mapsErr(a.RHS, v) {
				continue
			}
			if top := t.topNode(a.Node); top != nil && top != beginTop {
				if l, ok := t.g.Loc(top); ok && l.Block == b && l.Index > bl.Index {
					return false
				}
			}
		}
		return true
	}
	if !t.g.Reaches(t.begin, cond) {
		return false
	}
	for _, a := range t.c.ix.Assigns(v) {
		if t.mapsErr(a.RHS, v) {
			continue
		}
		if top := t.topNode(a.Node); top != nil && top != beginTop && t.g.Reaches(beginTop, top) && t.g.Reaches(top, cond) {
			return false
		}
	}
	return true
}
