package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/typesx"
)

type loopKind int

const (
	forLoop loopKind = iota
	gotoLoop
	recursion
)

// loop is a for or range statement, a region that a backward goto repeats,
// or a function that calls itself.
type loop struct {
	kind     loopKind
	node     ast.Node     // *ast.ForStmt, *ast.RangeStmt, *ast.LabeledStmt, *ast.FuncDecl
	body     ast.Node     // the block whose end goes round (for, range), or the block holding the region
	stmts    []ast.Stmt   // the statements that repeat
	fn       ast.Node     // the enclosing function
	label    types.Object // the loop's label (break L, goto L)
	gotoStmt *ast.BranchStmt
	self     *types.Func // recursion: the function
	waits    []*wait
	growing  map[types.Object]ast.Node // recursion: parameters that change from call to call
}

// in reports whether n lies in the part of the loop that repeats.
func (l *loop) in(n ast.Node) bool {
	switch l.kind {
	case forLoop:
		switch x := l.node.(type) {
		case *ast.ForStmt:
			return within(n, x.Body) || x.Cond != nil && within(n, x.Cond) || x.Post != nil && within(n, x.Post)
		case *ast.RangeStmt:
			return within(n, x.Body) || n == x
		}
	case gotoLoop:
		return n.Pos() >= l.node.Pos() && n.End() <= l.gotoStmt.End()
	case recursion:
		return within(n, l.fn)
	}
	return false
}

func within(n, outer ast.Node) bool {
	return n.Pos() >= outer.Pos() && n.End() <= outer.End()
}

// checkFunc finds the retry loops of one function body.
func (a *checker) checkFunc(fn ast.Node, body *ast.BlockStmt) {
	var waits []*wait
	var gotos []*ast.BranchStmt
	labels := map[types.Object]*ast.LabeledStmt{}
	var self *types.Func
	if fd, ok := fn.(*ast.FuncDecl); ok {
		self, _ = a.info.Defs[fd.Name].(*types.Func)
	}
	var selfCalls []*ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if w := a.waitOf(n); w != nil {
				waits = append(waits, w)
			}
			if self != nil && typesx.Callee(a.info, n) == self {
				selfCalls = append(selfCalls, n)
			}
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil {
				gotos = append(gotos, n)
			}
		case *ast.LabeledStmt:
			if obj := a.info.Defs[n.Label]; obj != nil {
				labels[obj] = n
			}
		}
		return true
	})
	if len(waits) == 0 {
		return
	}
	// Backward gotos make loops.
	var gotoLoops []*loop
	for _, g := range gotos {
		ls := labels[a.info.Uses[g.Label]]
		if ls == nil || ls.Pos() >= g.Pos() {
			continue
		}
		block, stmts := a.blockOf(ls)
		if block == nil {
			continue
		}
		var region []ast.Stmt
		for _, s := range stmts {
			if s.Pos() >= ls.Pos() && s.Pos() <= g.Pos() {
				region = append(region, s)
			}
		}
		gotoLoops = append(gotoLoops, &loop{kind: gotoLoop, node: ls, body: block, stmts: region, fn: fn,
			label: a.info.Defs[ls.Label], gotoStmt: g})
	}
	loops := map[ast.Node]*loop{}
	var order []*loop
	for _, w := range waits {
		l := a.loopOf(w.call, fn, gotoLoops, selfCalls, self)
		if l == nil {
			continue
		}
		if old, ok := loops[l.node]; ok {
			l = old
		} else {
			loops[l.node] = l
			order = append(order, l)
		}
		l.waits = append(l.waits, w)
	}
	for _, l := range order {
		a.checkLoop(l)
	}
}

// blockOf returns the statement list holding s.
func (a *checker) blockOf(s ast.Stmt) (ast.Node, []ast.Stmt) {
	switch p := a.parents[s].(type) {
	case *ast.BlockStmt:
		return p, p.List
	case *ast.CaseClause:
		return p, p.Body
	case *ast.CommClause:
		return p, p.Body
	}
	return nil, nil
}

// loopOf returns the innermost loop around the wait call.
func (a *checker) loopOf(call *ast.CallExpr, fn ast.Node, gotoLoops []*loop, selfCalls []*ast.CallExpr, self *types.Func) *loop {
	var best *loop
	for c, p := ast.Node(call), a.parents[call]; p != nil && p != fn; c, p = p, a.parents[p] {
		switch x := p.(type) {
		case *ast.ForStmt:
			if c == x.Body {
				best = &loop{kind: forLoop, node: x, body: x.Body, stmts: x.Body.List, fn: fn}
			}
		case *ast.RangeStmt:
			if c == x.Body {
				best = &loop{kind: forLoop, node: x, body: x.Body, stmts: x.Body.List, fn: fn}
			}
		}
		if best != nil {
			if ls, ok := a.parents[best.node].(*ast.LabeledStmt); ok {
				best.label = a.info.Defs[ls.Label]
			}
			break
		}
	}
	for _, g := range gotoLoops {
		if call.Pos() >= g.node.Pos() && call.End() <= g.gotoStmt.End() {
			if best == nil || g.node.Pos() > best.node.Pos() {
				best = g
			}
		}
	}
	if best != nil {
		return best
	}
	fd, ok := fn.(*ast.FuncDecl)
	if !ok || self == nil || len(selfCalls) == 0 {
		return nil
	}
	l := &loop{kind: recursion, node: fd, body: fd.Body, stmts: fd.Body.List, fn: fn, self: self,
		growing: map[types.Object]ast.Node{}}
	sig, _ := self.Type().(*types.Signature)
	for _, c := range selfCalls {
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

// guards returns the conditions under which n runs inside l: the if and
// case conditions around it, the negation of earlier "if c { return }"
// statements, the loop's own condition, and the select cases it is in.
func (a *checker) guards(n ast.Node, l *loop, mod func(types.Object) bool) []guard {
	var gs []guard
	add := func(cond ast.Expr, neg bool) {
		gs = append(gs, guard{cond: cond, neg: neg, info: a.condNeg(cond, neg, mod)})
	}
	for c, p := n, a.parents[n]; p != nil; c, p = p, a.parents[p] {
		if p == l.fn || (l.kind == forLoop && p == l.node) {
			if fs, ok := p.(*ast.ForStmt); ok && fs.Cond != nil && c == fs.Body {
				add(fs.Cond, false)
			}
			break
		}
		switch x := p.(type) {
		case *ast.IfStmt:
			if c == x.Body {
				add(x.Cond, false)
			} else if c == x.Else {
				add(x.Cond, true)
			}
		case *ast.CaseClause:
			if g, ok := a.caseGuard(x, mod); ok && c != ast.Node(nil) && isIn(c, x.Body) {
				gs = append(gs, g)
			}
		case *ast.CommClause:
			if isIn(c, x.Body) && x.Comm != nil && !a.isTimerComm(x.Comm) {
				g := guard{comm: true}
				if a.mentionsContext(x.Comm) {
					g.info.ctx = true
				}
				gs = append(gs, g)
			}
		}
		var list []ast.Stmt
		switch x := p.(type) {
		case *ast.BlockStmt:
			list = x.List
		case *ast.CaseClause:
			list = x.Body
		case *ast.CommClause:
			list = x.Body
		}
		for _, s := range list {
			if s == c {
				break
			}
			if l.kind == gotoLoop && s.Pos() < l.node.Pos() {
				continue
			}
			if is, ok := s.(*ast.IfStmt); ok && is.Else == nil && terminates(is.Body) {
				add(is.Cond, true)
			}
		}
	}
	return gs
}

func isIn(n ast.Node, list []ast.Stmt) bool {
	for _, s := range list {
		if s == n {
			return true
		}
	}
	return false
}

// caseGuard returns the condition a case clause stands for.
func (a *checker) caseGuard(cc *ast.CaseClause, mod func(types.Object) bool) (guard, bool) {
	body, ok := a.parents[cc].(*ast.BlockStmt)
	if !ok {
		return guard{}, false
	}
	switch sw := a.parents[body].(type) {
	case *ast.TypeSwitchStmt:
		var x ast.Expr
		switch s := sw.Assign.(type) {
		case *ast.ExprStmt:
			if ta, ok := s.X.(*ast.TypeAssertExpr); ok {
				x = ta.X
			}
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 {
				if ta, ok := s.Rhs[0].(*ast.TypeAssertExpr); ok {
					x = ta.X
				}
			}
		}
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
			for _, s := range body.List {
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

// terminates reports whether a block always leaves by return, branch or
// panic.
func terminates(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	return terminal(b.List[len(b.List)-1])
}

func terminal(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.BREAK || s.Tok == token.CONTINUE || s.Tok == token.GOTO
	case *ast.BlockStmt:
		return terminates(s)
	case *ast.IfStmt:
		if s.Else == nil {
			return false
		}
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			return terminates(s.Body) && terminates(e)
		case *ast.IfStmt:
			return terminates(s.Body) && terminal(e)
		}
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
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

// goesRound reports whether, after the wait n, the loop goes round again:
// no return or break out of the loop follows it before the loop's end (or
// before the backward goto, or the recursive call).
func (a *checker) goesRound(n ast.Node, l *loop) bool {
	c := n
	for {
		p := a.parents[c]
		if p == nil {
			return false
		}
		var list []ast.Stmt
		switch x := p.(type) {
		case *ast.BlockStmt:
			list = x.List
		case *ast.CaseClause:
			list = x.Body
		case *ast.CommClause:
			list = x.Body
		default:
			if l.kind == recursion && a.callsSelf(c, l) {
				return true
			}
			if p == l.node || p == l.fn {
				return false
			}
			c = p
			continue
		}
		if l.kind == recursion && a.callsSelf(c, l) {
			return true
		}
		after := false
		if cc, ok := p.(*ast.CommClause); ok && c == cc.Comm {
			after = true // the case body runs after the wait
		}
		for _, s := range list {
			if s == c {
				after = true
				continue
			}
			if !after {
				continue
			}
			if l.kind == recursion && a.callsSelf(s, l) {
				return true
			}
			switch s := s.(type) {
			case *ast.ReturnStmt:
				return false
			case *ast.BranchStmt:
				switch s.Tok {
				case token.CONTINUE:
					return l.kind == forLoop && (s.Label == nil || a.info.Uses[s.Label] == l.label)
				case token.GOTO:
					return l.kind == gotoLoop && s == l.gotoStmt
				case token.BREAK:
					if s.Label == nil {
						if _, ok := p.(*ast.BlockStmt); ok {
							return false
						}
						// Leaves the switch or select: carry on after it.
						goto up
					}
					return false
				}
			case *ast.ExprStmt:
				if terminal(s) {
					return false
				}
			}
		}
	up:
		if l.kind == forLoop && p == l.body {
			return true
		}
		if l.kind == gotoLoop && p == l.body {
			return false
		}
		if p == l.fn || (l.kind == recursion && p == l.body) {
			return false
		}
		switch p.(type) {
		case *ast.CaseClause, *ast.CommClause:
			// up to the switch or select statement
			c = a.parents[a.parents[p]]
			if c == nil {
				return false
			}
			continue
		}
		c = p
	}
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

// exits returns the statements that leave l.
func (a *checker) exits(l *loop) []ast.Stmt {
	var out []ast.Stmt
	var walk func(n ast.Node, depth int, nested bool)
	walk = func(n ast.Node, depth int, nested bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n && nested {
				return true // the nested statement itself: walk its insides
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, depth+1, true)
				return false
			case *ast.ReturnStmt:
				if l.kind == recursion && a.callsSelf(m, l) {
					return false
				}
				out = append(out, m)
			case *ast.BranchStmt:
				switch m.Tok {
				case token.BREAK:
					if m.Label == nil {
						if depth == 0 {
							out = append(out, m)
						}
					} else if lbl := a.info.Uses[m.Label]; lbl != nil && (lbl == l.label || !l.in(lblStmt(a, lbl, l))) {
						out = append(out, m)
					}
				case token.GOTO:
					if lbl := a.info.Uses[m.Label]; lbl != nil && lbl != l.label {
						if ls := lblStmt(a, lbl, l); ls == nil || !l.in(ls) {
							out = append(out, m)
						}
					}
				}
			}
			return true
		})
	}
	for _, s := range l.stmts {
		walk(s, 0, false)
	}
	return out
}

// lblStmt finds the labeled statement declaring lbl inside l's function.
func lblStmt(a *checker, lbl types.Object, l *loop) ast.Node {
	var found ast.Node
	ast.Inspect(l.fn, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok && a.info.Defs[ls.Label] == lbl {
			found = ls
		}
		return found == nil
	})
	if found == nil {
		return &ast.BadStmt{}
	}
	return found
}

// modified returns the set of objects the loop assigns each time round.
func (a *checker) modified(l *loop) func(types.Object) bool {
	return func(obj types.Object) bool {
		if _, ok := l.growing[obj]; ok {
			return true
		}
		for _, s := range a.sites[obj] {
			if l.kind != recursion && l.in(s.node) {
				return true
			}
		}
		return false
	}
}
