// Package closeerr reports Close, Flush and Sync errors that are dropped
// where they lose data: files opened for writing, compressing and archiving
// writers, bufio and csv writers, upload writers, and the Sync that must
// succeed before a rename publishes a file.
package closeerr

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sync"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer reports Close, Flush and Sync errors dropped on writers.
var Analyzer = &analysis.Analyzer{
	Name:     "closeerr",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{inspect.Analyzer, report.Analyzer, pkgindex.Analyzer, flow.Analyzer},
	Run:      run,
}

var includeTests bool

func init() {
	Analyzer.Flags.BoolVar(&includeTests, "tests", false, "also report in _test.go files and test-support packages")
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	if !includeTests && outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: not production behaviour
	}
	insp, ok := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if !ok {
		return nil, nil
	}
	// Fast path: collect the Close, Flush and Sync statements first; most
	// packages have none worth indexing for.
	type pending struct {
		file     *ast.File
		stmt     ast.Stmt
		call     *ast.CallExpr
		deferred bool
		cur      inspector.Cursor
	}
	var todo []pending
	filter := []ast.Node{(*ast.File)(nil), (*ast.DeferStmt)(nil), (*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil)}
	var file *ast.File
	insp.Root().Inspect(filter, func(cur inspector.Cursor) bool {
		var call *ast.CallExpr
		deferred := false
		switch n := cur.Node().(type) {
		case *ast.File:
			file = n
			return includeTests || !typesx.IsTestFile(pass.Fset.PositionFor(n.Pos(), false).Filename)
		case *ast.DeferStmt:
			call, deferred = n.Call, true
		case *ast.ExprStmt:
			call, _ = ast.Unparen(n.X).(*ast.CallExpr)
		case *ast.AssignStmt:
			// _ = x.Close()
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && n.Tok == token.ASSIGN {
				if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
					if call, _ = ast.Unparen(n.Rhs[0]).(*ast.CallExpr); call != nil && !interesting(call) {
						call = nil
					}
				}
			}
		}
		if call != nil && (interesting(call) || helperCall(pass, call)) {
			todo = append(todo, pending{file, cur.Node().(ast.Stmt), call, deferred, cur})
		}
		return true
	})
	if len(todo) == 0 {
		return nil, nil
	}
	c := newChecker(pass)
	for _, p := range todo {
		if interesting(p.call) {
			c.candidate(p.file, p.stmt, p.call, p.deferred, p.cur)
		} else {
			c.helperCandidate(p.file, p.stmt, p.call, p.deferred, p.cur)
		}
	}
	return nil, nil
}

// interesting reports whether call is x.Close(), x.Flush() or x.Sync().
func interesting(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	switch sel.Sel.Name {
	case "Close", "Flush", "Sync":
		return true
	}
	return false
}

// helperCall reports whether call calls a function of the package with an
// argument that has a Close() error method: perhaps a helper that closes it
// and swallows the error.
func helperCall(pass *analysis.Pass, call *ast.CallExpr) bool {
	fn := typesx.StaticCallee(pass.TypesInfo, call)
	if fn == nil || fn.Pkg() != pass.Pkg {
		return false
	}
	for _, a := range call.Args {
		if hasCloseMethod(typeOf(pass.TypesInfo, a)) {
			return true
		}
	}
	return false
}

// checker holds one package's state: the shared index and control-flow
// graphs, and the check's own summaries.
type checker struct {
	srcs    *fixes.Sources // the files fixes read, each once
	pass    *analysis.Pass
	info    *types.Info
	ix      *pkgindex.Index
	flow    *flow.Package
	summary map[summaryKey]fileKind

	// litFields lists the struct fields set by composite literals
	// (T{f: v}, T{v}), which the index does not count as assignments.
	litOnce   sync.Once
	litFields map[types.Object][]origin

	// calls indexes each region's argument-less method calls by method
	// and receiver key (methodCalls).
	calls map[ast.Node]map[[2]string][]*ast.CallExpr

	// swallow summarises the package's helpers that close a parameter
	// and drop its error (helper.go).
	swallowOnce sync.Once
	swallow     *summaries.Result[swallows]

	// params maps the parameters of the package's declared functions to
	// their function and index (paramOf).
	paramsOnce sync.Once
	params     map[*types.Var]paramRef
}

type paramRef struct {
	fn *types.Func
	i  int
}

// paramOf returns the declared function v is a parameter of, and its
// index; not for a variadic parameter or a function literal's.
func (c *checker) paramOf(v *types.Var) (paramRef, bool) {
	c.paramsOnce.Do(func() {
		c.params = map[*types.Var]paramRef{}
		for _, fn := range c.ix.Funcs() {
			sig, ok := fn.Type().(*types.Signature)
			if !ok {
				continue
			}
			for i := range sig.Params().Len() {
				if sig.Variadic() && i == sig.Params().Len()-1 {
					break
				}
				c.params[sig.Params().At(i)] = paramRef{fn, i}
			}
		}
	})
	r, ok := c.params[v]
	return r, ok
}

// origin is a value assigned to a variable or field: expr, or result index
// of the multi-value call expr.
type origin struct {
	expr  ast.Expr
	index int
}

type summaryKey struct {
	fn    *types.Func
	index int
	bind  string // boolBinding.key of the constant flags
}

func newChecker(pass *analysis.Pass) *checker {
	return &checker{
		srcs:    fixes.NewSources(pass),
		pass:    pass,
		info:    pass.TypesInfo,
		ix:      pass.ResultOf[pkgindex.Analyzer].(*pkgindex.Index),
		flow:    pass.ResultOf[flow.Analyzer].(*flow.Package),
		summary: map[summaryKey]fileKind{},
	}
}

// parent is n's parent node.
func (c *checker) parent(n ast.Node) ast.Node { return c.ix.Parent(n) }

// uses lists the identifiers that refer to obj.
func (c *checker) uses(obj types.Object) []*ast.Ident { return c.ix.Uses(obj) }

// origins lists the values assigned to a variable or field, in source
// order: plain assignments and definitions, var declarations with a value,
// and composite literals' fields.
func (c *checker) origins(obj types.Object) []origin {
	var out []origin
	for _, a := range c.ix.Assigns(obj) {
		switch a.Tok {
		case token.ASSIGN, token.DEFINE, token.VAR:
		default:
			continue
		}
		if id, ok := ast.Unparen(a.LHS).(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		switch {
		case a.RHS != nil:
			out = append(out, origin{a.RHS, -1})
		case a.Tuple != nil:
			out = append(out, origin{a.Tuple, a.Index})
		}
	}
	c.litOnce.Do(c.indexLitFields)
	if lits := c.litFields[obj]; len(lits) > 0 {
		out = append(out, lits...)
		slices.SortStableFunc(out, func(a, b origin) int { return cmp.Compare(a.expr.Pos(), b.expr.Pos()) })
	}
	return out
}

func (c *checker) indexLitFields() {
	c.litFields = map[types.Object][]origin{}
	for cur := range c.ix.Insp.Root().Preorder((*ast.CompositeLit)(nil)) {
		n := cur.Node().(*ast.CompositeLit)
		st, ok := typeOf(c.info, n).Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok {
					if obj := c.info.Uses[key]; obj != nil {
						c.litFields[obj] = append(c.litFields[obj], origin{kv.Value, -1})
					}
				}
				continue
			}
			if i < st.NumFields() {
				obj := st.Field(i)
				c.litFields[obj] = append(c.litFields[obj], origin{elt, -1})
			}
		}
	}
}

// fieldCalls lists the method calls on the struct field f (x.f.M()).
func (c *checker) fieldCalls(f types.Object) []*ast.CallExpr {
	var out []*ast.CallExpr
	for _, u := range c.uses(f) {
		x, ok := c.parent(u).(*ast.SelectorExpr)
		if !ok || x.Sel != u {
			continue
		}
		var n ast.Node = x
		p := c.parent(n)
		for {
			if _, paren := p.(*ast.ParenExpr); !paren {
				break
			}
			n, p = p, c.parent(p)
		}
		sel, ok := p.(*ast.SelectorExpr)
		if !ok || sel.X != n {
			continue
		}
		n, p = sel, c.parent(sel)
		for {
			if _, paren := p.(*ast.ParenExpr); !paren {
				break
			}
			n, p = p, c.parent(p)
		}
		if call, ok := p.(*ast.CallExpr); ok && call.Fun == n {
			out = append(out, call)
		}
	}
	return out
}

func typeOf(info *types.Info, e ast.Expr) types.Type {
	if t := info.TypeOf(e); t != nil {
		return t
	}
	return types.Typ[types.Invalid]
}
