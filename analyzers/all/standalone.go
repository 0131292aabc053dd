package all

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Standalone returns the analyzers for a standalone run (faultline ./...),
// where any analyzer that declares facts would make the checker load and
// analyse every dependency from source: measured, twice the wall time and
// memory of a types-only run on std and four times on a 142k-line module.
//
// An analyzer with facts is replaced by a copy that declares none and
// keeps its facts in memory for the package at hand: summaries of the
// package's own functions still flow between them, and summaries of other
// packages' functions are simply absent. Under go vet -vettool the full
// analyzers run, and facts cross packages through vet's per-package, cached
// files.
func Standalone() []*analysis.Analyzer {
	as := Analyzers()
	memo := map[*analysis.Analyzer]*analysis.Analyzer{}
	for i, a := range as {
		as[i] = withoutFacts(a, memo)
	}
	return as
}

func withoutFacts(a *analysis.Analyzer, memo map[*analysis.Analyzer]*analysis.Analyzer) *analysis.Analyzer {
	if c, ok := memo[a]; ok {
		return c
	}
	if !hasFacts(a) {
		memo[a] = a
		return a
	}
	c := *a
	c.FactTypes = nil
	c.Requires = make([]*analysis.Analyzer, len(a.Requires))
	for i, r := range a.Requires {
		c.Requires[i] = withoutFacts(r, memo)
	}
	run := a.Run
	c.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		local := &localFacts{objects: map[objectKey]analysis.Fact{}, pkgs: map[packageKey]analysis.Fact{}}
		p.ImportObjectFact = local.importObject
		p.ExportObjectFact = local.exportObject
		p.ImportPackageFact = func(pkg *types.Package, f analysis.Fact) bool { return local.importPackage(pkg, f) }
		p.ExportPackageFact = func(f analysis.Fact) { local.pkgs[packageKey{pass.Pkg, reflect.TypeOf(f)}] = f }
		p.AllObjectFacts = local.allObjects
		p.AllPackageFacts = local.allPackages
		return run(&p)
	}
	memo[a] = &c
	return &c
}

// hasFacts reports whether a, or anything it requires, declares facts.
func hasFacts(a *analysis.Analyzer) bool {
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, r := range a.Requires {
		if hasFacts(r) {
			return true
		}
	}
	return false
}

type objectKey struct {
	obj types.Object
	t   reflect.Type
}

type packageKey struct {
	pkg *types.Package
	t   reflect.Type
}

// localFacts holds the facts one pass exports, for that pass alone.
type localFacts struct {
	objects map[objectKey]analysis.Fact
	pkgs    map[packageKey]analysis.Fact
}

func (l *localFacts) exportObject(obj types.Object, f analysis.Fact) {
	l.objects[objectKey{obj, reflect.TypeOf(f)}] = f
}

func (l *localFacts) importObject(obj types.Object, f analysis.Fact) bool {
	got, ok := l.objects[objectKey{obj, reflect.TypeOf(f)}]
	if ok {
		reflect.ValueOf(f).Elem().Set(reflect.ValueOf(got).Elem())
	}
	return ok
}

func (l *localFacts) importPackage(pkg *types.Package, f analysis.Fact) bool {
	got, ok := l.pkgs[packageKey{pkg, reflect.TypeOf(f)}]
	if ok {
		reflect.ValueOf(f).Elem().Set(reflect.ValueOf(got).Elem())
	}
	return ok
}

func (l *localFacts) allObjects() []analysis.ObjectFact {
	out := make([]analysis.ObjectFact, 0, len(l.objects))
	for k, f := range l.objects {
		out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
	}
	return out
}

func (l *localFacts) allPackages() []analysis.PackageFact {
	out := make([]analysis.PackageFact, 0, len(l.pkgs))
	for k, f := range l.pkgs {
		out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
	}
	return out
}
