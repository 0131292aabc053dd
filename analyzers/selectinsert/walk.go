package selectinsert

import (
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/faultline-dev/faultline/internal/flow"
)

// The walk of one read is a forward dataflow over the function's control-flow
// graph (internal/flow, over go/cfg), with the outcome lattice of flow.go as
// its fact: node is the transfer of a statement or condition, cond refines
// the fact on the two edges of a branch (classify, and the columns the branch
// checks). Loops are solved to a fixed point, so that what a path does before
// a continue, a goto or a labelled break reaches where the path goes; the
// clauses of a select are separate edges, each entered with the state before
// the select; calls that never return end their block (flow.Package.MayReturn:
// panic, os.Exit, log.Fatal, t.Fatal, and the package's own functions that
// always end in one). A deferred call runs when the function returns, after
// every operation of its path: it can come before no insert or update, so only
// its arguments, evaluated at the defer, are walked.
//
// Hooks report only in a last pass over the converged facts (walker.report),
// never while the analysis iterates.

// walker runs the analysis of one read.
type walker struct {
	a    *checker
	r    *readCtx
	h    hooks
	stop bool
	// report is set for the last pass, over the converged facts: the hooks
	// may report, and the return hook is called.
	report bool
	depth  int // function literals being walked inline

	// rel says where this walk's state can change or matter (see skip.go);
	// nil: nowhere to skip, every node is walked.
	rel *relevance
	// root is the graph of the function the read is in, and start the
	// block of the node that completes the read.
	root  *flow.Graph
	start flow.Loc

	lits []litRun // the literals walked inline so far, by entry state
}

// litRun is the exit state of an inline function literal walked from in.
type litRun struct {
	lit     *ast.FuncLit
	in, out state
}

// states is the lattice of the walk's facts.
type states struct{}

func (states) Join(a, b state) state { return join(a, b) }
func (states) Equal(a, b state) bool { return equalState(a, b) }

func equalState(a, b state) bool {
	if a.live != b.live {
		return false
	}
	if !a.live {
		return true
	}
	if a.active != b.active || a.out != b.out || a.locked != b.locked {
		return false
	}
	if (a.acted == nil) != (b.acted == nil) || a.acted != nil && (a.acted.call != b.acted.call || a.acted.what != b.acted.what) {
		return false
	}
	if len(a.guards) != len(b.guards) || len(a.killed) != len(b.killed) || len(a.effects) != len(b.effects) {
		return false
	}
	for c, g := range a.guards {
		if b.guards[c] != g {
			return false
		}
	}
	if len(a.foundGuards) != len(b.foundGuards) {
		return false
	}
	for c, g := range a.foundGuards {
		if b.foundGuards[c] != g {
			return false
		}
	}
	for k := range a.killed {
		if !b.killed[k] {
			return false
		}
	}
	for _, e := range a.effects {
		if !slices.ContainsFunc(b.effects, func(x effect) bool { return x.call == e.call && x.what == e.what }) {
			return false
		}
	}
	return true
}

func (w *walker) transfer() flow.Transfer[state] {
	return flow.Transfer[state]{Node: w.node, Cond: w.cond}
}

// runRoot walks the function root from the node that completes the read:
// only the part of the graph the read's state reaches, and only as far as
// it can matter.
func (w *walker) runRoot(root ast.Node) {
	g := w.a.flow.FuncGraph(root)
	if g == nil {
		return
	}
	// The top-level node of the graph that holds the read's completion
	// (directly, or in a function literal walked inline).
	n := ast.Node(w.r.act)
	l, ok := g.Loc(n)
	for !ok {
		if n = w.a.pidx.Parent(n); n == nil || n == root {
			return
		}
		l, ok = g.Loc(n)
	}
	w.root, w.start = g, l
	// An inert state (see walker.inert) is not carried on: it can make no
	// finding. Where it would have joined a path that is carried, that
	// path becomes inert too: entering a block it was stopped at joins in
	// what it stands for (neutral); reaching a block already entered, it
	// goes on and joins as usual.
	entered := map[int32]bool{}
	pending := map[int32]bool{}
	from := flow.From[state]{
		At:   l,
		Fact: state{live: true},
		// A block that paths reach without passing the read joins the
		// state of those paths: the read has not run there.
		Enter: func(b *cfg.Block, f state) state {
			entered[b.Index] = true
			if pending[b.Index] {
				f = join(f, w.neutral())
			}
			if b != l.Block && g.DominatesBlock(l.Block, b) {
				return f
			}
			return join(f, state{live: true})
		},
		Stop: func(b *cfg.Block, out state) bool {
			if w.inert(out) {
				if entered[b.Index] {
					return false
				}
				pending[b.Index] = true
				return true
			}
			return !w.matters(b, out)
		},
	}
	res := flow.ForwardFrom(g, states{}, from, w.transfer())
	if res.Incomplete {
		return
	}
	w.report = true
	res.Each(func(n ast.Node, before state) bool {
		w.node(before, n)
		return !w.stop
	})
}

// runFunc walks the whole of a function from its entry, with the return
// hook: the roles of a read helper.
func (w *walker) runFunc(fn ast.Node) {
	g := w.a.flow.FuncGraph(fn)
	if g == nil {
		return
	}
	res := flow.Forward(g, states{}, state{live: true}, w.transfer())
	if res.Incomplete {
		return
	}
	w.report = true
	res.Each(func(n ast.Node, before state) bool {
		w.node(before, n)
		return !w.stop
	})
	w.report = false
}

// frameLit walks a function literal called during call.
func (w *walker) frameLit(call *ast.CallExpr, lit *ast.FuncLit, s state) state {
	out := w.runLit(lit, s)
	if !w.a.runsOnce(call) {
		out = join(out, s)
	}
	if !out.live && s.live {
		// every path in the literal returned: control comes back to the call
		out = s
		out.live = true
	}
	return out
}

// runLit returns the state in which a function literal walked from s
// returns: the join over its return statements.
func (w *walker) runLit(lit *ast.FuncLit, s state) state {
	if !w.report {
		for _, r := range w.lits {
			if r.lit == lit && equalState(r.in, s) {
				return r.out
			}
		}
	}
	g := w.a.flow.FuncGraph(lit)
	if g == nil {
		return s
	}
	report := w.report
	w.report = false
	w.depth++
	defer func() { w.depth-- }()
	res := flow.Forward(g, states{}, s, w.transfer())
	out := state{}
	for _, b := range g.Blocks() {
		if !flow.Terminal(b) || !flow.IsReturn(b) {
			continue
		}
		f, ok := res.In(b)
		if !ok {
			continue
		}
		for _, m := range b.Nodes {
			f = w.node(f, m)
		}
		out = join(out, f)
	}
	if res.Incomplete {
		// Not converged: the literal may have done anything.
		out = join(out, state{live: true})
	}
	if report {
		w.report = true
		res.Each(func(n ast.Node, before state) bool {
			w.node(before, n)
			return !w.stop
		})
	} else {
		w.lits = append(w.lits, litRun{lit, s, out})
	}
	return out
}

// node is the transfer of one node of a graph: a statement, a condition,
// a switch tag or case, a range operand.
func (w *walker) node(s state, n ast.Node) state {
	if !s.live || w.stop {
		return s
	}
	w.a.steps++
	if w.skippable(n, s) {
		return s
	}
	switch n := n.(type) {
	case *ast.ExprStmt:
		s = w.expr(n.X, s)
	case *ast.AssignStmt:
		for _, r := range n.Rhs {
			s = w.expr(r, s)
		}
		if w.a.isComm(n) {
			// A select case's receive: its operand is evaluated on entry
			// to the select, its assignment happens in the case (the
			// node of its first operand, below).
			return s
		}
		s = w.assignLhs(n, s)
	case *ast.ValueSpec:
		for _, v := range n.Values {
			s = w.expr(v, s)
		}
	case *ast.ReturnStmt:
		for _, r := range n.Results {
			s = w.expr(r, s)
		}
		if s.live && w.report && w.h.ret != nil && w.depth == 0 {
			w.h.ret(s, n)
		}
	case *ast.GoStmt:
		s = w.expr(n.Call, s)
	case *ast.DeferStmt:
		s = w.expr(n.Call.Fun, s)
		for _, a := range n.Call.Args {
			s = w.expr(a, s)
		}
	case *ast.SendStmt:
		s = w.expr(n.Chan, s)
		s = w.expr(n.Value, s)
	case *ast.IncDecStmt:
		s = w.expr(n.X, s)
	case ast.Expr:
		if as := w.a.commOf(n); as != nil {
			return w.assignLhs(as, s)
		}
		s = w.expr(n, s)
	}
	return s
}

// assignLhs walks the operands on the left of an assignment and forgets
// the signal variables it overwrites.
func (w *walker) assignLhs(as *ast.AssignStmt, s state) state {
	for _, l := range as.Lhs {
		if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
			s = w.expr(l, s)
		}
	}
	return w.kill(as, s)
}

// cond refines the state leaving a block along one edge of its branch:
// the outcomes the condition allows, and the columns of the row it checks.
func (w *walker) cond(s state, gd flow.Guard) state {
	if !s.live || w.stop || !s.active {
		return s
	}
	ci := w.a.condInfo(gd.Cond)
	if w.rel != nil {
		from, to := gd.Cond.Pos(), gd.Cond.End()
		if ci != nil && ci.sw != nil {
			from = ci.sw.Pos()
		}
		if !within(w.rel.refs, from, to) {
			return s
		}
	}
	cond := gd.Cond
	if gd.Tag != nil {
		cond = w.a.tagCond(gd.Tag, gd.Cond)
	}
	t, f := w.classify(cond, s)
	if gd.Holds {
		s = narrow(s, t)
	} else {
		s = narrow(s, f)
	}
	if ci == nil {
		return s // a loop condition: no check of a column
	}
	if ci.sw == nil {
		branch := 1
		if gd.Holds {
			branch = 0
		}
		cols := w.guardCols(gd.Cond, s)
		if lim := w.capacityCheck(gd.Cond, s); lim != nil {
			cols = append(cols, capCol)
			if w.a.capLimits == nil {
				w.a.capLimits = map[token.Pos]ast.Expr{}
			}
			w.a.capLimits[gd.Cond.Pos()] = lim
		}
		return withGuards(s, cols, gd.Cond.Pos(), branch, 2)
	}
	// A case of a switch: entering its clause, or, past the last case, the
	// default clause or the end of the switch.
	branch := ci.clause
	if !gd.Holds {
		if !ci.last {
			return s
		}
		branch = ci.dflt
	}
	cols, pos := w.switchCols(ci, s)
	if len(cols) == 0 || s.out&oFound == 0 {
		return withGuards(s, cols, pos, branch, ci.n)
	}
	return withGuardsFound(s, cols, pos, branch, ci.n, w.noFoundClauses(ci, s))
}

// noFoundClauses returns the clauses of ci's switch that a found row
// cannot enter: every case of the clause is false when the row is found.
func (w *walker) noFoundClauses(ci *condInfo, s state) uint64 {
	var bits uint64
	for i, cl := range ci.sw.Body.List {
		cc := cl.(*ast.CaseClause)
		if len(cc.List) == 0 {
			continue // the default clause
		}
		none := true
		for _, e := range cc.List {
			cond := e
			if ci.sw.Tag != nil {
				cond = w.a.tagCond(ci.sw.Tag, e)
			}
			if t, _ := w.classify(cond, s); t&oFound != 0 {
				none = false
				break
			}
		}
		if none {
			bits |= branchBit(i)
		}
	}
	return bits
}

// switchCols returns the columns the cases of a switch up to ci's clause
// check, and the position of the last case that checks one.
func (w *walker) switchCols(ci *condInfo, s state) ([]string, token.Pos) {
	var cols []string
	var pos token.Pos
	for i, cl := range ci.sw.Body.List {
		if i > ci.clause && !ci.last {
			break
		}
		cc := cl.(*ast.CaseClause)
		for _, e := range cc.List {
			cond := e
			if ci.sw.Tag != nil {
				cond = w.a.tagCond(ci.sw.Tag, e)
			}
			if w.rel != nil && !within(w.rel.refs, cond.Pos(), cond.End()) {
				continue
			}
			if c := w.guardCols(cond, s); len(c) > 0 {
				cols, pos = append(cols, c...), cond.Pos()
			}
		}
	}
	return cols, pos
}

// condInfo says what check a branch condition is: an if's condition, or a
// case of an expression switch.
type condInfo struct {
	sw     *ast.SwitchStmt // nil for an if
	clause int             // the case's clause, in sw.Body.List
	last   bool            // the switch's last case expression
	dflt   int             // the branch past the last case: the default clause, or len(List)
	n      int             // the switch's branches
}

func (a *checker) condInfo(cond ast.Expr) *condInfo {
	if a.conds == nil {
		a.conds = map[ast.Expr]*condInfo{}
		ifInfo := &condInfo{}
		for _, f := range a.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.IfStmt:
					a.conds[n.Cond] = ifInfo
				case *ast.SwitchStmt:
					dflt, last := -1, ast.Expr(nil)
					for i, cl := range n.Body.List {
						cc := cl.(*ast.CaseClause)
						if cc.List == nil {
							dflt = i
						} else {
							last = cc.List[len(cc.List)-1]
						}
					}
					nb := len(n.Body.List)
					if dflt < 0 {
						dflt = nb
						nb++
					}
					for i, cl := range n.Body.List {
						for _, e := range cl.(*ast.CaseClause).List {
							a.conds[e] = &condInfo{sw: n, clause: i, last: e == last, dflt: dflt, n: nb}
						}
					}
				}
				return true
			})
		}
	}
	return a.conds[cond]
}

// tagCond is the condition a case of a tagged switch tests: tag == e.
func (a *checker) tagCond(tag, e ast.Expr) ast.Expr {
	if c, ok := a.tagConds[e]; ok {
		return c
	}
	if a.tagConds == nil {
		a.tagConds = map[ast.Expr]ast.Expr{}
	}
	c := &ast.BinaryExpr{X: tag, Op: token.EQL, Y: e, OpPos: e.Pos()}
	a.tagConds[e] = c
	return c
}

// isComm reports the assignment of a select case's receive (v := <-ch).
func (a *checker) isComm(as *ast.AssignStmt) bool {
	a.indexComms()
	_, ok := a.comms[as]
	return ok
}

// commOf returns the receive assignment whose first operand e is: the node
// go/cfg puts at the start of the case for it.
func (a *checker) commOf(e ast.Expr) *ast.AssignStmt {
	a.indexComms()
	return a.commLhs[e]
}

func (a *checker) indexComms() {
	if a.comms != nil {
		return
	}
	a.comms = map[*ast.AssignStmt]bool{}
	a.commLhs = map[ast.Expr]*ast.AssignStmt{}
	for _, f := range a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CommClause); ok {
				if as, ok := cc.Comm.(*ast.AssignStmt); ok && len(as.Lhs) > 0 {
					a.comms[as] = true
					a.commLhs[as.Lhs[0]] = as
				}
			}
			return true
		})
	}
}
