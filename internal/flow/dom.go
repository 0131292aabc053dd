package flow

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"
)

// domTree holds immediate dominators, computed with the iterative algorithm
// of Cooper, Harvey and Kennedy over the reverse postorder of live blocks.
type domTree struct {
	idom []int32 // block index -> immediate dominator's index; -1 for the entry and dead blocks
	rpo  []int32 // block index -> position in reverse postorder; -1 when dead
	// order is the live blocks in reverse postorder.
	order []*cfg.Block
	// pre and post number the dominator tree in depth-first order, so that
	// a dominates b exactly when pre[a] <= pre[b] && post[b] <= post[a].
	pre, post []int32
	// guardUp is, for each block, the nearest block on its dominator chain
	// (itself included) entered through a conditional edge that is its only
	// way in; -1 when there is none.
	guardUp []int32
}

func (g *Graph) doms() *domTree {
	g.onceDom.Do(g.buildDoms)
	return g.dom
}

func (g *Graph) buildDoms() {
	n := len(g.CFG.Blocks)
	d := &domTree{idom: make([]int32, n), rpo: make([]int32, n)}
	for i := range d.idom {
		d.idom[i] = -1
		d.rpo[i] = -1
	}
	if n == 0 {
		g.dom = d
		return
	}
	// Iterative postorder (function bodies can be very long: no recursion).
	post := make([]*cfg.Block, 0, n)
	seen := make([]bool, n)
	type frame struct {
		b *cfg.Block
		i int
	}
	entry := g.CFG.Blocks[0]
	stack := []frame{{entry, 0}}
	seen[entry.Index] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.i < len(top.b.Succs) {
			s := top.b.Succs[top.i]
			top.i++
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, frame{s, 0})
			}
			continue
		}
		post = append(post, top.b)
		stack = stack[:len(stack)-1]
	}
	d.order = make([]*cfg.Block, len(post))
	for i, b := range post {
		d.order[len(post)-1-i] = b
	}
	for i, b := range d.order {
		d.rpo[b.Index] = int32(i)
	}
	d.idom[entry.Index] = entry.Index
	intersect := func(a, b int32) int32 {
		for a != b {
			for d.rpo[a] > d.rpo[b] {
				a = d.idom[a]
			}
			for d.rpo[b] > d.rpo[a] {
				b = d.idom[b]
			}
		}
		return a
	}
	for changed := true; changed; {
		changed = false
		for _, b := range d.order[1:] {
			newIdom := int32(-1)
			for _, p := range g.preds[b.Index] {
				if d.rpo[p.Index] < 0 || d.idom[p.Index] < 0 {
					continue
				}
				if newIdom < 0 {
					newIdom = p.Index
				} else {
					newIdom = intersect(p.Index, newIdom)
				}
			}
			if newIdom >= 0 && d.idom[b.Index] != newIdom {
				d.idom[b.Index] = newIdom
				changed = true
			}
		}
	}
	d.idom[entry.Index] = -1

	// Number the dominator tree (iteratively: no recursion on long bodies).
	children := make([][]int32, n)
	for _, b := range d.order[1:] {
		if p := d.idom[b.Index]; p >= 0 {
			children[p] = append(children[p], b.Index)
		}
	}
	d.pre = make([]int32, n)
	d.post = make([]int32, n)
	for i := range d.pre {
		d.pre[i], d.post[i] = -1, -1
	}
	var clock int32
	type dfs struct {
		b int32
		i int
	}
	st := []dfs{{entry.Index, 0}}
	d.pre[entry.Index] = clock
	clock++
	for len(st) > 0 {
		top := &st[len(st)-1]
		if top.i < len(children[top.b]) {
			c := children[top.b][top.i]
			top.i++
			d.pre[c] = clock
			clock++
			st = append(st, dfs{c, 0})
			continue
		}
		d.post[top.b] = clock
		clock++
		st = st[:len(st)-1]
	}

	d.guardUp = make([]int32, n)
	for i := range d.guardUp {
		d.guardUp[i] = -1
	}
	for _, b := range d.order {
		if g.guardEntry(b) {
			d.guardUp[b.Index] = b.Index
		} else if p := d.idom[b.Index]; p >= 0 {
			d.guardUp[b.Index] = d.guardUp[p]
		}
	}
	g.dom = d
}

// guardEntry reports whether b's only way in is a conditional edge.
func (g *Graph) guardEntry(b *cfg.Block) bool {
	ps := g.preds[b.Index]
	if len(ps) != 1 {
		return false
	}
	p := ps[0]
	if len(p.Succs) != 2 || p.Succs[0] == p.Succs[1] || len(p.Nodes) == 0 {
		return false
	}
	_, isExpr := p.Nodes[len(p.Nodes)-1].(ast.Expr)
	return isExpr
}

// Idom returns b's immediate dominator, nil for the entry and dead blocks.
func (g *Graph) Idom(b *cfg.Block) *cfg.Block {
	d := g.doms()
	if i := d.idom[b.Index]; i >= 0 {
		return g.CFG.Blocks[i]
	}
	return nil
}

// RPO lists the live blocks in reverse postorder (the entry first; every
// block before its successors except along back edges).
func (g *Graph) RPO() []*cfg.Block { return g.doms().order }

// DominatesBlock reports whether every path from the entry to b goes through a.
func (g *Graph) DominatesBlock(a, b *cfg.Block) bool {
	d := g.doms()
	if d.pre[a.Index] < 0 || d.pre[b.Index] < 0 {
		return false
	}
	return d.pre[a.Index] <= d.pre[b.Index] && d.post[b.Index] <= d.post[a.Index]
}

// Dominates reports whether node a runs on every path from the entry to node
// b (a before b in one block, or a's block dominating b's). A node does not
// dominate itself.
func (g *Graph) Dominates(a, b ast.Node) bool {
	la, ok1 := g.Loc(a)
	lb, ok2 := g.Loc(b)
	if !ok1 || !ok2 {
		return false
	}
	if la.Block == lb.Block {
		return la.Index < lb.Index
	}
	return g.DominatesBlock(la.Block, lb.Block)
}
