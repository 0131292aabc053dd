package selectinsert

import (
	"go/ast"
	"sort"

	"github.com/faultline-dev/faultline/internal/dbcall"
)

// funcFact carries a function's summary to the packages that call it, so
// that a repository package's FindByKey and Insert methods (or sqlc's
// generated Queries) are followed from the service package that uses them.
type funcFact struct {
	Ops    []factOp
	Effect string // the first outside effect, "" if none
	// EffectAt: the number of Ops that run before Effect.
	EffectAt int
	Locks    bool
	Read     int // index in Ops of the read, for a read helper; -1 otherwise
	Roles    []factRole
}

func (*funcFact) AFact() {}

func (f *funcFact) String() string { return "selectinsert summary" }

// pkgFact marks a package that exported function summaries: packages that
// import none such and make no database calls are skipped.
type pkgFact struct{}

func (*pkgFact) AFact() {}

func (*pkgFact) String() string { return "selectinsert summaries" }

type factOp struct {
	Kind       opKind
	Table      string
	Shape      readShape
	Keys       []string
	KeyParams  []int
	Cols       []string
	AllCols    bool
	Save       bool
	Increments bool
	Where      []string
	Lock       bool
	RecvParam  int
	RecvKind   dbcall.RecvKind
	IsoSafe    bool
	Dup        string
	ConstSet   []string
	Handled    bool
	Unproven   bool
	SetParams  []setParam
	ColParams  []setParam
}

type factRole struct {
	Sig       int // 0 none, 1 error with no-row as an error, 2 error only, 3 found
	Sentinels []string
	Col       string
	Fields    []string // field, column, field, column, ... sorted (gob of a map is not deterministic)
}

var sigTable = []*signal{nil, &sigErrNF, &sigErrOnly, &sigFound}

// exportFacts exports the summaries of the package's functions that do
// anything a caller cares about.
func (a *checker) exportFacts() {
	exported := false
	defer func() {
		if exported {
			a.pass.ExportPackageFact(&pkgFact{})
		}
	}()
	for _, fn := range a.pidx.Funcs() {
		fd := a.decl(fn)
		if fd == nil || !fn.Exported() {
			continue
		}
		s := a.summary(fn, fd)
		if !exportable(s) {
			continue
		}
		a.pass.ExportObjectFact(fn, toFact(s))
		exported = true
	}
	// The methods of exported interfaces with one implementation in the
	// package carry that implementation's summary, so a handler in another
	// package that holds the interface (a repository) is followed into it.
	for _, m := range a.pidx.Interfaces() {
		impl := a.pidx.SoleImpl(m)
		fd := a.decl(impl)
		if fd == nil || !m.Exported() {
			continue
		}
		s := a.summary(impl, fd)
		if !exportable(s) {
			continue
		}
		a.pass.ExportObjectFact(m, toFact(s))
		exported = true
	}
}

func toFact(s *summary) *funcFact {
	f := &funcFact{Locks: s.locks, Read: -1}
	if len(s.effects) > 0 {
		f.Effect, f.EffectAt = s.effects[0].what, s.effectAt
	}
	for i, o := range s.ops {
		if o == s.read {
			f.Read = i
		}
		f.Ops = append(f.Ops, factOp{
			Kind: o.kind, Table: o.table, Shape: o.shape, Keys: o.keys, KeyParams: o.keyParams,
			Cols: o.cols, AllCols: o.allCols, Save: o.save, Increments: o.increments, Where: o.where, Lock: o.lock,
			RecvParam: o.recvParam, RecvKind: o.recvKind, IsoSafe: o.isoSafe, Dup: o.dup, ConstSet: o.constSet, Handled: o.handled, Unproven: o.unproven,
			SetParams: o.setParams, ColParams: o.colParams,
		})
	}
	for _, r := range s.roles {
		fr := factRole{Sentinels: r.sentinels, Col: r.col}
		keys := make([]string, 0, len(r.fields))
		for k := range r.fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fr.Fields = append(fr.Fields, k, r.fields[k])
		}
		for i, sp := range sigTable {
			if sp != nil && r.sig != nil && *r.sig == *sp {
				fr.Sig = i
			}
		}
		f.Roles = append(f.Roles, fr)
	}
	return f
}

// summary rebuilds a summary from a fact.
func (f *funcFact) summary() *summary {
	s := &summary{locks: f.Locks}
	for _, fo := range f.Ops {
		o := &op{
			kind: fo.Kind, table: fo.Table, shape: fo.Shape, keys: fo.Keys, keyParams: fo.KeyParams,
			cols: fo.Cols, allCols: fo.AllCols, save: fo.Save, increments: fo.Increments, where: fo.Where, lock: fo.Lock,
			recvParam: fo.RecvParam, recvKind: fo.RecvKind, isoSafe: fo.IsoSafe, dup: fo.Dup, constSet: fo.ConstSet, handled: fo.Handled, unproven: fo.Unproven,
			setParams: fo.SetParams, colParams: fo.ColParams,
		}
		if len(o.keyParams) != len(o.keys) {
			o.keyParams = make([]int, len(o.keys))
			for i := range o.keyParams {
				o.keyParams[i] = -1
			}
		}
		s.ops = append(s.ops, o)
	}
	if f.Read >= 0 && f.Read < len(s.ops) {
		s.read = s.ops[f.Read]
		for _, fr := range f.Roles {
			r := role{sentinels: fr.Sentinels, col: fr.Col}
			for i := 0; i+1 < len(fr.Fields); i += 2 {
				if r.fields == nil {
					r.fields = map[string]string{}
				}
				r.fields[fr.Fields[i]] = fr.Fields[i+1]
			}
			if fr.Sig > 0 && fr.Sig < len(sigTable) {
				r.sig = sigTable[fr.Sig]
			}
			s.roles = append(s.roles, r)
		}
	}
	if f.Effect != "" {
		s.effects = []effect{{what: f.Effect, call: &ast.CallExpr{}}}
		s.effectAt = min(max(f.EffectAt, 0), len(s.ops))
	}
	return s
}

// exportable reports a summary worth a fact: a read helper, a helper that
// only writes, one that only has outside effects, one that takes a lock.
// A function that reads by key and writes is a whole operation: callers
// elsewhere learn nothing they can check.
func exportable(s *summary) bool {
	if s.read != nil || s.locks {
		return true
	}
	reads, writes := 0, 0
	for _, o := range s.ops {
		switch {
		case o.kind == opRead:
			reads++
		case o.kind.isWrite():
			writes++
		}
	}
	if reads > 0 {
		return false
	}
	return writes > 0 || len(s.effects) > 0
}
