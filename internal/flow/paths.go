package flow

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"
)

// After calls yield with each top-level node that can run after n on some
// path (n's own later nodes first, then breadth-first through the blocks
// reachable from n's block; a node is visited once, and n's own block again,
// whole, when a loop leads back to it). It stops when yield returns false.
func (g *Graph) After(n ast.Node, yield func(ast.Node) bool) {
	l, ok := g.Loc(n)
	if !ok {
		return
	}
	for _, m := range l.Block.Nodes[l.Index+1:] {
		if !yield(m) {
			return
		}
	}
	seen := make([]bool, len(g.CFG.Blocks))
	queue := append([]*cfg.Block(nil), l.Block.Succs...)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if seen[b.Index] {
			continue
		}
		seen[b.Index] = true
		for _, m := range b.Nodes {
			if !yield(m) {
				return
			}
		}
		queue = append(queue, b.Succs...)
	}
}

// Reaches reports whether, after a runs, b can run (on some path; in a loop,
// a node can reach itself and nodes before it).
func (g *Graph) Reaches(a, b ast.Node) bool {
	la, ok1 := g.Loc(a)
	lb, ok2 := g.Loc(b)
	if !ok1 || !ok2 {
		return false
	}
	if la.Block == lb.Block && la.Index < lb.Index {
		return true
	}
	return g.BlockReaches(la.Block, lb.Block)
}

// BlockReaches reports whether a path of one or more edges leads from a to b.
func (g *Graph) BlockReaches(a, b *cfg.Block) bool {
	seen := make([]bool, len(g.CFG.Blocks))
	stack := append([]*cfg.Block(nil), a.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if seen[x.Index] {
			continue
		}
		seen[x.Index] = true
		stack = append(stack, x.Succs...)
	}
	return false
}

// ReachesAvoiding reports whether block to can be reached from block from
// (not from itself: through its successors) along edges that stay in the
// blocks in accepts and that take accepts: take(b, i) says whether the
// edge from b to b.Succs[i] may be followed ("not past a failed err
// check"). from itself is not entered again.
func (g *Graph) ReachesAvoiding(from, to *cfg.Block, in func(*cfg.Block) bool, take func(b *cfg.Block, i int) bool) bool {
	seen := map[*cfg.Block]bool{from: true}
	stack := []*cfg.Block{from}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i, s := range b.Succs {
			if seen[s] || !in(s) || !take(b, i) {
				continue
			}
			if s == to {
				return true
			}
			seen[s] = true
			stack = append(stack, s)
		}
	}
	return false
}

// Search configures FindExit.
type Search struct {
	// Stop reports a node that ends the search on its path (the resource is
	// released, the error handled). Nil stops nowhere.
	Stop func(ast.Node) bool
	// Edge reports whether a conditional edge can be taken on the searched
	// paths (false prunes it: "err != nil is false right after a successful
	// Begin"). Nil takes every edge.
	Edge func(Guard) bool
	// NoReturn makes calls that never return (panic, log.Fatal) count as
	// exits; otherwise only return statements do.
	NoReturn bool
}

// FindExit looks, lostcancel-style, for a path from just after n to the end
// of the function on which no node satisfies s.Stop. It returns the node that
// ends such a path (a *ast.ReturnStmt, the implicit one at the closing brace,
// or with s.NoReturn a no-return call's statement) and the path's blocks from
// n's block to the exit, or nil when every path stops.
func (g *Graph) FindExit(n ast.Node, s Search) (ast.Node, []*cfg.Block) {
	l, ok := g.Loc(n)
	if !ok {
		return nil, nil
	}
	return g.findExit(l.Block, l.Index+1, s)
}

// FindExitFromEntry is FindExit from the start of the function: it looks
// for a path from the entry (its first node included) to the end of the
// function on which no node satisfies s.Stop. Summaries use it: "does every
// path of this function release its parameter".
func (g *Graph) FindExitFromEntry(s Search) (ast.Node, []*cfg.Block) {
	if len(g.CFG.Blocks) == 0 {
		return nil, nil
	}
	return g.findExit(g.CFG.Blocks[0], 0, s)
}

// findExit searches from node index start of block first.
func (g *Graph) findExit(first *cfg.Block, start int, s Search) (ast.Node, []*cfg.Block) {
	l := Loc{Block: first, Index: start - 1}
	stops := func(m ast.Node) bool { return s.Stop != nil && s.Stop(m) }
	for _, m := range l.Block.Nodes[start:] {
		if stops(m) {
			return nil, nil
		}
	}
	// Breadth-first over blocks, remembering the predecessor on the path.
	from := make([]int32, len(g.CFG.Blocks))
	for i := range from {
		from[i] = -2
	}
	exit := func(b *cfg.Block) ast.Node {
		if !Terminal(b) {
			return nil
		}
		if IsReturn(b) || s.NoReturn {
			return ExitNode(b)
		}
		return nil
	}
	path := func(b *cfg.Block) []*cfg.Block {
		var p []*cfg.Block
		for x := b.Index; x >= 0; x = from[x] {
			p = append(p, g.CFG.Blocks[x])
			if x == l.Block.Index && len(p) > 1 {
				break
			}
		}
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
		return p
	}
	if e := exit(l.Block); e != nil {
		return e, []*cfg.Block{l.Block}
	}
	type item struct{ b, via *cfg.Block }
	var queue []item
	push := func(b *cfg.Block) {
		for i, succ := range b.Succs {
			if s.Edge != nil {
				if gd, ok := g.Edge(b, i); ok && !s.Edge(gd) {
					continue
				}
			}
			queue = append(queue, item{succ, b})
		}
	}
	push(l.Block)
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		b := it.b
		if from[b.Index] != -2 {
			continue
		}
		from[b.Index] = it.via.Index
		stopped := false
		for _, m := range b.Nodes {
			if stops(m) {
				stopped = true
				break
			}
		}
		if stopped {
			continue
		}
		if e := exit(b); e != nil {
			return e, path(b)
		}
		push(b)
	}
	return nil, nil
}
