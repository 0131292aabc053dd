package txfinish

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// summary is what a callee does with a transaction passed to it.
type summary uint8

const (
	unknown      summary = iota // not in this package, a function value, or kept where we cannot see
	borrows                     // uses it; never finishes it or hands it on
	escapes                     // hands it on (returns it, stores it) without finishing it
	finishesSome                // commits or rolls it back on some paths
	finishesAll                 // commits or rolls it back on every path (finishTx(tx, &err))
)

type paramKey struct {
	fn *types.Func
	i  int
}

// maxDepth bounds the summaries of callees that pass the transaction on.
const maxDepth = 4

// summary says what the callee of call does with its argument i.
func (c *checker) summary(call *ast.CallExpr, i, depth int) summary {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return unknown
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return unknown
	}
	n := sig.Params().Len()
	var pt types.Type
	switch {
	case i < 0: // the receiver
		if r := sig.Recv(); r != nil {
			pt = r.Type()
		}
	case sig.Variadic() && i >= n-1:
		if s, ok := sig.Params().At(n - 1).Type().(*types.Slice); ok {
			pt = s.Elem()
		}
	case i < n:
		pt = sig.Params().At(i).Type()
	}
	if pt == nil {
		return unknown
	}
	// A parameter whose type has no Commit or Rollback (sqlc's DBTX, a
	// Querier interface) cannot finish the transaction without a type
	// assertion: the callee borrows it.
	if kindOf(pt) == notTx {
		if it, ok := pt.Underlying().(*types.Interface); ok && it.NumMethods() == 0 {
			return unknown // any: it may be kept anywhere
		}
		return borrows
	}
	if i < 0 {
		return c.recvSummary(fn, depth)
	}
	decl := c.ix.Decl(fn)
	if decl == nil {
		if f := c.importedFact(fn); f != nil && i < len(f.Params) && !(sig.Variadic() && i >= n-1) {
			return f.Params[i]
		}
		return unknown
	}
	if decl.Body == nil || (sig.Variadic() && i >= n-1) {
		return unknown
	}
	return c.paramSummary(fn, decl, i, depth)
}

// paramSummary is the summary of parameter i of fn (-1: its receiver),
// declared by decl in this package.
func (c *checker) paramSummary(fn *types.Func, decl *ast.FuncDecl, i, depth int) summary {
	key := paramKey{fn.Origin(), i}
	if s, ok := c.summaries[key]; ok {
		return s
	}
	if depth >= maxDepth {
		return unknown
	}
	c.summaries[key] = borrows // while computing: recursion borrows
	sig := fn.Origin().Type().(*types.Signature)
	p := sig.Recv()
	if i >= 0 {
		p = sig.Params().At(i)
	}
	s := c.summarise(decl, p, depth+1)
	c.summaries[key] = s
	return s
}

// summarise computes the summary of parameter p of decl.
func (c *checker) summarise(decl *ast.FuncDecl, p *types.Var, depth int) summary {
	if p.Name() == "" || p.Name() == "_" {
		return borrows
	}
	g := c.fp.FuncGraph(decl)
	if g == nil {
		return unknown
	}
	t := c.newTracker(g, decl, p, kindOf(p.Type()), depth)
	finishes, escapes_ := false, false
	for _, id := range c.ix.Uses(p) {
		switch k, call, i := t.classify(id); k {
		case useFinish:
			finishes = true
		case usePass:
			switch c.summary(call, i, depth) {
			case finishesAll, finishesSome:
				finishes = true
			case escapes, unknown:
				escapes_ = true
			}
		case useEscape:
			escapes_ = true
		}
	}
	switch {
	case finishes:
		if exit, _ := g.FindExitFromEntry(flow.Search{Stop: t.stop, Edge: t.edge}); exit == nil {
			return finishesAll
		}
		return finishesSome
	case escapes_:
		return escapes
	}
	return borrows
}

// recvSummary is what method fn does with its receiver, a transaction
// wrapper (fider's dbx.Trx): MustCommit and MustRollback finish it, Execute
// borrows it. Key index -1 is the receiver.
func (c *checker) recvSummary(fn *types.Func, depth int) summary {
	sig, ok := fn.Origin().Type().(*types.Signature)
	if !ok || sig.Recv() == nil || kindOf(sig.Recv().Type()) == notTx {
		return unknown
	}
	decl := c.ix.Decl(fn)
	if decl == nil {
		if f := c.importedFact(fn); f != nil {
			return f.Recv
		}
		return unknown
	}
	if decl.Body == nil {
		return unknown
	}
	return c.paramSummary(fn, decl, -1, depth)
}
