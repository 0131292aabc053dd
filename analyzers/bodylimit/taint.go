package bodylimit

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// kind is what a reader expression holds.
type kind int

const (
	none     kind = iota // not an inbound body
	bounded              // a body behind MaxBytesReader, LimitReader or LimitedReader
	raw                  // an inbound body as the client sent it
	inflated             // a decompressor over an inbound body
)

// taint is the kind of a reader and the request it comes from: the
// *http.Request variable, or the gin or echo context.
type taint struct {
	kind kind
	root types.Object
}

func fixesSource(c *checker, e ast.Expr) string { return fixes.Source(c.pass.Fset, e) }

// eval evaluates a reader expression.
func (c *checker) eval(e ast.Expr, depth int) taint {
	if e == nil || depth > maxDepth {
		return taint{}
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if e.Sel.Name == "Body" && typesx.IsPointerToNamed(c.info.TypeOf(e.X), httpPkg, "Request") {
			if root := c.reqRoot(e.X, depth+1); root != nil {
				return taint{raw, root}
			}
		}
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return taint{}
		}
		if c.readerArg[v] {
			return taint{raw, v}
		}
		if v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
			return taint{}
		}
		var out taint
		for _, a := range c.ix.Assigns(v) {
			var t taint
			switch {
			case a.RHS != nil:
				t = c.eval(a.RHS, depth+1)
			case a.Tuple != nil && a.Index == 0 && a.Tok != token.RANGE:
				t = c.eval(a.Tuple, depth+1)
			}
			if t.kind == bounded {
				return t
			}
			if t.kind > out.kind {
				out = t
			}
		}
		return out
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.eval(e.X, depth+1)
		}
	case *ast.CompositeLit:
		if typesx.IsNamed(c.info.TypeOf(e), "io", "LimitedReader") {
			t := taint{kind: bounded}
			for _, elt := range e.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "R" {
						t.root = c.eval(kv.Value, depth+1).root
					}
				}
			}
			return t
		}
	case *ast.CallExpr:
		return c.evalCall(e, depth)
	}
	return taint{}
}

func (c *checker) evalCall(call *ast.CallExpr, depth int) taint {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return taint{}
	}
	arg := func(i int) ast.Expr {
		if i < len(call.Args) {
			return call.Args[i]
		}
		return nil
	}
	switch {
	case typesx.IsFunc(fn, httpPkg, "MaxBytesReader"):
		return taint{bounded, c.eval(arg(1), depth+1).root}
	case typesx.IsFunc(fn, "io", "LimitReader"):
		return taint{bounded, c.eval(arg(0), depth+1).root}
	case typesx.IsFunc(fn, "compress/gzip", "NewReader"),
		typesx.IsFunc(fn, "compress/zlib", "NewReader", "NewReaderDict"),
		typesx.IsFunc(fn, "compress/flate", "NewReader", "NewReaderDict"),
		typesx.IsFunc(fn, "compress/bzip2", "NewReader"),
		typesx.IsFunc(fn, "compress/lzw", "NewReader"):
		if t := c.eval(arg(0), depth+1); t.kind != none {
			return taint{inflated, t.root}
		}
	case typesx.IsFunc(fn, "bufio", "NewReader", "NewReaderSize"),
		typesx.IsFunc(fn, "io", "TeeReader", "NopCloser"),
		typesx.IsFunc(fn, "io/ioutil", "NopCloser"),
		typesx.IsFunc(fn, "encoding/json", "NewDecoder"),
		typesx.IsFunc(fn, "encoding/xml", "NewDecoder"),
		typesx.IsFunc(fn, "encoding/csv", "NewReader"),
		typesx.IsFunc(fn, "mime/multipart", "NewReader"):
		return c.eval(arg(0), depth+1)
	case typesx.IsFunc(fn, "io", "MultiReader"):
		var out taint
		for _, a := range call.Args {
			if t := c.eval(a, depth+1); t.kind > out.kind {
				out = t
			}
		}
		return out
	case typesx.IsMethod(fn, httpPkg, "Request", "MultipartReader"):
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if root := c.reqRoot(sel.X, depth+1); root != nil {
				return taint{raw, root}
			}
		}
	case typesx.IsMethod(fn, "mime/multipart", "Reader", "NextPart", "NextRawPart"):
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return c.eval(sel.X, depth+1)
		}
	}
	return taint{}
}

// reqRoot returns the request an *http.Request expression denotes: a
// parameter, a local alias of one (r.WithContext, r.Clone), gin's
// c.Request or echo's c.Request().
func (c *checker) reqRoot(e ast.Expr, depth int) types.Object {
	if e == nil || depth > maxDepth {
		return nil
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || !typesx.IsPointerToNamed(v.Type(), httpPkg, "Request") {
			return nil
		}
		if fn, _ := c.paramOf(v); fn != nil {
			return v
		}
		if v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
			return nil
		}
		for _, a := range c.ix.Assigns(v) {
			if a.RHS != nil {
				if r := c.reqRoot(a.RHS, depth+1); r != nil {
					return r
				}
			}
		}
	case *ast.SelectorExpr:
		// gin's c.Request, or the request field of a context of the
		// package's own that also carries the ResponseWriter.
		if s := c.info.Selections[e]; s != nil && s.Kind() == types.FieldVal && isRequest(s.Obj().Type()) {
			return c.ctxRoot(e.X)
		}
	case *ast.CallExpr:
		fn := typesx.Callee(c.info, e)
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if fn == nil || !ok {
			return nil
		}
		switch {
		case typesx.IsMethod(fn, httpPkg, "Request", "WithContext", "Clone"):
			return c.reqRoot(sel.X, depth+1)
		case len(e.Args) == 0 && isRequest(c.info.TypeOf(e)):
			// echo's c.Request(), and the like of other contexts.
			return c.ctxRoot(sel.X)
		}
	}
	return nil
}

func isRequest(t types.Type) bool {
	return t != nil && typesx.IsPointerToNamed(t, httpPkg, "Request")
}

// ctxRoot returns the server context variable e denotes: a gin or echo
// context, or a variable of a type that carries both the request and the
// ResponseWriter (a field or a method without arguments for each).
func (c *checker) ctxRoot(e ast.Expr) types.Object {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return nil
	}
	if c.isServerCtx(v.Type()) {
		return v
	}
	return nil
}

// isServerCtx reports whether t is a server-side request context.
func (c *checker) isServerCtx(t types.Type) bool {
	if typesx.IsPointerToNamed(t, ginPkg, "Context") || typesx.IsNamed(t, echoPkg, "Context") {
		return true
	}
	if typesx.IsNamed(t, httpPkg, "Request") || typesx.IsPointerToNamed(t, httpPkg, "Request") {
		return false
	}
	// Only structs, interfaces and pointers to them carry a request and a
	// writer; the answer is kept per type (by identity: two *T made at
	// different places are one key).
	switch typesx.Deref(t).Underlying().(type) {
	case *types.Struct, *types.Interface:
	default:
		return false
	}
	if r, ok := c.ctxTypes.At(t).(bool); ok {
		return r
	}
	c.ctxTypes.Set(t, false)
	var hasReq, hasWriter bool
	check := func(rt types.Type) {
		switch {
		case isRequest(rt):
			hasReq = true
		case c.isWriter(rt):
			hasWriter = true
		}
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for i := 0; i < ms.Len(); i++ {
		sig, ok := ms.At(i).Type().(*types.Signature)
		if ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 {
			check(sig.Results().At(0).Type())
		}
	}
	if st, ok := typesx.Deref(t).Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			check(st.Field(i).Type())
		}
	}
	r := hasReq && hasWriter
	c.ctxTypes.Set(t, r)
	return r
}

// isWriter reports whether t implements http.ResponseWriter.
func (c *checker) isWriter(t types.Type) bool {
	if typesx.IsNamed(t, httpPkg, "ResponseWriter") {
		return true
	}
	if c.writer == nil {
		c.writer = findWriter(c.pass.Pkg, map[*types.Package]bool{})
		if c.writer == nil {
			c.writer = types.NewInterfaceType(nil, nil) // never matched below
			return false
		}
	}
	if c.writer.NumMethods() == 0 {
		return false
	}
	return types.Implements(t, c.writer) || types.Implements(types.NewPointer(t), c.writer)
}

func findWriter(p *types.Package, seen map[*types.Package]bool) *types.Interface {
	if seen[p] {
		return nil
	}
	seen[p] = true
	if p.Path() == httpPkg {
		if obj := p.Scope().Lookup("ResponseWriter"); obj != nil {
			if it, ok := obj.Type().Underlying().(*types.Interface); ok {
				return it
			}
		}
		return nil
	}
	for _, q := range p.Imports() {
		if it := findWriter(q, seen); it != nil {
			return it
		}
	}
	return nil
}

// boundEvents indexes, per request, the statements that bound its body:
// r.Body = http.MaxBytesReader(...) (or any value that is not the raw
// body), and calls of package-local helpers that do so on their argument.
func (c *checker) boundEvents() {
	if c.events != nil {
		return
	}
	c.events = map[types.Object][]ast.Node{}
	for cur := range c.ix.Insp.Root().Preorder((*ast.AssignStmt)(nil)) {
		as := cur.Node().(*ast.AssignStmt)
		if len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Body" || !typesx.IsPointerToNamed(c.info.TypeOf(sel.X), httpPkg, "Request") {
				continue
			}
			root := c.reqRoot(sel.X, 0)
			if root == nil {
				continue
			}
			t := c.eval(as.Rhs[i], 0)
			if t.kind == raw || t.kind == inflated {
				continue
			}
			if t.kind != bounded && c.readsRawBody(as, root) {
				// r.Body = io.NopCloser(bytes.NewReader(b)) after an
				// unbounded io.ReadAll(r.Body) (a logging middleware):
				// the copy is as large as the client made it.
				continue
			}
			c.events[root] = append(c.events[root], as)
		}
	}
	// Helpers that bound their parameter, and helpers of those.
	for changed := true; changed; {
		changed = false
		for _, call := range c.ix.Calls() {
			fn := typesx.StaticCallee(c.info, call)
			if fn == nil || c.ix.Decl(fn) == nil {
				continue
			}
			for i, a := range call.Args {
				root := c.reqRoot(a, 0)
				if root == nil {
					root = c.ctxRoot(a)
				}
				if root == nil || c.hasEvent(root, call) {
					continue
				}
				p := param(c.ix.Decl(fn), c.info, i)
				if p != nil && p != root && len(c.events[p]) > 0 {
					c.events[root] = append(c.events[root], call)
					changed = true
				}
			}
		}
	}
}

func (c *checker) hasEvent(root types.Object, n ast.Node) bool {
	for _, e := range c.events[root] {
		if e == n {
			return true
		}
	}
	return false
}

// param returns the i'th parameter of decl (nil past the end).
func param(decl *ast.FuncDecl, info *types.Info, i int) types.Object {
	k := 0
	for _, f := range decl.Type.Params.List {
		if len(f.Names) == 0 {
			k++
			continue
		}
		for _, n := range f.Names {
			if k == i {
				return info.Defs[n]
			}
			k++
		}
	}
	return nil
}

// bounded reports whether a bound of root's body can run before the read
// at call: in the same function on some path to it, or in the function
// around the literal that holds it.
func (c *checker) bounded(root types.Object, call *ast.CallExpr) bool {
	c.boundEvents()
	sinkFn := c.ix.EnclosingFunc(call)
	for _, e := range c.events[root] {
		eFn := c.ix.EnclosingFunc(e)
		switch {
		case eFn == sinkFn:
			if g := c.fp.FuncGraph(sinkFn); g != nil && g.Reaches(e, call) {
				return true
			}
		case encloses(c.ix, eFn, sinkFn):
			lit := sinkFn
			for c.ix.EnclosingFunc(lit) != eFn {
				lit = c.ix.EnclosingFunc(lit)
			}
			if g := c.fp.FuncGraph(eFn); g != nil && g.Reaches(e, lit) {
				return true
			}
		case encloses(c.ix, sinkFn, eFn):
			return true // bounded in a literal the handler runs: do not judge
		}
	}
	return false
}

func encloses(ix *pkgindex.Index, outer, inner ast.Node) bool {
	if outer == nil || inner == nil {
		return false
	}
	for n := ix.EnclosingFunc(inner); n != nil; n = ix.EnclosingFunc(n) {
		if n == outer {
			return true
		}
	}
	return false
}

// lengthChecked reports whether the read runs only under a condition on
// the request's ContentLength.
func (c *checker) lengthChecked(root types.Object, call *ast.CallExpr) bool {
	g := c.fp.FuncGraph(c.ix.EnclosingFunc(call))
	if g == nil {
		return false
	}
	for _, gd := range g.Guards(call) {
		for _, s := range flow.Split(gd) {
			found := false
			ast.Inspect(s.Cond, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "ContentLength" && c.reqRoot(sel.X, 0) == root {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// framework is the kind of request a handler serves, for limits that
// cover one kind: echo's BodyLimit bounds echo's handlers, not the
// package's net/http or gin ones.
type framework uint8

const (
	fwHTTP framework = 1 << iota // net/http (and chi, gorilla): *http.Request
	fwGin
	fwEcho
	fwAll = fwHTTP | fwGin | fwEcho
)

// frameworkOf is the kind of request root is.
func (c *checker) frameworkOf(root types.Object) framework {
	switch {
	case root == nil:
		return fwAll
	case typesx.IsNamedOrPointer(root.Type(), ginPkg, "Context"):
		return fwGin
	case typesx.IsNamed(root.Type(), echoPkg, "Context"):
		return fwEcho
	case typesx.IsPointerToNamed(root.Type(), httpPkg, "Request"):
		return fwHTTP
	}
	return fwAll // another framework's context: any limit counts
}

// limits reports the kinds of handler whose bodies the package limits for
// all its handlers: http.MaxBytesHandler (around any handler, a gin or
// echo engine included: every kind), chi's RequestSize (net/http
// handlers), echo's BodyLimit (echo's), or a middleware of its own that
// bounds the body of a request it passes on (to a handler value,
// ServeHTTP, another (w, r) function, or gin's c.Next): the kind of that
// request.
func (c *checker) limits() framework {
	var fw framework
	for _, call := range c.ix.Calls() {
		if c.inTestFile(call.Pos()) {
			continue
		}
		fn := typesx.Callee(c.info, call)
		if fn == nil {
			continue
		}
		switch {
		case typesx.IsFunc(fn, httpPkg, "MaxBytesHandler"):
			return fwAll
		case typesx.IsFunc(fn, echoPkg+"/middleware", "BodyLimit", "BodyLimitWithConfig"):
			fw |= fwEcho
		case typesx.IsFunc(fn, "github.com/go-chi/chi/v5/middleware", "RequestSize"),
			typesx.IsFunc(fn, "github.com/go-chi/chi/middleware", "RequestSize"):
			fw |= fwHTTP
		}
	}
	c.boundEvents()
	roots := make([]types.Object, 0, len(c.events))
	for root := range c.events {
		roots = append(roots, root)
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].Pos() < roots[j].Pos() })
	for _, root := range roots {
		if !c.served(root) {
			continue
		}
		for _, e := range c.events[root] {
			if c.passesOn(root, e) {
				fw |= c.frameworkOf(root)
				break
			}
		}
	}
	return fw
}

// passesOn reports whether, after the bound event e, the function passes
// the request on to another handler.
func (c *checker) passesOn(root types.Object, e ast.Node) bool {
	fn := c.ix.EnclosingFunc(e)
	body, _ := pkgindex.FuncBody(fn)
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || call.Pos() < e.End() {
			return !found
		}
		callee := typesx.Callee(c.info, call)
		if callee != nil && typesx.IsMethod(callee, ginPkg, "Context", "Next") && c.ctxRoot(ast.Unparen(call.Fun).(*ast.SelectorExpr).X) == root {
			found = true
			return false
		}
		for _, a := range call.Args {
			if c.reqRoot(a, 0) != root {
				continue
			}
			switch {
			case callee == nil, callee.Name() == "ServeHTTP":
				found = true
			case c.ix.Decl(callee) != nil && handlerSig(callee):
				// next(w, r) of the package's own: a handler. A helper
				// with more to it (writeError(w, r, err)) answers the
				// request; it does not serve it.
				found = true
			}
		}
		return !found
	})
	return found
}

// handlerSig reports func(http.ResponseWriter, *http.Request), a
// handler's parameters.
func handlerSig(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 2 && typesx.IsNamed(sig.Params().At(0).Type(), httpPkg, "ResponseWriter") &&
		typesx.IsPointerToNamed(sig.Params().At(1).Type(), httpPkg, "Request")
}

func takesWriter(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len(); i++ {
		if typesx.IsNamed(sig.Params().At(i).Type(), httpPkg, "ResponseWriter") {
			return true
		}
	}
	return false
}

// summary returns where the package-local fn reads the body handed to it
// as argument i with no limit, or nil.
func (c *checker) summary(fn *types.Func, i int) *sinkSite {
	key := paramKey{fn, i}
	if s, ok := c.summaries[key]; ok {
		return s
	}
	c.summaries[key] = nil
	decl := c.ix.Decl(fn)
	if decl == nil || decl.Body == nil {
		return nil
	}
	p, ok := param(decl, c.info, i).(*types.Var)
	if !ok {
		return nil
	}
	switch {
	case typesx.IsPointerToNamed(p.Type(), httpPkg, "Request"):
		if takesWriter(fn) {
			return nil // a handler of its own: its reads are reported there
		}
	case typesx.IsNamed(p.Type(), "io", "Reader", "ReadCloser"):
		c.readerArg[p] = true
	default:
		return nil
	}
	for _, s := range c.sinks(decl) {
		if s.t.root != p {
			continue
		}
		if s.t.kind == inflated || !c.bounded(p, s.call) {
			site := &sinkSite{call: s.call, what: s.what, fn: fn}
			if s.helper != nil {
				site = s.helper
			}
			c.summaries[key] = site
			return site
		}
	}
	return nil
}

// readsRawBody reports whether, before the statement n, the function
// around it reads root's body with no bound (a sink on the raw body that
// can run before n): a replacement of the body there is a copy of an
// unbounded read, not a limit.
func (c *checker) readsRawBody(n ast.Node, root types.Object) bool {
	fn := c.ix.EnclosingFunc(n)
	if fn == nil {
		return false
	}
	g := c.fp.FuncGraph(fn)
	if g == nil {
		return false
	}
	for _, s := range c.sinks(fn) {
		if s.t.kind == raw && s.t.root == root && g.Reaches(s.call, n) {
			return true
		}
	}
	return false
}
