package ctxtimeout

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// funcInfo is what the check knows about one function declaration: the
// syntax tree's parent links and every definition of every local variable
// (function literals included), which the flow questions below need.
type funcInfo struct {
	decl   *ast.FuncDecl
	obj    *types.Func
	file   *ast.File
	test   bool // declared in test code (a _test.go file, or a file that imports "testing")
	parent map[ast.Node]ast.Node
	defs   map[*types.Var][]*def
	// mutated holds local variables whose bounding fields (Timeout,
	// Transport, Deadline, ...) are assigned somewhere in the function.
	mutated map[*types.Var]bool
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
	node  ast.Node  // the statement (or the function, for parameters)
	end   token.Pos // the value is visible from here on
	rhs   ast.Expr  // the value, for defAssign
	idx   int       // the index of the value in a tuple-valued rhs, or -1
	param int       // the parameter's index, for defParam
}

func newFuncInfo(info *types.Info, file *ast.File, decl *ast.FuncDecl, test bool) *funcInfo {
	fi := &funcInfo{
		decl:    decl,
		file:    file,
		test:    test,
		parent:  map[ast.Node]ast.Node{},
		defs:    map[*types.Var][]*def{},
		mutated: map[*types.Var]bool{},
	}
	fi.obj, _ = info.Defs[decl.Name].(*types.Func)
	var stack []ast.Node
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			fi.parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})

	localVar := func(id *ast.Ident) *types.Var {
		if id == nil || id.Name == "_" {
			return nil
		}
		o := info.Defs[id]
		if o == nil {
			o = info.Uses[id]
		}
		v, ok := o.(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return nil
		}
		return v
	}
	add := func(id *ast.Ident, d *def) {
		if v := localVar(id); v != nil {
			fi.defs[v] = append(fi.defs[v], d)
		}
	}
	params := func(ft *ast.FuncType, node ast.Node, lit bool) {
		start := node.Pos()
		switch n := node.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				start = n.Body.Lbrace
			}
		case *ast.FuncLit:
			start = n.Body.Lbrace
		}
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
					add(id, &def{kind: k, node: node, end: start, param: i, idx: -1})
					i++
				}
			}
		}
		if ft.Results != nil {
			for _, f := range ft.Results.List {
				for _, id := range f.Names {
					add(id, &def{kind: defZero, node: node, end: start, idx: -1})
				}
			}
		}
	}
	if decl.Recv != nil {
		for _, f := range decl.Recv.List {
			for _, id := range f.Names {
				add(id, &def{kind: defUnknown, node: decl, end: decl.Pos(), idx: -1})
			}
		}
	}
	params(decl.Type, decl, false)

	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			params(n.Type, n, true)
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
				break
			}
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && boundingField[sel.Sel.Name] {
						if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
							if v := localVar(x); v != nil {
								fi.mutated[v] = true
							}
						}
					}
					continue
				}
				d := &def{kind: defAssign, node: n, end: n.End(), idx: -1}
				switch {
				case len(n.Lhs) == len(n.Rhs):
					d.rhs = n.Rhs[i]
				case len(n.Rhs) == 1:
					d.rhs, d.idx = n.Rhs[0], i
				default:
					d.kind = defUnknown
				}
				add(id, d)
			}
		case *ast.DeclStmt:
			gd, ok := n.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				break
			}
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, id := range vs.Names {
					d := &def{kind: defAssign, node: n, end: n.End(), idx: -1}
					switch {
					case len(vs.Values) == 0:
						d.kind = defZero
					case len(vs.Values) == len(vs.Names):
						d.rhs = vs.Values[i]
					case len(vs.Values) == 1:
						d.rhs, d.idx = vs.Values[0], i
					default:
						d.kind = defUnknown
					}
					add(id, d)
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					add(id, &def{kind: defUnknown, node: n, end: n.Body.Lbrace, idx: -1})
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					// The variable may be written through the pointer.
					add(id, &def{kind: defUnknown, node: n, end: n.End(), idx: -1})
				}
			}
		case *ast.TypeSwitchStmt:
			// Variables bound by a type switch are of no interest here.
		}
		return true
	})
	for _, ds := range fi.defs {
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].end < ds[j].end })
	}
	return fi
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
	for p := fi.parent[n]; p != nil; p = fi.parent[p] {
		if lit, ok := p.(*ast.FuncLit); ok {
			return lit
		}
	}
	return nil
}

func within(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

// reaching returns the definitions of v that may hold at pos (a use of v),
// approximating reaching definitions on the syntax tree: the last
// definition that dominates pos (straight-line code before pos in an
// enclosing block), definitions between it and pos in nested branches, and
// definitions later in a loop around pos that the dominating one does not
// precede within that loop. A use inside a function literal declared after
// v may run at any time: every definition reaches it.
func (fi *funcInfo) reaching(v *types.Var, use ast.Node) []*def {
	ds := fi.defs[v]
	if len(ds) == 0 {
		return nil
	}
	pos := use.Pos()
	if lit := fi.enclosingLit(use); lit != nil && !within(lit, v.Pos()) {
		return ds
	}
	var dom *def
	for _, d := range ds {
		if d.end > pos {
			break
		}
		if fi.dominates(d, pos) {
			dom = d
		}
	}
	var out []*def
	if dom != nil {
		out = append(out, dom)
	}
	for _, d := range ds {
		if d != dom && d.end <= pos && (dom == nil || d.end > dom.end) {
			out = append(out, d)
		}
	}
	// Loop-carried definitions.
	for p := fi.parent[use]; p != nil; p = fi.parent[p] {
		var body ast.Node
		switch l := p.(type) {
		case *ast.ForStmt:
			body = l
		case *ast.RangeStmt:
			body = l
		case *ast.FuncLit, *ast.FuncDecl:
			return out
		}
		if body == nil {
			continue
		}
		if dom != nil && within(body, dom.node.Pos()) {
			break
		}
		for _, d := range ds {
			if d.end > pos && within(body, d.node.Pos()) {
				out = append(out, d)
			}
		}
	}
	return out
}

// dominates reports whether d is executed on every path to pos in the
// function: its statement lies in a block (or a statement's init) that
// encloses pos, before pos.
func (fi *funcInfo) dominates(d *def, pos token.Pos) bool {
	switch d.node.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		return within(d.node, pos)
	case *ast.RangeStmt, *ast.UnaryExpr:
		return false
	}
	n := d.node
	for {
		p := fi.parent[n]
		switch p := p.(type) {
		case *ast.LabeledStmt:
			n = p
			continue
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return within(p, pos) && d.end <= pos
		case *ast.IfStmt:
			return p.Init == n && within(p, pos)
		case *ast.SwitchStmt:
			return p.Init == n && within(p, pos)
		case *ast.TypeSwitchStmt:
			return p.Init == n && within(p, pos)
		case *ast.ForStmt:
			return p.Init == n && within(p, pos)
		}
		return false
	}
}

// inForeverLoop reports whether n lies in a loop that runs for the life of
// the process: `for { ... }` with no condition, or a range over a channel
// (a ticker's C, a work queue).
func (fi *funcInfo) inForeverLoop(info *types.Info, n ast.Node) bool {
	for p := fi.parent[n]; p != nil; p = fi.parent[p] {
		switch l := p.(type) {
		case *ast.ForStmt:
			if l.Cond == nil && within(l.Body, n.Pos()) {
				return true
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(l.X); t != nil && within(l.Body, n.Pos()) {
				if _, ok := t.Underlying().(*types.Chan); ok {
					return true
				}
			}
		}
	}
	return false
}

// inLoop reports whether n lies in a loop body of its own function (or
// function literal).
func (fi *funcInfo) inLoop(n ast.Node) bool {
	for p := fi.parent[n]; p != nil; p = fi.parent[p] {
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}
