package retryloop

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Summaries of the package's functions (internal/summaries, over the call
// graph), computed on first use.

// mapsNonOK reports whether fn, a function of the package, hands every
// non-2xx HTTP response back as an error with no classification: it makes
// the HTTP call and turns a non-2xx status into a returned error (c.do(req)
// with resp.StatusCode >= 400 { return fmt.Errorf(...) }), or it returns the
// error of a function that does, with no classification on the way.
func (a *checker) mapsNonOK(fn *types.Func) bool {
	if fn == nil || a.ix.Decl(fn) == nil {
		return false
	}
	if a.nonOKSums == nil {
		a.nonOKSums = summaries.Compute(a.ix, returnsError,
			func(fn *types.Func, decl *ast.FuncDecl, get func(*types.Func) bool) bool {
				return a.mapsStatus(decl.Body) || a.passesUp(decl.Body, get)
			},
			func(x, y bool) bool { return x == y })
	}
	s, _ := a.nonOKSums.Of(fn)
	return s
}

// returnsError reports whether fn's last result is an error.
func returnsError(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	return typesx.IsError(sig.Results().At(sig.Results().Len() - 1).Type())
}

// mapsStatus reports whether body makes an HTTP call and returns an error
// (not marked permanent) under a test of the status for non-2xx alone, with
// no test that tells statuses apart (5xx, 429).
func (a *checker) mapsStatus(body *ast.BlockStmt) bool {
	httpCall, nonOKRetry, statusClassified := false, false, false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if a.isHTTPCall(n) {
				httpCall = true
			}
		case *ast.BinaryExpr:
			if s, ok := a.statusSet(n); ok && s.classifying() {
				statusClassified = true
			}
		case *ast.IfStmt:
			if ci := a.cond(n.Cond, nil); ci.nonOK && a.returnsRetryable(n.Body) {
				nonOKRetry = true
			}
		}
		return true
	})
	return httpCall && nonOKRetry && !statusClassified
}

// passesUp reports whether body returns the error of a call to a function
// for which sum holds (directly, through the variable it is assigned to, or
// wrapped: fmt.Errorf("...: %w", err)), and tells no errors apart.
func (a *checker) passesUp(body *ast.BlockStmt, sum func(*types.Func) bool) bool {
	found, classified := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if a.classifies(n.Cond, true) {
				classified = true
			}
		case *ast.CaseClause:
			for _, e := range n.List {
				if a.classifies(e, true) {
					classified = true
				}
			}
		case *ast.TypeAssertExpr:
			if a.isError(n.X) {
				classified = true
			}
		case *ast.CallExpr:
			if a.isClassifierCall(n, false) {
				classified = true
			}
		case *ast.ReturnStmt:
			if len(n.Results) > 0 && a.errorOf(n.Results[len(n.Results)-1], sum, 0) {
				found = true
			}
		}
		return !classified
	})
	return found && !classified
}

// errorOf reports whether e, a returned error, is the error of a call to a
// function for which sum holds.
func (a *checker) errorOf(e ast.Expr, sum func(*types.Func) bool, depth int) bool {
	if depth > 3 || typesx.IsNil(a.info, e) {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if fn := typesx.StaticCallee(a.info, e); fn != nil && sum(fn) {
			return true
		}
		// A wrapper: fmt.Errorf("...: %w", err), errors.Wrap(err, "...").
		if a.isError(e) {
			for _, arg := range e.Args {
				if a.isError(arg) && a.errorOf(arg, sum, depth+1) {
					return true
				}
			}
		}
	case *ast.Ident:
		v, ok := a.info.Uses[e].(*types.Var)
		if !ok || v.IsField() {
			return false
		}
		for _, s := range a.sitesOf(v) {
			if s.rhs == nil || s.closure {
				continue
			}
			if call, ok := ast.Unparen(s.rhs).(*ast.CallExpr); ok {
				if fn := typesx.StaticCallee(a.info, call); fn != nil && sum(fn) {
					return true
				}
			}
		}
	}
	return false
}

// opMapsNonOK reports whether the retried operation is a call of a package
// function that turns every non-2xx response into an error.
func (a *checker) opMapsNonOK(op ast.Expr) bool {
	call, ok := op.(*ast.CallExpr)
	return ok && a.mapsNonOK(typesx.StaticCallee(a.info, call))
}
