package ctxtimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
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
	// fallback: an untimed value is the default put in place when the
	// variable or field is nil (if c == nil { c = &http.Client{} }).
	fallback bool
}

// allUntimed reports whether every way the value can come from makes it
// without a timeout.
func (o originSet) allUntimed() bool { return len(o.untimed) > 0 && !o.other }

// reportable reports whether the untimed origins are worth a report: every
// way the value comes from is untimed, or one is the nil fallback, the
// default every caller that passes no client gets.
func (o originSet) reportable() bool { return len(o.untimed) > 0 && (!o.other || o.fallback) }

func (o *originSet) merge(x originSet) {
	o.other = o.other || x.other
	o.fallback = o.fallback || x.fallback
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
// with the function it is evaluated in (nil at package level). A store
// with no expression is one the check cannot follow (a range clause, an
// op-assignment).
type store struct {
	expr ast.Expr
	idx  int // index in a tuple-valued expression, or -1
	fi   *funcInfo
	node ast.Node // the assignment, for stores from the package index
}

// isTracked reports whether values of type t are followed from where they
// are made to where they are used: http.Client and dialers.
func isTracked(t types.Type) bool {
	return t != nil && (outbound.IsHTTPClient(t) || outbound.IsDialer(t))
}

// objStores is what objOrigins needs of a field or package-level variable.
type objStores struct {
	outside bool // stored outside the package, or bounded after it is made
	stores  []store
	zero    *ast.Ident
	// fallback is, for a field other packages may set, the nil fallback
	// its constructors put in place (or other), computed once.
	fallback *originSet
}

// funcOf returns the funcInfo of the declaration that holds fn (a
// *ast.FuncDecl or *ast.FuncLit from the index; nil at package level).
func (c *checker) funcOf(fn ast.Node) *funcInfo {
	for fn != nil {
		if fd, ok := fn.(*ast.FuncDecl); ok {
			return c.declInfo[fd]
		}
		fn = c.ix.EnclosingFunc(fn)
	}
	return nil
}

// storesOf returns the stores into the field or package-level variable v
// in the package: its assignments (from the package index), for a field
// the composite literals that set it, and for a variable declared with no
// value (and not a pointer) its declaring identifier.
func (c *checker) storesOf(v *types.Var) (stores []store, zero *ast.Ident) {
	for _, a := range c.ix.Assigns(v) {
		fi := c.funcOf(a.Func)
		switch {
		case a.Tok != token.ASSIGN && a.Tok != token.DEFINE && a.Tok != token.VAR:
			stores = append(stores, store{nil, -1, fi, nil})
		case a.RHS != nil:
			stores = append(stores, store{a.RHS, -1, fi, a.Node})
		case a.Tuple != nil:
			stores = append(stores, store{a.Tuple, a.Index, fi, a.Node})
		case a.Tok == token.VAR && len(a.Node.(*ast.ValueSpec).Values) == 0:
			if id, ok := a.LHS.(*ast.Ident); ok && !isPointer(v.Type()) {
				zero = id
			}
		default:
			stores = append(stores, store{nil, -1, fi, nil})
		}
	}
	if v.IsField() {
		c.indexLiterals()
		stores = append(stores, c.litStores[v]...)
	}
	return stores, zero
}

// indexLiterals records, once, the fields of tracked types (and of
// database pools, see poolBounded) that composite literals of the package
// set.
func (c *checker) indexLiterals() {
	if c.litStores != nil {
		return
	}
	c.litStores = map[*types.Var][]store{}
	for cur := range c.ix.Insp.Root().Preorder((*ast.CompositeLit)(nil)) {
		n := cur.Node().(*ast.CompositeLit)
		t := c.info.TypeOf(n)
		if t == nil {
			continue
		}
		st, ok := typesx.Deref(t).Underlying().(*types.Struct)
		if !ok {
			continue
		}
		var fi *funcInfo
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
			if field != nil && field.IsField() && (isTracked(field.Type()) || outbound.IsDoer(field.Type()) || outbound.IsPool(field.Type()) || typesx.IsContext(field.Type())) {
				if fi == nil {
					fi = c.funcOf(c.ix.EnclosingFunc(n))
				}
				c.litStores[field] = append(c.litStores[field], store{val, -1, fi, nil})
			}
		}
	}
}

// mutatedMemo is objMutated, once per variable.
func (c *checker) mutatedMemo(v *types.Var) bool { return memoized(&c.mutated, v, c.objMutated) }

// objMutated reports whether a bounding field (Timeout, Transport, ...)
// of the field or package-level variable v is assigned after it is made:
// x.Timeout = d, where x denotes v.
func (c *checker) objMutated(v *types.Var) bool {
	for _, id := range c.ix.Uses(v) {
		var x ast.Node = id
		if sel, ok := c.ix.Parent(id).(*ast.SelectorExpr); ok && sel.Sel == id {
			x = sel // a field: y.v
		}
		if assignedField(c.ix, x, func(name string) bool { return boundingField[name] }) {
			return true
		}
	}
	return false
}

// assignedField reports whether x (an expression) is the operand of a
// selector x.f, or (*x).f, assigned with = or := for a field name f that
// field accepts.
func assignedField(ix *pkgindex.Index, x ast.Node, field func(string) bool) bool {
	up := func(n ast.Node, star bool) ast.Node {
		for {
			switch p := ix.Parent(n).(type) {
			case *ast.ParenExpr:
				n = p
				continue
			case *ast.StarExpr:
				if star {
					n = p
					continue
				}
			}
			return n
		}
	}
	x = up(x, true)
	sel, ok := ix.Parent(x).(*ast.SelectorExpr)
	if !ok || sel.X != x || !field(sel.Sel.Name) {
		return false
	}
	lhs := up(sel, false)
	as, ok := ix.Parent(lhs).(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
		return false
	}
	for _, l := range as.Lhs {
		if l == lhs {
			return true
		}
	}
	return false
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
			// Another package's constructor known to return one with no
			// timeout (its fact).
			var f untimedFact
			if idx <= 0 && fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && len(c.pass.Analyzer.FactTypes) > 0 && c.pass.ImportObjectFact(fn.Origin(), &f) {
				return originSet{untimed: []origin{{e, f.Desc}}}
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
				o.merge(c.fallbackOf(d.node, v, c.origins(d.rhs, d.idx, fi, depth+1)))
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

// recvOrigins returns where the client or dialer a method call's receiver
// sends through may come from: the receiver itself, or, for a method
// promoted from an embedded field (type API struct{ *http.Client }; a.Get),
// that field.
func (c *checker) recvOrigins(call *ast.CallExpr, recv ast.Expr, fi *funcInfo) originSet {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := c.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && len(s.Index()) > 1 {
			t := s.Recv()
			var field *types.Var
			for _, i := range s.Index()[:len(s.Index())-1] {
				st, ok := typesx.Deref(t).Underlying().(*types.Struct)
				if !ok || i >= st.NumFields() {
					return otherOrigin
				}
				field = st.Field(i)
				t = field.Type()
			}
			if field == nil || field.Pkg() != c.pass.Pkg || !field.Embedded() || c.mutatedMemo(field) {
				return otherOrigin
			}
			// An embedded client is exported whatever the type, and other
			// packages may replace it; the type sends through it as its
			// own, so the client its constructors store is its default.
			stores, _ := c.storesOf(field)
			return c.storesOrigins(field, stores, 0)
		}
	}
	return c.origins(recv, -1, fi, 0)
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
	ob, ok := c.objStores[v]
	if !ok {
		ob.outside = c.visibleOutside(v) || c.mutatedMemo(v)
		if !ob.outside {
			ob.stores, ob.zero = c.storesOf(v)
		}
		if c.objStores == nil {
			c.objStores = map[*types.Var]objStores{}
		}
		c.objStores[v] = ob
	}
	if ob.outside {
		// Other packages may set it, but the nil fallback its constructor
		// puts in place is what every caller that passes none gets.
		if ob.fallback == nil {
			fb := otherOrigin
			if c.visibleOutside(v) && !c.mutatedMemo(v) {
				stores, _ := c.storesOf(v)
				if o := c.storesOrigins(v, stores, depth); o.fallback {
					o.other = true
					fb = o
				}
			}
			ob.fallback = &fb
			c.objStores[v] = ob
		}
		return *ob.fallback
	}
	stores, zero := ob.stores, ob.zero
	if zero != nil && len(stores) == 0 {
		return originSet{untimed: []origin{{zero, typeDesc(v.Type())}}}
	}
	return c.storesOrigins(v, stores, depth)
}

// storesOrigins merges where the values stored into v may come from; a
// store the check cannot follow, or none at all, makes it unknown.
func (c *checker) storesOrigins(v *types.Var, stores []store, depth int) originSet {
	if len(stores) == 0 {
		return otherOrigin
	}
	var o originSet
	for _, s := range stores {
		if s.expr == nil {
			return otherOrigin
		}
		o.merge(c.fallbackOf(s.node, v, c.origins(s.expr, s.idx, s.fi, depth+1)))
	}
	return o
}

// fallbackOf marks o, the origins of a value assigned to v by the
// statement n, as a nil fallback when n is the whole body of an
// if v == nil { ... } (or one statement of it): the default a caller gets
// by passing no client.
func (c *checker) fallbackOf(n ast.Node, v *types.Var, o originSet) originSet {
	if n == nil || len(o.untimed) == 0 || o.other {
		return o
	}
	blk, ok := c.ix.Parent(n).(*ast.BlockStmt)
	if !ok {
		return o
	}
	ifs, ok := c.ix.Parent(blk).(*ast.IfStmt)
	if !ok || ifs.Body != blk {
		return o
	}
	x, notNil, ok := typesx.NilTest(c.info, ifs.Cond)
	if !ok || notNil {
		return o
	}
	var tested types.Object
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		tested = c.info.Uses[x]
	case *ast.SelectorExpr:
		if sel := c.info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			tested = sel.Obj()
		}
	}
	if tested == v {
		o.fallback = true
	}
	return o
}

// returnOrigins returns where result idx of the function fi may come from.
func (c *checker) returnOrigins(fi *funcInfo, idx, depth int) originSet {
	g := c.fp.FuncGraph(fi.decl)
	if g == nil {
		return otherOrigin
	}
	rets := g.Returns() // the return statements that can run
	if len(rets) == 0 {
		return otherOrigin
	}
	var o originSet
	for _, n := range rets {
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
		if ok && c.isPkgVar(v) {
			return c.pkgTransportUnbounded(v, depth)
		}
		if !ok || fi == nil {
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

// pkgTransportUnbounded reports whether the package-level variable v
// holds only transports with no ResponseHeaderTimeout: every store into it
// is one (var t = &http.Transport{...}), it is not reachable from other
// packages, and nothing sets its ResponseHeaderTimeout.
func (c *checker) pkgTransportUnbounded(v *types.Var, depth int) bool {
	if c.visibleOutside(v) {
		return false
	}
	for _, id := range c.ix.Uses(v) {
		if assignedField(c.ix, id, func(name string) bool { return name == "ResponseHeaderTimeout" }) {
			return false
		}
	}
	stores, _ := c.storesOf(v)
	if len(stores) == 0 {
		return false
	}
	for _, st := range stores {
		if st.expr == nil || st.idx >= 0 || !c.transportUnbounded(st.expr, st.fi, depth+1) {
			return false
		}
	}
	return true
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
