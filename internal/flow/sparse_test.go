package flow_test

import (
	"go/ast"
	"slices"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/faultline-dev/faultline/internal/flow"
)

// calls is a may-analysis: the calls made so far on some path (union).
type calls []string

type may struct{}

func (may) Join(a, b calls) calls {
	out := slices.Clone(a)
	for _, c := range b {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

func (may) Equal(a, b calls) bool {
	return slices.Equal(a, b)
}

const sparseSrc = `package p
func a() {}
func b() {}
func c() {}
func d() {}
func e() {}
func f(x bool, xs []int) {
	a()
	for range xs {
		b()
		if x {
			continue
		}
		c()
	}
	d()
	if x {
		return
	}
	e()
}
`

func TestForwardFrom(t *testing.T) {
	fx := load(t, sparseSrc)
	fn := fx.fn("f")
	g := fx.pkg.FuncGraph(fn)
	tr := flow.Transfer[calls]{Node: func(f calls, n ast.Node) calls {
		es, ok := n.(*ast.ExprStmt)
		if !ok {
			return f
		}
		name := es.X.(*ast.CallExpr).Fun.(*ast.Ident).Name
		if slices.Contains(f, name) {
			return f
		}
		return may{}.Join(f, calls{name})
	}}
	start, ok := g.Loc(fx.call(fn, "b"))
	if !ok {
		t.Fatal("b not in the graph")
	}
	// Before each node, what ran from b on.
	before := func(r *flow.SparseResult[calls]) map[string]calls {
		out := map[string]calls{}
		r.Each(func(n ast.Node, f calls) bool {
			if es, ok := n.(*ast.ExprStmt); ok {
				name := es.X.(*ast.CallExpr).Fun.(*ast.Ident).Name
				out[name] = may{}.Join(out[name], f)
			}
			return true
		})
		return out
	}
	r := flow.ForwardFrom[calls](g, may{}, flow.From[calls]{At: start, Fact: calls{}}, tr)
	got := before(r)
	if _, ok := got["a"]; ok {
		t.Error("a runs before the start: not visited")
	}
	// The loop leads back to b: b and c (after continue or not) reach b again.
	if want := (calls{"b", "c"}); !slices.Equal(got["b"], want) {
		t.Errorf("before b: %v, want %v (the continue path comes back)", got["b"], want)
	}
	if want := (calls{"b", "c", "d"}); !slices.Equal(got["e"], want) {
		t.Errorf("before e: %v, want %v", got["e"], want)
	}

	// Stop: nothing goes past the loop.
	loop := g.LoopOf(fx.call(fn, "b"))
	r = flow.ForwardFrom[calls](g, may{}, flow.From[calls]{At: start, Fact: calls{},
		Stop: func(b *cfg.Block, _ calls) bool { return !loop.Has(b) }}, tr)
	got = before(r)
	if _, ok := got["d"]; ok {
		t.Error("Stop at the loop's exits: d is not visited")
	}

	// Enter: a block entered along an edge joins in "z".
	r = flow.ForwardFrom[calls](g, may{}, flow.From[calls]{At: start, Fact: calls{},
		Enter: func(_ *cfg.Block, f calls) calls { return may{}.Join(f, calls{"z"}) }}, tr)
	got = before(r)
	if !slices.Contains(got["d"], "z") || !slices.Contains(got["b"], "z") {
		t.Errorf("Enter not applied: before d %v, before b %v", got["d"], got["b"])
	}
}

func TestMinReach(t *testing.T) {
	fx := load(t, sparseSrc)
	fn := fx.fn("f")
	g := fx.pkg.FuncGraph(fn)
	mr := g.MinReach()
	at := func(name string) *cfg.Block { return g.Block(fx.call(fn, name)) }
	// In the loop, what can run again starts at the loop's first node.
	if p := mr[at("c").Index]; p > fx.call(fn, "b").Pos() {
		t.Errorf("MinReach of c's block is past b: %v > %v", p, fx.call(fn, "b").Pos())
	}
	// After the loop, only what follows.
	if p := mr[at("e").Index]; p != fx.call(fn, "e").Pos() {
		t.Errorf("MinReach of e's block = %v, want e's position %v", p, fx.call(fn, "e").Pos())
	}
	if p := mr[at("d").Index]; p != fx.call(fn, "d").Pos() {
		t.Errorf("MinReach of d's block = %v, want d's position %v", p, fx.call(fn, "d").Pos())
	}
}
