package flow

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"
)

// Guard is a branch condition known at a point: Cond evaluated to Holds. When
// Tag is not nil the condition is a case of a tagged switch: Tag == Cond.
type Guard struct {
	Cond  ast.Expr
	Holds bool
	Tag   ast.Expr
	// Block is the block whose conditional edge the guard is.
	Block *cfg.Block
}

// Guards lists the branch conditions that hold whenever n runs, innermost
// first: for each dominator of n's block entered through a conditional edge
// that is its only way in, the edge's condition (nilness's rule). Conditions
// of && and || are not split: see Split.
func (g *Graph) Guards(n ast.Node) []Guard {
	b := g.Block(n)
	if b == nil {
		return nil
	}
	return g.BlockGuards(b)
}

// BlockGuards is Guards for the start of block b.
func (g *Graph) BlockGuards(b *cfg.Block) []Guard {
	var out []Guard
	d := g.doms()
	for xi := d.guardUp[b.Index]; xi >= 0; {
		x := g.CFG.Blocks[xi]
		p := g.preds[xi][0]
		cond, tag, _ := g.Cond(p)
		out = append(out, Guard{Cond: cond, Holds: x == p.Succs[0], Tag: tag, Block: p})
		up := d.idom[xi]
		if up < 0 {
			break
		}
		xi = d.guardUp[up]
	}
	return out
}

// Edge is the guard of the edge from b to its i'th successor, when b ends in
// a two-way branch.
func (g *Graph) Edge(b *cfg.Block, i int) (Guard, bool) {
	cond, tag, ok := g.Cond(b)
	if !ok || b.Succs[0] == b.Succs[1] {
		return Guard{}, false
	}
	return Guard{Cond: cond, Holds: i == 0, Tag: tag, Block: b}, true
}

// Split breaks a guard into the conditions it implies on its own: a && b
// holding means both hold, a || b failing means both fail, !a holding means a
// fails. Other guards are returned as they are.
func Split(gd Guard) []Guard {
	if gd.Tag != nil {
		return []Guard{gd}
	}
	switch e := ast.Unparen(gd.Cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return Split(Guard{Cond: e.X, Holds: !gd.Holds, Block: gd.Block})
		}
	case *ast.BinaryExpr:
		if (e.Op == token.LAND && gd.Holds) || (e.Op == token.LOR && !gd.Holds) {
			return append(Split(Guard{Cond: e.X, Holds: gd.Holds, Block: gd.Block}),
				Split(Guard{Cond: e.Y, Holds: gd.Holds, Block: gd.Block})...)
		}
	}
	return []Guard{gd}
}
