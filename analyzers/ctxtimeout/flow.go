package ctxtimeout

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// ctxClass says where the context a call receives may come from.
type ctxClass struct {
	params bitset // parameters of the declared function (element i: parameter i)
	// reqParams: *http.Request parameters of the declared function, for
	// a request (its context is the caller's)
	reqParams bitset
	roots     []ast.Node // calls that make a context with no deadline
	other     bool       // a deadline, a request's context, or something the check cannot see
	deadline  bool       // ... of which: a context derived with a deadline
	request   bool       // ... of which: (*http.Request).Context()
	unknown   bool       // ... of which: something the check cannot see
}

// good reports whether the context is one a fix may pass on: it comes
// from parameters, a deadline or a request, and from nothing else.
func (c ctxClass) good() bool {
	return len(c.roots) == 0 && !c.unknown && (!c.params.empty() || c.deadline || c.request)
}

// unbounded reports whether the context certainly carries no deadline:
// every way it can come from is a root.
func (c ctxClass) unbounded() bool {
	return len(c.roots) > 0 && c.params.empty() && c.reqParams.empty() && !c.other
}

// fromReqParams reports whether the request comes from request parameters
// of the function and from nothing else.
func (c ctxClass) fromReqParams() bool {
	return !c.reqParams.empty() && c.params.empty() && len(c.roots) == 0 && !c.other
}

// fromParams reports whether the context comes from parameters of the
// function and from nothing that would bound it.
func (c ctxClass) fromParams() bool { return !c.params.empty() && !c.other }

func (c *ctxClass) merge(o ctxClass) {
	c.params = c.params.union(o.params)
	c.reqParams = c.reqParams.union(o.reqParams)
	c.other = c.other || o.other
	c.deadline = c.deadline || o.deadline
	c.request = c.request || o.request
	c.unknown = c.unknown || o.unknown
	for _, r := range o.roots {
		dup := false
		for _, x := range c.roots {
			if x == r {
				dup = true
				break
			}
		}
		if !dup {
			c.roots = append(c.roots, r)
		}
	}
}

var otherClass = ctxClass{other: true, unknown: true}

// ctxFlow answers where contexts and requests come from within one
// function, following the reaching definitions of the variables they are
// read from (funcInfo.reaching).
type ctxFlow struct {
	info *types.Info
	fi   *funcInfo
	seen map[*def]bool
	// field classifies a context read from a struct field (fieldCtx).
	field func(*types.Var) ctxClass
}

func newCtxFlow(info *types.Info, fi *funcInfo) *ctxFlow {
	return &ctxFlow{info: info, fi: fi, seen: map[*def]bool{}}
}

// ctxFlowFor is a ctxFlow for fi that also follows contexts kept in the
// package's struct fields.
func (c *checker) ctxFlowFor(fi *funcInfo) *ctxFlow {
	fl := newCtxFlow(c.info, fi)
	fl.field = c.fieldCtx
	return fl
}

// ctx classifies the context expression e, evaluated where e is.
func (f *ctxFlow) ctx(e ast.Expr) ctxClass {
	clear(f.seen)
	return f.ctxAt(e)
}

// viaDefs merges the classes that class gives the definitions of v that
// reach at (none: the check cannot see where v comes from).
func (f *ctxFlow) viaDefs(v *types.Var, at ast.Node, class func(*def) ctxClass) ctxClass {
	ds := f.fi.reaching(v, at)
	if len(ds) == 0 {
		return otherClass
	}
	var c ctxClass
	for _, d := range ds {
		c.merge(class(d))
	}
	return c
}

// viaIdent is viaDefs for the variable id reads, where id is.
func (f *ctxFlow) viaIdent(id *ast.Ident, class func(*def) ctxClass) ctxClass {
	v, ok := f.info.Uses[id].(*types.Var)
	if !ok {
		return otherClass
	}
	return f.viaDefs(v, id, class)
}

func (f *ctxFlow) ctxAt(e ast.Expr) ctxClass {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return f.viaIdent(e, f.ctxDef)
	case *ast.SelectorExpr:
		if sel := f.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal && f.field != nil {
			if v, ok := sel.Obj().(*types.Var); ok {
				return f.field(v)
			}
		}
	case *ast.CallExpr:
		switch outbound.ContextOp(f.info, e) {
		case outbound.CtxRoot, outbound.CtxDetach:
			return ctxClass{roots: []ast.Node{e}}
		case outbound.CtxDeadline:
			return ctxClass{other: true, deadline: true}
		case outbound.CtxRequest:
			return ctxClass{other: true, request: true}
		case outbound.CtxInherit:
			if len(e.Args) > 0 {
				return f.ctxAt(e.Args[0])
			}
		}
	}
	return otherClass
}

// ctxVar classifies the context variable v as it is at node at.
func (f *ctxFlow) ctxVar(v *types.Var, at ast.Node) ctxClass {
	clear(f.seen)
	return f.viaDefs(v, at, f.ctxDef)
}

func (f *ctxFlow) ctxDef(d *def) ctxClass {
	if f.seen[d] {
		return ctxClass{}
	}
	f.seen[d] = true
	switch d.kind {
	case defParam:
		return ctxClass{params: bitset(nil).with(d.param)}
	case defAssign:
		if d.idx <= 0 {
			// ctx, cancel := context.WithTimeout(...): the context is
			// result 0 of a context constructor.
			if d.idx == 0 {
				call, ok := ast.Unparen(d.rhs).(*ast.CallExpr)
				if !ok || outbound.ContextOp(f.info, call) == outbound.NotCtx {
					return otherClass
				}
				if f.cancelHandedOut(d) {
					return otherClass
				}
			}
			return f.ctxAt(d.rhs)
		}
	}
	return otherClass
}

// request classifies the context carried by the *http.Request expression e.
func (f *ctxFlow) request(e ast.Expr) ctxClass {
	clear(f.seen)
	return f.requestAt(e)
}

func (f *ctxFlow) requestAt(e ast.Expr) ctxClass {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return f.viaIdent(e, f.requestDef)
	case *ast.CallExpr:
		switch outbound.RequestOp(f.info, e) {
		case outbound.ReqNoCtx:
			return ctxClass{roots: []ast.Node{e}}
		case outbound.ReqWithCtx, outbound.ReqDerive:
			if len(e.Args) > 0 {
				return f.ctxAt(e.Args[0])
			}
		}
	}
	return otherClass
}

func (f *ctxFlow) requestDef(d *def) ctxClass {
	if f.seen[d] {
		return ctxClass{}
	}
	f.seen[d] = true
	if d.kind == defParam {
		// The caller's request: its context is the caller's (reqParam sites).
		return ctxClass{reqParams: bitset(nil).with(d.param)}
	}
	if d.kind != defAssign || d.idx > 0 {
		return otherClass
	}
	return f.requestAt(d.rhs)
}

// cancelHandedOut reports whether d is ctx, cancel := context.WithCancel(...)
// (or WithCancelCause) whose cancel function leaves the function: returned,
// stored in a field, a composite literal or a variable of another scope, or
// passed to a call. The context is then the lifetime of what the function
// starts (sftpgo's Open returns the cancel of a streaming download), ended
// by whoever holds cancel; a timeout would cut the stream.
func (f *ctxFlow) cancelHandedOut(d *def) bool {
	as, ok := d.node.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || f.fi.ix == nil {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typesx.Callee(f.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" ||
		(fn.Name() != "WithCancel" && fn.Name() != "WithCancelCause") {
		return false
	}
	id, ok := as.Lhs[1].(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := typesx.ObjectOf(f.info, id).(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == types.Universe || v.Parent().Parent() == types.Universe {
		return ok // a package-level variable: handed out; _ or none: not
	}
	for _, u := range f.fi.ix.Uses(v) {
		p, child := f.fi.ix.ParentUnparen(u)
		switch p := p.(type) {
		case *ast.ReturnStmt, *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt:
			return true
		case *ast.CallExpr:
			if p.Fun != child {
				return true
			}
		case *ast.AssignStmt:
			for i, r := range p.Rhs {
				if r != child || i >= len(p.Lhs) {
					continue
				}
				if l, ok := p.Lhs[i].(*ast.Ident); !ok || !f.localTo(l, v) {
					return true
				}
			}
		}
	}
	return false
}

// localTo reports whether l names a variable declared in the same function
// as v (not a field, a package variable or a captured outer variable).
func (f *ctxFlow) localTo(l *ast.Ident, v *types.Var) bool {
	w, ok := typesx.ObjectOf(f.info, l).(*types.Var)
	if !ok || w.Parent() == nil || f.fi.decl == nil {
		return false
	}
	return f.fi.decl.Pos() <= w.Pos() && w.Pos() < f.fi.decl.End() && v.Pos() >= f.fi.decl.Pos()
}
