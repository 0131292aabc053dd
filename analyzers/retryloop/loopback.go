package retryloop

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A poll of this machine: every retried operation is an HTTP request to a
// loopback URL (http://127.0.0.1:%d/health of a child server the program
// just started, given to the polling function by its callers). There is
// one client and no herd to spread, and a 4xx while the server starts is
// what the poll waits through.

// loopbackOnly reports retried operations that are all HTTP requests to
// loopback URLs.
func (a *checker) loopbackOnly(rws []*retryWait) bool {
	if len(rws) == 0 {
		return false
	}
	for _, rw := range rws {
		call, ok := rw.op.(*ast.CallExpr)
		if !ok || !a.loopbackRequest(call) {
			return false
		}
	}
	return true
}

// loopbackRequest reports http.Get/Head/Post(url, ...) or a client's
// Do(req) whose URL is a loopback one.
func (a *checker) loopbackRequest(call *ast.CallExpr) bool {
	fn := typesx.Callee(a.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "net/http" || len(call.Args) == 0 {
		return false
	}
	switch fn.Name() {
	case "Get", "Head", "Post", "PostForm":
		return a.loopbackURL(call.Args[0], 0)
	case "Do":
		return a.loopbackReq(call.Args[0], 0)
	}
	return false
}

// loopbackReq follows a request variable to the NewRequest that made it.
func (a *checker) loopbackReq(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		switch outbound.RequestOp(a.info, e) {
		case outbound.ReqNoCtx:
			return len(e.Args) > 1 && a.loopbackURL(e.Args[1], depth+1)
		case outbound.ReqWithCtx:
			return len(e.Args) > 2 && a.loopbackURL(e.Args[2], depth+1)
		}
	case *ast.Ident:
		v, ok := a.info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		as := a.ix.Assigns(v)
		if len(as) == 0 {
			return false
		}
		for _, s := range as {
			x := s.RHS
			if x == nil && s.Index == 0 {
				x = s.Tuple // req, err := http.NewRequest(...)
			}
			if x == nil || !a.loopbackReq(x, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// loopbackURL reports a URL expression whose every value starts with a
// loopback origin: a constant, a local every value of which does (a
// fmt.Sprintf or concatenation that starts with one), or a parameter whose
// every caller in the package passes one.
func (a *checker) loopbackURL(e ast.Expr, depth int) bool {
	if depth > 6 {
		return false
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := a.info.Uses[id].(*types.Var); ok {
			if fn, i := a.paramOf(id, v); fn != nil {
				return a.callersPassLoopback(fn, i, depth)
			}
			if vs, ok := a.ix.LocalValues(e); ok {
				for _, x := range vs {
					if !a.loopbackURL(x, depth+1) {
						return false
					}
				}
				return true
			}
		}
	}
	prefix, complete, ok := outbound.URLPrefixOf(a.info, e)
	return ok && outbound.LoopbackURLPrefix(prefix, complete)
}

// paramOf returns the declared function whose parameter i v is (id a use
// of it), or nil.
func (a *checker) paramOf(id *ast.Ident, v *types.Var) (*types.Func, int) {
	for n := a.ix.EnclosingFunc(id); n != nil; n = a.ix.EnclosingFunc(n) {
		fd, ok := n.(*ast.FuncDecl)
		if !ok {
			continue // a literal inside the declaration
		}
		fn, ok := a.info.Defs[fd.Name].(*types.Func)
		if !ok {
			return nil, -1
		}
		params := fn.Type().(*types.Signature).Params()
		for i := range params.Len() {
			if params.At(i) == v {
				return fn, i
			}
		}
		return nil, -1
	}
	return nil, -1
}

// callersPassLoopback reports that fn has callers in the package, that it
// is used in no other way (a function value's callers are not seen), and
// that each passes a loopback URL as argument i.
func (a *checker) callersPassLoopback(fn *types.Func, i, depth int) bool {
	calls := a.ix.CallsTo(fn)
	if len(calls) == 0 || len(calls) != len(a.ix.Uses(fn)) {
		return false
	}
	for _, call := range calls {
		if i >= len(call.Args) || !a.loopbackURL(call.Args[i], depth+1) {
			return false
		}
	}
	return true
}
