package closeerr

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Package helpers that close what they are given and swallow the error
// (func closeQuietly(c io.Closer) { if err := c.Close(); err != nil {
// log.Println(err) } }): defer closeQuietly(f) drops f.Close()'s error as
// surely as defer f.Close(). Whether a helper swallows is decided by its
// body, over the package's call graph (internal/summaries), not by its
// name.

// swallowed is one parameter whose Close error a helper drops, and where.
type swallowed struct {
	index int       // the parameter
	at    token.Pos // the Close (or the call of the helper that swallows it)
}

// swallows is a helper's summary: its parameters, in order, whose Close
// error it drops.
type swallows []swallowed

func (s swallows) param(i int) (token.Pos, bool) {
	for _, w := range s {
		if w.index == i {
			return w.at, true
		}
	}
	return token.NoPos, false
}

// swallowSums computes, once per package, which helpers swallow which
// parameter's Close error.
func (c *checker) swallowSums() *summaries.Result[swallows] {
	c.swallowOnce.Do(func() {
		c.swallow = summaries.Compute(c.ix, c.hasCloserParam, c.swallowStep, slices.Equal[swallows, swallowed])
	})
	return c.swallow
}

// hasCloserParam reports whether one of fn's parameters has a Close() error
// method.
func (c *checker) hasCloserParam(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for p := range sig.Params().Variables() {
		if hasCloseMethod(p.Type()) {
			return true
		}
	}
	return false
}

// hasCloseMethod reports whether t has a method Close() error.
func hasCloseMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "Close")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && returnsOnlyError(sig)
}

// swallowStep summarises one helper: parameter i (of a type with Close()
// error, never assigned in the body) is swallowed when the body closes it
// (p.Close(), or a call of a helper that swallows it) and every such close
// drops the error or only logs it, runs whenever the helper does (under no
// condition but p != nil), and the helper removes no file (a cleanup on
// failure throws the data away). Function literals in the body are not
// looked into.
func (c *checker) swallowStep(fn *types.Func, decl *ast.FuncDecl, get func(*types.Func) swallows) swallows {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || decl.Body == nil {
		return nil
	}
	var closers []*types.Var
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if hasCloseMethod(p.Type()) && len(c.ix.Assigns(p)) == 0 && !(sig.Variadic() && i == sig.Params().Len()-1) {
			closers = append(closers, p)
		}
	}
	if len(closers) == 0 {
		return nil
	}
	type close struct {
		call    *ast.CallExpr
		dropped bool
	}
	closes := map[*types.Var][]close{}
	removes := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if typesx.IsCallTo(c.info, n, "os.Remove", "os.RemoveAll") {
				removes = true
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" && len(n.Args) == 0 {
				if p := paramOf(c.info, sel.X, closers); p != nil {
					closes[p] = append(closes[p], close{n, c.dropsResult(n)})
				}
				return true
			}
			callee := typesx.StaticCallee(c.info, n)
			if callee == nil || callee.Pkg() != c.pass.Pkg {
				return true
			}
			sum := get(callee)
			for j, a := range n.Args {
				if p := paramOf(c.info, a, closers); p != nil {
					if _, ok := sum.param(j); ok {
						closes[p] = append(closes[p], close{n, true})
					}
				}
			}
		}
		return true
	})
	if removes {
		return nil
	}
	g := c.flow.FuncGraph(decl)
	if g == nil {
		return nil
	}
	var out swallows
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		cs := closes[p]
		if len(cs) == 0 {
			continue
		}
		ok := true
		for _, cl := range cs {
			if !cl.dropped || !c.unconditional(g, cl.call, p) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, swallowed{i, cs[0].call.Pos()})
		}
	}
	return out
}

// paramOf returns the parameter of ps that e names, or nil.
func paramOf(info *types.Info, e ast.Expr, ps []*types.Var) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v != nil && slices.Contains(ps, v) {
		return v
	}
	return nil
}

// unconditional reports whether call runs whenever its function does: the
// only conditions that hold at it are p != nil.
func (c *checker) unconditional(g *flow.Graph, call *ast.CallExpr, p *types.Var) bool {
	var n ast.Node = call
	for n != nil && !g.Contains(n) {
		n = c.parent(n)
	}
	if n == nil {
		return false
	}
	for _, gd := range g.Guards(n) {
		for _, part := range flow.Split(gd) {
			x, notNil, ok := typesx.NilTest(c.info, part.Cond)
			if !ok || part.Tag != nil || notNil != part.Holds || typesx.ObjectOf(c.info, x) != p {
				return false
			}
		}
	}
	return true
}

// dropsResult reports whether the error of call (a Close) is dropped or
// only logged: the call is a statement, deferred, assigned to _, or its
// result is held by a local variable that is only compared with nil and
// handed to logging calls.
func (c *checker) dropsResult(call *ast.CallExpr) bool {
	if !c.resultUsed(call) {
		return true
	}
	var n ast.Node = call
	p := c.parent(n)
	for {
		if _, paren := p.(*ast.ParenExpr); !paren {
			break
		}
		n, p = p, c.parent(p)
	}
	as, ok := p.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Rhs[0] != n {
		return false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok || as.Tok != token.DEFINE {
		return false // err = c.Close() sets a variable declared elsewhere (a named result)
	}
	v, ok := typesx.ObjectOf(c.info, id).(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() || v.IsField() {
		return false
	}
	if len(c.ix.Assigns(v)) != 1 {
		return false
	}
	for _, u := range c.uses(v) {
		switch q := c.parent(u).(type) {
		case *ast.BinaryExpr:
			if (q.Op == token.EQL || q.Op == token.NEQ) && (typesx.IsNil(c.info, q.X) || typesx.IsNil(c.info, q.Y)) {
				continue
			}
			return false
		case *ast.SelectorExpr:
			// err.Error() handed to a logging call.
			if q.X != u || q.Sel.Name != "Error" {
				return false
			}
			if m, ok := c.parent(q).(*ast.CallExpr); !ok || m.Fun != q || !c.logged(m, 0) {
				return false
			}
		default:
			if !c.logged(u, 0) {
				return false
			}
		}
	}
	return true
}

// logged reports whether e is an argument of a logging call, or of a
// formatting call (fmt.Sprint*, a logging package's field constructor such
// as zap.Error) that is itself one.
func (c *checker) logged(e ast.Expr, depth int) bool {
	if depth > 2 {
		return false
	}
	call, ok := c.parent(e).(*ast.CallExpr)
	if !ok || call.Fun == e || !containsNode(call.Args, e) {
		return false
	}
	fn := typesx.Callee(c.info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if sideeffect.LogsAndGoesOn(fn) {
		return true
	}
	if typesx.IsFunc(fn, "fmt", "Sprint", "Sprintf", "Sprintln") {
		return c.logged(call, depth+1)
	}
	return false
}
