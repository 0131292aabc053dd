package ctxtimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// An origin is a place where an http.Client or a dialer without a
// timeout is made: a composite literal, new(T), a zero-value declaration,
// or http.DefaultClient.
type origin struct {
	node ast.Node
	desc string // "http.Client", "http.DefaultClient", "net.Dialer", "tls.Dialer"
}

// originSet says where a client or dialer value may come from: places
// that make one with no timeout, and whether it may also come from
// somewhere else (a constructor the check cannot see, a literal with a
// Timeout, a parameter).
type originSet struct {
	untimed []origin
	other   bool
}

// allUntimed reports whether every way the value can come from makes it
// without a timeout.
func (o originSet) allUntimed() bool { return len(o.untimed) > 0 && !o.other }

func (o *originSet) merge(x originSet) {
	o.other = o.other || x.other
	for _, u := range x.untimed {
		dup := false
		for _, y := range o.untimed {
			if y.node == u.node {
				dup = true
				break
			}
		}
		if !dup {
			o.untimed = append(o.untimed, u)
		}
	}
}

var otherOrigin = originSet{other: true}

// store is an expression stored into a field or a package-level variable,
// with the function it is evaluated in (nil at package level).
type store struct {
	expr ast.Expr
	idx  int // index in a tuple-valued expression, or -1
	fi   *funcInfo
}

// isTracked reports whether values of type t are followed from where they
// are made to where they are used: http.Client and dialers.
func isTracked(t types.Type) bool {
	return t != nil && (outbound.IsHTTPClient(t) || outbound.IsDialer(t))
}

// indexStores records every store into a field or package-level variable
// of a tracked type, and every assignment to a bounding field of one, in
// the package.
func (c *checker) indexStores() {
	for _, f := range c.pass.Files {
		for _, decl := range f.Decls {
			var fi *funcInfo // nil at package level
			if fd, ok := decl.(*ast.FuncDecl); ok {
				fi = c.declInfo[fd]
			}
			c.indexDecl(decl, fi)
		}
	}
}

func (c *checker) indexDecl(decl ast.Decl, fi *funcInfo) {
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			if n.Tok != token.VAR {
				break
			}
			for _, spec := range n.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, id := range vs.Names {
					v, ok := c.info.Defs[id].(*types.Var)
					if !ok || !c.isPkgVar(v) || !isTracked(v.Type()) {
						continue
					}
					switch {
					case len(vs.Values) == len(vs.Names):
						c.varStores[v] = append(c.varStores[v], store{vs.Values[i], -1, fi})
					case len(vs.Values) == 1:
						c.varStores[v] = append(c.varStores[v], store{vs.Values[0], i, fi})
					case len(vs.Values) == 0 && !isPointer(v.Type()):
						c.zeroVars[v] = id
					}
				}
			}
		case *ast.CompositeLit:
			t := c.info.TypeOf(n)
			if t == nil {
				break
			}
			st, ok := typesx.Deref(t).Underlying().(*types.Struct)
			if !ok {
				break
			}
			for i, elt := range n.Elts {
				var field *types.Var
				val := elt
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					id, ok := kv.Key.(*ast.Ident)
					if !ok {
						continue
					}
					field, _ = c.info.Uses[id].(*types.Var)
					val = kv.Value
				} else if i < st.NumFields() {
					field = st.Field(i)
				}
				if field != nil && field.IsField() && isTracked(field.Type()) {
					c.fieldStores[field] = append(c.fieldStores[field], store{val, -1, fi})
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				break
			}
			for i, lhs := range n.Lhs {
				var val ast.Expr
				idx := -1
				switch {
				case len(n.Lhs) == len(n.Rhs):
					val = n.Rhs[i]
				case len(n.Rhs) == 1:
					val, idx = n.Rhs[0], i
				}
				c.indexAssign(lhs, val, idx, fi)
			}
		}
		return true
	})
}

func (c *checker) indexAssign(lhs, val ast.Expr, idx int, fi *funcInfo) {
	lhs = ast.Unparen(lhs)
	switch l := lhs.(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[l].(*types.Var)
		if ok && c.isPkgVar(v) && isTracked(v.Type()) && val != nil {
			c.varStores[v] = append(c.varStores[v], store{val, idx, fi})
		}
	case *ast.SelectorExpr:
		// x.f = val, where f is a tracked field.
		if s := c.info.Selections[l]; s != nil && s.Kind() == types.FieldVal {
			if f, ok := s.Obj().(*types.Var); ok && isTracked(f.Type()) && val != nil {
				c.fieldStores[f] = append(c.fieldStores[f], store{val, idx, fi})
			}
		}
		// x.Timeout = d, where x is a field or a package-level variable.
		if boundingField[l.Sel.Name] && isTracked(c.info.TypeOf(l.X)) {
			if o := c.objOf(l.X); o != nil {
				c.mutatedObj[o] = true
			}
		}
	}
}

// objOf returns the field or package-level variable e denotes, or nil.
func (c *checker) objOf(e ast.Expr) *types.Var {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.info.Uses[e].(*types.Var); ok && c.isPkgVar(v) {
			return v
		}
	case *ast.SelectorExpr:
		if s := c.info.Selections[e]; s != nil && s.Kind() == types.FieldVal {
			v, _ := s.Obj().(*types.Var)
			return v
		}
		if v, ok := c.info.Uses[e.Sel].(*types.Var); ok && c.isPkgVar(v) {
			return v
		}
	case *ast.StarExpr:
		return c.objOf(e.X)
	}
	return nil
}

func (c *checker) isPkgVar(v *types.Var) bool {
	return v != nil && !v.IsField() && v.Pkg() == c.pass.Pkg && v.Parent() == c.pass.Pkg.Scope()
}

// visibleOutside reports whether code in other packages can store into v
// (an exported field of an exported type, an exported package variable):
// then the stores this package makes are not all the stores there are.
// Nothing imports a main package.
func (c *checker) visibleOutside(v *types.Var) bool {
	if c.main || !v.Exported() {
		return false
	}
	if !v.IsField() {
		return true
	}
	// A field is reachable from outside if some exported named type of
	// the package has it.
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if st.Field(i) == v {
					return true
				}
			}
		}
	}
	return false
}

// origins returns where the client or dialer e (evaluated in fi) may come
// from.
func (c *checker) origins(e ast.Expr, idx int, fi *funcInfo, depth int) originSet {
	if depth > 8 {
		return otherOrigin
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.origins(e.X, -1, fi, depth+1)
		}
	case *ast.StarExpr:
		return c.origins(e.X, -1, fi, depth+1)
	case *ast.CompositeLit:
		return c.literalOrigin(e, fi, depth)
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) == 1 {
			if b, ok := c.info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
				if t := c.info.TypeOf(e.Args[0]); t != nil && isTracked(t) {
					return originSet{untimed: []origin{{e, typeDesc(t)}}}
				}
			}
		}
		// A constructor in this package: follow its returns.
		if fn := typesx.Callee(c.info, e); fn != nil {
			if callee := c.byObj[fn]; callee != nil {
				if idx < 0 {
					idx = 0
				}
				return c.returnOrigins(callee, idx, depth)
			}
		}
		return otherOrigin
	case *ast.SelectorExpr:
		if outbound.IsDefaultClient(c.info, e) {
			return originSet{untimed: []origin{{e, "http.DefaultClient"}}}
		}
		if v := c.objOf(e); v != nil {
			return c.objOrigins(v, depth)
		}
		return otherOrigin
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return otherOrigin
		}
		if c.isPkgVar(v) {
			return c.objOrigins(v, depth)
		}
		if fi == nil || fi.mutated(v) {
			return otherOrigin
		}
		ds := fi.defsOf(v)
		if len(ds) == 0 {
			return otherOrigin
		}
		var o originSet
		for _, d := range ds {
			switch d.kind {
			case defAssign:
				o.merge(c.origins(d.rhs, d.idx, fi, depth+1))
			case defZero:
				if !isPointer(v.Type()) {
					o.merge(originSet{untimed: []origin{{declIdent(d.node, v), typeDesc(v.Type())}}})
				}
				// A nil pointer sends nothing.
			default:
				o.other = true
			}
		}
		return o
	}
	return otherOrigin
}

// declIdent returns the identifier that declares v in the statement n, or
// n itself.
func declIdent(n ast.Node, v *types.Var) ast.Node {
	var out ast.Node = n
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && id.Pos() == v.Pos() {
			out = id
			return false
		}
		return true
	})
	return out
}

// objOrigins returns where the field or package-level variable v may get
// its value.
func (c *checker) objOrigins(v *types.Var, depth int) originSet {
	if c.mutatedObj[v] || c.visibleOutside(v) {
		return otherOrigin
	}
	var stores []store
	if v.IsField() {
		stores = c.fieldStores[v]
	} else {
		stores = c.varStores[v]
		if id := c.zeroVars[v]; id != nil && len(stores) == 0 {
			return originSet{untimed: []origin{{id, typeDesc(v.Type())}}}
		}
	}
	if len(stores) == 0 {
		return otherOrigin
	}
	var o originSet
	for _, s := range stores {
		o.merge(c.origins(s.expr, s.idx, s.fi, depth+1))
	}
	return o
}

// returnOrigins returns where result idx of the function fi may come from.
func (c *checker) returnOrigins(fi *funcInfo, idx, depth int) originSet {
	var o originSet
	found := false
	ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
			switch {
			case len(n.Results) == 0:
				o.other = true // named results
			case idx < len(n.Results) && len(n.Results) > 1:
				o.merge(c.origins(n.Results[idx], -1, fi, depth+1))
			case len(n.Results) == 1:
				i := -1
				if idx > 0 {
					i = idx
				}
				o.merge(c.origins(n.Results[0], i, fi, depth+1))
			default:
				o.other = true
			}
		}
		return true
	})
	if !found {
		return otherOrigin
	}
	// A returned nil sends nothing: drop it (it adds neither side).
	return o
}

// literalOrigin classifies a composite literal of a tracked type.
func (c *checker) literalOrigin(lit *ast.CompositeLit, fi *funcInfo, depth int) originSet {
	t := c.info.TypeOf(lit)
	if !isTracked(t) {
		return otherOrigin
	}
	fields := map[string]ast.Expr{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return otherOrigin // positional: unusual enough to leave alone
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			fields[id.Name] = kv.Value
		}
	}
	untimed := originSet{untimed: []origin{{lit, typeDesc(t)}}}
	switch {
	case outbound.IsHTTPClient(t):
		if to, ok := fields["Timeout"]; ok && !c.isZero(to) {
			return otherOrigin
		}
		if tr, ok := fields["Transport"]; ok && !c.transportUnbounded(tr, fi, 0) {
			return otherOrigin
		}
		return untimed
	case outbound.IsNetDialer(t):
		for _, k := range []string{"Timeout", "Deadline"} {
			if v, ok := fields[k]; ok && !c.isZero(v) {
				return otherOrigin
			}
		}
		return untimed
	case outbound.IsTLSDialer(t):
		nd, ok := fields["NetDialer"]
		if !ok || typesx.IsNil(c.info, nd) {
			return untimed
		}
		inner := c.origins(nd, -1, fi, depth+1)
		if inner.allUntimed() {
			return untimed
		}
		return otherOrigin
	}
	return otherOrigin
}

// transportUnbounded reports whether the RoundTripper e is known to set no
// ResponseHeaderTimeout: http.DefaultTransport, a clone of it, or an
// http.Transport literal without one. Anything else (a wrapper, a
// transport from elsewhere) may bound the call.
func (c *checker) transportUnbounded(e ast.Expr, fi *funcInfo, depth int) bool {
	if depth > 4 {
		return false
	}
	e = ast.Unparen(e)
	if outbound.IsDefaultTransport(c.info, e) || typesx.IsNil(c.info, e) {
		return true
	}
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.transportUnbounded(e.X, fi, depth+1)
		}
	case *ast.CompositeLit:
		if !outbound.IsHTTPTransport(c.info.TypeOf(e)) {
			return false
		}
		for _, elt := range e.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				return false
			}
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "ResponseHeaderTimeout" && !c.isZero(kv.Value) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		// http.DefaultTransport.(*http.Transport).Clone()
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Clone" && len(e.Args) == 0 {
			if ta, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr); ok && outbound.IsDefaultTransport(c.info, ta.X) {
				return true
			}
		}
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || fi == nil || c.isPkgVar(v) {
			return false
		}
		ds := fi.defsOf(v)
		if len(ds) == 0 || c.transportMutated(fi, v) {
			return false
		}
		for _, d := range ds {
			if d.kind != defAssign || d.idx >= 0 || !c.transportUnbounded(d.rhs, fi, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// transportMutated reports whether fi sets v.ResponseHeaderTimeout.
func (c *checker) transportMutated(fi *funcInfo, v *types.Var) bool {
	return fi.fieldAssigned(v, func(name string) bool { return name == "ResponseHeaderTimeout" })
}

func (c *checker) isZero(e ast.Expr) bool {
	v, ok := typesx.IntConst(c.info, e)
	return ok && v == 0
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

func typeDesc(t types.Type) string {
	switch {
	case outbound.IsHTTPClient(t):
		return "http.Client"
	case outbound.IsNetDialer(t):
		return "net.Dialer"
	case outbound.IsTLSDialer(t):
		return "tls.Dialer"
	}
	return types.TypeString(t, nil)
}
