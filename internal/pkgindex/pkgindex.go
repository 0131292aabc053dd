// Package pkgindex is faultline's one per-package index: declarations of the
// package's functions, who assigns each variable, who uses it, every call
// with its resolved callee, and cursors (parents, enclosing nodes) on the
// shared inspector. Checks Require Analyzer and read its *Index instead of
// walking the files with a stack of their own.
//
// Everything but the declarations is built on first use and then shared by
// every check on the package; the index is safe for concurrent use.
package pkgindex

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer builds the package's Index. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "faultlineindex",
	Doc:              "index declarations, assignments, uses and calls for faultline's checks",
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	Run:              func(pass *analysis.Pass) (any, error) { return New(pass), nil },
	ResultType:       reflect.TypeFor[*Index](),
	RunDespiteErrors: true,
}

// Assign is one place a variable gets a value.
type Assign struct {
	// Node is the *ast.AssignStmt, *ast.ValueSpec, *ast.RangeStmt or
	// *ast.IncDecStmt that assigns.
	Node ast.Node
	// LHS is the identifier or selector assigned to.
	LHS ast.Expr
	// RHS is the value's expression, or nil when the value comes from one
	// element of a tuple (then Tuple is the multi-valued expression and Index
	// the element) or from a range clause, a ++/-- or a bare var declaration.
	RHS   ast.Expr
	Tuple ast.Expr
	Index int
	// Tok is the assignment's token (token.DEFINE, token.ASSIGN, token.ADD_ASSIGN, ...,
	// token.VAR for a var spec, token.RANGE, token.INC, token.DEC).
	Tok token.Token
	// Func is the innermost *ast.FuncDecl or *ast.FuncLit holding the
	// assignment (nil at package level).
	Func ast.Node
}

// Index is the per-package index.
type Index struct {
	Fset  *token.FileSet
	Info  *types.Info
	Pkg   *types.Package
	Files []*ast.File
	Insp  *inspector.Inspector

	decls map[*types.Func]*ast.FuncDecl
	order []*types.Func

	once struct {
		assigns, uses, otherUses, calls, impls, funcValues sync.Once
	}
	impls   map[*types.Func]*types.Func // SoleImpl
	assigns map[types.Object][]Assign
	uses    map[types.Object][]*ast.Ident // variables
	// otherUses: the uses of every object that is not a variable
	otherUses map[types.Object][]*ast.Ident
	callsTo   map[*types.Func][]*ast.CallExpr
	calls     []*ast.CallExpr
	// funcValues: see FuncValues
	funcValues []FuncValue
}

// New indexes pass's package. Checks use Analyzer; New is for drivers and
// tests that hold a pass without the analyzer graph.
func New(pass *analysis.Pass) *Index {
	insp, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if insp == nil {
		insp = inspector.New(pass.Files)
	}
	return NewFrom(pass.Fset, pass.TypesInfo, pass.Pkg, pass.Files, insp)
}

// NewFrom indexes files that were type-checked into info and pkg.
func NewFrom(fset *token.FileSet, info *types.Info, pkg *types.Package, files []*ast.File, insp *inspector.Inspector) *Index {
	if insp == nil {
		insp = inspector.New(files)
	}
	ix := &Index{Fset: fset, Info: info, Pkg: pkg, Files: files, Insp: insp, decls: map[*types.Func]*ast.FuncDecl{}}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
				ix.decls[fn] = fd
				ix.order = append(ix.order, fn)
			}
		}
	}
	return ix
}

// Decl returns the declaration of a function or method of this package
// (generic instantiations map to their origin), nil for anything else.
func (ix *Index) Decl(fn *types.Func) *ast.FuncDecl {
	if fn == nil {
		return nil
	}
	return ix.decls[fn.Origin()]
}

// Funcs lists the package's declared functions and methods in source order.
func (ix *Index) Funcs() []*types.Func { return ix.order }

// Cursor returns the inspector cursor of a node of the package's files.
//
// It finds n by position (inspector.Cursor.FindByPos skips the subtrees
// and files that do not hold n, so a lookup costs about the depth of n
// times the fan-out on its path), then climbs the nodes with n's exact
// range (an ExprStmt and its call) until it meets n. A node found no other
// way (one the tree does not hold by its range) falls back to a search.
// A table of every node's cursor cost a map entry per node of the package
// and was slower than the lookups real packages make.
func (ix *Index) Cursor(n ast.Node) (inspector.Cursor, bool) {
	if n == nil || ix.Insp == nil {
		return inspector.Cursor{}, false
	}
	root := ix.Insp.Root()
	if pos, end := n.Pos(), n.End(); pos.IsValid() && pos <= end {
		if c, ok := root.FindByPos(pos, end); ok {
			for c.Valid() && c.Index() >= 0 {
				m := c.Node()
				if m == n {
					return c, true
				}
				if m.Pos() != pos || m.End() != end {
					break
				}
				c = c.Parent()
			}
		}
	}
	return root.FindNode(n)
}

// Parent returns n's parent node, nil for a file or an unknown node.
func (ix *Index) Parent(n ast.Node) ast.Node {
	c, ok := ix.Cursor(n)
	if !ok {
		return nil
	}
	p := c.Parent()
	if !p.Valid() {
		return nil
	}
	return p.Node()
}

// ParentUnparen returns the first ancestor of n that is not a
// parenthesis, and the child of it that holds n (n itself, or the
// outermost *ast.ParenExpr around it).
func (ix *Index) ParentUnparen(n ast.Node) (parent, child ast.Node) {
	child, parent = n, ix.Parent(n)
	for {
		pe, ok := parent.(*ast.ParenExpr)
		if !ok {
			return parent, child
		}
		child, parent = pe, ix.Parent(pe)
	}
}

// EnclosingFunc returns the innermost *ast.FuncDecl or *ast.FuncLit strictly
// enclosing n (nil at package level).
func (ix *Index) EnclosingFunc(n ast.Node) ast.Node {
	c, ok := ix.Cursor(n)
	if !ok {
		return nil
	}
	p := c.Parent()
	if !p.Valid() || p.Index() < 0 {
		return nil
	}
	for e := range p.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return e.Node()
	}
	return nil
}

// FuncBody returns the body and type of a *ast.FuncDecl or *ast.FuncLit.
func FuncBody(fn ast.Node) (*ast.BlockStmt, *ast.FuncType) {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body, fn.Type
	case *ast.FuncLit:
		return fn.Body, fn.Type
	}
	return nil, nil
}

// Assigns lists every assignment to obj in the package, in source order.
func (ix *Index) Assigns(obj types.Object) []Assign {
	ix.once.assigns.Do(ix.buildAssigns)
	return ix.assigns[obj]
}

// LocalValues returns the values assigned to the local variable e names,
// when every assignment of it gives one (x := v, x = v, var x = v): not for
// a package-level variable, a parameter never assigned, or one assigned
// from a tuple, a range or ++. ok is false then.
func (ix *Index) LocalValues(e ast.Expr) (values []ast.Expr, ok bool) {
	id, isID := ast.Unparen(e).(*ast.Ident)
	if !isID {
		return nil, false
	}
	v, isVar := ix.Info.Uses[id].(*types.Var)
	if !isVar || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil, false
	}
	as := ix.Assigns(v)
	if len(as) == 0 {
		return nil, false
	}
	for _, a := range as {
		if a.RHS == nil {
			return nil, false
		}
		values = append(values, a.RHS)
	}
	return values, true
}

// EveryLocalValue reports whether e names a local variable (LocalValues)
// every value of which satisfies f.
func (ix *Index) EveryLocalValue(e ast.Expr, f func(ast.Expr) bool) bool {
	vs, ok := ix.LocalValues(e)
	for _, v := range vs {
		ok = ok && f(v)
	}
	return ok
}

// Uses lists the identifiers that refer to obj, in source order.
//
// Variables (locals, parameters, fields, package variables) are what the
// checks ask about, so they are indexed together; the uses of other
// objects (functions, types, constants: most identifiers of a package)
// are indexed only if one is ever asked for.
func (ix *Index) Uses(obj types.Object) []*ast.Ident {
	if _, isVar := obj.(*types.Var); !isVar {
		ix.once.otherUses.Do(func() { ix.otherUses = usesIndex(ix.Info.Uses, false) })
		return ix.otherUses[obj]
	}
	ix.once.uses.Do(func() { ix.uses = usesIndex(ix.Info.Uses, true) })
	return ix.uses[obj]
}

// usesIndex inverts uses for the variables (vars) or the other objects.
func usesIndex(uses map[*ast.Ident]types.Object, vars bool) map[types.Object][]*ast.Ident {
	out := make(map[types.Object][]*ast.Ident, len(uses)/8)
	for id, o := range uses {
		if _, isVar := o.(*types.Var); isVar == vars {
			out[o] = append(out[o], id)
		}
	}
	for _, ids := range out {
		if len(ids) > 1 {
			slices.SortFunc(ids, func(a, b *ast.Ident) int { return int(a.Pos() - b.Pos()) })
		}
	}
	return out
}

// Calls lists every call expression of the package, in source order.
func (ix *Index) Calls() []*ast.CallExpr {
	ix.buildCalls()
	return ix.calls
}

// CallsTo lists the calls whose callee (typesx.Callee, generic origins
// folded) is fn, in source order.
func (ix *Index) CallsTo(fn *types.Func) []*ast.CallExpr {
	if fn == nil {
		return nil
	}
	ix.buildCalls()
	return ix.callsTo[fn.Origin()]
}

func (ix *Index) buildCalls() {
	ix.once.calls.Do(func() {
		ix.callsTo = map[*types.Func][]*ast.CallExpr{}
		for c := range ix.Insp.Root().Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			ix.calls = append(ix.calls, call)
			if fn := typesx.Callee(ix.Info, call); fn != nil {
				ix.callsTo[fn.Origin()] = append(ix.callsTo[fn.Origin()], call)
			}
		}
	})
}

func (ix *Index) buildAssigns() {
	ix.assigns = map[types.Object][]Assign{}
	add := func(lhs ast.Expr, a Assign) {
		obj := typesx.ObjectOf(ix.Info, lhs)
		if obj == nil {
			return
		}
		a.LHS = lhs
		ix.assigns[obj] = append(ix.assigns[obj], a)
	}
	types := []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.IncDecStmt)(nil)}
	ix.Insp.Root().Inspect(types, func(c inspector.Cursor) bool {
		var fn ast.Node
		for e := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			fn = e.Node()
			break
		}
		switch n := c.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					add(l, Assign{Node: n, RHS: n.Rhs[i], Index: i, Tok: n.Tok, Func: fn})
				}
			} else if len(n.Rhs) == 1 {
				for i, l := range n.Lhs {
					add(l, Assign{Node: n, Tuple: n.Rhs[0], Index: i, Tok: n.Tok, Func: fn})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				a := Assign{Node: n, Index: i, Tok: token.VAR, Func: fn}
				switch {
				case len(n.Values) == len(n.Names):
					a.RHS = n.Values[i]
				case len(n.Values) == 1:
					a.Tuple = n.Values[0]
				}
				add(name, a)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				add(n.Key, Assign{Node: n, Tuple: n.X, Index: 0, Tok: token.RANGE, Func: fn})
			}
			if n.Value != nil {
				add(n.Value, Assign{Node: n, Tuple: n.X, Index: 1, Tok: token.RANGE, Func: fn})
			}
		case *ast.IncDecStmt:
			add(n.X, Assign{Node: n, Tok: n.Tok, Func: fn})
		}
		return true
	})
}
