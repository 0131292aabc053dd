package pkgindex

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// SoleImpl returns, for a method of an interface that the package declares,
// the method of the one concrete type declared in the package that
// implements the interface (T or *T), or nil when the package has none or
// more than one. Only unexported types count, and not one that holds a
// field of the interface: the package hands its implementation out through
// the interface (func New(db) Payments { return &payments{db} }), while an
// exported type that happens to have the methods of a port the package
// declares (a Service with a Ship method beside a Shipper interface it
// calls) or a decorator around the interface is not what a call of it
// runs. A repository interface with its one implementation beside
// it (type UserRepo interface{...}; type userRepo struct{...}) is how
// services hide the calls a check must follow: a check may read a call of
// the interface method as a call of its sole implementation. Generic types
// are left out.
func (ix *Index) SoleImpl(m *types.Func) *types.Func {
	if m == nil || ix.Pkg == nil {
		return nil
	}
	ix.once.impls.Do(ix.buildImpls)
	return ix.impls[m]
}

func (ix *Index) buildImpls() {
	ix.impls = map[*types.Func]*types.Func{}
	scope := ix.Pkg.Scope()
	var ifaces, concrete []*types.Named
	names := scope.Names() // sorted: the result does not depend on map order
	for _, name := range names {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 {
			continue
		}
		if types.IsInterface(n) {
			ifaces = append(ifaces, n)
		} else if !ix.inTestFile(tn.Pos()) {
			// A test double (a _test.go file's testSessionRegistry) is
			// not what the package's code runs.
			concrete = append(concrete, n)
		}
	}
	asserted := ix.assertions()
	for _, in := range ifaces {
		it := in.Underlying().(*types.Interface)
		if it.NumExplicitMethods() == 0 {
			continue
		}
		var impl types.Type
		count := 0
		for _, t := range concrete {
			if !implCandidate(t, in) && !(asserted[[2]*types.Named{in, t}] && !decorates(t, in)) {
				continue
			}
			switch {
			case types.Implements(t, it):
				impl, count = t, count+1
			case types.Implements(types.NewPointer(t), it):
				impl, count = types.NewPointer(t), count+1
			}
		}
		if count != 1 {
			continue
		}
		// Only the interface's own methods: an embedded interface's
		// method object is shared by every interface that embeds it,
		// and its own implementations are judged with it.
		for i := 0; i < it.NumExplicitMethods(); i++ {
			m := it.ExplicitMethod(i)
			obj, _, _ := types.LookupFieldOrMethod(impl, true, m.Pkg(), m.Name())
			if fn, ok := obj.(*types.Func); ok && fn.Pkg() == ix.Pkg {
				ix.impls[m] = fn
			}
		}
	}
}

// assertions finds the package's compile-time assertions that a type
// implements an interface (var _ EventRepository = (*EventStore)(nil), var
// _ I = T{}, or a constructor returning &T{...} as I): the package says
// which type is behind the interface, so an exported type asserted so
// counts as an implementation too.
func (ix *Index) assertions() map[[2]*types.Named]bool {
	out := map[[2]*types.Named]bool{}
	for _, f := range ix.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				ix.constructorAssertions(fd, out)
				continue
			}
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if vs.Type == nil || len(vs.Names) != len(vs.Values) {
					continue
				}
				in, _ := types.Unalias(ix.Info.TypeOf(vs.Type)).(*types.Named)
				if in == nil || !types.IsInterface(in) {
					continue
				}
				for i, name := range vs.Names {
					if name.Name != "_" {
						continue
					}
					t := ix.Info.TypeOf(vs.Values[i])
					if p, ok := t.(*types.Pointer); ok {
						t = p.Elem()
					}
					if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() == ix.Pkg {
						out[[2]*types.Named{in, n}] = true
					}
				}
			}
		}
	}
	return out
}

// constructorAssertions records the constructors that hand a concrete
// type out through an interface of the package: func
// NewLocalSessionRegistry(m Metrics) SessionRegistry { return
// &LocalSessionRegistry{...} }: a return of a value of a concrete type of
// the package (&T{...}, T{...}, new(T), a variable holding one) from a
// function whose result is the interface.
func (ix *Index) constructorAssertions(fd *ast.FuncDecl, out map[[2]*types.Named]bool) {
	if fd.Body == nil || fd.Type.Results == nil {
		return
	}
	fn, _ := ix.Info.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return
	}
	res := fn.Type().(*types.Signature).Results()
	var ifaces []*types.Named
	for i := 0; i < res.Len(); i++ {
		n, _ := types.Unalias(res.At(i).Type()).(*types.Named)
		if n != nil && types.IsInterface(n) && n.Obj().Pkg() == ix.Pkg {
			ifaces = append(ifaces, n)
		} else {
			ifaces = append(ifaces, nil)
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		ret, ok := n.(*ast.ReturnStmt)
		if !ok || len(ret.Results) != len(ifaces) {
			return true
		}
		for i, r := range ret.Results {
			if ifaces[i] == nil {
				continue
			}
			// The returned value's own type: &T{...}, T{...}, new(T), or a
			// variable holding one (si := &LocalStorageIndex{...}; return si).
			t := ix.Info.TypeOf(r)
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if c, ok := types.Unalias(t).(*types.Named); ok && c.Obj().Pkg() == ix.Pkg {
				out[[2]*types.Named{ifaces[i], c}] = true
			}
		}
		return true
	})
}

// Interfaces lists the package's methods of interfaces with a sole
// implementation (SoleImpl), in source order, for checks that export a
// summary for them.
func (ix *Index) Interfaces() []*types.Func {
	ix.once.impls.Do(ix.buildImpls)
	out := make([]*types.Func, 0, len(ix.impls))
	for m := range ix.impls {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// implCandidate reports whether t may be the implementation behind the
// interface in: unexported, and not a wrapper holding an in.
func implCandidate(t, in *types.Named) bool {
	return !t.Obj().Exported() && !decorates(t, in)
}

// decorates reports a struct that holds an in (a field or an embedded
// one): a decorator around the interface (lakeFS's StoreMetricsWrapper),
// whose methods call whatever implementation it wraps.
func decorates(t, in *types.Named) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		if p, ok := ft.(*types.Pointer); ok {
			ft = p.Elem()
		}
		if types.Identical(ft, in) {
			return true
		}
	}
	return false
}

// inTestFile reports a position in a _test.go file.
func (ix *Index) inTestFile(pos token.Pos) bool {
	if ix.Fset == nil {
		return false
	}
	f := ix.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}
