package flow

import (
	"container/heap"
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// From configures ForwardFrom: a forward analysis that starts at one node of
// the graph instead of its entry, and visits only the blocks its facts reach.
type From[F any] struct {
	// At is where the analysis starts: Fact holds just before the node
	// At.Block.Nodes[At.Index].
	At   Loc
	Fact F
	// Enter, when not nil, refines the fact entering a block along an edge
	// (after the join of the facts of its predecessors). It must be
	// monotone: a check uses it to join in what reaches the block on paths
	// that do not pass through At (see Graph.DominatesBlock).
	Enter func(b *cfg.Block, f F) F
	// Stop, when not nil, reports that the fact f entering block b along an
	// edge (refined by Transfer.Cond) need not go there: nothing from b on
	// can use it. The facts of the blocks beyond are then not computed.
	Stop func(b *cfg.Block, f F) bool
}

// SparseResult is the outcome of ForwardFrom.
type SparseResult[F any] struct {
	g    *Graph
	t    Transfer[F]
	from From[F]
	in   map[int32]F
	// Incomplete is set when the analysis hit its work bound (see Result).
	Incomplete bool
}

// ForwardFrom runs a forward dataflow analysis from a node of g to a fixed
// point, visiting only the blocks the fact reaches (and, with Stop, only as
// far as it matters): its cost is that of the region it covers, not of the
// function, so that a check can run one per event of a long function. The
// start block is entered at its start again when a loop leads back to it.
func ForwardFrom[F any](g *Graph, L Lattice[F], from From[F], t Transfer[F]) *SparseResult[F] {
	r := &SparseResult[F]{g: g, t: t, from: from, in: map[int32]F{}}
	if from.At.Block == nil || !from.At.Block.Live {
		return r
	}
	prio := g.doms().rpo
	if prio[from.At.Block.Index] < 0 {
		return r
	}
	wl := &blockHeap{prio: prio}
	queued := map[int32]bool{}
	visits := map[int32]int{}
	propagate := func(b *cfg.Block, out F) {
		for si, s := range b.Succs {
			if prio[s.Index] < 0 {
				continue
			}
			f := out
			if t.Cond != nil {
				if gd, ok := g.Edge(b, si); ok {
					f = t.Cond(f, gd)
				}
			}
			if from.Stop != nil && from.Stop(s, f) {
				continue
			}
			old, seen := r.in[s.Index]
			nf := f
			if seen {
				nf = L.Join(old, f)
			}
			if from.Enter != nil {
				nf = from.Enter(s, nf)
			}
			if seen && L.Equal(nf, old) {
				continue
			}
			r.in[s.Index] = nf
			if !queued[s.Index] {
				queued[s.Index] = true
				heap.Push(wl, s)
			}
		}
	}
	// The start: the rest of the start block, once.
	out := from.Fact
	for _, m := range from.At.Block.Nodes[from.At.Index:] {
		out = t.Node(out, m)
	}
	propagate(from.At.Block, out)
	for wl.Len() > 0 {
		b := heap.Pop(wl).(*cfg.Block)
		queued[b.Index] = false
		visits[b.Index]++
		if visits[b.Index] > maxVisitsPerBlock {
			r.Incomplete = true
			return r
		}
		out := r.in[b.Index]
		for _, m := range b.Nodes {
			out = t.Node(out, m)
		}
		propagate(b, out)
	}
	return r
}

// In returns the fact at the start of block b, and whether an edge brought
// one there (the start block has one only when a loop leads back to it).
func (r *SparseResult[F]) In(b *cfg.Block) (F, bool) {
	f, ok := r.in[b.Index]
	return f, ok
}

// Each calls yield with the fact before each node the analysis reached: the
// rest of the start block from the start, then the blocks edges reached, in
// block order (the order go/cfg builds them, close to the source's).
func (r *SparseResult[F]) Each(yield func(n ast.Node, before F) bool) {
	if r.from.At.Block == nil || r.g.doms().rpo[r.from.At.Block.Index] < 0 {
		return
	}
	f := r.from.Fact
	for _, m := range r.from.At.Block.Nodes[r.from.At.Index:] {
		if !yield(m, f) {
			return
		}
		f = r.t.Node(f, m)
	}
	idx := make([]int32, 0, len(r.in))
	for i := range r.in {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		f := r.in[i]
		for _, m := range r.g.CFG.Blocks[i].Nodes {
			if !yield(m, f) {
				return
			}
			f = r.t.Node(f, m)
		}
	}
}

// blockHeap is a worklist of blocks ordered by reverse postorder.
type blockHeap struct {
	prio []int32
	bs   []*cfg.Block
}

func (h *blockHeap) Len() int           { return len(h.bs) }
func (h *blockHeap) Less(i, j int) bool { return h.prio[h.bs[i].Index] < h.prio[h.bs[j].Index] }
func (h *blockHeap) Swap(i, j int)      { h.bs[i], h.bs[j] = h.bs[j], h.bs[i] }
func (h *blockHeap) Push(x any)         { h.bs = append(h.bs, x.(*cfg.Block)) }
func (h *blockHeap) Pop() any {
	b := h.bs[len(h.bs)-1]
	h.bs = h.bs[:len(h.bs)-1]
	return b
}

// MinReach returns, for each block (by index), the smallest source position
// of a node that can run from the start of that block on: the block's own
// nodes and those of every block reachable from it (NoPos when none). A check
// that knows where its fact can change or be used asks whether any such place
// lies at or after MinReach to know if a fact at a block still matters; loops
// and gotos that lead back are accounted for, since it is a fixed point over
// the edges.
func (g *Graph) MinReach() []token.Pos {
	g.onceReach.Do(g.buildMinReach)
	return g.minReach
}

func (g *Graph) buildMinReach() {
	n := len(g.CFG.Blocks)
	m := make([]token.Pos, n)
	for _, b := range g.CFG.Blocks {
		for _, nd := range b.Nodes {
			if p := nd.Pos(); p.IsValid() && (!m[b.Index].IsValid() || p < m[b.Index]) {
				m[b.Index] = p
			}
		}
	}
	// Postorder first: successors before predecessors, so that one pass
	// settles an acyclic graph; loops take another pass or two.
	order := g.RPO()
	for changed := true; changed; {
		changed = false
		for i := len(order) - 1; i >= 0; i-- {
			b := order[i]
			for _, s := range b.Succs {
				if p := m[s.Index]; p.IsValid() && (!m[b.Index].IsValid() || p < m[b.Index]) {
					m[b.Index] = p
					changed = true
				}
			}
		}
	}
	g.minReach = m
}
