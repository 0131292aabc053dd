package srvtimeout

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A server only local processes can reach - on a loopback address
// (127.0.0.1:6060, a pprof port) or a unix socket - has no slow remote
// clients to fear: like ctxtimeout's loopback dials, it is left alone.

// localAddr reports whether e is a listen address on loopback: a constant
// ("127.0.0.1:6060", "localhost:6060", "[::1]:6060"), an fmt.Sprintf of a
// constant format that starts so ("127.0.0.1:%d"), or a local variable
// assigned only such values.
func (c *checker) localAddr(e ast.Expr, depth int) bool {
	if depth > 3 || e == nil {
		return false
	}
	e = ast.Unparen(e)
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return outbound.IsLoopbackAddr(constant.StringVal(tv.Value))
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		fn := typesx.Callee(c.info, e)
		if typesx.IsFunc(fn, "fmt", "Sprintf") && len(e.Args) > 0 {
			if f, ok := typesx.StringConst(c.info, e.Args[0]); ok {
				if i := strings.LastIndex(f, ":"); i > 0 {
					return outbound.IsLoopbackAddr(f[:i] + ":1")
				}
			}
		}
		if typesx.IsFunc(fn, "net", "JoinHostPort") && len(e.Args) == 2 {
			if h, ok := typesx.StringConst(c.info, e.Args[0]); ok {
				return outbound.IsLoopbackAddr(bracketHost(h) + ":1")
			}
		}
	case *ast.Ident:
		return c.ix.EveryLocalValue(e, func(v ast.Expr) bool { return c.localAddr(v, depth+1) })
	}
	return false
}

// bracketHost brackets an IPv6 host for IsLoopbackAddr.
func bracketHost(h string) string {
	if strings.Contains(h, ":") {
		return "[" + h + "]"
	}
	return h
}

// localListener reports whether e is a listener from net.Listen on a unix
// socket or a loopback address, through a local variable assigned only so.
func (c *checker) localListener(e ast.Expr, depth int) bool {
	if depth > 3 || e == nil {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := typesx.Callee(c.info, e)
		if !typesx.IsFunc(fn, "net", "Listen") || len(e.Args) != 2 {
			return false
		}
		if nw, ok := typesx.StringConst(c.info, e.Args[0]); ok && strings.HasPrefix(nw, "unix") {
			return true
		}
		return c.localAddr(e.Args[1], depth+1)
	case *ast.Ident, *ast.SelectorExpr:
		// A local variable, or an unexported field (s.unixListener) the
		// package assigns only local listeners to.
		var v *types.Var
		if id, ok := e.(*ast.Ident); ok {
			v, _ = c.info.Uses[id].(*types.Var)
			if v == nil || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return false
			}
		} else {
			sel := e.(*ast.SelectorExpr)
			if s := c.info.Selections[sel]; s != nil && s.Kind() == types.FieldVal && !s.Obj().Exported() {
				v, _ = s.Obj().(*types.Var)
			}
			if v == nil {
				return false
			}
		}
		as := c.ix.Assigns(v)
		if len(as) == 0 {
			return false
		}
		for _, a := range as {
			src := a.RHS
			if src == nil && a.Tuple != nil && a.Index == 0 {
				src = a.Tuple
			}
			if src == nil || !c.localListener(src, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// servesLocally reports whether the start call serves only local
// clients: http.ListenAndServe(addr, h) or srv.ListenAndServe() on a
// loopback address, http.Serve(l, h) or srv.Serve(l) on a local listener.
func (c *checker) servesLocally(call *ast.CallExpr, fn *types.Func, lits []*ast.CompositeLit) bool {
	switch fn.Name() {
	case "ListenAndServe", "ListenAndServeTLS":
		if fn.Type().(*types.Signature).Recv() == nil {
			return len(call.Args) > 0 && c.localAddr(call.Args[0], 0)
		}
		if len(lits) == 0 {
			return false
		}
		for _, lit := range lits {
			addr := fieldValue(lit, "Addr")
			if addr == nil || !c.localAddr(addr, 0) {
				return false
			}
		}
		return true
	case "Serve", "ServeTLS":
		return len(call.Args) > 0 && c.localListener(call.Args[0], 0)
	}
	return false
}

func fieldValue(lit *ast.CompositeLit, name string) ast.Expr {
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}
