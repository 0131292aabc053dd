// Package summaries computes per-function summaries of a package's functions
// over its static call graph, in an order that makes the result independent
// of the order the checks ask in: strongly connected components of the call
// graph (Tarjan) callees first, and within a component (mutually recursive
// helpers) a fixed point: every member's step is re-run with its peers'
// current summaries until none changes.
//
// It replaces the checks' memo tables with a placeholder that breaks
// recursion (selectinsert's "busy" summary, onconflict's empty one), which
// give mutually recursive helpers a summary that depends on which of them was
// asked for first.
package summaries

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// MaxRounds bounds the fixed-point iteration within one component; a step
// whose summaries keep changing (a lattice of unbounded height) stops there
// and the component's summaries are those of the last round (Result.Capped
// lists them).
const MaxRounds = 16

// Step computes fn's summary. get returns the current summary of another of
// the package's functions (the zero S for a function without a summary yet,
// or outside the set).
type Step[S any] func(fn *types.Func, decl *ast.FuncDecl, get func(*types.Func) S) S

// Result holds the summaries.
type Result[S any] struct {
	sums  map[*types.Func]S
	order []*types.Func
	// Capped lists the functions whose component did not reach a fixed
	// point within MaxRounds.
	Capped []*types.Func
}

// Of returns fn's summary (generic instantiations fold to their origin) and
// whether it has one.
func (r *Result[S]) Of(fn *types.Func) (S, bool) {
	if fn == nil {
		var zero S
		return zero, false
	}
	s, ok := r.sums[fn.Origin()]
	return s, ok
}

// Funcs lists the summarised functions in the order they were computed
// (callees before callers; components in source order of their first
// member).
func (r *Result[S]) Funcs() []*types.Func { return r.order }

// Compute summarises every declared function of the package for which keep
// returns true (all of them when keep is nil). equal compares two summaries
// of one function.
func Compute[S any](ix *pkgindex.Index, keep func(*types.Func) bool, step Step[S], equal func(a, b S) bool) *Result[S] {
	var fns []*types.Func
	in := map[*types.Func]bool{}
	for _, fn := range ix.Funcs() {
		if ix.Decl(fn).Body == nil || (keep != nil && !keep(fn)) {
			continue
		}
		fns = append(fns, fn)
		in[fn] = true
	}
	// The static call graph among them, edges in source order.
	edges := map[*types.Func][]*types.Func{}
	for _, fn := range fns {
		seen := map[*types.Func]bool{}
		ast.Inspect(ix.Decl(fn).Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if c := typesx.StaticCallee(ix.Info, call); c != nil && in[c.Origin()] && !seen[c.Origin()] {
					seen[c.Origin()] = true
					edges[fn] = append(edges[fn], c.Origin())
				}
			}
			return true
		})
	}
	r := &Result[S]{sums: map[*types.Func]S{}}
	get := func(f *types.Func) S {
		if f == nil {
			var zero S
			return zero
		}
		return r.sums[f.Origin()]
	}
	for _, scc := range tarjan(fns, edges) {
		for _, fn := range scc {
			r.sums[fn] = step(fn, ix.Decl(fn), get)
		}
		recursive := len(scc) > 1 || slices.Contains(edges[scc[0]], scc[0])
		if recursive {
			stable := false
			for round := 1; round < MaxRounds && !stable; round++ {
				stable = true
				for _, fn := range scc {
					next := step(fn, ix.Decl(fn), get)
					if !equal(next, r.sums[fn]) {
						stable = false
					}
					r.sums[fn] = next
				}
			}
			if !stable {
				r.Capped = append(r.Capped, scc...)
			}
		}
		r.order = append(r.order, scc...)
	}
	return r
}

// tarjan returns the strongly connected components of the graph, each a
// list in source order, callees' components before their callers'.
func tarjan(fns []*types.Func, edges map[*types.Func][]*types.Func) [][]*types.Func {
	index := map[*types.Func]int{}
	low := map[*types.Func]int{}
	onStack := map[*types.Func]bool{}
	pos := map[*types.Func]int{}
	for i, fn := range fns {
		pos[fn] = i
	}
	var stack []*types.Func
	var out [][]*types.Func
	next := 0
	var visit func(v *types.Func)
	visit = func(v *types.Func) {
		index[v] = next
		low[v] = next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var scc []*types.Func
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				scc = append(scc, w)
				if w == v {
					break
				}
			}
			slices.SortFunc(scc, func(a, b *types.Func) int { return pos[a] - pos[b] })
			out = append(out, scc)
		}
	}
	for _, fn := range fns {
		if _, seen := index[fn]; !seen {
			visit(fn)
		}
	}
	return out
}
