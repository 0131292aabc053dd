package sqltext

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/sqlparse"
)

// A package's query lookup function - func Q(name string) string { q, ok
// := named[name]; if !ok { panic(...) }; return q }, named a table of
// "-- name: x" blocks from an embedded .sql file or a map literal - is
// what other packages call: store.go runs db.Q("referral_insert"). The
// lookup travels to them as its table (the query texts by name), so the
// constant name at the call site gives the query there too.

// QueryTable is a lookup function of the package and the table it reads.
type QueryTable struct {
	Func    *types.Func
	Param   int               // the parameter that names the query
	Queries map[string]string // the table: constant texts by name
}

// maxTableText bounds the texts a table carries to other packages.
const maxTableText = 256 << 10

// QueryTables lists the package's exported lookup functions whose table
// is known, in source order.
func (r *Resolver) QueryTables() (out []QueryTable) {
	if r == nil || r.info == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending != nil {
		// Indexing is the costly part: look for the shape first, on the
		// syntax alone (most packages have no lookup function).
		found := false
		for _, f := range r.pending {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && lookupShape(fd) {
					found = true
				}
			}
		}
		if !found {
			return nil
		}
		r.ensure()
	}
	failed := false
	defer func() {
		if failed {
			out = nil
		}
	}()
	defer bug.Catch(&failed, "sqltext.QueryTables")
	if r.broken {
		return nil
	}
	for fn, fd := range r.funcs {
		if !fn.Exported() {
			continue
		}
		if qt, ok := r.queryTable(fn, fd); ok {
			out = append(out, qt)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Func.Pos() < out[j].Func.Pos() })
	return out
}

// lookupShape reports, on the syntax alone, an exported function of one
// parameter whose body (1 or 3 statements) indexes something by it.
func lookupShape(fd *ast.FuncDecl) bool {
	if fd.Recv != nil || !fd.Name.IsExported() || fd.Body == nil || fd.Type.Params == nil || len(fd.Type.Params.List) != 1 || len(fd.Type.Params.List[0].Names) != 1 {
		return false
	}
	if n := len(fd.Body.List); n != 1 && n != 3 {
		return false
	}
	param := fd.Type.Params.List[0].Names[0].Name
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if ix, ok := n.(*ast.IndexExpr); ok {
			if id, ok := ix.Index.(*ast.Ident); ok && id.Name == param {
				found = true
			}
		}
		return !found
	})
	return found
}

// queryTable recognises fd as a lookup: one string parameter, and a body
// that is `return tbl[name]` or `q, ok := tbl[name]; if !ok {...}; return q`.
func (r *Resolver) queryTable(fn *types.Func, fd *ast.FuncDecl) (QueryTable, bool) {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Params().Len() != 1 || !isString(sig.Params().At(0).Type()) || len(fd.Type.Params.List) != 1 || len(fd.Type.Params.List[0].Names) != 1 {
		return QueryTable{}, false
	}
	param, _ := r.info.Defs[fd.Type.Params.List[0].Names[0]].(*types.Var)
	list := fd.Body.List
	ret, ok := list[len(list)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 || param == nil {
		return QueryTable{}, false
	}
	var idx *ast.IndexExpr
	switch len(list) {
	case 1:
		idx, _ = ast.Unparen(ret.Results[0]).(*ast.IndexExpr)
	case 3:
		as, _ := list[0].(*ast.AssignStmt)
		if as == nil || len(as.Lhs) != 2 || len(as.Rhs) != 1 || r.varOf(as.Lhs[0]) == nil || r.varOf(ret.Results[0]) != r.varOf(as.Lhs[0]) {
			return QueryTable{}, false
		}
		idx, _ = ast.Unparen(as.Rhs[0]).(*ast.IndexExpr)
	}
	if idx == nil || r.varOf(idx.Index) != param {
		return QueryTable{}, false
	}
	ev := &evaluator{r: r}
	t, ok := ev.table(idx.X, 0)
	if !ok {
		return QueryTable{}, false
	}
	qs := map[string]string{}
	size := 0
	add := func(k, v string) {
		if strings.Contains(v, sqlparse.Hole) {
			return
		}
		size += len(k) + len(v)
		qs[k] = v
	}
	if t.named != nil {
		for k, v := range t.named {
			add(k, v)
		}
	} else {
		for _, el := range t.lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k := ev.eval(kv.Key, 1, nil)
			if k.holes {
				continue
			}
			if v := ev.eval(kv.Value, 1, nil); !v.holes {
				add(k.s, v.s)
			}
		}
	}
	if len(qs) == 0 || size > maxTableText {
		return QueryTable{}, false
	}
	return QueryTable{Func: fn, Param: 0, Queries: qs}, true
}

// SetImportedTables lets r follow calls of other packages' lookup
// functions (QueryTables there, carried here by the caller): of(fn)
// returns fn's parameter that names the query and its table.
func (r *Resolver) SetImportedTables(of func(fn *types.Func) (param int, queries map[string]string, ok bool)) *Resolver {
	r.importedTables = of
	return r
}

// importedTable evaluates a call of another package's lookup function with
// a constant name.
func (ev *evaluator) importedTable(call *ast.CallExpr, fn *types.Func, depth int, en env) (frag, bool) {
	if ev.r.importedTables == nil || fn.Pkg() == nil || call.Ellipsis.IsValid() {
		return frag{}, false
	}
	param, qs, ok := ev.r.importedTables(fn.Origin())
	if !ok || param < 0 || param >= len(call.Args) {
		return frag{}, false
	}
	name := ev.eval(call.Args[param], depth+1, en)
	if name.holes {
		return holeFrag, true
	}
	q, ok := qs[name.s]
	if !ok {
		return holeFrag, true
	}
	return constFrag(q), true
}
