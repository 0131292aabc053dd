package main

import (
	"fmt"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// Facts, as the standalone driver keeps them: in memory, for the root
// packages only. A root that imports another root usually sees the very
// types.Package its facts were exported on (go/packages type-checks both
// from source), so facts are found by object. Where the importer sees the
// package through another view (export data), they are found by the
// object's objectpath within its package's import path, as go vet's
// serialised facts are.

type objectKey struct {
	a   *analysis.Analyzer
	obj types.Object
	t   reflect.Type
}

type packageKey struct {
	a *analysis.Analyzer
	t reflect.Type
}

type pathKey struct {
	a    *analysis.Analyzer
	path objectpath.Path
	t    reflect.Type
}

// pkgFacts holds the facts the analyzers exported on one package. It is
// written by that package's passes only, and read by other packages' only
// after it is published.
type pkgFacts struct {
	pkg     *types.Package
	objects map[objectKey]analysis.Fact
	pkgs    map[packageKey]analysis.Fact
	byPath  map[pathKey]analysis.Fact
}

// publish makes a package's facts visible to the packages analysed after
// it.
func (d *driver) publish(p *packages.Package, facts *pkgFacts) {
	facts.byPath = map[pathKey]analysis.Fact{}
	enc := new(objectpath.Encoder)
	for k, f := range facts.objects {
		if path, err := enc.For(k.obj); err == nil {
			facts.byPath[pathKey{k.a, path, k.t}] = f
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byPkg[p.Types] = facts
	if p.ID == p.PkgPath { // p, not p [p.test]
		d.byPath[p.PkgPath] = facts
	}
}

// find returns the published facts of pkg, and whether they are keyed by
// pkg's own objects (rather than another view's).
func (d *driver) find(pkg *types.Package) (*pkgFacts, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if pf := d.byPkg[pkg]; pf != nil {
		return pf, true
	}
	return d.byPath[pkg.Path()], false
}

// foundFacts is what d.find returned for a package.
type foundFacts struct {
	pf   *pkgFacts
	same bool
}

// cachedFind is d.find through a pass's own cache.
func cachedFind(d *driver, cache map[*types.Package]foundFacts, pkg *types.Package) (*pkgFacts, bool) {
	f, ok := cache[pkg]
	if !ok {
		f.pf, f.same = d.find(pkg)
		cache[pkg] = f
	}
	return f.pf, f.same
}

// bindFacts gives a pass its fact functions.
func (d *driver) bindFacts(pass *analysis.Pass, a *analysis.Analyzer, own *pkgFacts) {
	copyFact := func(dst, src analysis.Fact) {
		reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem())
	}
	// The packages a pass imports facts from are analysed before it starts,
	// so where their facts are does not change during the pass: find is
	// asked once per package (it takes the driver's lock).
	finds := map[*types.Package]foundFacts{}
	pass.ImportObjectFact = func(obj types.Object, ptr analysis.Fact) bool {
		if obj == nil {
			panic("ImportObjectFact: nil object")
		}
		if obj.Pkg() == nil {
			return false
		}
		t := reflect.TypeOf(ptr)
		var got analysis.Fact
		var ok bool
		if obj.Pkg() == own.pkg {
			got, ok = own.objects[objectKey{a, obj, t}]
		} else if pf, same := cachedFind(d, finds, obj.Pkg()); pf != nil && same {
			got, ok = pf.objects[objectKey{a, obj, t}]
		} else if pf != nil {
			if path, err := objectpath.For(obj); err == nil {
				got, ok = pf.byPath[pathKey{a, path, t}]
			}
		}
		if ok {
			copyFact(ptr, got)
		}
		return ok
	}
	pass.ExportObjectFact = func(obj types.Object, f analysis.Fact) {
		if obj.Pkg() != own.pkg {
			panic(fmt.Sprintf("%s: a fact on %s, which belongs to another package", a.Name, obj))
		}
		own.objects[objectKey{a, obj, reflect.TypeOf(f)}] = f
	}
	pass.ImportPackageFact = func(pkg *types.Package, ptr analysis.Fact) bool {
		if pkg == nil {
			panic("ImportPackageFact: nil package")
		}
		pf := own
		if pkg != own.pkg {
			pf, _ = d.find(pkg)
		}
		if pf == nil {
			return false
		}
		got, ok := pf.pkgs[packageKey{a, reflect.TypeOf(ptr)}]
		if ok {
			copyFact(ptr, got)
		}
		return ok
	}
	pass.ExportPackageFact = func(f analysis.Fact) {
		own.pkgs[packageKey{a, reflect.TypeOf(f)}] = f
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		var out []analysis.ObjectFact
		for _, pf := range d.visible(own) {
			for k, f := range pf.objects {
				if k.a == a {
					out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
		}
		return out
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		var out []analysis.PackageFact
		for _, pf := range d.visible(own) {
			for k, f := range pf.pkgs {
				if k.a == a {
					out = append(out, analysis.PackageFact{Package: pf.pkg, Fact: f})
				}
			}
		}
		return out
	}
}

// visible returns own and the published facts of the packages own's
// package imports, directly or not, in the same view.
func (d *driver) visible(own *pkgFacts) []*pkgFacts {
	out := []*pkgFacts{own}
	seen := map[*types.Package]bool{own.pkg: true}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if seen[imp] {
				continue
			}
			seen[imp] = true
			if pf, same := d.find(imp); pf != nil && same {
				out = append(out, pf)
			}
			walk(imp)
		}
	}
	walk(own.pkg)
	return out
}
