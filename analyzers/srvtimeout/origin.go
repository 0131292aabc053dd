package srvtimeout

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// origin is one place the started server can come from.
type origin struct {
	node ast.Node          // the literal, new call or var declaration
	lit  *ast.CompositeLit // the http.Server literal, when it is one
	// set: a header timeout that can be positive is given to it (in the
	// literal, by a later field assignment, or by a helper).
	set bool
	// unknown: the server comes from, or is handed to, code we cannot see.
	unknown bool
	// why names the config value that leaves the timeout unset, if any.
	why string
}

// origins lists where the server e (at node at) can come from.
func (c *checker) origins(e ast.Expr, at ast.Node, depth int) []origin {
	if depth > maxDepth {
		return []origin{{unknown: true}}
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.CompositeLit:
		if isServerType(c.info.TypeOf(e)) {
			return []origin{c.literal(e)}
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.origins(e.X, at, depth)
		}
	case *ast.StarExpr:
		return c.origins(e.X, at, depth)
	case *ast.CallExpr:
		if typesx.IsBuiltin(c.info, e, "new") && len(e.Args) == 1 && isServerType(c.info.TypeOf(e.Args[0])) {
			return []origin{{node: e}}
		}
		return c.constructor(e, -1, depth)
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return []origin{{unknown: true}}
		}
		var out []origin
		if v.Parent() != nil && v.Parent() != c.pass.Pkg.Scope() && v.Pkg() == c.pass.Pkg {
			out = c.local(v, at, depth)
		} else {
			out = c.global(v, depth)
		}
		return c.mark(out, v)
	case *ast.SelectorExpr:
		if s := c.info.Selections[e]; s != nil && s.Kind() == types.FieldVal {
			v := s.Obj().(*types.Var)
			return c.mark(c.global(v, depth), v)
		}
		if v, ok := c.info.Uses[e.Sel].(*types.Var); ok {
			return c.mark(c.global(v, depth), v)
		}
	}
	return []origin{{unknown: true}}
}

// mark applies what the program does to the variable or field v that holds
// the server: a timeout set on it, or the server handed to unseen code.
func (c *checker) mark(out []origin, v *types.Var) []origin {
	set, unknown := c.varSet(v, 0)
	for i := range out {
		out[i].set = out[i].set || set
		out[i].unknown = out[i].unknown || unknown
	}
	return out
}

// literal is the origin of an http.Server literal.
func (c *checker) literal(lit *ast.CompositeLit) origin {
	o := origin{node: lit, lit: lit}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			o.unknown = true
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || !isTimeoutField(key.Name) {
			continue
		}
		if p := positive(c, kv.Value, 0); p.ok {
			o.set = true
		} else if p.why != "" && o.why == "" {
			o.why = p.why
		}
	}
	if o.set {
		o.why = ""
	}
	return o
}

// constructor follows a call of a package-local function to the servers
// its return statements return (result index idx; -1: the only one of
// server type).
func (c *checker) constructor(call *ast.CallExpr, idx int, depth int) []origin {
	fn := typesx.StaticCallee(c.info, call)
	decl := c.ix.Decl(fn)
	if decl == nil || decl.Body == nil {
		return []origin{{unknown: true}}
	}
	sig := fn.Type().(*types.Signature)
	if idx < 0 {
		for i := 0; i < sig.Results().Len(); i++ {
			if isServerPtr(sig.Results().At(i).Type()) {
				idx = i
				break
			}
		}
	}
	if idx < 0 || idx >= sig.Results().Len() {
		return []origin{{unknown: true}}
	}
	var out []origin
	named := sig.Results().At(idx)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == sig.Results().Len():
				r := n.Results[idx]
				if typesx.IsNil(c.info, r) {
					return false
				}
				out = append(out, c.origins(r, n, depth+1)...)
			case len(n.Results) == 0 && named.Name() != "":
				out = append(out, c.mark(c.local(named, n, depth+1), named)...)
			default:
				out = append(out, origin{unknown: true})
			}
		}
		return true
	})
	return out
}

// global lists the origins of a field or package variable: every value the
// package assigns to it, in assignments and composite literals.
func (c *checker) global(v *types.Var, depth int) []origin {
	if v.Pkg() != c.pass.Pkg {
		return []origin{{unknown: true}}
	}
	var out []origin
	for _, a := range c.ix.Assigns(v) {
		switch {
		case a.RHS != nil:
			out = append(out, c.origins(a.RHS, a.Node, depth+1)...)
		case a.Tuple != nil:
			out = append(out, c.tuple(a.Tuple, a.Index, depth)...)
		default:
			if isServerType(v.Type()) {
				out = append(out, origin{node: a.Node})
			}
		}
	}
	for _, u := range c.ix.Uses(v) {
		if kv, ok := c.ix.Parent(u).(*ast.KeyValueExpr); ok && kv.Key == u {
			out = append(out, c.origins(kv.Value, kv, depth+1)...)
		}
	}
	if len(out) == 0 && v.IsField() && isServerType(v.Type()) {
		// A value field never assigned as a whole: the zero server,
		// configured (or not) through its fields.
		out = append(out, origin{})
	}
	return out
}

func (c *checker) tuple(tuple ast.Expr, idx, depth int) []origin {
	if call, ok := ast.Unparen(tuple).(*ast.CallExpr); ok {
		return c.constructor(call, idx, depth+1)
	}
	return []origin{{unknown: true}}
}

// reaching holds the reaching definitions of one local variable.
type reaching struct {
	fn     ast.Node
	g      *flow.Graph
	assign []pkgindex.Assign
	res    *flow.Result[uint64]
}

type bits struct{}

func (bits) Join(a, b uint64) uint64 { return a | b }
func (bits) Equal(a, b uint64) bool  { return a == b }

// local lists the origins of a local variable that reach node at: its
// reaching definitions, from a forward dataflow over the function.
func (c *checker) local(v *types.Var, at ast.Node, depth int) []origin {
	r := c.reachingDefs(v)
	if r == nil {
		return []origin{{unknown: true}}
	}
	// A use inside a function literal sees the definitions that reach the
	// literal.
	point := at
	for point != nil && !r.g.Contains(point) {
		fn := c.ix.EnclosingFunc(point)
		if fn == nil || fn == r.fn {
			break
		}
		point = fn
	}
	if point == nil || !r.g.Contains(point) {
		return []origin{{unknown: true}}
	}
	if r.res.Incomplete {
		return []origin{{unknown: true}}
	}
	set, ok := r.res.Before(point)
	if !ok {
		return nil
	}
	var out []origin
	for i, a := range r.assign {
		if set&(1<<i) == 0 {
			continue
		}
		switch {
		case a.RHS != nil:
			out = append(out, c.origins(a.RHS, a.Node, depth+1)...)
		case a.Tuple != nil && a.Tok != token.RANGE:
			out = append(out, c.tuple(a.Tuple, a.Index, depth)...)
		case a.Tok == token.VAR && isServerType(v.Type()):
			out = append(out, origin{node: a.Node})
		default:
			out = append(out, origin{unknown: true})
		}
	}
	return out
}

func (c *checker) reachingDefs(v *types.Var) *reaching {
	if r, ok := c.defs[v]; ok {
		return r
	}
	c.defs[v] = nil
	assigns := c.ix.Assigns(v)
	if len(assigns) == 0 || len(assigns) > 64 {
		return nil
	}
	fn := assigns[0].Func
	if fn == nil {
		return nil
	}
	g := c.fp.FuncGraph(fn)
	if g == nil {
		return nil
	}
	// Map each top-level node to the definitions it makes.
	gen := map[ast.Node]uint64{}
	for i, a := range assigns {
		if a.Func != fn {
			// Assigned inside a nested function literal: we do not follow it.
			return nil
		}
		loc, ok := g.Loc(a.Node)
		if !ok {
			continue
		}
		gen[loc.Block.Nodes[loc.Index]] |= 1 << i
	}
	res := flow.Forward[uint64](g, bits{}, 0, flow.Transfer[uint64]{
		Node: func(f uint64, n ast.Node) uint64 {
			if d, ok := gen[n]; ok {
				return d
			}
			return f
		},
	})
	r := &reaching{fn: fn, g: g, assign: assigns, res: res}
	c.defs[v] = r
	return r
}

// setterKey is a function parameter.
type setterKey struct {
	fn  *types.Func
	arg int
}

// varSet reports whether the program sets a header timeout that can be
// positive on the server held by v (a field assignment through v, even
// conditional or after the start; a package-local helper given v that does
// so), and whether v is handed to code we cannot see.
func (c *checker) varSet(v *types.Var, depth int) (set, unknown bool) {
	if depth > maxDepth || c.visiting[v] {
		return false, false
	}
	c.visiting[v] = true
	defer delete(c.visiting, v)
	for _, u := range c.ix.Uses(v) {
		e := c.exprOf(u, v)
		var p ast.Node = c.parentSkipParens(e)
		cur := ast.Node(e)
		// &srv and *srv denote the same server.
		if ue, ok := p.(*ast.UnaryExpr); ok && ue.Op == token.AND {
			cur, p = ue, c.parentSkipParens(ue)
		} else if se, ok := p.(*ast.StarExpr); ok {
			cur, p = se, c.parentSkipParens(se)
		}
		switch p := p.(type) {
		case *ast.SelectorExpr:
			if p.X != cur || !isTimeoutField(p.Sel.Name) {
				continue
			}
			if rhs, ok := c.assignedValue(p); ok && (rhs == nil || positive(c, rhs, 0).ok) {
				set = true
			}
		case *ast.CallExpr:
			for i, a := range p.Args {
				if ast.Unparen(a) != cur {
					continue
				}
				s, u := c.callSets(p, i, depth)
				set, unknown = set || s, unknown || u
			}
		case *ast.AssignStmt:
			// *v = *other (gotosocial's copy of its configured server): the
			// server is overwritten whole with a value the check does not
			// follow, whose timeouts may be set.
			if se, ok := cur.(*ast.StarExpr); ok && slices.Contains(p.Lhs, ast.Expr(se)) {
				unknown = true
				continue
			}
			// Stored in another variable or field: what is done to that
			// one is done to this server.
			for i, r := range p.Rhs {
				if ast.Unparen(r) != cur || len(p.Lhs) != len(p.Rhs) {
					continue
				}
				if w, ok := typesx.ObjectOf(c.info, ast.Unparen(p.Lhs[i])).(*types.Var); ok && w != v {
					s, u := c.varSet(w, depth+1)
					set, unknown = set || s, unknown || u
				}
			}
		case *ast.KeyValueExpr:
			if p.Value != cur {
				continue
			}
			lit, ok := c.ix.Parent(p).(*ast.CompositeLit)
			if !ok {
				continue
			}
			if w, ok := c.info.Uses[keyIdent(p)].(*types.Var); ok && w.Pkg() == c.pass.Pkg {
				s, u := c.varSet(w, depth+1)
				set, unknown = set || s, unknown || u
			} else if !isServerType(c.info.TypeOf(lit)) {
				// A wrapper from another package holds it.
				unknown = true
			}
		}
	}
	return set, unknown
}

func keyIdent(kv *ast.KeyValueExpr) *ast.Ident {
	id, _ := kv.Key.(*ast.Ident)
	if id == nil {
		return &ast.Ident{}
	}
	return id
}

// callSets reports whether the call, given the server as argument i, sets
// a header timeout on it (a package-local helper) or may (code we cannot see).
func (c *checker) callSets(call *ast.CallExpr, i int, depth int) (set, unknown bool) {
	fn := typesx.StaticCallee(c.info, call)
	if fn == nil {
		return false, true // a function value: an option, a hook
	}
	if harmless(fn) {
		return false, false
	}
	decl := c.ix.Decl(fn)
	if decl == nil {
		return false, true
	}
	key := setterKey{fn, i}
	if s, ok := c.setters[key]; ok {
		return s, false
	}
	c.setters[key] = false
	sig := fn.Type().(*types.Signature)
	var param *types.Var
	if sig.Variadic() && i >= sig.Params().Len()-1 {
		return false, true
	}
	if i < sig.Params().Len() {
		param = sig.Params().At(i)
	}
	if param == nil || param.Name() == "" || param.Name() == "_" {
		return false, false
	}
	s, u := c.varSet(param, depth+1)
	c.setters[key] = s
	return s, u
}

// harmless lists functions outside the package that are known not to set
// a server's timeouts.
func harmless(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return true
	}
	switch fn.Pkg().Path() {
	case "fmt", "log", "log/slog", "errors":
		return true
	}
	return typesx.IsFunc(fn, "golang.org/x/net/http2", "ConfigureServer")
}

// pos is the outcome of positive.
type pos struct {
	ok  bool
	why string // the config value with no positive default
}

// positive reports whether a duration expression can be positive: a
// constant above zero, or a value not known to be zero. A field or
// variable of this package whose only values are non-positive constants
// (or that is never given one: decoded config with no default) cannot.
func positive(c *checker, e ast.Expr, depth int) pos {
	e = ast.Unparen(e)
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.Int || tv.Value.Kind() == constant.Float {
			return pos{ok: constant.Sign(tv.Value) > 0}
		}
		return pos{ok: true}
	}
	if depth > maxDepth {
		return pos{ok: true}
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return positive(c, e.Args[0], depth+1)
		}
	case *ast.BinaryExpr:
		x, y := positive(c, e.X, depth+1), positive(c, e.Y, depth+1)
		switch e.Op {
		case token.MUL, token.QUO:
			if !x.ok {
				return x
			}
			if !y.ok {
				return y
			}
			return pos{ok: true}
		case token.ADD:
			if x.ok || y.ok {
				return pos{ok: true}
			}
			return x
		}
	case *ast.Ident, *ast.SelectorExpr:
		v, ok := typesx.ObjectOf(c.info, e).(*types.Var)
		if ok {
			return c.configValue(v, e, depth)
		}
	}
	return pos{ok: true}
}

// configValue judges a duration held in a variable or field.
func (c *checker) configValue(v *types.Var, e ast.Expr, depth int) pos {
	if v.Pkg() != c.pass.Pkg {
		return pos{ok: true}
	}
	isParam := false
	if fn := c.ix.EnclosingFunc(e); fn != nil {
		_, ft := pkgindex.FuncBody(fn)
		if ft != nil && ft.Params != nil {
			for _, f := range ft.Params.List {
				for _, n := range f.Names {
					if c.info.Defs[n] == v {
						isParam = true
					}
				}
			}
		}
	}
	local := !v.IsField() && v.Parent() != c.pass.Pkg.Scope()
	if isParam || (local && v.Parent() == nil) {
		return pos{ok: true}
	}
	if v.IsField() && tagDefault(c, v) {
		return pos{ok: true}
	}
	for _, a := range c.ix.Assigns(v) {
		if a.RHS == nil || positive(c, a.RHS, depth+1).ok {
			if a.RHS == nil && a.Tok == token.VAR {
				continue // var d time.Duration: zero
			}
			return pos{ok: true}
		}
	}
	for _, u := range c.ix.Uses(v) {
		x := c.exprOf(u, v)
		switch p := c.parentSkipParens(x).(type) {
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				return pos{ok: true} // &cfg.Timeout: a flag, a decoder with defaults
			}
		case *ast.KeyValueExpr:
			if p.Key == u && positive(c, p.Value, depth+1).ok {
				return pos{ok: true}
			}
		}
	}
	if local {
		// A local variable only ever zero.
		return pos{why: typesx.ExprName(e)}
	}
	name := typesx.ExprName(e)
	if name == "" {
		name = v.Name()
	}
	return pos{why: name}
}

// tagDefault reports whether a struct field's tag gives it a positive
// default (default:"10s", envDefault:"10s", env-default:"10s").
func tagDefault(c *checker, v *types.Var) bool {
	for _, f := range c.ix.Files {
		found, ok := false, false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			field, isField := n.(*ast.Field)
			if !isField {
				return true
			}
			for _, name := range field.Names {
				if c.info.Defs[name] == v {
					found = true
					if field.Tag != nil {
						tag, _ := strconv.Unquote(field.Tag.Value)
						ok = positiveTag(reflect.StructTag(tag))
					}
				}
			}
			return !found
		})
		if found {
			return ok
		}
	}
	return false
}

func positiveTag(tag reflect.StructTag) bool {
	for _, k := range []string{"default", "envDefault", "env-default"} {
		val, ok := tag.Lookup(k)
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		if d, err := time.ParseDuration(val); err == nil {
			return d > 0
		}
		if n, err := strconv.ParseFloat(val, 64); err == nil {
			return n > 0
		}
		return true
	}
	return false
}
