package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/big"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// dkind says where a wait's duration comes from. The order matters: join
// keeps the largest.
type dkind int

const (
	dFixed   dkind = iota // the same every time round
	dGrowing              // changes every time round, deterministically
	dUnknown              // from somewhere we cannot see
	dRandom               // a random source is on its way
)

type dval struct {
	k   dkind
	why ast.Node // for dGrowing: the statement or expression that makes it grow
	key bool     // why is a range statement whose key (a counter) grows
}

func join(x, y dval) dval {
	if y.k > x.k {
		return y
	}
	return x
}

// denv is the environment a duration is evaluated in.
type denv struct {
	inLoop   func(ast.Node) bool       // whether an assignment repeats each time round
	region   func(ast.Node) bool       // whether a node lies in the loop (for fields)
	params   map[types.Object]dval     // a helper's parameters, bound to the arguments
	visiting map[types.Object]bool     // variables being evaluated (cycles)
	depth    int                       // helper nesting
	memo     map[types.Object]dval     // evaluated variables
	growing  map[types.Object]ast.Node // variables known to grow (recursion parameters)
}

// dur evaluates where the duration e comes from.
func (a *checker) dur(e ast.Expr, env *denv) dval {
	if e == nil {
		return dval{k: dUnknown}
	}
	if tv, ok := a.info.Types[e]; ok && tv.Value != nil {
		return dval{k: dFixed}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return a.dur(e.X, env)
	case *ast.UnaryExpr:
		return a.dur(e.X, env)
	case *ast.BinaryExpr:
		return join(a.dur(e.X, env), a.dur(e.Y, env))
	case *ast.IndexExpr:
		return join(a.dur(e.X, env), a.dur(e.Index, env))
	case *ast.Ident:
		return a.durObj(a.info.Uses[e], e, env)
	case *ast.SelectorExpr:
		if sel, ok := a.info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return a.durField(a.info.ObjectOf(e.Sel), e, env)
		}
		if obj := a.info.Uses[e.Sel]; obj != nil {
			if _, ok := obj.(*types.Var); ok {
				return dval{k: dFixed} // a package-level variable: configuration
			}
		}
		return dval{k: dUnknown}
	case *ast.CallExpr:
		return a.durCall(e, env)
	case *ast.CompositeLit:
		d := dval{k: dFixed}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			d = join(d, a.dur(elt, env))
		}
		return d
	}
	return dval{k: dUnknown}
}

func (a *checker) durObj(obj types.Object, at ast.Expr, env *denv) dval {
	v, ok := obj.(*types.Var)
	if !ok {
		if _, ok := obj.(*types.Const); ok {
			return dval{k: dFixed}
		}
		return dval{k: dUnknown}
	}
	if g, ok := env.growing[v]; ok {
		return dval{k: dGrowing, why: g}
	}
	if d, ok := env.params[v]; ok {
		return d
	}
	if v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return dval{k: dFixed}
	}
	if d, ok := env.memo[v]; ok {
		return d
	}
	if env.visiting[v] {
		return dval{k: dFixed}
	}
	env.visiting[v] = true
	defer delete(env.visiting, v)
	d := dval{k: dFixed}
	if isFuncType(v.Type()) {
		d = dval{k: dUnknown}
	}
	for _, s := range a.sitesOf(v) {
		d = join(d, a.durSite(v, s, env))
	}
	env.memo[v] = d
	return d
}

// durField evaluates a struct field: configuration, unless the loop
// itself assigns it.
func (a *checker) durField(obj types.Object, at ast.Expr, env *denv) dval {
	v, ok := obj.(*types.Var)
	if !ok {
		return dval{k: dUnknown}
	}
	d := dval{k: dFixed}
	if env.visiting[v] {
		return d
	}
	// A field of a value the loop obtains each time round (a response, an
	// error: Retry-After) is the server's to choose, not configuration.
	if sel, ok := at.(*ast.SelectorExpr); ok && env.region != nil {
		if id := rootIdent(sel.X); id != nil {
			if rv, ok := a.info.Uses[id].(*types.Var); ok {
				if _, isParam := env.params[rv]; !isParam {
					for _, s := range a.sitesOf(rv) {
						if env.region(s.node) {
							return dval{k: dUnknown}
						}
					}
				}
			}
		}
	}
	env.visiting[v] = true
	defer delete(env.visiting, v)
	for _, s := range a.sitesOf(v) {
		if env.region == nil || !env.region(s.node) {
			continue
		}
		d = join(d, a.durSite(v, s, env))
	}
	return d
}

func (a *checker) durSite(v *types.Var, s *site, env *denv) dval {
	if s.closure {
		return dval{k: dUnknown}
	}
	repeats := env.inLoop != nil && env.inLoop(s.node)
	switch s.tok {
	case token.INC, token.DEC:
		if repeats {
			return dval{k: dGrowing, why: s.node}
		}
		return dval{k: dFixed}
	case token.RANGE:
		rs := s.node.(*ast.RangeStmt)
		if rs.Key != nil && typesx.ObjectOf(a.info, rs.Key) == v {
			if t := a.info.TypeOf(rs.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					return dval{k: dUnknown}
				}
				if _, ok := t.Underlying().(*types.Signature); ok {
					return dval{k: dUnknown}
				}
			}
			return dval{k: dGrowing, why: rs, key: true}
		}
		x := a.dur(rs.X, env)
		if x.k >= dUnknown {
			return x
		}
		return dval{k: dGrowing, why: rs}
	case token.VAR:
		if s.rhs == nil {
			return dval{k: dFixed}
		}
	}
	if s.multi {
		if call, ok := ast.Unparen(s.rhs).(*ast.CallExpr); ok {
			if d := a.durCallee(call); d.k == dRandom {
				return d
			}
		}
		return dval{k: dUnknown}
	}
	r := a.dur(s.rhs, env)
	selfRef := s.tok != token.ASSIGN && s.tok != token.DEFINE && s.tok != token.VAR
	if !selfRef && s.rhs != nil {
		selfRef = mentions(a.info, s.rhs, v)
	}
	if selfRef && repeats && r.k < dUnknown {
		return dval{k: dGrowing, why: s.node}
	}
	return r
}

func isFuncType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// mentions reports whether e reads v.
func mentions(info *types.Info, e ast.Node, v types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.ObjectOf(id) == v {
			found = true
		}
		return !found
	})
	return found
}

// durCallee classifies a call by its callee alone: a random source, or not.
func (a *checker) durCallee(call *ast.CallExpr) dval {
	fn := typesx.Callee(a.info, call)
	if fn == nil {
		return dval{k: dUnknown}
	}
	if isRandomFunc(fn) {
		return dval{k: dRandom}
	}
	return dval{k: dUnknown}
}

// isRandomFunc reports whether fn draws random numbers: math/rand,
// math/rand/v2, crypto/rand, any package named like them, or a function
// whose name says it jitters or randomises.
func isRandomFunc(fn *types.Func) bool {
	if fn.Pkg() != nil {
		p := fn.Pkg().Path()
		last := p[strings.LastIndex(p, "/")+1:]
		if last == "v2" {
			q := strings.TrimSuffix(p, "/v2")
			last = q[strings.LastIndex(q, "/")+1:]
		}
		if strings.Contains(last, "rand") {
			return true
		}
	}
	name := strings.ToLower(fn.Name())
	return strings.Contains(name, "jitter") || strings.Contains(name, "random") || strings.Contains(name, "rand")
}

func (a *checker) durCall(call *ast.CallExpr, env *denv) dval {
	if tv, ok := a.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return a.dur(call.Args[0], env)
		}
		return dval{k: dUnknown}
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := a.info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "min", "max":
				d := dval{k: dFixed}
				for _, arg := range call.Args {
					d = join(d, a.dur(arg, env))
				}
				return d
			case "len", "cap":
				return dval{k: dFixed}
			}
			return dval{k: dUnknown}
		}
	}
	fn := typesx.Callee(a.info, call)
	if fn == nil {
		return dval{k: dUnknown}
	}
	if isRandomFunc(fn) {
		return dval{k: dRandom}
	}
	if fn.Pkg() != nil {
		switch fn.Pkg().Path() {
		case "math":
			d := dval{k: dFixed}
			for _, arg := range call.Args {
				d = join(d, a.dur(arg, env))
			}
			return d
		case "time":
			// Methods of Duration (Round, Truncate, Abs) keep the receiver's kind.
			if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && typesx.IsNamedOrPointer(sig.Recv().Type(), "time", "Duration") {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					return a.dur(sel.X, env)
				}
			}
			return dval{k: dUnknown}
		}
	}
	decl := a.ix.Decl(fn)
	if decl == nil || decl.Body == nil || env.depth >= 3 {
		return dval{k: dUnknown}
	}
	if h := a.helpers[fn]; h != nil && h.expr != nil {
		return a.durWaitHelper(decl, fn, h, call, env)
	}
	return a.durHelper(decl, fn, call, env)
}

// helperEnv is the environment a package-local helper's body is evaluated
// in, its parameters bound to params.
func (a *checker) helperEnv(decl *ast.FuncDecl, params map[types.Object]dval, env *denv) *denv {
	return &denv{
		inLoop:   func(n ast.Node) bool { return a.inAnyLoop(n, decl) },
		region:   func(n ast.Node) bool { return n.Pos() >= decl.Pos() && n.End() <= decl.End() },
		params:   params,
		visiting: map[types.Object]bool{},
		depth:    env.depth + 1,
		memo:     map[types.Object]dval{},
	}
}

// durWaitHelper evaluates the duration a waiting helper (a waitHelper
// with expr) waits for, its parameters bound to the call's arguments:
// sleepBackoff(attempt) waits time.Duration(attempt) * base.
func (a *checker) durWaitHelper(decl *ast.FuncDecl, fn *types.Func, h *waitHelper, call *ast.CallExpr, env *denv) dval {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return dval{k: dUnknown}
	}
	d := a.dur(h.expr, a.helperEnv(decl, a.bindParams(sig, call, env), env))
	if d.k == dGrowing && d.why != nil && !(d.why.Pos() >= call.Pos() && d.why.End() <= call.End()) {
		d.why = call // growth found inside the helper: point at the call
	}
	return d
}

// bindParams binds fn's parameters (and receiver) to what the call's
// arguments evaluate to.
func (a *checker) bindParams(sig *types.Signature, call *ast.CallExpr, env *denv) map[types.Object]dval {
	params := map[types.Object]dval{}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		switch {
		case sig.Variadic() && i == sig.Params().Len()-1:
			params[p] = dval{k: dUnknown}
		case i < len(call.Args):
			params[p] = a.dur(call.Args[i], env)
		default:
			params[p] = dval{k: dUnknown}
		}
	}
	if sig.Recv() != nil {
		params[sig.Recv()] = dval{k: dFixed}
	}
	return params
}

// durHelper evaluates a package-local helper's results, its parameters bound
// to the call's arguments.
func (a *checker) durHelper(decl *ast.FuncDecl, fn *types.Func, call *ast.CallExpr, env *denv) dval {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return dval{k: dUnknown}
	}
	params := a.bindParams(sig, call, env)
	res := -1
	for i := 0; i < sig.Results().Len(); i++ {
		t := sig.Results().At(i).Type()
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsNumeric != 0 {
			res = i
			break
		}
	}
	if res < 0 {
		return dval{k: dUnknown}
	}
	inner := a.helperEnv(decl, params, env)
	d := dval{k: dFixed}
	seen := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			seen = true
			switch {
			case len(n.Results) == sig.Results().Len():
				d = join(d, a.dur(n.Results[res], inner))
			case len(n.Results) == 0 && sig.Results().At(res).Name() != "":
				d = join(d, a.durObj(sig.Results().At(res), nil, inner))
			default:
				d = join(d, dval{k: dUnknown})
			}
		}
		return true
	})
	if !seen {
		return dval{k: dUnknown}
	}
	if d.k == dGrowing && d.why != nil && !(d.why.Pos() >= call.Pos() && d.why.End() <= call.End()) {
		// Growth found inside the helper: point at the call.
		d.why = call
	}
	return d
}

// inAnyLoop reports whether n lies in a loop of fn (for, range or goto; a
// node inside a function literal is in none).
func (a *checker) inAnyLoop(n ast.Node, fn *ast.FuncDecl) bool {
	g := a.flow.FuncGraph(fn)
	return g != nil && g.LoopOf(n) != nil
}

// bounded reports whether e is certainly in (0, max] for the largest
// value max of its type, so that rand.N(e) and rand.Int63n(int64(e))
// cannot panic: rand.N panics on a value <= 0, and a delay that only
// doubles overflows negative (about 34 doublings from a millisecond).
// Provable shapes: positive integer constants, their sums, products,
// conversions, min and max, and local variables whose every assignment
// keeps them so: an initial positive value and growth that a cap bounds
// (d = min(d*2, limit)), found by iterating the variable's assignments to
// a fixed point of its upper bound.
func (a *checker) bounded(e ast.Expr) bool {
	_, ok := a.upper(e, map[types.Object]*big.Int{})
	return ok
}

// upper returns an upper bound of e, and false unless e is certainly
// positive and at most that bound, which fits e's type. env holds the
// bounds assumed for the variables being solved.
func (a *checker) upper(e ast.Expr, env map[types.Object]*big.Int) (*big.Int, bool) {
	limit := a.maxOf(a.info.TypeOf(e))
	if limit == nil {
		return nil, false
	}
	ub, ok := a.upper1(e, env)
	if !ok || ub.Sign() <= 0 || ub.Cmp(limit) > 0 {
		return nil, false
	}
	return ub, true
}

func (a *checker) upper1(e ast.Expr, env map[types.Object]*big.Int) (*big.Int, bool) {
	if tv, ok := a.info.Types[e]; ok && tv.Value != nil {
		v := constant.ToInt(tv.Value)
		if v.Kind() != constant.Int || constant.Sign(v) <= 0 {
			return nil, false
		}
		return new(big.Int).SetString(v.ExactString(), 10)
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return a.upper(e.X, env)
	case *ast.BinaryExpr:
		x, ok1 := a.upper(e.X, env)
		y, ok2 := a.upper(e.Y, env)
		if !ok1 || !ok2 {
			return nil, false
		}
		switch e.Op {
		case token.MUL:
			return new(big.Int).Mul(x, y), true
		case token.ADD:
			return new(big.Int).Add(x, y), true
		}
	case *ast.CallExpr:
		if tv, ok := a.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return a.upper(e.Args[0], env)
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) > 0 {
			if b, ok := a.info.Uses[id].(*types.Builtin); ok && (b.Name() == "min" || b.Name() == "max") {
				var best *big.Int
				for _, arg := range e.Args {
					ub, ok := a.upper(arg, env)
					if !ok {
						return nil, false
					}
					if best == nil || b.Name() == "min" && ub.Cmp(best) < 0 || b.Name() == "max" && ub.Cmp(best) > 0 {
						best = ub
					}
				}
				return best, true
			}
		}
	case *ast.Ident:
		return a.upperVar(e, env)
	}
	return nil, false
}

// upperVar bounds a local variable: the largest of its initial values,
// raised by its other assignments until it stops growing.
func (a *checker) upperVar(id *ast.Ident, env map[types.Object]*big.Int) (*big.Int, bool) {
	v, ok := a.info.Uses[id].(*types.Var)
	if !ok || (v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()) {
		return nil, false
	}
	if ub, ok := env[v]; ok {
		return ub, ub != nil // nil: reached again while its initial values are bounded
	}
	var base, step []*site
	for _, s := range a.sitesOf(v) {
		if s.closure || s.multi {
			return nil, false
		}
		switch s.tok {
		case token.ASSIGN, token.DEFINE, token.VAR:
			if s.rhs == nil {
				return nil, false // the zero value
			}
			if a.mentions(s.rhs, v) {
				step = append(step, s)
			} else {
				base = append(base, s)
			}
		case token.INC, token.MUL_ASSIGN, token.ADD_ASSIGN:
			step = append(step, s)
		default:
			return nil, false
		}
	}
	if len(base) == 0 {
		return nil, false // a parameter, a result, or a variable never set
	}
	env[v] = nil
	defer delete(env, v)
	var b *big.Int
	for _, s := range base {
		ub, ok := a.upper(s.rhs, env)
		if !ok {
			return nil, false
		}
		if b == nil || ub.Cmp(b) > 0 {
			b = ub
		}
	}
	one := big.NewInt(1)
	for range 128 {
		env[v] = b
		next := b
		for _, s := range step {
			var ub *big.Int
			switch s.tok {
			case token.INC:
				ub = new(big.Int).Add(b, one)
			default:
				r, ok := a.upper(s.rhs, env)
				if !ok {
					return nil, false
				}
				switch s.tok {
				case token.MUL_ASSIGN:
					ub = new(big.Int).Mul(b, r)
				case token.ADD_ASSIGN:
					ub = new(big.Int).Add(b, r)
				default:
					ub = r
				}
			}
			if limit := a.maxOf(v.Type()); limit == nil || ub.Cmp(limit) > 0 {
				return nil, false
			}
			if ub.Cmp(next) > 0 {
				next = ub
			}
		}
		if next.Cmp(b) == 0 {
			return b, true
		}
		b = next
	}
	return nil, false // grows without a cap in sight
}

// mentions reports whether e uses v.
func (a *checker) mentions(e ast.Expr, v types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && a.info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// maxOf is the largest value of an integer type, or nil for any other type.
func (a *checker) maxOf(t types.Type) *big.Int {
	if t == nil {
		return nil
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return nil
	}
	bits := 64
	if a.pass.TypesSizes != nil && b.Info()&types.IsUntyped == 0 {
		bits = int(a.pass.TypesSizes.Sizeof(b)) * 8
	}
	if b.Info()&types.IsUnsigned == 0 {
		bits--
	}
	return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(bits)), big.NewInt(1))
}
