package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/cfg"
)

type loopKind int

const (
	forLoop loopKind = iota
	gotoLoop
	recursion
)

// loop is what a retry wait goes round: a natural loop of the function's
// control-flow graph (a for or range statement, or a backward goto), or,
// when no loop holds the wait, a function that calls itself.
type loop struct {
	g  *flow.Graph
	ix *pkgindex.Index
	nl *flow.Loop // nil for recursion
	fn ast.Node   // the enclosing *ast.FuncDecl or *ast.FuncLit

	self      *types.Func               // recursion: the function
	selfCalls []*ast.CallExpr           // recursion: its calls of itself
	growing   map[types.Object]ast.Node // recursion: parameters that change from call to call

	waits []*wait
}

func (l *loop) kind() loopKind {
	switch {
	case l.nl == nil:
		return recursion
	case l.nl.Stmt == nil:
		return gotoLoop
	}
	return forLoop
}

// blocks are the blocks that repeat: the loop's, or the whole function's for
// recursion.
func (l *loop) blocks() []*cfg.Block {
	var out []*cfg.Block
	for _, b := range l.g.Blocks() {
		if b.Live && (l.nl == nil || l.nl.Has(b)) {
			out = append(out, b)
		}
	}
	return out
}

// in reports whether n lies in the part of the loop that repeats: a block
// of the loop (a node inside a function literal counts where the literal
// is; a range statement's key and value are assigned in its head), or
// anywhere in the function for recursion.
func (l *loop) in(n ast.Node) bool {
	if l.nl == nil {
		return within(n, l.fn)
	}
	if rs, ok := n.(*ast.RangeStmt); ok {
		if rl := l.g.LoopFor(rs); rl != nil {
			return l.nl.Has(rl.Head)
		}
	}
	return l.nl.Has(l.blockOf(n))
}

// blockOf returns the block n runs in; for a node inside a function literal,
// the block of the outermost literal within the loop's function.
func (l *loop) blockOf(n ast.Node) *cfg.Block {
	if b := l.g.Block(n); b != nil {
		return b
	}
	var lit ast.Node
	for f := l.ix.EnclosingFunc(n); f != nil && f != l.fn; f = l.ix.EnclosingFunc(f) {
		lit = f
	}
	if lit == nil {
		return nil
	}
	return l.g.Block(lit)
}

func within(n, outer ast.Node) bool {
	return n.Pos() >= outer.Pos() && n.End() <= outer.End()
}

// checkFunc finds the retry loops of one function (declaration or literal).
func (a *checker) checkFunc(fn ast.Node) {
	body, _ := pkgindex.FuncBody(fn)
	var waits []*wait
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if w := a.waitOf(n); w != nil {
				waits = append(waits, w)
			}
		case *ast.UnaryExpr:
			if w := a.tickWait(n); w != nil {
				waits = append(waits, w)
			}
		case *ast.RangeStmt:
			// for range ticker.C: each time round waits for a tick first.
			if w := a.tickChan(n.X); w != nil {
				w.ranged = n
				waits = append(waits, w)
			}
		}
		return true
	})
	// Transactions retried with no wait: the calls that run a serializable
	// one (the loop around them is checked even without a wait).
	var txs []*ast.CallExpr
	if a.hasSerializable() {
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if a.serializableOp(n) != nil {
					txs = append(txs, n)
				}
			}
			return true
		})
	}
	if len(waits) == 0 && len(txs) == 0 {
		return
	}
	g := a.flow.Graph(body)
	loops := map[*flow.Loop]*loop{}
	var order []*loop
	var rec *loop
	recDone := false
	for _, w := range waits {
		w.block = a.waitBlock(g, w)
		if w.block == nil {
			continue // dead code
		}
		var l *loop
		if nl := innermost(g, w.block); nl != nil {
			if l = loops[nl]; l == nil {
				l = &loop{g: g, ix: a.ix, nl: nl, fn: fn}
				loops[nl] = l
				order = append(order, l)
			}
		} else {
			if !recDone {
				recDone = true
				if rec = a.recursion(g, fn); rec != nil {
					order = append(order, rec)
				}
			}
			if l = rec; l == nil {
				continue
			}
		}
		l.waits = append(l.waits, w)
	}
	for _, c := range txs {
		if nl := innermost(g, g.Block(c)); nl != nil && loops[nl] == nil {
			l := &loop{g: g, ix: a.ix, nl: nl, fn: fn}
			loops[nl] = l
			order = append(order, l)
		}
	}
	for _, l := range order {
		a.checkLoop(l)
	}
}

// innermost returns the innermost natural loop holding b.
func innermost(g *flow.Graph, b *cfg.Block) *flow.Loop {
	var in *flow.Loop
	for _, l := range g.Loops() {
		if l.Has(b) {
			in = l // later loops are nested deeper or disjoint
		}
	}
	return in
}

// waitBlock returns the block where what follows a wait starts: the body of
// its select case when the wait is the case's communication (<-time.After(d)),
// else the wait's own block.
func (a *checker) waitBlock(g *flow.Graph, w *wait) *cfg.Block {
	if w.ranged != nil {
		for _, b := range g.Blocks() {
			if b.Live && b.Kind == cfg.KindRangeBody && b.Stmt == w.ranged {
				return b
			}
		}
		return nil
	}
	if cc := a.commOf(w.call); cc != nil {
		for _, b := range g.Blocks() {
			if b.Live && b.Kind == cfg.KindSelectCaseBody && b.Stmt == cc {
				return b
			}
		}
	}
	return g.Block(w.call)
}

// commOf returns the select case whose communication holds call.
func (a *checker) commOf(call ast.Expr) *ast.CommClause {
	for c, p := ast.Node(call), a.ix.Parent(call); p != nil; c, p = p, a.ix.Parent(p) {
		switch p := p.(type) {
		case *ast.CommClause:
			if c == p.Comm {
				return p
			}
			return nil
		case *ast.ExprStmt, *ast.AssignStmt, *ast.SendStmt:
		case ast.Expr:
			if _, lit := p.(*ast.FuncLit); lit {
				return nil
			}
		default:
			return nil
		}
	}
	return nil
}

// recursion returns fn as a loop when it is a declared function that calls
// itself (pkgindex.CallsTo), nil otherwise.
func (a *checker) recursion(g *flow.Graph, fn ast.Node) *loop {
	fd, ok := fn.(*ast.FuncDecl)
	if !ok {
		return nil
	}
	self, _ := a.info.Defs[fd.Name].(*types.Func)
	if self == nil {
		return nil
	}
	var calls []*ast.CallExpr
	for _, c := range a.ix.CallsTo(self) {
		if a.ix.EnclosingFunc(c) == fd {
			calls = append(calls, c)
		}
	}
	// Mutual recursion through a wait helper: send calls again on failure,
	// again sleeps and calls send (func (r *Relay) again(...) error {
	// time.Sleep(...); return r.send(...) }). The call of again is then
	// both the wait and the call that goes round.
	for _, c := range a.ix.CallsTo(self) {
		caller := a.ix.EnclosingFunc(c)
		cd, ok := caller.(*ast.FuncDecl)
		if !ok || cd == fd {
			continue
		}
		back, _ := a.info.Defs[cd.Name].(*types.Func)
		if back == nil || a.helpers[back] == nil {
			continue
		}
		for _, bc := range a.ix.CallsTo(back) {
			if a.ix.EnclosingFunc(bc) == fd && !slices.Contains(calls, bc) {
				calls = append(calls, bc)
			}
		}
	}
	if len(calls) == 0 {
		return nil
	}
	l := &loop{g: g, ix: a.ix, fn: fd, self: self, selfCalls: calls, growing: map[types.Object]ast.Node{}}
	sig, _ := self.Type().(*types.Signature)
	for _, c := range calls {
		if sig == nil {
			break
		}
		for i := 0; i < sig.Params().Len() && i < len(c.Args); i++ {
			p := sig.Params().At(i)
			if id, ok := ast.Unparen(c.Args[i]).(*ast.Ident); ok && a.info.Uses[id] == p {
				continue
			}
			if _, ok := l.growing[p]; !ok {
				l.growing[p] = c
			}
		}
	}
	return l
}

// guard is a condition a node is reached under.
type guard struct {
	cond ast.Expr
	neg  bool
	info condInfo
	comm bool // a select case receiving from something other than the wait's timer
}

// blockGuards returns the conditions under which block b runs inside l:
// the branch conditions inside the loop that dominate it (flow's Guards:
// if and for conditions, single-expression cases, the negation of earlier
// "if c { return }" and of earlier cases), and the clauses it is in that
// flow has no condition for (type switch cases on the error, cases with
// several expressions, select cases on something other than a timer).
func (a *checker) blockGuards(l *loop, b *cfg.Block, mod func(types.Object) bool) []guard {
	var gs []guard
	for _, gd := range l.g.BlockGuards(b) {
		if l.nl == nil || l.nl.Has(gd.Block) {
			gs = append(gs, a.guardOf(gd, mod))
		}
	}
	for x := b; x != nil; x = l.g.Idom(x) {
		if l.nl != nil && !l.nl.Has(x) {
			break
		}
		if cg, ok := a.clauseGuard(l.g, x, mod); ok {
			gs = append(gs, cg)
		}
	}
	return gs
}

// guardOf reads one of flow's guards (a case of a tagged switch stands for
// tag == expr).
func (a *checker) guardOf(gd flow.Guard, mod func(types.Object) bool) guard {
	cond := gd.Cond
	if gd.Tag != nil {
		cond = &ast.BinaryExpr{X: gd.Tag, Op: token.EQL, Y: gd.Cond, OpPos: gd.Cond.Pos()}
	}
	return guard{cond: cond, neg: !gd.Holds, info: a.condNeg(cond, !gd.Holds, mod)}
}

// clauseGuard returns the condition that holds on entry to x when x is the
// body of a clause flow gives no single condition for.
func (a *checker) clauseGuard(g *flow.Graph, x *cfg.Block, mod func(types.Object) bool) (guard, bool) {
	switch x.Kind {
	case cfg.KindSelectCaseBody:
		cc, _ := x.Stmt.(*ast.CommClause)
		if cc == nil || cc.Comm == nil || a.isTimerComm(cc.Comm) {
			return guard{}, false
		}
		gd := guard{comm: true}
		gd.info.ctx = a.mentionsContext(cc.Comm)
		return gd, true
	case cfg.KindSwitchCaseBody:
		cc, _ := x.Stmt.(*ast.CaseClause)
		if cc == nil {
			return guard{}, false
		}
		if _, ok := a.switchOf(cc).(*ast.SwitchStmt); ok {
			if len(cc.List) < 2 {
				return guard{}, false // flow's guards say it
			}
			// Every way in is one of the clause's expressions holding (no
			// fallthrough into it).
			for _, p := range g.Preds(x) {
				cond, _, ok := g.Cond(p)
				if !ok || p.Succs[0] != x || !slices.Contains(cc.List, cond) {
					return guard{}, false
				}
			}
		}
		return a.caseGuard(cc, mod)
	}
	return guard{}, false
}

// switchOf returns the switch or type switch statement of a case clause.
func (a *checker) switchOf(cc *ast.CaseClause) ast.Node {
	body, ok := a.ix.Parent(cc).(*ast.BlockStmt)
	if !ok {
		return nil
	}
	return a.ix.Parent(body)
}

// caseGuard returns the condition a case clause stands for.
func (a *checker) caseGuard(cc *ast.CaseClause, mod func(types.Object) bool) (guard, bool) {
	switch sw := a.switchOf(cc).(type) {
	case *ast.TypeSwitchStmt:
		x := typeSwitchSubject(sw)
		if x == nil || !a.isError(x) {
			return guard{}, false
		}
		for _, e := range cc.List {
			if typesx.IsNil(a.info, e) {
				return guard{info: condInfo{success: true}}, true
			}
		}
		return guard{info: condInfo{failure: true, classify: true, vars: a.varsIn(x)}}, true
	case *ast.SwitchStmt:
		exprs := cc.List
		neg := false
		if exprs == nil { // default: none of the other cases
			neg = true
			for _, s := range sw.Body.List {
				if o, ok := s.(*ast.CaseClause); ok && o != cc {
					exprs = append(exprs, o.List...)
				}
			}
		}
		var cond ast.Expr
		for _, e := range exprs {
			if sw.Tag != nil {
				e = &ast.BinaryExpr{X: sw.Tag, Op: token.EQL, Y: e, OpPos: e.Pos()}
			}
			if cond == nil {
				cond = e
			} else {
				cond = &ast.BinaryExpr{X: cond, Op: token.LOR, Y: e, OpPos: e.Pos()}
			}
		}
		if cond == nil {
			return guard{}, false
		}
		return guard{cond: cond, neg: neg, info: a.condNeg(cond, neg, mod)}, true
	}
	return guard{}, false
}

// isTimerComm reports whether a select case waits on a timer (or a wait
// helper), rather than on cancellation.
func (a *checker) isTimerComm(comm ast.Stmt) bool {
	timer := false
	ast.Inspect(comm, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if a.waitOf(n) != nil {
				timer = true
			}
		case *ast.SelectorExpr:
			if n.Sel.Name == "C" && (typesx.IsNamedOrPointer(a.info.TypeOf(n.X), "time", "Timer") || typesx.IsNamedOrPointer(a.info.TypeOf(n.X), "time", "Ticker")) {
				timer = true
			}
		}
		return !timer
	})
	return timer
}

// onFailure reports whether the guards imply the operation failed.
func onFailure(gs []guard) bool {
	for _, g := range gs {
		if g.info.failure {
			return true
		}
	}
	return false
}

// goesRound reports whether, after the wait, the loop goes round again: for
// a loop, the wait's block is one of the loop's (it reaches a back edge);
// for recursion, a call of the function can follow it.
func (a *checker) goesRound(l *loop, w *wait) bool {
	if l.nl != nil {
		return l.nl.Has(w.block)
	}
	for _, c := range l.selfCalls {
		if c == w.call {
			return true // a wait helper that calls the function back
		}
		cb := l.g.Block(c)
		switch {
		case cb == nil:
		case w.block == l.g.Block(w.call):
			if l.g.Reaches(w.call, c) {
				return true
			}
		case w.block == cb || l.g.BlockReaches(w.block, cb):
			return true
		}
	}
	return false
}

// callsSelf reports whether n calls l's function.
func (a *checker) callsSelf(n ast.Node, l *loop) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if typesx.Callee(a.info, n) == l.self {
				found = true
			}
		}
		return !found
	})
	return found
}

// exits calls yield with the guards of each way out of l: each edge from a
// block of the loop to a block outside it (a return, a break, a goto out, a
// call that never returns), with the edge's own condition and the clause it
// enters; the loop condition's own exit is left to checkLoop. For recursion,
// the returns that do not call the function again.
func (a *checker) exits(l *loop, mod func(types.Object) bool, yield func([]guard)) {
	if l.nl == nil {
		for _, r := range l.g.Returns() {
			if !a.callsSelf(r, l) {
				yield(a.blockGuards(l, l.g.Block(r), mod))
			}
		}
		return
	}
	for _, b := range l.blocks() {
		if b == l.nl.Head && (b.Kind == cfg.KindForLoop || b.Kind == cfg.KindRangeLoop) {
			continue
		}
		for i, s := range b.Succs {
			if l.nl.Has(s) {
				continue
			}
			var gs []guard
			if len(l.g.Preds(s)) == 1 {
				if cg, ok := a.clauseGuard(l.g, s, mod); ok {
					gs = append(gs, cg)
				}
			}
			if s.Kind == cfg.KindSelectAfterCase {
				// Past a select's last case that goes round again: the
				// clauses from here on leave the loop (case <-n.done:
				// return), each on its own communication.
				if cg, ok := a.afterCaseGuard(l, s, mod); ok {
					gs = append(gs, cg)
				}
			}
			if gd, ok := l.g.Edge(b, i); ok {
				gs = append(gs, a.guardOf(gd, mod))
			}
			yield(append(gs, a.blockGuards(l, b, mod)...))
		}
	}
}

// afterCaseGuard returns the guard of the select clauses that follow s,
// a select's "after case" block outside the loop: a communication guard
// when every clause body reachable from s is one (no timer among them).
func (a *checker) afterCaseGuard(l *loop, s *cfg.Block, mod func(types.Object) bool) (guard, bool) {
	var out guard
	found := false
	for b := s; b != nil && b.Kind == cfg.KindSelectAfterCase; {
		var next *cfg.Block
		for _, x := range b.Succs {
			switch x.Kind {
			case cfg.KindSelectCaseBody:
				cg, ok := a.clauseGuard(l.g, x, mod)
				if !ok {
					return guard{}, false
				}
				if !found {
					out, found = cg, true
				}
				out.info.ctx = out.info.ctx && cg.info.ctx
			case cfg.KindSelectAfterCase:
				next = x
			}
		}
		b = next
	}
	return out, found
}

// modified returns the set of objects the loop assigns each time round
// (for recursion: the parameters that change from call to call).
func (a *checker) modified(l *loop) func(types.Object) bool {
	if l.nl == nil {
		return func(obj types.Object) bool {
			_, ok := l.growing[obj]
			return ok
		}
	}
	set := map[types.Object]bool{}
	add := func(e ast.Expr) {
		if v := a.assigned(e); v != nil {
			set[v] = true
		}
	}
	for _, b := range l.blocks() {
		for _, n := range b.Nodes {
			// Function literals included: a closure called in the loop
			// (or run by it) that bumps a counter.
			ast.Inspect(n, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.AssignStmt:
					for _, lhs := range m.Lhs {
						add(lhs)
					}
				case *ast.IncDecStmt:
					add(m.X)
				case *ast.ValueSpec:
					for _, name := range m.Names {
						add(name)
					}
				case *ast.RangeStmt:
					add(m.Key)
					add(m.Value)
				}
				return true
			})
		}
	}
	// Range loops whose head repeats assign their key and value there.
	for _, rl := range l.g.Loops() {
		if rs, ok := rl.Stmt.(*ast.RangeStmt); ok && l.nl.Has(rl.Head) {
			add(rs.Key)
			add(rs.Value)
		}
	}
	return func(obj types.Object) bool { return set[obj] }
}

// assigned returns the variable an assignment to lhs modifies: x, the field
// of x.f, p for *p, and the map or slice variable for m[k].
func (a *checker) assigned(lhs ast.Expr) *types.Var {
	if lhs == nil {
		return nil
	}
	var obj types.Object
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return nil
		}
		obj = a.info.ObjectOf(l)
	case *ast.SelectorExpr:
		obj = a.info.ObjectOf(l.Sel)
	case *ast.StarExpr:
		if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
			obj = a.info.ObjectOf(id)
		}
	case *ast.IndexExpr:
		if id := rootIdent(l.X); id != nil {
			obj = a.info.ObjectOf(id)
		}
	}
	v, _ := obj.(*types.Var)
	return v
}

// round is how a loop goes round when it does so only after a failure.
type round struct {
	guards []guard    // the guards of every way round
	op     ast.Expr   // the operation whose failure the first way tests
	ops    []ast.Expr // the operations the ways test, op first
}

// roundOnFailure returns how l goes round when every way back to its head
// (each latch; for a for statement's post statement, each way into it) is
// taken only after the operation failed, nil otherwise.
func (a *checker) roundOnFailure(l *loop, mod func(types.Object) bool) *round {
	if l.nl == nil {
		return nil
	}
	type way struct {
		from *cfg.Block
		to   *cfg.Block
	}
	var ways []way
	for _, b := range l.nl.Latches {
		if b.Kind == cfg.KindForPost {
			for _, p := range l.g.Preds(b) {
				if l.nl.Has(p) {
					ways = append(ways, way{p, b})
				}
			}
			continue
		}
		ways = append(ways, way{b, l.nl.Head})
	}
	var all []guard
	var ops []ast.Expr
	for _, w := range ways {
		gs := a.blockGuards(l, w.from, mod)
		for i, s := range w.from.Succs {
			if s == w.to {
				if gd, ok := l.g.Edge(w.from, i); ok {
					gs = append(gs, a.guardOf(gd, mod))
				}
			}
		}
		if !onFailure(gs) {
			return nil
		}
		all = append(all, gs...)
		if o := a.operation(gs, l); o != nil && !slices.Contains(ops, o) {
			ops = append(ops, o)
		}
	}
	if len(ops) == 0 {
		return nil
	}
	return &round{guards: all, op: ops[0], ops: ops}
}

// reachesInIteration reports whether w can run after one of ops in one
// pass through l's body (without going back through its head).
func (a *checker) reachesInIteration(l *loop, ops []ast.Expr, w *wait) bool {
	for _, op := range ops {
		if a.reachesAfter(l, op, w) {
			return true
		}
	}
	return false
}

func (a *checker) reachesAfter(l *loop, op ast.Node, w *wait) bool {
	from := l.blockOf(op)
	if from == nil {
		return true
	}
	if from == w.block && w.ranged != nil {
		return false // the range's tick comes first
	}
	if from == w.block {
		lo, ok1 := l.g.Loc(op)
		lw, ok2 := l.g.Loc(w.call)
		return !ok1 || !ok2 || lw.Block != from || lo.Index <= lw.Index
	}
	seen := map[*cfg.Block]bool{}
	stack := append([]*cfg.Block(nil), from.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] || b == l.nl.Head || !l.nl.Has(b) {
			continue
		}
		if b == w.block {
			return true
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return false
}
