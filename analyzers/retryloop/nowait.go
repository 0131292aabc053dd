package retryloop

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// A retry with no wait at all: a loop that calls the same operation, with
// the same arguments, until it succeeds, and goes straight round again on
// any error. It hammers the dependency while it is down and, without a
// bound, spins a core:
//
//	for i := 0; i < 3; i++ { if err = c.post(ctx, msg); err == nil { return nil } }
//	for { if err := db.Ping(ctx); err == nil { break } else { log.Print(err) } }
//	for err := q.Ack(ctx, id); err != nil; err = q.Ack(ctx, id) { log.Print(err) }
//
// Only the plainest shape is taken: the error is compared with nil to leave
// on success and otherwise only logged; any other use of it (a predicate, a
// wrap, a return), any other exit, any wait or channel operation in the
// loop, or an argument that changes from one time round to the next (the
// next server of a list, a fresh ID, the counter) makes the loop something
// else, and it stays quiet.

// noWaitRetry is a loop found to retry op with no wait.
type noWaitRetry struct {
	loop    *ast.ForStmt
	op      *ast.CallExpr
	bounded bool
}

// checkNoWait reports the no-wait retry loops of one function body (its
// function literals are checked on their own).
func (a *checker) checkNoWait(body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if r := a.noWait(n); r != nil {
				a.reportNoWait(r)
			}
		case *ast.RangeStmt:
			// for range 3 / for i := range n: a counted loop
			if b, ok := a.info.TypeOf(n.X).Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				loop := &ast.ForStmt{For: n.For, Cond: n.X, Body: n.Body}
				if n.Key != nil {
					// the counter changes each time round
					lhs := []ast.Expr{n.Key}
					loop.Init = &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, TokPos: n.TokPos, Rhs: []ast.Expr{n.X}}
				}
				if r := a.noWait(loop); r != nil {
					a.reportNoWait(r)
				}
			}
		}
		return true
	})
}

func (a *checker) noWait(loop *ast.ForStmt) *noWaitRetry {
	if a.waitsOrBlocks(loop.Body) || (loop.Post != nil && a.waitsOrBlocks(loop.Post)) {
		return nil
	}
	var r *noWaitRetry
	var errVar *types.Var
	var success ast.Node // the success test: a condition, or the loop's own
	switch {
	case loop.Cond != nil && a.nilCompare(loop.Cond, true) != nil:
		// for err := op(); err != nil; err = op() { log }
		id := a.nilCompare(loop.Cond, true)
		errVar, _ = a.info.Uses[id].(*types.Var)
		op := a.assignedCall(loop.Post, errVar)
		if errVar == nil || op == nil {
			return nil
		}
		r = &noWaitRetry{loop: loop, op: op}
		success = loop.Cond
		if loop.Init != nil && !sameCall(a.pass.Fset, a.assignedCall(loop.Init, errVar), op) {
			return nil
		}
	default:
		r, errVar, success = a.successExit(loop)
		if r == nil {
			return nil
		}
		r.bounded = loop.Cond != nil
	}
	if !a.retriesEveryError(loop, errVar, success, r.op) || a.changesEachTime(loop, r.op) {
		return nil
	}
	if a.hasSerializable() && a.serialInLoop(loop) {
		return nil // the serializable transaction's retry is checked as such
	}
	return r
}

// successExit finds, among the loop body's statements, `err = op(...)` (or
// `if err := op(...); ...`) followed by `if err == nil { ... return|break }`.
func (a *checker) successExit(loop *ast.ForStmt) (*noWaitRetry, *types.Var, ast.Node) {
	list := loop.Body.List
	for i, st := range list {
		ifs, ok := st.(*ast.IfStmt)
		if !ok {
			continue
		}
		id := a.nilCompare(ifs.Cond, false)
		if id == nil {
			continue
		}
		v, _ := a.info.Uses[id].(*types.Var)
		if v == nil || !leaves(ifs.Body) {
			continue
		}
		op := a.assignedCall(ifs.Init, v)
		for j := i - 1; op == nil && j >= 0; j-- {
			if op = a.assignedCall(list[j], v); op != nil {
				break
			}
			// err = op(ctx); cancel(): a call between that leaves err alone
			if es, ok := list[j].(*ast.ExprStmt); !ok || a.mentions(es.X, v) {
				break
			}
		}
		if op == nil {
			continue
		}
		if ifs.Else != nil {
			// the failure branch: logging only
			eb, ok := ifs.Else.(*ast.BlockStmt)
			if !ok || !a.onlyLogs(eb.List) {
				continue
			}
		}
		return &noWaitRetry{loop: loop, op: op}, v, ifs.Cond
	}
	return nil, nil, nil
}

// leaves reports a block that ends the loop: its last statement is a
// return or an unlabeled break.
func leaves(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.BREAK && s.Label == nil
	}
	return false
}

// nilCompare returns err of `err != nil` (notNil) or `err == nil` (either
// side; typesx.NilTest).
func (a *checker) nilCompare(e ast.Expr, notNil bool) *ast.Ident {
	x, nn, ok := typesx.NilTest(a.info, e)
	if !ok || nn != notNil {
		return nil
	}
	id, _ := x.(*ast.Ident)
	return id
}

// assignedCall returns op of `..., v = op(...)` or `..., v := op(...)` with
// v its last result, an error.
func (a *checker) assignedCall(st ast.Stmt, v *types.Var) *ast.CallExpr {
	as, ok := st.(*ast.AssignStmt)
	if !ok || v == nil || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	last, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok || a.info.ObjectOf(last) != v || !typesx.IsError(v.Type()) {
		return nil
	}
	if tv, ok := a.info.Types[call.Fun]; ok && tv.IsType() {
		return nil // a conversion
	}
	return call
}

// waitsOrBlocks reports a wait, a channel operation, a select or a go
// statement in n: a loop with any of them is not a tight retry.
func (a *checker) waitsOrBlocks(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt, *ast.SendStmt, *ast.GoStmt:
			found = true
		case *ast.UnaryExpr:
			found = m.Op == token.ARROW
		case *ast.RangeStmt:
			if t := a.info.TypeOf(m.X); t != nil {
				_, found = t.Underlying().(*types.Chan)
			}
		case *ast.CallExpr:
			found = a.waitOf(m) != nil
		}
		return !found
	})
	return found
}

// retriesEveryError reports that inside the loop the error is only
// assigned by op, compared with nil at success and logged, and that the
// loop has no exit but the success test (and its own condition).
func (a *checker) retriesEveryError(loop *ast.ForStmt, v *types.Var, success ast.Node, op *ast.CallExpr) bool {
	ok := true
	var stack []ast.Node
	ast.Inspect(loop, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			stack = stack[:len(stack)-1]
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			if s, isBranch := n.(*ast.BranchStmt); isBranch && s.Tok == token.CONTINUE && s.Label == nil {
				return true
			}
			if s, isBranch := n.(*ast.BranchStmt); isBranch && s.Tok == token.BREAK && s.Label == nil && innerBreakable(stack, loop) {
				return true
			}
			ok = underSuccess(stack, success)
		case *ast.Ident:
			if a.info.Uses[n] != v && a.info.Defs[n] != v {
				return true
			}
			ok = a.allowedErrUse(stack, success, op, loop.Init)
		}
		return ok
	})
	return ok
}

// innerBreakable reports a switch, select or for statement between the
// loop and the break on the stack: the break is that statement's.
func innerBreakable(stack []ast.Node, loop *ast.ForStmt) bool {
	for i := len(stack) - 2; i >= 0 && stack[i] != loop; i-- {
		switch stack[i].(type) {
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// underSuccess reports a node inside the body of the success test's if.
func underSuccess(stack []ast.Node, success ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		if ifs, ok := stack[i-1].(*ast.IfStmt); ok && ifs.Cond == success && stack[i] == ifs.Body {
			return true
		}
	}
	return false
}

// allowedErrUse reports a use of the error (the identifier on top of the
// stack) that neither classifies it nor hands it on: op's assignment, the
// success test, an argument of a logging call, or the success branch.
func (a *checker) allowedErrUse(stack []ast.Node, success ast.Node, op *ast.CallExpr, init ast.Stmt) bool {
	id := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.AssignStmt:
			// op's assignment, or the loop's first call of it (its init)
			return len(p.Rhs) == 1 && (ast.Unparen(p.Rhs[0]) == op || p == init && sameCall(a.pass.Fset, p.Rhs[0], op)) && isLHS(p, id)
		case *ast.BinaryExpr:
			return p == ast.Unparen(success.(ast.Expr))
		case *ast.CallExpr:
			_, isStmt := stack[i-1].(*ast.ExprStmt)
			return isStmt && sideeffect.IsLogCall(a.info, p)
		case *ast.IfStmt:
			return false
		}
	}
	return false
}

func isLHS(as *ast.AssignStmt, n ast.Node) bool {
	for _, l := range as.Lhs {
		if l == n {
			return true
		}
	}
	return false
}

// onlyLogs reports statements that are all logging calls.
func (a *checker) onlyLogs(list []ast.Stmt) bool {
	for _, st := range list {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || !sideeffect.IsLogCall(a.info, call) {
			return false
		}
	}
	return true
}

// changesEachTime reports an argument or receiver of op that reads a
// variable assigned in the loop (the counter, the next item, a fresh
// value), other than op's own results: the loop is not calling the same
// thing again.
func (a *checker) changesEachTime(loop *ast.ForStmt, op *ast.CallExpr) bool {
	assigned := map[types.Object]bool{}
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == op {
				return true
			}
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					if o := a.info.ObjectOf(id); o != nil {
						assigned[o] = true
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				if o := a.info.ObjectOf(id); o != nil {
					assigned[o] = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if o := a.info.ObjectOf(id); o != nil {
					assigned[o] = true // may be written through the pointer
				}
			}
		}
		return true
	})
	changes := false
	ast.Inspect(op, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && assigned[a.info.Uses[id]] && !typesx.IsContext(a.info.TypeOf(id)) {
			// (a context derived for each attempt is still the same call)
			changes = true
		}
		return !changes
	})
	return changes
}

func (a *checker) reportNoWait(r *noWaitRetry) {
	var msg string
	if r.bounded {
		msg = "retry loop around " + a.opName(r.op) + " retries every error at once, with no wait between attempts; back off with jitter and stop on permanent errors"
	} else {
		msg = "retry loop around " + a.opName(r.op) + " retries every error at once and without end, spinning while it fails; wait with jittered backoff and bound the attempts"
	}
	report.Report(a.pass, analysis.Diagnostic{
		Pos: r.op.Pos(), End: r.op.End(), Category: "no-wait", Message: msg,
		Related: []analysis.RelatedInformation{{Pos: r.loop.For, End: r.loop.Body.Lbrace, Message: "the loop that calls it again"}},
	})
}

// serialInLoop reports a call in the loop that runs a serializable
// transaction.
func (a *checker) serialInLoop(loop *ast.ForStmt) bool {
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && a.serializableOp(call) != nil {
			found = true
		}
		return !found
	})
	return found
}

// sameCall reports two calls with the same text.
func sameCall(fset *token.FileSet, x ast.Expr, y *ast.CallExpr) bool {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	return ok && c != nil && fixes.Source(fset, c) == fixes.Source(fset, y)
}
