package ctxtimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
)

// A request to the same host (a health check of the process's own server:
// "http://localhost:" + port + "/_health") waits on nothing outside the
// machine. The check follows a URL built from constants, + concatenations,
// fmt.Sprintf formats and local variables far enough to see its host; when
// every way the URL can be built names a loopback host, the send is
// quiet.

// urlPiece is a possible start of a string: s, and whether s is all of it.
type urlPiece struct {
	s        string
	complete bool
}

// maxPieces bounds the alternatives followed.
const maxPieces = 8

// pieces returns the possible starts of the string expression e, evaluated
// at node at of fi; nil when one of them is not known at all. Concatenation
// and local variables assigned on several paths give alternatives; any
// other expression is evaluated by sqltext (constants, fmt.Sprintf), its
// start being the text before the first piece it cannot know.
func (c *checker) pieces(fi *funcInfo, e ast.Expr, at ast.Node, depth int) []urlPiece {
	if depth > 8 {
		return nil
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil
		}
		ls := c.pieces(fi, e.X, at, depth+1)
		if ls == nil {
			return nil
		}
		var out []urlPiece
		for _, l := range ls {
			if !l.complete {
				out = append(out, l)
				continue
			}
			rs := c.pieces(fi, e.Y, at, depth+1)
			if rs == nil {
				out = append(out, urlPiece{l.s, false})
				continue
			}
			for _, r := range rs {
				out = append(out, urlPiece{l.s + r.s, r.complete})
			}
		}
		if len(out) > maxPieces {
			return nil
		}
		return out
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || fi == nil || c.isPkgVar(v) {
			break // a constant, or a package variable: sqltext's
		}
		ds := fi.reaching(v, at)
		if len(ds) == 0 {
			return nil
		}
		var out []urlPiece
		for _, d := range ds {
			if d.kind != defAssign || d.idx >= 0 || d.rhs == nil {
				return nil
			}
			ps := c.pieces(fi, d.rhs, d.node, depth+1)
			if ps == nil {
				return nil
			}
			out = append(out, ps...)
		}
		if len(out) > maxPieces {
			return nil
		}
		return out
	}
	prefix, complete, ok := outbound.URLPrefixOf(c.info, e)
	if !ok {
		return nil
	}
	return []urlPiece{{prefix, complete}}
}

// loopbackURL reports whether every way the URL expression e can be built
// names a loopback host.
func (c *checker) loopbackURL(fi *funcInfo, e ast.Expr, at ast.Node) bool {
	ps := c.pieces(fi, e, at, 0)
	if len(ps) == 0 {
		return false
	}
	for _, p := range ps {
		if !outbound.LoopbackURLPrefix(p.s, p.complete) {
			return false
		}
	}
	return true
}

// requestLoopback reports whether every request the expression e can hold
// (evaluated at at) was built by http.NewRequest or NewRequestWithContext
// with a loopback URL, directly or through WithContext and Clone.
func (c *checker) requestLoopback(fi *funcInfo, e ast.Expr, at ast.Node, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || fi == nil || c.isPkgVar(v) {
			return false
		}
		ds := fi.reaching(v, at)
		if len(ds) == 0 {
			return false
		}
		for _, d := range ds {
			if d.kind != defAssign || d.idx > 0 || d.rhs == nil || !c.requestLoopback(fi, d.rhs, d.node, depth+1) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		switch outbound.RequestOp(c.info, e) {
		case outbound.ReqNoCtx:
			return len(e.Args) > 1 && c.loopbackURL(fi, e.Args[1], at)
		case outbound.ReqWithCtx:
			return len(e.Args) > 2 && c.loopbackURL(fi, e.Args[2], at)
		case outbound.ReqDerive:
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
				return c.requestLoopback(fi, sel.X, at, depth+1)
			}
		}
	}
	return false
}
