package txfinish

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// leakFix defers a Rollback right after the Begin's error check:
//
//	database/sql, sqlx: defer func() { _ = tx.Rollback() }()
//	pgx:                defer tx.Rollback(ctx)
//	GORM:               defer tx.Rollback()
//
// A Rollback after Commit does nothing (it returns ErrTxDone), so the
// deferred call changes only the paths that leaked. It is offered only
// when the Begin's error is checked right after it (or cannot fail: MustBegin,
// GORM), the variable is assigned once, the Begin is in no loop, and the
// function hands the transaction to nobody (a deferred Rollback would undo
// the caller's work). A deferred Rollback registered later is moved up.
func (c *checker) leakFix(t *tracker, stmt ast.Stmt, late *ast.DeferStmt) *analysis.SuggestedFix {
	if len(c.ix.Assigns(t.tx)) != 1 || t.g.LoopOf(t.begin) != nil || isNamedResult(t.sig, t.tx) {
		return nil
	}
	if !t.ownsAlone() {
		return nil
	}
	list := stmtList(c.ix.Parent(stmt))
	at := -1
	for i, s := range list {
		if s == stmt {
			at = i
		}
	}
	if at < 0 {
		return nil
	}
	after := ast.Node(stmt)
	call := t.begin.(*ast.CallExpr)
	switch {
	case at+1 < len(list) && t.isErrCheck(list[at+1]):
		after = list[at+1]
	case t.noErr:
		// MustBegin panics on error; GORM's Rollback of a failed Begin is harmless.
	default:
		return nil
	}
	file := fixes.FileOf(c.pass, stmt.Pos())
	if file == nil {
		return nil
	}
	tf := c.pass.Fset.File(stmt.Pos())
	src, err := c.srcs.Read(tf.Name())
	if err != nil {
		return nil
	}
	txName := t.tx.Name()
	var text string
	msg := "defer a Rollback right after Begin"
	var edits []analysis.TextEdit
	// Move a plain deferred Rollback of the same block; one registered in a
	// nested block or loop stays where it is.
	if late != nil && c.simpleRollback(t, late) && c.ix.Parent(late) == c.ix.Parent(stmt) {
		if del, ok := lineOf(tf, src, late); ok {
			text = fixes.Source(c.pass.Fset, late)
			edits = append(edits, del)
			msg = "move the deferred Rollback right after Begin"
		}
	}
	if text == "" {
		switch t.kind {
		case plainTx:
			text = fmt.Sprintf("defer func() { _ = %s.Rollback() }()", txName)
		case gormTx:
			text = fmt.Sprintf("defer %s.Rollback()", txName)
		case ctxTx:
			var arg ast.Expr
			for _, a := range call.Args {
				if typesx.IsContext(c.info.TypeOf(a)) {
					arg = a
					break
				}
			}
			if arg == nil {
				return nil
			}
			ctx, ok := c.stableCtx(arg)
			if !ok {
				return nil
			}
			text = fmt.Sprintf("defer %s.Rollback(%s)", txName, ctx)
		default:
			return nil
		}
	}
	indent := typesx.IndentOf(src, tf.Offset(stmt.Pos()))
	// Insert at the end of the line, after any trailing comment.
	eol := tf.Offset(after.End())
	for eol < len(src) && src[eol] != '\n' {
		eol++
	}
	edits = append(edits, analysis.TextEdit{Pos: tf.Pos(eol), End: tf.Pos(eol), NewText: []byte("\n" + indent + text)})
	return &analysis.SuggestedFix{Message: msg, TextEdits: edits}
}

// stmtList returns the statement list of a block or case clause.
func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// isErrCheck reports whether s is the Begin's error check that leaves the
// function: if err != nil { ...; return ... } with no else (GORM: tx.Error,
// or if err := tx.Error; err != nil).
func (t *tracker) isErrCheck(s ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Else != nil || len(ifs.Body.List) == 0 {
		return false
	}
	if ifs.Init != nil {
		as, ok := ifs.Init.(*ast.AssignStmt)
		if !ok || t.kind != gormTx || len(as.Rhs) != 1 || !t.isTxError(as.Rhs[0]) {
			return false
		}
	}
	x, notNil, ok := typesx.NilTest(t.c.info, ifs.Cond)
	if !ok || !notNil || !t.isBeginErr(x) {
		return false
	}
	last := ifs.Body.List[len(ifs.Body.List)-1]
	switch last := last.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := last.X.(*ast.CallExpr); ok {
			return !t.c.fp.MayReturn(call)
		}
	}
	return false
}

// ownsAlone reports whether the function keeps the transaction to itself:
// no occurrence returns, stores or hands it to a callee that may keep it.
func (t *tracker) ownsAlone() bool {
	for _, id := range t.c.ix.Uses(t.tx) {
		switch k, call, i := t.classify(id); k {
		case useEscape:
			return false
		case usePass:
			switch t.c.summary(call, i, 0) {
			case borrows, finishesAll, finishesSome:
			default:
				return false
			}
		}
	}
	return true
}

// simpleRollback reports whether d is defer tx.Rollback(...) or
// defer func() { _ = tx.Rollback() }() (or without the _ =).
func (c *checker) simpleRollback(t *tracker, d *ast.DeferStmt) bool {
	call := d.Call
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		if len(call.Args) != 0 || len(lit.Body.List) != 1 {
			return false
		}
		var e ast.Expr
		switch s := lit.Body.List[0].(type) {
		case *ast.ExprStmt:
			e = s.X
		case *ast.AssignStmt:
			if len(s.Rhs) != 1 || !allBlank(s.Lhs) {
				return false
			}
			e = s.Rhs[0]
		default:
			return false
		}
		var ok bool
		if call, ok = ast.Unparen(e).(*ast.CallExpr); !ok {
			return false
		}
	}
	x, name, ok := c.finisherCall(call)
	if !ok || name != "Rollback" || typesx.ObjectOf(c.info, x) != t.tx {
		return false
	}
	for _, a := range call.Args {
		if _, ok := c.stableCtx(a); !ok {
			return false
		}
	}
	return true
}

// stableCtx returns the source of a context argument that may be
// evaluated again later with the same value: a variable never assigned
// after its declaration, or context.Background() / context.TODO().
func (c *checker) stableCtx(e ast.Expr) (string, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || len(c.ix.Assigns(v)) > 1 {
			return "", false
		}
		return e.Name, true
	case *ast.CallExpr:
		if typesx.IsCallTo(c.info, e, "context.Background", "context.TODO") && len(e.Args) == 0 {
			return fixes.Source(c.pass.Fset, e), true
		}
	}
	return "", false
}

// lineOf returns the edit deleting n's line, when n is alone on it.
func lineOf(tf *token.File, src []byte, n ast.Node) (analysis.TextEdit, bool) {
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	ls := start
	for ls > 0 && src[ls-1] != '\n' {
		ls--
	}
	le := end
	for le < len(src) && src[le] != '\n' {
		le++
	}
	if len(bytes.TrimSpace(src[ls:start])) != 0 || len(bytes.TrimSpace(src[end:le])) != 0 || le >= len(src) {
		return analysis.TextEdit{}, false
	}
	return analysis.TextEdit{Pos: tf.Pos(ls), End: tf.Pos(le + 1)}, true
}

// commitFix checks a dropped Commit error:
//
//	tx.Commit(); return nil   ->  return tx.Commit()
//	tx.Commit()               ->  if err := tx.Commit(); err != nil { return ..., err }
//
// (GORM: tx.Commit().Error). Offered where the enclosing function returns
// an error last and its other results have writable zero values.
func (c *checker) commitFix(call *ast.CallExpr, x ast.Expr, kind txKind, stmt ast.Stmt) *analysis.SuggestedFix {
	fn := c.ix.EnclosingFunc(call)
	sig := c.enclosingSig(fn)
	if sig == nil || sig.Results().Len() == 0 || !typesx.IsError(sig.Results().At(sig.Results().Len()-1).Type()) {
		return nil
	}
	if lit, ok := fn.(*ast.FuncLit); ok && c.isDeferred(lit) {
		return nil
	}
	list := stmtList(c.ix.Parent(stmt))
	at := -1
	for i, s := range list {
		if s == stmt {
			at = i
		}
	}
	if at < 0 {
		return nil
	}
	file := fixes.FileOf(c.pass, stmt.Pos())
	tf := c.pass.Fset.File(stmt.Pos())
	if file == nil || tf == nil {
		return nil
	}
	src, err := c.srcs.Read(tf.Name())
	if err != nil {
		return nil
	}
	expr := fixes.Source(c.pass.Fset, call)
	if kind == gormTx {
		expr += ".Error"
	}
	// tx.Commit() followed by return nil in a func returning only an error.
	if sig.Results().Len() == 1 && at+1 < len(list) {
		if r, ok := list[at+1].(*ast.ReturnStmt); ok && len(r.Results) == 1 && typesx.IsNil(c.info, r.Results[0]) {
			return &analysis.SuggestedFix{
				Message:   "return the Commit error",
				TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: r.End(), NewText: []byte("return " + expr)}},
			}
		}
	}
	name, tok := "err", ":="
	scope := c.pass.Pkg.Scope().Innermost(stmt.Pos())
	if scope != nil {
		if _, obj := scope.LookupParent("err", stmt.Pos()); obj != nil {
			v, ok := obj.(*types.Var)
			if ok && typesx.IsError(v.Type()) && v.Pos() > fn.Pos() && v.Pos() < fn.End() {
				tok = "="
			} else {
				name = fixes.FreshName(c.info, file, stmt.Pos(), "err")
			}
		}
	}
	zeros, ok := fixes.ZeroResults(file, c.pass.Pkg, sig, name)
	if !ok {
		return nil
	}
	indent := typesx.IndentOf(src, tf.Offset(stmt.Pos()))
	ret := "return " + joinComma(zeros)
	text := fmt.Sprintf("if %s %s %s; %s != nil {\n%s\t%s\n%s}", name, tok, expr, name, indent, ret, indent)
	_ = x
	return &analysis.SuggestedFix{
		Message:   "check the Commit error",
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}
}

func joinComma(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	return b.String()
}
