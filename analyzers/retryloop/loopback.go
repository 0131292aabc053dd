package retryloop

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/sqltext"
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
// loopback origin: a constant, a local assigned from one (or from a
// fmt.Sprintf or concatenation that starts with one), or a parameter whose
// every caller in the package passes one.
func (a *checker) loopbackURL(e ast.Expr, depth int) bool {
	if depth > 6 {
		return false
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		v, ok := a.info.Uses[id].(*types.Var)
		if !ok || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return a.loopbackText(e)
		}
		if fd, i := a.paramOf(v); fd != nil {
			return a.callersPassLoopback(fd, i, depth)
		}
		as := a.ix.Assigns(v)
		if len(as) == 0 {
			return false
		}
		for _, s := range as {
			if s.RHS == nil || !a.loopbackURL(s.RHS, depth+1) {
				return false
			}
		}
		return true
	}
	return a.loopbackText(e)
}

func (a *checker) loopbackText(e ast.Expr) bool {
	t := sqltext.Of(a.info, e)
	if !t.Found {
		return false
	}
	if i := strings.Index(t.SQL, sqlparse.Hole); i >= 0 {
		return outbound.LoopbackURLPrefix(t.SQL[:i], false)
	}
	return outbound.LoopbackURLPrefix(t.SQL, t.Known)
}

// paramOf returns the declared function v is parameter i of, or nil.
func (a *checker) paramOf(v *types.Var) (*ast.FuncDecl, int) {
	for _, f := range a.pass.Files {
		if v.Pos() < f.Pos() || v.Pos() >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || v.Pos() < fd.Type.Pos() || v.Pos() >= fd.Type.End() || fd.Type.Params == nil {
				continue
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				for _, name := range field.Names {
					if a.info.Defs[name] == v {
						return fd, i
					}
					i++
				}
				if len(field.Names) == 0 {
					i++
				}
			}
		}
	}
	return nil, -1
}

// callersPassLoopback reports that fd has callers in the package and that
// each passes a loopback URL as argument i.
func (a *checker) callersPassLoopback(fd *ast.FuncDecl, i, depth int) bool {
	fn, ok := a.info.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	uses := a.ix.Uses(fn)
	if len(uses) == 0 {
		return false
	}
	for _, id := range uses {
		call, ok := a.ix.Parent(id).(*ast.CallExpr)
		if !ok || ast.Unparen(call.Fun) != id || i >= len(call.Args) {
			return false // a function value: its callers are not seen
		}
		if !a.loopbackURL(call.Args[i], depth+1) {
			return false
		}
	}
	return true
}
