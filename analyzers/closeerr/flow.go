package closeerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// The control-flow questions closeerr asks, on the engine's graphs: which
// conditions hold at a statement, whether one node can run after another,
// and whether every path from a statement ends in a failure.

// lift returns the node of g's function that n is, or lies in: n itself, or
// the function literal directly in g's function that holds n. It returns nil
// when n is outside g's function or in dead code.
func (c *checker) lift(g *flow.Graph, n ast.Node) ast.Node {
	at := n
	for p := n; p != nil && p != ast.Node(g.Body); p = c.parent(p) {
		switch p.(type) {
		case *ast.FuncLit:
			at = p
		case *ast.FuncDecl:
			return nil
		}
	}
	if !g.Contains(at) {
		return nil
	}
	return at
}

// graphHolding returns the graph of the innermost function around a whose
// body also holds b, with a and b lifted into it.
func (c *checker) graphHolding(a, b ast.Node) (g *flow.Graph, la, lb ast.Node) {
	for fn := c.ix.EnclosingFunc(a); fn != nil; fn = c.ix.EnclosingFunc(fn) {
		body, _ := pkgindex.FuncBody(fn)
		if body == nil || b.Pos() < body.Pos() || b.End() > body.End() {
			continue
		}
		g = c.flow.Graph(body)
		if g == nil {
			return nil, nil, nil
		}
		return g, c.lift(g, a), c.lift(g, b)
	}
	return nil, nil, nil
}

// mayFollow reports whether b can run after a, on the graph of the
// innermost function holding both (a node in a function literal counts
// where the literal is; in a loop, nodes before a follow it too). Where
// there is no such graph (dead code), or both lie in the same node of it,
// source order decides.
func (c *checker) mayFollow(a, b ast.Node) bool {
	g, la, lb := c.graphHolding(a, b)
	if g == nil || la == nil || lb == nil || la == lb {
		return b.Pos() >= a.End()
	}
	return g.Reaches(la, lb)
}

// laterOnPath reports whether b comes after a in the source and can run
// after it: a later use on a path from a that does not go around a loop
// first (the next iteration's uses are of the next iteration's value).
func (c *checker) laterOnPath(a, b ast.Node) bool {
	return b.Pos() >= a.End() && c.mayFollow(a, b)
}

// onErrorPath reports whether a statement runs only on a failure path: an
// error is known not to be nil there (it is in the body of if err != nil, the
// else of if err == nil, a case err != nil, or after if err == nil { return
// }), or every path from it ends the function with a failure (a return of a
// non-nil error, a panic, os.Exit, log.Fatal, or the removal of the file it
// wrote). In a function literal, the conditions around the literal up to the
// site's function count too.
func (c *checker) onErrorPath(s *site) bool {
	if _, isDefer := s.stmt.(*ast.DeferStmt); isDefer {
		return false
	}
	var n ast.Node = s.stmt
	for fn := c.ix.EnclosingFunc(n); fn != nil; fn = c.ix.EnclosingFunc(fn) {
		g := c.flow.FuncGraph(fn)
		if g == nil {
			return false
		}
		at := c.lift(g, n)
		if at == nil {
			return false
		}
		if c.errKnown(g, at) {
			return true
		}
		if at == ast.Node(s.stmt) && c.failsAfter(g, s.stmt, funcSig(c.info, fn)) {
			return true
		}
		if fn == s.owner {
			return false
		}
		n = fn
	}
	return false
}

// errKnown reports whether, whenever n runs, some error compared with nil
// is known not to be nil.
func (c *checker) errKnown(g *flow.Graph, n ast.Node) bool { return c.knownErr(g, n, nil) != nil }

// knownErr returns an error expression compared with nil that is known not
// to be nil whenever n runs (the err of if err != nil { ... }), the first
// that want accepts (nil: any), or nil.
func (c *checker) knownErr(g *flow.Graph, n ast.Node, want func(ast.Expr) bool) ast.Expr {
	for _, gd := range g.Guards(n) {
		for _, p := range flow.Split(gd) {
			if p.Tag != nil {
				continue
			}
			if x, notNil, ok := typesx.NilTest(c.info, p.Cond); ok && notNil == p.Holds && typesx.IsError(c.info.TypeOf(x)) && (want == nil || want(x)) {
				return x
			}
		}
	}
	return nil
}

// failsAfter reports whether every path from stmt ends the function with a
// failure or throws the written file away: no path reaches a return that
// may succeed, stmt is not in a loop that comes back to it (the next
// iteration goes on), and the function does end after it.
func (c *checker) failsAfter(g *flow.Graph, stmt ast.Stmt, sig *types.Signature) bool {
	if sig == nil || !g.Contains(stmt) || g.Reaches(stmt, stmt) {
		return false
	}
	if exit, _ := g.FindExit(stmt, flow.Search{NoReturn: true}); exit == nil {
		return false // no end after it: a loop that runs on
	}
	exit, _ := g.FindExit(stmt, flow.Search{Stop: func(n ast.Node) bool { return c.fails(n, sig) }})
	return exit == nil
}

// fails reports whether the graph node n ends a path as a failure: a return
// of a certain non-nil error, or os.Remove or os.RemoveAll (the file is
// thrown away). Calls that never return end their paths by themselves.
func (c *checker) fails(n ast.Node, sig *types.Signature) bool {
	switch n := n.(type) {
	case *ast.ReturnStmt:
		res := sig.Results()
		if len(n.Results) == 0 || res.Len() == 0 || !typesx.IsError(res.At(res.Len()-1).Type()) {
			return false
		}
		return len(n.Results) == res.Len() && c.failure(n.Results[len(n.Results)-1])
	case *ast.ExprStmt:
		call, ok := ast.Unparen(n.X).(*ast.CallExpr)
		return ok && typesx.IsCallTo(c.info, call, "os.Remove", "os.RemoveAll")
	}
	return false
}

// assignedBetween reports whether the variable root is assigned on a path
// between a and b (either way round), or, when late (one of them is a
// deferred call that runs at the return), anywhere after either. The
// declaration of root does not count: it makes a new variable.
func (c *checker) assignedBetween(root types.Object, a, b ast.Node, late bool) bool {
	for _, as := range c.ix.Assigns(root) {
		if c.declares(as, root) {
			continue
		}
		x := as.Node
		if late {
			if c.mayFollow(a, x) || c.mayFollow(b, x) {
				return true
			}
			continue
		}
		if (c.mayFollow(a, x) && c.mayFollow(x, b)) || (c.mayFollow(b, x) && c.mayFollow(x, a)) {
			return true
		}
	}
	return false
}

// declares reports whether the assignment declares obj (x := ..., var x =
// ...): a new variable, not a new value of the old one. A range clause's
// := declares a new variable per iteration from Go 1.22 on.
func (c *checker) declares(as pkgindex.Assign, obj types.Object) bool {
	id, ok := ast.Unparen(as.LHS).(*ast.Ident)
	if !ok || c.info.Defs[id] != obj {
		return false
	}
	switch as.Tok {
	case token.DEFINE, token.VAR:
		return true
	case token.RANGE:
		f := fixes.FileOf(c.pass, as.Node.Pos())
		return f != nil && fixes.GoVersionAtLeast(c.pass, f, "go1.22")
	}
	return false
}
