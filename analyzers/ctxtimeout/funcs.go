package ctxtimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
)

// funcInfo is what the check knows about one function declaration: the
// definitions of its local variables (function literals included), taken
// from the package index, and the reaching definitions the flow questions
// below need, computed on the control-flow graphs of the engine.
type funcInfo struct {
	decl *ast.FuncDecl
	obj  *types.Func
	file *ast.File
	test bool // declared in test code (a _test.go file, or a file that imports "testing")
	// migration: 0 not known yet, 1 migration code, -1 not (migrationCode).
	migration int8

	info *types.Info
	ix   *pkgindex.Index
	fp   *flow.Package

	// params holds the definitions at entry of the parameters, named
	// results and receiver of the function and of its function literals.
	params map[*types.Var]*def
	defs   map[*types.Var][]*def   // built on first use, see defsOf
	reach  map[reachKey]*reachDefs // built on first use, see reaching
	mut    map[*types.Var]bool     // built on first use, see mutated
	// lits are the function literals in decl, in preorder (outer before
	// inner), built on first use: see enclosing.
	lits     []*ast.FuncLit
	litsDone bool
}

// enclosing is pkgindex's EnclosingFunc within the declaration, found by
// position among its literals (most declarations have none) instead of a
// search of the package's cursor tree: the innermost literal other than n
// that holds n, else the declaration (nil for the declaration itself).
func (fi *funcInfo) enclosing(n ast.Node) ast.Node {
	if !fi.litsDone {
		fi.litsDone = true
		if fi.decl.Body != nil {
			ast.Inspect(fi.decl.Body, func(m ast.Node) bool {
				if lit, ok := m.(*ast.FuncLit); ok {
					fi.lits = append(fi.lits, lit)
				}
				return true
			})
		}
	}
	if n == nil || n == ast.Node(fi.decl) {
		return nil
	}
	var in ast.Node = fi.decl
	for _, lit := range fi.lits {
		if ast.Node(lit) != n && lit.Pos() <= n.Pos() && n.End() <= lit.End() {
			in = lit // preorder: a later one that holds n is inside an earlier one
		}
	}
	if !within(fi.decl, n.Pos()) {
		return fi.ix.EnclosingFunc(n)
	}
	return in
}

type defKind uint8

const (
	defParam    defKind = iota // a parameter of the declared function
	defLitParam                // a parameter of a function literal: its caller is unknown
	defAssign                  // an assignment or a declaration with a value
	defZero                    // a declaration without a value, or a named result
	defUnknown                 // a range variable, a variable whose address is taken, ...
)

// def is one definition of a local variable.
type def struct {
	kind  defKind
	node  ast.Node // the statement or spec (the function, for parameters; the &v, for an address taken)
	rhs   ast.Expr // the value, for defAssign
	idx   int      // the index of the value in a tuple-valued rhs, or -1
	param int      // the parameter's index, for defParam
}

// entry reports whether d holds from the start of the function whose
// node is d.node: a parameter, a named result or a receiver.
func (d *def) entry() bool {
	switch d.node.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		return true
	}
	return false
}

// sticky reports whether d, once it may have happened, may still hold at
// any later point whatever is assigned meanwhile: a variable whose address
// is taken can be written through the pointer at any time.
func (d *def) sticky() bool {
	_, ok := d.node.(*ast.UnaryExpr)
	return ok
}

func newFuncInfo(info *types.Info, ix *pkgindex.Index, fp *flow.Package, file *ast.File, decl *ast.FuncDecl, test bool) *funcInfo {
	fi := &funcInfo{
		decl:   decl,
		file:   file,
		test:   test,
		info:   info,
		ix:     ix,
		fp:     fp,
		params: map[*types.Var]*def{},
	}
	fi.obj, _ = info.Defs[decl.Name].(*types.Func)
	add := func(id *ast.Ident, d *def) {
		if v, ok := info.Defs[id].(*types.Var); ok {
			fi.params[v] = d
		}
	}
	params := func(ft *ast.FuncType, node ast.Node, lit bool) {
		i := 0
		if ft.Params != nil {
			for _, f := range ft.Params.List {
				if len(f.Names) == 0 {
					i++
					continue
				}
				for _, id := range f.Names {
					k := defParam
					if lit {
						k = defLitParam
					}
					add(id, &def{kind: k, node: node, param: i, idx: -1})
					i++
				}
			}
		}
		if ft.Results != nil {
			for _, f := range ft.Results.List {
				for _, id := range f.Names {
					add(id, &def{kind: defZero, node: node, idx: -1})
				}
			}
		}
	}
	if decl.Recv != nil {
		for _, f := range decl.Recv.List {
			for _, id := range f.Names {
				add(id, &def{kind: defUnknown, node: decl, idx: -1})
			}
		}
	}
	params(decl.Type, decl, false)
	if cur, ok := ix.Cursor(decl.Body); ok {
		for c := range cur.Preorder((*ast.FuncLit)(nil)) {
			lit := c.Node().(*ast.FuncLit)
			params(lit.Type, lit, true)
		}
	}
	return fi
}

// isLocal reports whether v is a variable of the function (a parameter,
// a result, or declared in its body): not a field, not package-level.
func (fi *funcInfo) isLocal(v *types.Var) bool {
	return v != nil && !v.IsField() && v.Pkg() != nil && v.Parent() != nil && v.Parent() != v.Pkg().Scope() &&
		within(fi.decl, v.Pos())
}

// defsOf returns every definition of the local variable v, in source
// order: at entry for a parameter or a named result, then the package
// index's assignments (op-assignments, ++ and range clauses are
// defUnknown), and a defUnknown at each &v.
func (fi *funcInfo) defsOf(v *types.Var) []*def {
	if !fi.isLocal(v) {
		return nil
	}
	if ds, ok := fi.defs[v]; ok {
		return ds
	}
	var ds []*def
	if d := fi.params[v]; d != nil {
		ds = append(ds, d)
	}
	for _, a := range fi.ix.Assigns(v) {
		d := &def{kind: defUnknown, node: a.Node, idx: -1}
		switch a.Tok {
		case token.DEFINE, token.ASSIGN, token.VAR:
			switch {
			case a.RHS != nil:
				d.kind, d.rhs = defAssign, a.RHS
			case a.Tuple != nil:
				d.kind, d.rhs, d.idx = defAssign, a.Tuple, a.Index
			case a.Tok == token.VAR && len(a.Node.(*ast.ValueSpec).Values) == 0:
				d.kind = defZero
			}
		}
		ds = append(ds, d)
	}
	for _, id := range fi.ix.Uses(v) {
		if u := fi.addressOf(id); u != nil {
			ds = append(ds, &def{kind: defUnknown, node: u, idx: -1})
		}
	}
	if fi.defs == nil {
		fi.defs = map[*types.Var][]*def{}
	}
	fi.defs[v] = ds
	return ds
}

// addressOf returns the &id around the identifier, or nil.
func (fi *funcInfo) addressOf(id *ast.Ident) *ast.UnaryExpr {
	var n ast.Node = id
	for {
		switch p := fi.ix.Parent(n).(type) {
		case *ast.ParenExpr:
			n = p
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				return p
			}
		}
		return nil
	}
}

// mutated reports whether a bounding field of the local variable v
// (Timeout, Transport, Deadline, ...) is assigned somewhere in the
// function: then the check treats the value as bounded.
func (fi *funcInfo) mutated(v *types.Var) bool {
	if m, ok := fi.mut[v]; ok {
		return m
	}
	m := fi.fieldAssigned(v, func(name string) bool { return boundingField[name] })
	if fi.mut == nil {
		fi.mut = map[*types.Var]bool{}
	}
	fi.mut[v] = m
	return m
}

// fieldAssigned reports whether some statement assigns v.f (with = or :=)
// for a field name f that field accepts.
func (fi *funcInfo) fieldAssigned(v *types.Var, field func(string) bool) bool {
	for _, id := range fi.ix.Uses(v) {
		if assignedField(fi.ix, id, field) {
			return true
		}
	}
	return false
}

// boundingField names the fields of an http.Client, net.Dialer or
// tls.Dialer that bound its calls; assigning one after construction makes
// the check treat the value as bounded.
var boundingField = map[string]bool{
	"Timeout":   true,
	"Transport": true,
	"Deadline":  true,
	"NetDialer": true,
}

// enclosingLit returns the innermost function literal around n, or nil.
func (fi *funcInfo) enclosingLit(n ast.Node) *ast.FuncLit {
	for p := fi.enclosing(n); p != nil; p = fi.enclosing(p) {
		if lit, ok := p.(*ast.FuncLit); ok {
			return lit
		}
	}
	return nil
}

func within(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

// reachKey names one reaching-definitions analysis: of a variable, in the
// graph of one function body.
type reachKey struct {
	fn ast.Node
	v  *types.Var
}

// reachDefs is the reaching-definitions analysis of one variable v in the
// graph of one function body (the one that declares v).
type reachDefs struct {
	ds  []*def
	res *flow.Result[bitset]
	// always holds the definitions that reach every use: those made in
	// nested function literals, which may run whenever the literal is
	// called. Sets hold indexes into ds.
	always bitset
}

// reaching returns the definitions of v that may hold at use, a node that
// reads v. It is reaching definitions on the go/cfg graph of the function
// (or function literal) that declares v: a definition reaches use if some
// path from it leads to use without passing another assignment of v
// (definitions in dead code, after a return or a call that never returns,
// reach nothing). A definition made through a pointer (&v) is never killed;
// one made inside a nested function literal reaches every use. A use inside
// a function literal that does not declare v may run at any time: every
// definition reaches it. The use itself is read before its own statement
// assigns (ctx, cancel := context.WithTimeout(ctx, d)).
func (fi *funcInfo) reaching(v *types.Var, use ast.Node) []*def {
	ds := fi.defsOf(v)
	if len(ds) == 0 {
		return nil
	}
	// v is visible at use, so a function around use that holds v's
	// declaration is the one that declares it.
	fn := fi.enclosing(use)
	if fn == nil || !within(fn, v.Pos()) {
		return ds
	}
	if len(ds) == 1 && !ds[0].sticky() {
		// One definition (a parameter, ctx := ...): it reaches every use
		// that can run, since the use is in its scope. No flow analysis.
		if g := fi.fp.FuncGraph(fn); g != nil {
			if l, ok := g.Loc(use); ok && l.Block.Live {
				return ds
			}
		}
	}
	r := fi.reachingDefs(fn, v, ds)
	if r == nil {
		return ds
	}
	set, ok := r.res.Before(use)
	if !ok {
		return nil // the use cannot run
	}
	var out []*def
	for i, d := range ds {
		if set.has(i) || r.always.has(i) {
			out = append(out, d)
		}
	}
	return out
}

// reachingDefs runs (once per function and variable) the forward analysis
// behind reaching. It returns nil when the analysis did not converge.
func (fi *funcInfo) reachingDefs(fn ast.Node, v *types.Var, ds []*def) *reachDefs {
	key := reachKey{fn, v}
	if r, ok := fi.reach[key]; ok {
		return r
	}
	if fi.reach == nil {
		fi.reach = map[reachKey]*reachDefs{}
	}
	g := fi.fp.FuncGraph(fn)
	if g == nil {
		fi.reach[key] = nil
		return nil
	}
	r := &reachDefs{ds: ds}
	var entry bitset
	gen := map[ast.Node][]int{} // top-level node of g -> the definitions it makes
	for i, d := range ds {
		switch {
		case d.entry():
			if d.node == fn {
				entry = entry.with(i)
			}
		case fi.enclosing(d.node) != fn:
			r.always = r.always.with(i)
		default:
			if l, ok := g.Loc(d.node); ok {
				n := l.Block.Nodes[l.Index]
				gen[n] = append(gen[n], i)
			}
			// Otherwise the definition is dead code.
		}
	}
	sticky := bitset(nil)
	for i, d := range ds {
		if d.sticky() {
			sticky = sticky.with(i)
		}
	}
	r.res = flow.Forward(g, bitsetLattice{}, entry, flow.Transfer[bitset]{
		Node: func(f bitset, n ast.Node) bitset {
			is := gen[n]
			if len(is) == 0 {
				return f
			}
			kill := false
			for _, i := range is {
				if !ds[i].sticky() {
					kill = true
				}
			}
			var out bitset
			if kill {
				// Only the definitions through a pointer survive.
				out = make(bitset, len(f))
				for w := range f {
					if w < len(sticky) {
						out[w] = f[w] & sticky[w]
					}
				}
			} else {
				out = f
			}
			for _, i := range is {
				out = out.with(i)
			}
			return out
		},
	})
	if r.res.Incomplete {
		r = nil
	}
	fi.reach[key] = r
	return r
}

// inForeverLoop reports whether n lies in a loop that runs for the life of
// the process: `for { ... }` with no condition, or a range over a channel
// (a ticker's C, a work queue). The loop may be outside the function
// literal that holds n (a goroutine started in such a loop).
func (fi *funcInfo) inForeverLoop(info *types.Info, n ast.Node) bool {
	for p := fi.ix.Parent(n); p != nil && p != ast.Node(fi.decl); p = fi.ix.Parent(p) {
		if body, ok := flow.ForeverLoop(info, p); ok && within(body, n.Pos()) {
			return true
		}
	}
	return false
}

// inLoop reports whether n can run more than once per call of the function
// (or function literal) that holds it: it is in a natural loop of that
// function's graph (for, range or goto).
func (fi *funcInfo) inLoop(n ast.Node) bool {
	fn := fi.enclosing(n)
	if fn == nil {
		return false
	}
	g := fi.fp.FuncGraph(fn)
	return g != nil && g.LoopOf(n) != nil
}
