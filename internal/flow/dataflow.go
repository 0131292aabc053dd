package flow

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"
)

// Lattice is the join-semilattice a forward analysis computes over. Join
// must be monotone and the lattice of finite height for Forward to end;
// Forward also bounds its work (see Result.Incomplete).
type Lattice[F any] interface {
	Join(a, b F) F
	Equal(a, b F) bool
}

// Transfer is a forward analysis' step functions.
type Transfer[F any] struct {
	// Node returns the fact after n given the fact before it. n is a
	// top-level node of a block (a statement, a condition, a range
	// operand); nodes inside nested function literals are not visited.
	Node func(f F, n ast.Node) F
	// Cond, when not nil, refines the fact that leaves a block along a
	// conditional edge.
	Cond func(f F, g Guard) F
}

// Result is the outcome of Forward.
type Result[F any] struct {
	g       *Graph
	t       Transfer[F]
	in      []F
	reached []bool
	// Incomplete is set when the analysis hit its work bound before
	// converging (a lattice of unbounded height); facts are then those
	// computed so far and a check should stay quiet on this function.
	Incomplete bool
}

// maxVisitsPerBlock bounds Forward's work: a monotone analysis of finite
// height h visits each block at most h+1 times; no faultline lattice is
// taller than this.
const maxVisitsPerBlock = 64

// Forward runs a forward dataflow analysis from entry (the fact at the top of
// the function) to a fixed point and returns the facts at the start of every
// reached block. Blocks that cannot be reached have no fact.
func Forward[F any](g *Graph, L Lattice[F], entry F, t Transfer[F]) *Result[F] {
	n := len(g.CFG.Blocks)
	r := &Result[F]{g: g, t: t, in: make([]F, n), reached: make([]bool, n)}
	if n == 0 {
		return r
	}
	order := g.RPO()
	prio := g.doms().rpo
	// A worklist ordered by reverse postorder: a bitset plus a scan pointer
	// keeps each pass linear in the number of blocks.
	queued := make([]bool, len(order))
	visits := make([]int, n)
	first := order[0]
	r.in[first.Index] = entry
	r.reached[first.Index] = true
	queued[0] = true
	pending := 1
	for pending > 0 {
		for i := 0; i < len(order); i++ {
			if !queued[i] {
				continue
			}
			queued[i] = false
			pending--
			b := order[i]
			visits[b.Index]++
			if visits[b.Index] > maxVisitsPerBlock {
				r.Incomplete = true
				return r
			}
			out := r.in[b.Index]
			for _, m := range b.Nodes {
				out = t.Node(out, m)
			}
			for si, s := range b.Succs {
				f := out
				if t.Cond != nil {
					if gd, ok := g.Edge(b, si); ok {
						f = t.Cond(f, gd)
					}
				}
				if !r.reached[s.Index] {
					r.reached[s.Index] = true
					r.in[s.Index] = f
				} else {
					j := L.Join(r.in[s.Index], f)
					if L.Equal(j, r.in[s.Index]) {
						continue
					}
					r.in[s.Index] = j
				}
				if p := prio[s.Index]; p >= 0 && !queued[p] {
					queued[p] = true
					pending++
					if int(p) < i {
						// A back edge: rescan from the loop head.
						i = int(p) - 1
					}
				}
			}
		}
	}
	return r
}

// In returns the fact at the start of block b, and whether b is reached.
func (r *Result[F]) In(b *cfg.Block) (F, bool) {
	return r.in[b.Index], r.reached[b.Index]
}

// Before returns the fact just before the top-level node holding n runs.
func (r *Result[F]) Before(n ast.Node) (F, bool) {
	var zero F
	l, ok := r.g.Loc(n)
	if !ok || !r.reached[l.Block.Index] {
		return zero, false
	}
	f := r.in[l.Block.Index]
	for _, m := range l.Block.Nodes[:l.Index] {
		f = r.t.Node(f, m)
	}
	return f, true
}

// After returns the fact just after the top-level node holding n has run.
func (r *Result[F]) After(n ast.Node) (F, bool) {
	f, ok := r.Before(n)
	if !ok {
		return f, false
	}
	l, _ := r.g.Loc(n)
	return r.t.Node(f, l.Block.Nodes[l.Index]), true
}

// Each calls yield with the fact before each top-level node of every reached
// block, in reverse postorder (linear in the size of the function, unlike
// calling Before per node).
func (r *Result[F]) Each(yield func(n ast.Node, before F) bool) {
	for _, b := range r.g.RPO() {
		if !r.reached[b.Index] {
			continue
		}
		f := r.in[b.Index]
		for _, m := range b.Nodes {
			if !yield(m, f) {
				return
			}
			f = r.t.Node(f, m)
		}
	}
}
