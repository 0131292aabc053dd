package onconflict

import (
	"go/ast"
	"go/token"
	"go/types"
)

// followers returns, in source order, the statements (and branches) that
// run after the gate on the path where the insert succeeded: the rest of
// the gate's block and of every enclosing block, up to the function's end
// or the end of the innermost enclosing loop body (what follows a loop is
// batch-level, not per row). A statement that leaves (return, break,
// continue, goto, panic, os.Exit, log.Fatal) ends the path. The branch of
// an if whose condition tests an error is the failure path and is left
// out; so is the branch of if err == nil's else.
//
// A gate inside a transaction callback (pgx.BeginFunc, GORM Transaction,
// any function literal passed to a call with a DB handle parameter) that
// ends by returning nil continues after that call in the enclosing
// function: the callback committed, and the caller goes on.
func (c *checker) followers(g *gate, stack []ast.Node, errVar *types.Var) []ast.Node {
	var out []ast.Node
	// anchor: the innermost statement that sits in a statement list.
	anchor := -1
	for i := len(stack) - 1; i > 0; i-- {
		if _, ok := stack[i].(ast.Stmt); !ok {
			continue
		}
		if stmtList(stack, i-1) != nil {
			anchor = i
			break
		}
		if isFunc(stack[i-1]) {
			return nil
		}
	}
	if anchor < 0 {
		return nil
	}
	switch s := stack[anchor].(type) {
	case *ast.IfStmt:
		if !within(stack, anchor, s.Init) && !within(stack, anchor, s.Cond) {
			break
		}
		if !c.errorCond(s.Cond) {
			out = append(out, s.Body)
		}
		if s.Else != nil && !c.successCond(s.Cond) {
			out = append(out, s.Else)
		}
		if !c.errorCond(s.Cond) && s.Else == nil && terminates(c.info, s.Body) {
			// if <gate>; <not an error test> { ...; return }: what follows
			// runs on the other outcome, which the gate decided.
			return out
		}
	case *ast.SwitchStmt:
		if within(stack, anchor, s.Init) || within(stack, anchor, s.Tag) {
			for _, cl := range s.Body.List {
				if cc, ok := cl.(*ast.CaseClause); ok && !c.errorCase(cc) {
					out = append(out, cc)
				}
			}
		}
	case *ast.ForStmt, *ast.RangeStmt:
		return nil // a gate in a loop header
	case *ast.ReturnStmt:
		// return tx...Create(&v).Error in a transaction callback: nil on
		// success, and the path goes on after the transaction.
		if g.site.lib == libGorm && len(s.Results) > 0 {
			if sel, ok := ast.Unparen(s.Results[len(s.Results)-1]).(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && ast.Unparen(sel.X) == g.call {
				if lit := funcLitAt(stack, anchor); lit >= 0 {
					return c.continueAfterCallback(stack, lit, nil, s)
				}
			}
		}
		return nil
	}
	return c.walkOut(stack, anchor, out)
}

// walkOut appends the statements after stack[k] in each enclosing list.
func (c *checker) walkOut(stack []ast.Node, k int, out []ast.Node) []ast.Node {
	for ; k > 0; k-- {
		parent := stack[k-1]
		switch parent.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return out // end of the loop body: the next iteration is another row
		case *ast.FuncDecl:
			return out
		case *ast.FuncLit:
			return c.continueAfterCallback(stack, k-1, out, nil)
		}
		list := stmtList(stack, k-1)
		if list == nil {
			continue
		}
		i := indexOf(list, stack[k])
		if i < 0 {
			continue
		}
		for _, s := range list[i+1:] {
			out = append(out, s)
			if terminates(c.info, s) {
				if r, ok := s.(*ast.ReturnStmt); ok && returnsNilError(r) {
					if lit := funcLitAt(stack, k); lit >= 0 {
						return c.continueAfterCallback(stack, lit, out, r)
					}
				}
				return out
			}
		}
	}
	return out
}

// funcLitAt returns the index of the function literal whose body is the
// list that holds stack[k], or -1.
func funcLitAt(stack []ast.Node, k int) int {
	if k >= 2 {
		if _, ok := stack[k-1].(*ast.BlockStmt); ok {
			if _, ok := stack[k-2].(*ast.FuncLit); ok {
				return k - 2
			}
		}
	}
	return -1
}

// continueAfterCallback continues the path after the call that takes the
// transaction callback stack[lit], if it is one.
func (c *checker) continueAfterCallback(stack []ast.Node, lit int, out []ast.Node, ret *ast.ReturnStmt) []ast.Node {
	fl, ok := stack[lit].(*ast.FuncLit)
	if !ok || lit < 1 {
		return out
	}
	call, ok := stack[lit-1].(*ast.CallExpr)
	if !ok || !c.isTxCallback(fl) {
		return out
	}
	isArg := false
	for _, a := range call.Args {
		if a == fl {
			isArg = true
		}
	}
	if !isArg {
		return out
	}
	// The statement that holds the call.
	for i := lit - 1; i > 0; i-- {
		if _, ok := stack[i].(ast.Stmt); !ok {
			continue
		}
		if s, ok := stack[i].(*ast.IfStmt); ok && (within(stack, i, s.Init) || within(stack, i, s.Cond)) {
			if s.Else != nil && !c.successCond(s.Cond) {
				out = append(out, s.Else)
			}
			if !c.errorCond(s.Cond) {
				out = append(out, s.Body)
			}
		}
		if stmtList(stack, i-1) != nil {
			return c.walkOut(stack, i, out)
		}
		if isFunc(stack[i-1]) {
			return out
		}
	}
	return out
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
		if isNamed(t, "database/sql", "Tx") || isNamed(t, "github.com/jmoiron/sqlx", "Tx") ||
			isNamed(t, "github.com/jackc/pgx/v5", "Tx") || isGormDB(t) {
			return true
		}
	}
	return false
}

func returnsNilError(r *ast.ReturnStmt) bool {
	return len(r.Results) > 0 && isNilIdent(r.Results[len(r.Results)-1])
}

func isFunc(n ast.Node) bool {
	switch n.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		return true
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

// within reports whether the stack below index i passes through n.
func within(stack []ast.Node, i int, n ast.Node) bool {
	if n == nil {
		return false
	}
	for j := i + 1; j < len(stack); j++ {
		if stack[j] == n {
			return true
		}
	}
	return false
}

// terminates reports a statement after which the path does not go on.
func terminates(info *types.Info, s ast.Node) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.BlockStmt:
		return len(s.List) > 0 && terminates(info, s.List[len(s.List)-1])
	case *ast.IfStmt:
		return s.Else != nil && terminates(info, s.Body) && terminates(info, s.Else)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
			if _, isBuiltin := info.Uses[id].(*types.Builtin); isBuiltin {
				return true
			}
		}
		fn := calleeFunc(info, call)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln":
			return true
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			switch fn.Name() {
			case "Fatal", "Fatalf", "Fatalln", "FailNow", "Panic", "Panicf", "Panicln":
				return true
			}
		}
	case *ast.LabeledStmt:
		return terminates(info, s.Stmt)
	}
	return false
}

// errorCond reports a condition that holds only on a failure: err != nil,
// errors.Is/As(err, ...), err == ErrX, or a conjunction with one of them.
func (c *checker) errorCond(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			return c.errorCond(x.X) || c.errorCond(x.Y)
		case token.NEQ:
			return (isNilIdent(x.Y) && isErrorType(c.info.TypeOf(x.X))) || (isNilIdent(x.X) && isErrorType(c.info.TypeOf(x.Y)))
		case token.EQL:
			return !isNilIdent(x.X) && !isNilIdent(x.Y) && isErrorType(c.info.TypeOf(x.X)) && isErrorType(c.info.TypeOf(x.Y))
		}
	case *ast.CallExpr:
		if fn := calleeFunc(c.info, x); fn != nil && fn.Pkg() != nil && (fn.Pkg().Path() == "errors" || fn.Pkg().Path() == "github.com/pkg/errors") && (fn.Name() == "Is" || fn.Name() == "As") {
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
	return (isNilIdent(x.Y) && isErrorType(c.info.TypeOf(x.X))) || (isNilIdent(x.X) && isErrorType(c.info.TypeOf(x.Y)))
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
