package onconflict

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
)

// hiddenFact carries a hidden gate to the packages that call it: an
// exported function or method of a repository package whose dedup insert
// (INSERT ... ON CONFLICT DO NOTHING) discards the verdict and returns no
// more than an error (store.DeliveryLog.Record), so that a handler in
// another package that calls it and then publishes is reported.
type hiddenFact struct {
	Desc     string // the insert, for messages
	How      string // "discards its result", ...
	Table    string
	Evidence bool // the table or key says it is a dedup record (dedupEvidence)
	Keys     []string
}

func (*hiddenFact) AFact() {}

func (*hiddenFact) String() string { return "onconflict hidden gate" }

// effectFact carries a function's summary to the packages that call it:
// the tables its statements touch and its effects, in order (an exported
// store method that adds to a balance, inserts a ledger line or sends a
// message), so that a dedup insert in another package followed by a call
// of it is judged as a call of a package-local helper is.
type effectFact struct {
	Items []factItem
}

type factItem struct {
	Tables       []string
	UniqueInsert bool
	HasEffect    bool
	Kind         effKind
	What         string
	Table        string
	Columns      []string
}

func (*effectFact) AFact() {}

func (*effectFact) String() string { return "onconflict summary" }

// pkgFact marks a package that exported hidden gates: a package with no
// database call of its own is analysed only when it imports one.
type pkgFact struct{}

func (*pkgFact) AFact() {}

func (*pkgFact) String() string { return "onconflict hidden gates" }

// importsHidden reports whether the package imports one that exported
// hidden gates.
func importsHidden(pass *analysis.Pass) bool {
	for _, p := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(p, new(pkgFact)) {
			return true
		}
	}
	return false
}

// export is a function whose facts are exported for obj: obj itself (an
// exported function or method of the package), or an exported method of
// one of its interfaces whose one implementation in the package is impl (a
// repository interface beside its implementation: the handler in another
// package that holds the interface runs impl).
type export struct{ obj, impl *types.Func }

// exports lists the package's exports, in source order of obj.
func (c *checker) exports() []export {
	var out []export
	for fn := range c.decls {
		if fn.Exported() {
			out = append(out, export{fn, fn})
		}
	}
	for _, m := range c.ix.Interfaces() {
		if impl := c.ix.SoleImpl(m); impl != nil && m.Exported() {
			if _, ok := c.decls[impl]; ok {
				out = append(out, export{m, impl})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].obj.Pos() < out[j].obj.Pos() })
	return out
}

// exportHidden exports the hidden gates of the package's exported
// functions and methods.
func (c *checker) exportHidden() {
	exported := false
	for _, e := range c.exports() {
		fn := e.impl
		h, ok := c.hidden[fn]
		if !ok {
			c.hidden[fn] = nil
			h = c.findHidden(fn)
			c.hidden[fn] = h
		}
		if h == nil || h.g.site == nil {
			continue
		}
		c.pass.ExportObjectFact(e.obj, &hiddenFact{
			Desc: h.g.desc, How: h.how, Table: h.g.site.table(),
			Evidence: c.dedupEvidence(h.g.site, false), Keys: gateKeys(h.g.site),
		})
		exported = true
	}
	if exported {
		c.pass.ExportPackageFact(&pkgFact{})
	}
}

// importedHidden returns the hidden gate another package exported for fn.
func (c *checker) importedHidden(fn *types.Func) *hiddenGate {
	if len(c.pass.Analyzer.FactTypes) == 0 || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	fn = fn.Origin()
	if h, ok := c.hidden[fn]; ok {
		return h
	}
	var h *hiddenGate
	f := new(hiddenFact)
	if c.pass.ImportObjectFact(fn, f) {
		h = &hiddenGate{g: &gate{kind: gateExec, desc: f.Desc, imported: f}, how: f.How}
	}
	c.hidden[fn] = h
	return h
}

// maxFactItems bounds the items an effectFact carries.
const maxFactItems = 16

// exportEffects exports the summaries of the package's exported functions
// and methods that have an effect.
func (c *checker) exportEffects() {
	for _, e := range c.exports() {
		sum := c.summaryOf(e.impl)
		hasEffect := false
		for _, it := range sum.items {
			hasEffect = hasEffect || it.eff != nil
		}
		if !hasEffect {
			continue // only tables: a caller's gate is judged without it, as before
		}
		f := &effectFact{}
		for _, it := range sum.items {
			if len(f.Items) == maxFactItems {
				break
			}
			fi := factItem{Tables: it.tables, UniqueInsert: it.uniqueInsert}
			if e := it.eff; e != nil {
				fi.HasEffect, fi.Kind, fi.What, fi.Table, fi.Columns = true, e.kind, e.what, e.table, e.columns
			}
			f.Items = append(f.Items, fi)
		}
		c.pass.ExportObjectFact(e.obj, f)
	}
}

// importedItems returns the summary items another package exported for fn,
// placed at the call (their own positions are the other package's).
func (c *checker) importedItems(fn *types.Func, at token.Pos) ([]item, bool) {
	if len(c.pass.Analyzer.FactTypes) == 0 || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil, false
	}
	f := new(effectFact)
	if !c.pass.ImportObjectFact(fn.Origin(), f) {
		return nil, false
	}
	items := make([]item, 0, len(f.Items))
	for _, fi := range f.Items {
		it := item{pos: at, tables: fi.Tables, uniqueInsert: fi.UniqueInsert}
		if fi.HasEffect {
			it.eff = &effect{pos: at, kind: fi.Kind, what: fi.What, table: fi.Table, columns: fi.Columns}
		}
		items = append(items, it)
	}
	return items, true
}
