package txfinish

import (
	"go/types"
)

// finishFact carries what a function does with the transactions it is
// given to the packages that call it: a dbx wrapper's trx.MustCommit() or
// MustRollback() finishes its receiver; a repository's Insert(tx, ...)
// borrows its parameter. Without it a call into another package is
// unknown, and the transaction is taken as handed off.
type finishFact struct {
	Recv   summary   // the receiver's summary; unknown when it is not a transaction
	Params []summary // by parameter index; unknown for one that is not a transaction
}

func (*finishFact) AFact() {}

func (f *finishFact) String() string { return "txfinish summary" }

// importedFact returns fn's fact from the package that declares it, or nil.
func (c *checker) importedFact(fn *types.Func) *finishFact {
	if c.pass == nil || len(c.pass.Analyzer.FactTypes) == 0 || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	fn = fn.Origin()
	if f, ok := c.imported[fn]; ok {
		return f
	}
	f := new(finishFact)
	if !c.pass.ImportObjectFact(fn, f) {
		f = nil
	}
	c.imported[fn] = f
	return f
}

// exportFacts exports the summaries of the package's exported functions and
// methods that take a transaction, where they say more than unknown.
func (c *checker) exportFacts() {
	if len(c.pass.Analyzer.FactTypes) == 0 {
		return // a copy run without facts
	}
	for _, fn := range c.ix.Funcs() {
		decl := c.ix.Decl(fn)
		sig, ok := fn.Type().(*types.Signature)
		if !fn.Exported() || decl == nil || decl.Body == nil || !ok || sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0 {
			continue
		}
		f := finishFact{}
		exported := false
		if r := sig.Recv(); r != nil && kindOf(r.Type()) != notTx {
			f.Recv = c.recvSummary(fn, 0)
			exported = exported || f.Recv != unknown
		}
		f.Params = make([]summary, sig.Params().Len())
		for i := range sig.Params().Len() {
			if sig.Variadic() && i == sig.Params().Len()-1 {
				break
			}
			if kindOf(sig.Params().At(i).Type()) == notTx {
				continue
			}
			f.Params[i] = c.paramSummary(fn, decl, i, 0)
			exported = exported || f.Params[i] != unknown
		}
		if exported {
			c.pass.ExportObjectFact(fn, &f)
		}
	}
}
