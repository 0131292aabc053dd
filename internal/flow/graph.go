// Package flow is faultline's control-flow layer: one control-flow graph per
// function body, built with golang.org/x/tools/go/cfg (directly, not through
// the ctrlflow analyzer, which declares facts and would make standalone runs
// analyse every dependency from source), and the questions the checks ask of
// it:
//
//   - Loc, Block: where a node runs;
//   - Dominators, Dominates: what runs on every path to a node;
//   - Guards: the branch conditions that hold at a node (nilness-style: the
//     conditions of the If and case edges that dominate it);
//   - After, Reaches: what can run after a node (onconflict's "followers");
//   - FindExit: lostcancel's all-paths query, "is there a path from here to
//     a return on which nothing releases the resource";
//   - Loops: natural loops from back edges (for, range and goto loops alike);
//   - Forward: a monotone forward dataflow over a Lattice, with facts refined
//     on conditional edges, that the checks' lattices plug into.
//
// Calls that never return (panic, os.Exit, log.Fatal*, runtime.Goexit,
// testing's FailNow/Fatal*/Skip*, the loggers' Fatal, and the package's own
// functions every path of which ends in one) end their block: see NoReturn.
//
// Function literals have graphs of their own: nodes inside a literal are not
// nodes of the enclosing function's graph.
package flow

import (
	"go/ast"
	"go/token"
	"slices"
	"sync"

	"golang.org/x/tools/go/cfg"
)

// Graph is the control-flow graph of one function body.
type Graph struct {
	CFG  *cfg.CFG
	Body *ast.BlockStmt

	// tops are the top-level nodes of the live blocks, by position: they
	// do not nest, so the one whose range holds a node is where it runs.
	tops  []top
	lits  []span // the function literals in the body (their nodes are not the graph's)
	preds [][]*cfg.Block
	tags  map[ast.Expr]ast.Expr // case expression -> its switch's tag

	dom      *domTree
	loops    []*Loop
	minReach []token.Pos // MinReach, by block index

	// The lazily built parts; a Graph is shared by checks that may run
	// concurrently.
	onceIndex, onceDom, onceLoops, onceReach sync.Once

	onceExits sync.Once
	returns   []*ast.ReturnStmt
	defers    []*ast.DeferStmt
}

// top is a top-level node of a live block and where it runs.
type top struct {
	pos, end token.Pos
	loc      Loc
}

// span is a node's range.
type span struct{ pos, end token.Pos }

// Loc is where a node runs: the block, and the index in Block.Nodes of the
// top-level node that holds it.
type Loc struct {
	Block *cfg.Block
	Index int
}

// New builds the graph of body. mayReturn reports whether a call can return;
// nil means every call can (NoReturn builds one that knows the usual no-return
// functions).
func New(body *ast.BlockStmt, mayReturn func(*ast.CallExpr) bool) *Graph {
	if mayReturn == nil {
		mayReturn = func(*ast.CallExpr) bool { return true }
	}
	g := &Graph{CFG: cfg.New(body, mayReturn), Body: body}
	g.preds = make([][]*cfg.Block, len(g.CFG.Blocks))
	for _, b := range g.CFG.Blocks {
		if !b.Live {
			continue
		}
		for _, s := range b.Succs {
			g.preds[s.Index] = append(g.preds[s.Index], b)
		}
	}
	return g
}

// index builds the node locations and switch tags on first use.
func (g *Graph) index() { g.onceIndex.Do(g.buildIndex) }

func (g *Graph) buildIndex() {
	g.tags = map[ast.Expr]ast.Expr{}
	for _, b := range g.CFG.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if n.Pos().IsValid() && n.Pos() <= n.End() {
				g.tops = append(g.tops, top{n.Pos(), n.End(), Loc{b, i}})
			}
		}
	}
	slices.SortStableFunc(g.tops, func(x, y top) int { return int(x.pos) - int(y.pos) })
	// Top-level nodes nest in one case: a select case's received variable
	// (go/cfg adds comm.Lhs[0] to the case's block after the whole
	// assignment to the select's). A node belongs to the first block that
	// holds it, so the inner one is dropped.
	kept := g.tops[:0]
	for _, t := range g.tops {
		if n := len(kept); n > 0 && kept[n-1].pos <= t.pos && t.end <= kept[n-1].end {
			continue
		}
		kept = append(kept, t)
	}
	g.tops = kept
	ast.Inspect(g.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			g.lits = append(g.lits, span{n.Pos(), n.End()})
			return false
		case *ast.SwitchStmt:
			if n.Tag != nil {
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						g.tags[e] = n.Tag
					}
				}
			}
		}
		return true
	})
}

// Blocks are the graph's blocks; Blocks()[0] is the entry.
func (g *Graph) Blocks() []*cfg.Block { return g.CFG.Blocks }

// Preds are the live predecessors of b.
func (g *Graph) Preds(b *cfg.Block) []*cfg.Block { return g.preds[b.Index] }

// Loc returns where n runs. A control statement (if, for, range, switch,
// select, block, label) is located at the first of its parts that runs.
// ok is false for nodes outside the graph: inside a nested function literal,
// in dead code, or not in the body at all.
func (g *Graph) Loc(n ast.Node) (Loc, bool) {
	g.index()
	if l, ok := g.locOf(n); ok {
		return l, true
	}
	switch s := n.(type) {
	case *ast.IfStmt:
		if s.Init != nil {
			return g.Loc(s.Init)
		}
		return g.Loc(s.Cond)
	case *ast.ForStmt:
		if s.Init != nil {
			return g.Loc(s.Init)
		}
		if s.Cond != nil {
			return g.Loc(s.Cond)
		}
		return g.Loc(s.Body)
	case *ast.RangeStmt:
		return g.Loc(s.X)
	case *ast.SwitchStmt:
		if s.Init != nil {
			return g.Loc(s.Init)
		}
		if s.Tag != nil {
			return g.Loc(s.Tag)
		}
		return g.firstOf(s.Body)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			return g.Loc(s.Init)
		}
		return g.Loc(s.Assign)
	case *ast.SelectStmt:
		return g.firstOf(s.Body)
	case *ast.LabeledStmt:
		return g.Loc(s.Stmt)
	case *ast.BlockStmt:
		return g.firstOf(s)
	case *ast.CaseClause:
		for _, e := range s.List {
			if l, ok := g.Loc(e); ok {
				return l, true
			}
		}
		for _, st := range s.Body {
			if l, ok := g.Loc(st); ok {
				return l, true
			}
		}
	case *ast.CommClause:
		if s.Comm != nil {
			return g.Loc(s.Comm)
		}
		for _, st := range s.Body {
			if l, ok := g.Loc(st); ok {
				return l, true
			}
		}
	}
	return Loc{}, false
}

// locOf returns the location of the top-level node whose range holds n,
// unless n lies inside a function literal of the body (the literal itself
// runs where its top-level node does).
func (g *Graph) locOf(n ast.Node) (Loc, bool) {
	if n == nil {
		return Loc{}, false
	}
	pos, end := n.Pos(), n.End()
	if !pos.IsValid() || pos > end {
		return Loc{}, false
	}
	// The last top-level node that starts at or before n.
	i, _ := slices.BinarySearchFunc(g.tops, pos, func(t top, p token.Pos) int {
		if t.pos <= p {
			return -1
		}
		return 1
	})
	if i == 0 {
		return Loc{}, false
	}
	t := g.tops[i-1]
	if end > t.end {
		return Loc{}, false
	}
	// The literals do not nest (the index stops at the outermost): the last
	// one that starts at or before n is the only one that can hold it.
	if j, _ := slices.BinarySearchFunc(g.lits, pos, func(l span, p token.Pos) int {
		if l.pos <= p {
			return -1
		}
		return 1
	}); j > 0 {
		if l := g.lits[j-1]; end <= l.end && !(l.pos == pos && l.end == end && isLit(n)) {
			return Loc{}, false
		}
	}
	return t.loc, true
}

func isLit(n ast.Node) bool {
	_, ok := n.(*ast.FuncLit)
	return ok
}

func (g *Graph) firstOf(b *ast.BlockStmt) (Loc, bool) {
	if b == nil {
		return Loc{}, false
	}
	for _, s := range b.List {
		if l, ok := g.Loc(s); ok {
			return l, true
		}
	}
	return Loc{}, false
}

// Block returns the block n runs in (nil when it is not in the graph).
func (g *Graph) Block(n ast.Node) *cfg.Block {
	l, ok := g.Loc(n)
	if !ok {
		return nil
	}
	return l.Block
}

// Contains reports whether n is a node of this graph (not in a nested
// function literal, not dead).
func (g *Graph) Contains(n ast.Node) bool {
	_, ok := g.Loc(n)
	return ok
}

// Cond returns the condition that ends block b when b ends in a two-way
// branch (an if or for condition, or a case expression), and the switch tag
// when the condition is a case of a tagged switch.
func (g *Graph) Cond(b *cfg.Block) (cond, tag ast.Expr, ok bool) {
	g.index()
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return nil, nil, false
	}
	e, isExpr := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !isExpr {
		return nil, nil, false
	}
	return e, g.tags[e], true
}

// Before reports whether the top-level node at l runs before the one at m
// in one pass through their common block (same block, earlier index).
func (l Loc) Before(m Loc) bool { return l.Block == m.Block && l.Index < m.Index }

// Returns lists the function's return statements that can be reached,
// including the implicit return at the closing brace (its Return position is
// the brace).
func (g *Graph) Returns() []*ast.ReturnStmt {
	g.exits()
	return slices.Clip(g.returns)
}

// Defers lists the defer statements that can be reached, in block order.
func (g *Graph) Defers() []*ast.DeferStmt {
	g.exits()
	return slices.Clip(g.defers)
}

// exits computes Returns and Defers once: checks ask for them per call.
func (g *Graph) exits() {
	g.onceExits.Do(func() {
		for _, b := range g.CFG.Blocks {
			if !b.Live {
				continue
			}
			if r := b.Return(); r != nil {
				g.returns = append(g.returns, r)
			}
			for _, n := range b.Nodes {
				if d, ok := n.(*ast.DeferStmt); ok {
					g.defers = append(g.defers, d)
				}
			}
		}
	})
}

// Terminal reports whether b ends the function: a return, or a call that
// never returns (b is live and has no successors).
func Terminal(b *cfg.Block) bool { return b.Live && len(b.Succs) == 0 }

// ExitNode is the node that ends a terminal block: its *ast.ReturnStmt, or
// the statement holding the no-return call.
func ExitNode(b *cfg.Block) ast.Node {
	if len(b.Nodes) == 0 {
		return nil
	}
	return b.Nodes[len(b.Nodes)-1]
}

// IsReturn reports whether a terminal block ends in a return statement (and
// not in a call that never returns).
func IsReturn(b *cfg.Block) bool {
	return b.Return() != nil
}
