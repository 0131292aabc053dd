package flow

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// Loop is a natural loop: a header and the blocks that can reach a back edge
// into it without passing through the header. for, range and goto loops are
// all found the same way.
type Loop struct {
	Head *cfg.Block
	// Stmt is the *ast.ForStmt or *ast.RangeStmt whose loop this is, nil for
	// a loop made with goto.
	Stmt   ast.Stmt
	blocks []bool
	// Latches are the blocks whose edges go back to Head.
	Latches []*cfg.Block
}

// Has reports whether b is in the loop.
func (l *Loop) Has(b *cfg.Block) bool {
	return b != nil && int(b.Index) < len(l.blocks) && l.blocks[b.Index]
}

// Exits lists the blocks outside the loop that an edge from inside leads to.
func (l *Loop) Exits() []*cfg.Block {
	var out []*cfg.Block
	seen := map[*cfg.Block]bool{}
	// Walk from the head so the order is deterministic.
	stack := []*cfg.Block{l.Head}
	visited := map[*cfg.Block]bool{l.Head: true}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range b.Succs {
			if !l.Has(s) {
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
				continue
			}
			if !visited[s] {
				visited[s] = true
				stack = append(stack, s)
			}
		}
	}
	slices.SortFunc(out, func(a, b *cfg.Block) int { return int(a.Index - b.Index) })
	return out
}

// Loops lists the function's natural loops, outer loops before the loops they
// contain (by header position in reverse postorder). Loops sharing a header
// are merged.
func (g *Graph) Loops() []*Loop {
	g.onceLoops.Do(func() { g.loops = g.findLoops() })
	return g.loops
}

func (g *Graph) findLoops() []*Loop {
	d := g.doms()
	byHead := map[*cfg.Block]*Loop{}
	var heads []*cfg.Block
	for _, b := range d.order {
		for _, s := range b.Succs {
			if !g.DominatesBlock(s, b) {
				continue
			}
			l := byHead[s]
			if l == nil {
				l = &Loop{Head: s, blocks: make([]bool, len(g.CFG.Blocks))}
				l.blocks[s.Index] = true
				if st, ok := s.Stmt.(*ast.ForStmt); ok && (s.Kind == cfg.KindForLoop || s.Kind == cfg.KindForBody) {
					l.Stmt = st
				}
				if st, ok := s.Stmt.(*ast.RangeStmt); ok && s.Kind == cfg.KindRangeLoop {
					l.Stmt = st
				}
				byHead[s] = l
				heads = append(heads, s)
			}
			l.Latches = append(l.Latches, b)
			// Blocks that reach b backwards without crossing the head.
			stack := []*cfg.Block{b}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if l.blocks[x.Index] {
					continue
				}
				l.blocks[x.Index] = true
				stack = append(stack, g.preds[x.Index]...)
			}
		}
	}
	slices.SortFunc(heads, func(a, b *cfg.Block) int { return int(d.rpo[a.Index] - d.rpo[b.Index]) })
	out := make([]*Loop, len(heads), len(heads)+1)
	for i, h := range heads {
		out[i] = byHead[h]
	}
	return out
}

// LoopOf returns the innermost loop holding n, nil when n is in no loop.
func (g *Graph) LoopOf(n ast.Node) *Loop {
	b := g.Block(n)
	if b == nil {
		return nil
	}
	var inner *Loop
	for _, l := range g.Loops() {
		if l.Has(b) {
			inner = l // later loops in the list are nested deeper or disjoint
		}
	}
	return inner
}

// LoopFor returns the loop of a for or range statement, nil when its body
// cannot run twice (it always exits on the first pass).
func (g *Graph) LoopFor(stmt ast.Stmt) *Loop {
	for _, l := range g.Loops() {
		if l.Stmt == stmt {
			return l
		}
	}
	return nil
}

// ForeverLoop reports whether n is a loop that runs for the life of its
// goroutine: for { ... } with no condition, or a range over a channel (a
// ticker's C, a work queue), and returns its body.
func ForeverLoop(info *types.Info, n ast.Node) (*ast.BlockStmt, bool) {
	switch l := n.(type) {
	case *ast.ForStmt:
		return l.Body, l.Cond == nil
	case *ast.RangeStmt:
		if t := info.TypeOf(l.X); t != nil {
			if _, ok := t.Underlying().(*types.Chan); ok {
				return l.Body, true
			}
		}
	}
	return nil, false
}
