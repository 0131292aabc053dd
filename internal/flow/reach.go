package flow

import "golang.org/x/tools/go/cfg"

// ReachersOf returns, indexed by block, whether a path of one or more edges
// leads from that block to b: one backward search, so a check that asks
// "does w come before p" for many w asks it in constant time each, instead
// of one BlockReaches per pair.
func (g *Graph) ReachersOf(b *cfg.Block) []bool {
	seen := make([]bool, len(g.CFG.Blocks))
	stack := append([]*cfg.Block(nil), g.Preds(b)...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x.Index] {
			continue
		}
		seen[x.Index] = true
		stack = append(stack, g.Preds(x)...)
	}
	return seen
}
