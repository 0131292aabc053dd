package onconflict

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/faultline-dev/faultline/internal/notfound"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// useVerdict says what happens to a dedup insert's result.
type useVerdict int

const (
	useConsulted useVerdict = iota // read in a way that may gate the rest: quiet
	useDiscarded                   // dropped (_, not assigned, only .Error read)
	useUnread                      // assigned and never read
	useLogged                      // read only by logging calls
)

// resultUse is where an Exec-like gate's result and error go.
type resultUse struct {
	verdict    useVerdict
	resultName string
	errVar     *types.Var // the variable that receives the insert's error, if any
	errIgnored bool       // the error is dropped too
	// binding describes the syntax that receives the result, for fixes.
	binding binding
	assign  *ast.AssignStmt // the assignment that receives the result (or its .Error)
	ifInit  *ast.IfStmt     // the if whose init holds assign
}

type binding int

const (
	bindOther      binding = iota
	bindExprStmt           // tx.Exec(...) as a statement
	bindBlankPair          // _, err := / _, err = tx.Exec(...)
	bindGormError          // err := db...Create(&v).Error (or if err := ...; or = )
	bindGormErrCmp         // if db...Create(&v).Error != nil
	bindVar                // res, err := ... / res := db...Create(&v)
)

// parentOf returns the parent of stack's last node, skipping parentheses,
// and its index.
func parentOf(stack []ast.Node, i int) (ast.Node, int) {
	for j := i - 1; j >= 0; j-- {
		if _, ok := stack[j].(*ast.ParenExpr); ok {
			continue
		}
		return stack[j], j
	}
	return nil, -1
}

// resultUse classifies where g's result goes.
func (c *checker) resultUse(g *gate, stack []ast.Node, fn *funcInfo) resultUse {
	i := len(stack) - 1
	parent, pi := parentOf(stack, i)
	u := resultUse{verdict: useConsulted}
	gorm := g.site.lib == libGorm
	switch p := parent.(type) {
	case *ast.ExprStmt:
		u.verdict, u.errIgnored, u.binding = useDiscarded, true, bindExprStmt
		return u
	case *ast.SelectorExpr:
		if !gorm {
			return u
		}
		switch p.Sel.Name {
		case "Error":
			u.verdict = useDiscarded
			gp, _ := parentOf(stack, pi)
			switch q := gp.(type) {
			case *ast.AssignStmt:
				if len(q.Lhs) == 1 && len(q.Rhs) == 1 {
					u.errVar = c.varOf(q.Lhs[0])
					u.binding, u.assign = bindGormError, q
					u.ifInit = ifWithInit(stack, q)
				}
			case *ast.BinaryExpr:
				u.binding = bindGormErrCmp
			case *ast.ExprStmt:
				u.errIgnored = true
			}
			return u
		case "RowsAffected":
			return c.valueUse(p, stack[:pi+1], fn, 0)
		}
		return u
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 {
			return u
		}
		u.assign = p
		u.ifInit = ifWithInit(stack, p)
		if len(p.Lhs) == 2 {
			u.errVar = c.varOf(p.Lhs[1])
			if isBlank(p.Lhs[1]) {
				u.errIgnored = true
			}
		}
		if isBlank(p.Lhs[0]) {
			u.verdict = useDiscarded
			if len(p.Lhs) == 2 {
				u.binding = bindBlankPair
			}
			if len(p.Lhs) == 1 {
				u.errIgnored = true
			}
			return u
		}
		v := c.varOf(p.Lhs[0])
		if v == nil {
			return u // a field or an index: consulted elsewhere
		}
		u.binding = bindVar
		u.resultName = v.Name()
		u.verdict = c.varUse(v, g.call.End(), fn, gorm, 0)
		return u
	case *ast.ValueSpec:
		if len(p.Values) != 1 {
			return u
		}
		if len(p.Names) == 2 {
			u.errVar = c.varOf(p.Names[1])
		}
		if p.Names[0].Name == "_" {
			u.verdict = useDiscarded
			return u
		}
		v := c.varOf(p.Names[0])
		if v == nil {
			return u
		}
		u.resultName = v.Name()
		u.verdict = c.varUse(v, g.call.End(), fn, gorm, 0)
		return u
	}
	return u
}

// ifWithInit returns the if statement whose Init is as, if the stack shows one.
func ifWithInit(stack []ast.Node, as *ast.AssignStmt) *ast.IfStmt {
	for i := len(stack) - 1; i > 0; i-- {
		if stack[i] == as {
			if ifs, ok := stack[i-1].(*ast.IfStmt); ok && ifs.Init == as {
				return ifs
			}
			return nil
		}
	}
	return nil
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

func (c *checker) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := c.info.ObjectOf(id).(*types.Var)
	return v
}

// varUse classifies the reads of v after pos in fn.
func (c *checker) varUse(v *types.Var, after token.Pos, fn *funcInfo, gorm bool, depth int) useVerdict {
	if depth > 3 {
		return useConsulted
	}
	verdict := useUnread
	merge := func(x useVerdict) {
		switch {
		case x == useConsulted:
			verdict = useConsulted
		case x == useLogged && verdict != useConsulted:
			verdict = useLogged
		}
	}
	// Reads after v is assigned again read another value.
	until := c.reassigned(fn.body, v, after)
	c.eachUse(fn.body, v, func(id *ast.Ident, stack []ast.Node) {
		if id.Pos() < after || id.Pos() > until || verdict == useConsulted {
			return
		}
		parent, pi := parentOf(stack, len(stack)-1)
		if sel, ok := parent.(*ast.SelectorExpr); ok && sel.X == id {
			switch sel.Sel.Name {
			case "Error":
				if gorm {
					return // the error, not the verdict
				}
			case "RowsAffected", "String":
				gp, _ := parentOf(stack, pi)
				if call, ok := gp.(*ast.CallExpr); ok && call.Fun == sel {
					merge(c.valueUse(call, stack[:pi], fn, depth+1).verdict)
					return
				}
				if gorm && sel.Sel.Name == "RowsAffected" {
					merge(c.valueUse(sel, stack[:pi+1], fn, depth+1).verdict)
					return
				}
			}
		}
		if c.inLogStmt(stack) {
			merge(useLogged)
			return
		}
		if as, ok := parent.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if l == id {
					return // a write, not a read
				}
			}
			j := slices.IndexFunc(as.Rhs, func(r ast.Expr) bool { return ast.Unparen(r) == id })
			if j >= 0 && len(as.Lhs) == len(as.Rhs) && isBlank(as.Lhs[j]) {
				return // _ = res: silences "declared and not used", reads nothing
			}
		}
		merge(useConsulted)
	})
	return verdict
}

// valueUse classifies where the value of e (a row count) goes; stack ends
// with e's parent chain up to e.
func (c *checker) valueUse(e ast.Expr, stack []ast.Node, fn *funcInfo, depth int) resultUse {
	u := resultUse{verdict: useConsulted}
	if depth > 3 {
		return u
	}
	// Find e in the stack (it may be the last element or not present when
	// the caller passed the stack up to e's parent).
	idx := len(stack) - 1
	for idx >= 0 && stack[idx] != e {
		idx--
	}
	var parent ast.Node
	if idx >= 0 {
		parent, _ = parentOf(stack, idx)
	} else {
		parent = stack[len(stack)-1]
	}
	if c.inLogStmt(stack) {
		u.verdict = useLogged
		return u
	}
	switch p := parent.(type) {
	case *ast.ExprStmt:
		u.verdict = useUnread
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 {
			return u
		}
		if isBlank(p.Lhs[0]) {
			u.verdict = useUnread
			return u
		}
		v := c.varOf(p.Lhs[0])
		if v == nil {
			return u
		}
		u.verdict = c.varUse(v, p.End(), fn, false, depth+1)
	}
	return u
}

// eachUse calls f for every identifier in body that refers to v, with the
// stack of nodes from body down to it.
func (c *checker) eachUse(body *ast.BlockStmt, v *types.Var, f func(id *ast.Ident, stack []ast.Node)) {
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if id, ok := n.(*ast.Ident); ok && c.info.Uses[id] == v {
			f(id, stack)
		}
		return true
	})
}

// inLogStmt reports whether the innermost statement of stack is a call of
// a logging function or method.
func (c *checker) inLogStmt(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		st, ok := stack[i].(ast.Stmt)
		if !ok {
			continue
		}
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		return ok && c.isLogCall(call)
	}
	return false
}

// isLogCall reports a call of a logging function or method
// (sideeffect.IsLogCall).
func (c *checker) isLogCall(call *ast.CallExpr) bool { return sideeffect.IsLogCall(c.info, call) }

// errUseResult is where a RETURNING gate's Scan error goes.
type errUseResult struct {
	handled   bool       // ErrNoRows (or the scanned value) is tested, or the error leaves
	ignored   bool       // the error is dropped or never tested
	swallowed bool       // ErrNoRows is explicitly let through (err != nil && !errors.Is(err, ErrNoRows))
	errVar    *types.Var // the variable that receives the error
	assign    *ast.AssignStmt
	ifInit    *ast.IfStmt
	check     *ast.IfStmt // the if err != nil right after the scan (or the if whose init scans)
}

// errUse classifies where a RETURNING gate's error goes.
func (c *checker) errUse(g *gate, stack []ast.Node, fn *funcInfo) errUseResult {
	u := errUseResult{}
	parent, _ := parentOf(stack, len(stack)-1)
	switch p := parent.(type) {
	case *ast.ExprStmt:
		u.ignored = true
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 {
			u.handled = true
			return u
		}
		if isBlank(p.Lhs[0]) {
			u.ignored = true
			break
		}
		u.errVar = c.varOf(p.Lhs[0])
		if u.errVar == nil {
			u.handled = true
			return u
		}
		u.assign = p
		u.ifInit = ifWithInit(stack, p)
	default:
		// returned, passed on, compared in place: the caller's business.
		u.handled = true
		return u
	}
	if c.scannedValueTested(g, fn) {
		u.handled = true
		return u
	}
	if u.errVar == nil {
		return u
	}
	checked, positive, negative := false, false, false
	var firstCheck *ast.IfStmt
	c.eachUse(fn.body, u.errVar, func(id *ast.Ident, st []ast.Node) {
		if id.Pos() < g.call.End() {
			return
		}
		parent, pi := parentOf(st, len(st)-1)
		switch p := parent.(type) {
		case *ast.BinaryExpr:
			other := p.Y
			if p.Y == id {
				other = p.X
			}
			if c.isNil(other) {
				if p.Op == token.NEQ || p.Op == token.EQL {
					checked = true
					if ifs := enclosingIfCond(st, pi); ifs != nil && firstCheck == nil {
						firstCheck = ifs
					}
				}
				return
			}
			if notfound.IsSentinel(c.info, other) {
				if (p.Op == token.EQL) != negated(st, pi) {
					c.noteNoRowsTest(st, pi, &positive)
				} else {
					negative = true
				}
				return
			}
			u.handled = true
		case *ast.CallExpr:
			if fnc := typesx.Callee(c.info, p); fnc != nil && fnc.Pkg() != nil && fnc.Name() == "Is" && len(p.Args) == 2 && p.Args[0] == id && notfound.IsSentinel(c.info, p.Args[1]) {
				if negated(st, pi) {
					negative = true
				} else {
					c.noteNoRowsTest(st, pi, &positive)
				}
				return
			}
			if c.isLogCall(p) || isWrap(c.info, p) {
				return
			}
			u.handled = true // a helper may test it
		case *ast.ReturnStmt, *ast.KeyValueExpr, *ast.CompositeLit:
			// propagated
		case *ast.AssignStmt:
			for _, r := range p.Rhs {
				if r == id {
					u.handled = true // copied elsewhere
				}
			}
		default:
			u.handled = true
		}
	})
	switch {
	case u.handled || positive:
		u.handled = true
	case negative:
		u.swallowed = true
	case !checked:
		u.ignored = true
	default:
		u.check = firstCheck
		if u.ifInit != nil && u.check == nil {
			u.check = u.ifInit
		}
		if u.check == nil || !c.failsOnError(u.check) {
			u.handled = true
		}
	}
	return u
}

// noteNoRowsTest records a positive ErrNoRows test; it counts only if the
// branch it guards leaves (returns, continues, breaks).
func (c *checker) noteNoRowsTest(st []ast.Node, pi int, positive *bool) {
	for j := pi; j >= 0; j-- {
		switch n := st[j].(type) {
		case *ast.IfStmt:
			if c.leaves(n.Body) {
				*positive = true
			}
			return
		case *ast.CaseClause:
			if len(n.Body) > 0 && c.leaves(n.Body[len(n.Body)-1]) {
				*positive = true
			}
			return
		case ast.Stmt:
			*positive = true
			return
		}
	}
	*positive = true
}

// negated reports whether the node at st[i] sits under a logical not.
func negated(st []ast.Node, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch n := st[j].(type) {
		case *ast.ParenExpr:
			continue
		case *ast.UnaryExpr:
			return n.Op == token.NOT
		}
		return false
	}
	return false
}

// enclosingIfCond returns the if statement whose condition holds st[i].
func enclosingIfCond(st []ast.Node, i int) *ast.IfStmt {
	for j := i; j > 0; j-- {
		if ifs, ok := st[j-1].(*ast.IfStmt); ok {
			if ifs.Cond == st[j] {
				return ifs
			}
			return nil
		}
		if _, ok := st[j].(ast.Stmt); ok {
			return nil
		}
	}
	return nil
}

// failsOnError reports whether the error branch of ifs leaves with a
// failure: a return whose error result is not nil, a panic or a fatal log.
// A branch that returns nil, continues or breaks skips the duplicate
// (along with real errors), which is not this check's business.
func (c *checker) failsOnError(ifs *ast.IfStmt) bool {
	if len(ifs.Body.List) == 0 {
		return false
	}
	switch last := ifs.Body.List[len(ifs.Body.List)-1].(type) {
	case *ast.ReturnStmt:
		if len(last.Results) == 0 {
			return true // a bare return of named results: the error is set
		}
		return !c.isNil(last.Results[len(last.Results)-1])
	case *ast.ExprStmt:
		return c.leaves(last)
	}
	return false
}

func (c *checker) isNil(e ast.Expr) bool { return typesx.IsNil(c.info, e) }

// isWrap reports a call that wraps an error without inspecting it.
func isWrap(info *types.Info, call *ast.CallExpr) bool {
	fn := typesx.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "fmt.Errorf", "errors.Join", "github.com/pkg/errors.Wrap", "github.com/pkg/errors.Wrapf",
		"github.com/pkg/errors.WithMessage", "github.com/pkg/errors.WithMessagef", "github.com/pkg/errors.WithStack":
		return true
	}
	return false
}

// scannedValueTested reports whether a value the gate scans into (Scan(&id),
// Get(&id, ...)) is tested in a condition after the scan: if id == 0 gates
// the rest as well as ErrNoRows would.
func (c *checker) scannedValueTested(g *gate, fn *funcInfo) bool {
	var dests []ast.Expr
	if g.site.op == opGet {
		if len(g.call.Args) > 0 {
			dests = g.call.Args[:1]
			if len(g.call.Args) > 1 {
				// GetContext(ctx, &dest, ...)
				if _, ok := c.info.TypeOf(g.call.Args[0]).(*types.Named); ok {
					dests = g.call.Args[1:2]
				}
			}
		}
	} else {
		dests = g.call.Args
	}
	for _, d := range dests {
		u, ok := ast.Unparen(d).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		v := c.varOf(u.X)
		if v == nil {
			continue
		}
		tested := false
		c.eachUse(fn.body, v, func(id *ast.Ident, st []ast.Node) {
			if id.Pos() < g.call.End() || tested {
				return
			}
			for j := len(st) - 2; j >= 0; j-- {
				switch n := st[j].(type) {
				case *ast.BinaryExpr:
					if isComparison(n.Op) {
						tested = true
						return
					}
				case *ast.IfStmt:
					tested = n.Cond == st[j+1]
					return
				case *ast.SwitchStmt:
					tested = n.Tag == st[j+1]
					return
				case *ast.CaseClause:
					tested = true // in a case expression (bodies are statements)
					return
				case ast.Stmt:
					return
				}
			}
		})
		if tested {
			return true
		}
	}
	return false
}

func isComparison(op token.Token) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
		return true
	}
	return false
}

// findNoRowsCallers returns the package functions whose error result is
// tested against ErrNoRows by a caller in the package: such a function
// reports a duplicate to its callers on purpose.
func (c *checker) findNoRowsCallers() map[*types.Func]bool {
	out := map[*types.Func]bool{}
	assigned := map[*types.Var][]*types.Func{}
	local := func(e ast.Expr) *types.Func {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return nil
		}
		fn := typesx.Callee(c.info, call)
		if _, ok := c.decls[fn]; ok {
			return fn
		}
		return nil
	}
	var tests []ast.Expr // the error operands of ErrNoRows tests
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				if len(x.Rhs) == 1 {
					if fn := local(x.Rhs[0]); fn != nil {
						if v := c.varOf(x.Lhs[len(x.Lhs)-1]); v != nil {
							assigned[v] = append(assigned[v], fn)
						}
					}
				}
			case *ast.CallExpr:
				if fn := typesx.Callee(c.info, x); fn != nil && fn.Name() == "Is" && len(x.Args) == 2 && notfound.IsSentinel(c.info, x.Args[1]) {
					tests = append(tests, x.Args[0])
				}
			case *ast.BinaryExpr:
				if (x.Op == token.EQL || x.Op == token.NEQ) && notfound.IsSentinel(c.info, x.Y) {
					tests = append(tests, x.X)
				}
			}
			return true
		})
	}
	for _, e := range tests {
		if fn := local(e); fn != nil {
			out[fn] = true
			continue
		}
		if v := c.varOf(e); v != nil {
			for _, fn := range assigned[v] {
				out[fn] = true
			}
		}
	}
	return out
}

// reassigned returns the end of the first assignment to v after pos, or
// the end of body.
func (c *checker) reassigned(body *ast.BlockStmt, v *types.Var, after token.Pos) token.Pos {
	end := body.End()
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() < after || as.End() >= end {
			return true
		}
		for _, l := range as.Lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && c.info.ObjectOf(id) == v {
				end = as.End()
			}
		}
		return true
	})
	return end
}
