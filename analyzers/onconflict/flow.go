package onconflict

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/notfound"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/cfg"
)

// followers returns, in source order, the top-level statements and
// conditions (nodes of the function's control-flow graph) that can run
// after the gate on the path where the insert succeeded, up to the
// function's end or the end of the innermost loop iteration holding the gate
// (what follows a loop is batch-level, not per row; the next iteration is
// another row). The branch of an if whose condition tests an error is the
// failure path and is left out; so is the else branch of if err == nil, and
// a case that tests an error.
//
// A gate inside a transaction callback (pgx.BeginFunc, GORM Transaction,
// any function literal with a DB handle parameter passed to a call) that
// ends by returning nil continues after that call in the enclosing
// function: the callback committed, and the caller goes on.
func (c *checker) followers(g *gate) []ast.Node {
	fnNode := c.ix.EnclosingFunc(g.call)
	if fnNode == nil {
		return nil
	}
	anchor, ok := c.anchorOf(g.call)
	if !ok {
		return nil
	}
	seen := map[ast.Node]bool{}
	var out []ast.Node
	c.follow(g, fnNode, g.call, anchor, seen, &out, 0)
	slices.SortFunc(out, func(a, b ast.Node) int { return cmp.Compare(a.Pos(), b.Pos()) })
	return out
}

// anchorOf returns the innermost statement holding n that sits in a
// statement list; ok is false when n is in a loop header (the gate runs per
// iteration of something it does not decide) or outside any function body.
func (c *checker) anchorOf(n ast.Node) (ast.Stmt, bool) {
	for cur := n; cur != nil; {
		parent := c.ix.Parent(cur)
		switch parent.(type) {
		case nil, *ast.FuncDecl, *ast.FuncLit:
			return nil, false
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			s, ok := cur.(ast.Stmt)
			if !ok {
				return nil, false
			}
			switch s.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return nil, false // a gate in a loop header
			}
			return s, true
		}
		cur = parent
	}
	return nil, false
}

// follow appends to out the graph nodes of fnNode that can run after from.
// anchor is the statement holding the gate when from is the gate itself, nil
// when following on after a transaction callback's call.
func (c *checker) follow(g *gate, fnNode, from ast.Node, anchor ast.Stmt, seen map[ast.Node]bool, out *[]ast.Node, depth int) {
	gr := c.flow.FuncGraph(fnNode)
	if gr == nil {
		return
	}
	l, ok := gr.Loc(from)
	if !ok {
		return
	}
	loop := gr.LoopOf(from)
	// if <gate>; <not an error test> { ...; return }: what follows the if
	// runs on the other outcome, which the gate decided.
	var cutElse *cfg.Block
	if ifs, ok := anchor.(*ast.IfStmt); ok && ifs.Else == nil && !c.errorCond(ifs.Cond) && c.leaves(ifs.Body) {
		if within(ifs.Init, g.call) || within(ifs.Cond, g.call) {
			cutElse = gr.Block(ifs.Cond)
		}
	}
	lit, _ := fnNode.(*ast.FuncLit)
	add := func(n ast.Node) {
		if !seen[n] {
			seen[n] = true
			*out = append(*out, n)
		}
	}
	// atExit continues after a transaction callback that committed.
	atExit := func(b *cfg.Block) {
		r := b.Return()
		if r == nil || lit == nil || depth >= 3 {
			return
		}
		cont := false
		switch {
		case anchor != nil && ast.Node(anchor) == ast.Node(r):
			// return tx...Create(&v).Error: nil on success.
			if g.site.lib == libGorm && len(r.Results) > 0 {
				if sel, ok := ast.Unparen(r.Results[len(r.Results)-1]).(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && ast.Unparen(sel.X) == g.call {
					cont = true
				}
			}
		case c.returnsNilError(r):
			cont = true
		case len(r.Results) == 0 && r.Return == lit.Body.Rbrace:
			cont = true // falls off the end
		}
		if !cont || !c.isTxCallback(lit) {
			return
		}
		call, ok := c.ix.Parent(lit).(*ast.CallExpr)
		if !ok || !slices.ContainsFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == lit }) {
			return
		}
		if outer := c.ix.EnclosingFunc(call); outer != nil {
			c.follow(g, outer, call, nil, seen, out, depth+1)
		}
	}
	if anchor != nil && ast.Node(anchor) == ast.Node(gr.Block(from).Return()) {
		// The gate is a return statement.
		atExit(l.Block)
		return
	}
	for _, n := range l.Block.Nodes[l.Index+1:] {
		add(n)
	}
	visited := make([]bool, len(gr.Blocks()))
	var queue []*cfg.Block
	push := func(b *cfg.Block) {
		for i, s := range b.Succs {
			if loop != nil && (s == loop.Head || !loop.Has(s) || (s.Kind == cfg.KindForPost && s.Stmt == loop.Stmt)) {
				continue // the next iteration, or past the loop
			}
			if b == cutElse && i == 1 {
				continue
			}
			if c.failureEdge(gr, b, i) {
				continue
			}
			queue = append(queue, s)
		}
	}
	if flow.Terminal(l.Block) {
		atExit(l.Block)
	}
	push(l.Block)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if visited[b.Index] {
			continue
		}
		visited[b.Index] = true
		for _, n := range b.Nodes {
			add(n)
		}
		if flow.Terminal(b) {
			atExit(b)
		}
		push(b)
	}
}

// failureEdge reports a conditional edge into an error branch: the body of
// an if whose condition tests an error, the else of if err == nil, or a case
// that tests an error.
func (c *checker) failureEdge(gr *flow.Graph, b *cfg.Block, i int) bool {
	s := b.Succs[i]
	switch s.Kind {
	case cfg.KindSwitchCaseBody:
		cc, ok := s.Stmt.(*ast.CaseClause)
		return ok && c.errorCase(cc)
	case cfg.KindIfThen, cfg.KindIfElse:
	default:
		return false
	}
	gd, ok := gr.Edge(b, i)
	if !ok {
		return false
	}
	if gd.Holds {
		return s.Kind == cfg.KindIfThen && c.errorCond(gd.Cond)
	}
	return s.Kind == cfg.KindIfElse && c.successCond(gd.Cond)
}

// within reports whether n lies inside outer.
func within(outer, n ast.Node) bool {
	return outer != nil && n != nil && outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// isTxCallback reports a function literal with a DB handle parameter: a
// *sql.Tx, *sqlx.Tx, pgx.Tx or *gorm.DB.
func (c *checker) isTxCallback(fl *ast.FuncLit) bool {
	sig, ok := c.info.TypeOf(fl).(*types.Signature)
	if !ok {
		return false
	}
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		if typesx.IsNamedOrPointer(t, "database/sql", "Tx") || typesx.IsNamedOrPointer(t, "github.com/jmoiron/sqlx", "Tx") ||
			typesx.IsNamedOrPointer(t, "github.com/jackc/pgx/v5", "Tx") || typesx.IsNamedOrPointer(t, "gorm.io/gorm", "DB") {
			return true
		}
	}
	return false
}

func (c *checker) returnsNilError(r *ast.ReturnStmt) bool {
	return len(r.Results) > 0 && c.isNil(r.Results[len(r.Results)-1])
}

// leaves reports a statement after which the path does not go on.
func (c *checker) leaves(s ast.Stmt) bool { return flow.Leaves(s, c.flow.MayReturn) }

// errorCond reports a condition that holds only on a failure: err != nil,
// errors.Is/As(err, ...), err == ErrX, or a conjunction with one of them.
func (c *checker) errorCond(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			return c.errorCond(x.X) || c.errorCond(x.Y)
		case token.NEQ:
			return (c.isNil(x.Y) && typesx.ImplementsError(c.info.TypeOf(x.X))) || (c.isNil(x.X) && typesx.ImplementsError(c.info.TypeOf(x.Y)))
		case token.EQL:
			return !c.isNil(x.X) && !c.isNil(x.Y) && typesx.ImplementsError(c.info.TypeOf(x.X)) && typesx.ImplementsError(c.info.TypeOf(x.Y))
		}
	case *ast.CallExpr:
		if notfound.IsErrorsIs(c.info, x) || notfound.IsErrorsAs(c.info, x) {
			return true
		}
	}
	return false
}

// successCond reports err == nil (so the else branch is the failure path).
func (c *checker) successCond(e ast.Expr) bool {
	x, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || x.Op != token.EQL {
		return false
	}
	return (c.isNil(x.Y) && typesx.ImplementsError(c.info.TypeOf(x.X))) || (c.isNil(x.X) && typesx.ImplementsError(c.info.TypeOf(x.Y)))
}

// errorCase reports a case clause of a tagless switch that tests an error.
func (c *checker) errorCase(cc *ast.CaseClause) bool {
	for _, e := range cc.List {
		if c.errorCond(e) {
			return true
		}
	}
	return false
}

// stmtList returns the statement list of stack[i] when stack[i] is a block
// that runs its statements in sequence (not a switch body, whose elements
// are alternative clauses).
func stmtList(stack []ast.Node, i int) []ast.Stmt {
	if i < 0 {
		return nil
	}
	switch n := stack[i].(type) {
	case *ast.BlockStmt:
		if i > 0 {
			switch stack[i-1].(type) {
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				return nil
			}
		}
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

func indexOf(list []ast.Stmt, n ast.Node) int {
	for i, s := range list {
		if s == n {
			return i
		}
	}
	return -1
}
