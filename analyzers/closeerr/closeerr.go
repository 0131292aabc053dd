// Package closeerr reports Close, Flush and Sync errors that are dropped
// where they lose data: files opened for writing, compressing and archiving
// writers, bufio and csv writers, upload writers, and the Sync that must
// succeed before a rename publishes a file.
package closeerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer reports Close, Flush and Sync errors dropped on writers.
var Analyzer = &analysis.Analyzer{
	Name:     "closeerr",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{inspect.Analyzer, report.Analyzer},
	Run:      run,
}

var includeTests bool

func init() {
	Analyzer.Flags.BoolVar(&includeTests, "tests", false, "also report in _test.go files")
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
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
		stack    []ast.Node
	}
	var todo []pending
	filter := []ast.Node{(*ast.File)(nil), (*ast.DeferStmt)(nil), (*ast.ExprStmt)(nil)}
	var file *ast.File
	skip := false
	insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		var call *ast.CallExpr
		deferred := false
		switch n := n.(type) {
		case *ast.File:
			file = n
			skip = !includeTests && isTestFile(pass, n)
			return !skip
		case *ast.DeferStmt:
			call, deferred = n.Call, true
		case *ast.ExprStmt:
			call, _ = ast.Unparen(n.X).(*ast.CallExpr)
		}
		if call == nil || skip || !interesting(call) {
			return true
		}
		todo = append(todo, pending{file, n.(ast.Stmt), call, deferred, append([]ast.Node(nil), stack...)})
		return true
	})
	if len(todo) == 0 {
		return nil, nil
	}
	c := newChecker(pass)
	for _, p := range todo {
		c.candidate(p.file, p.stmt, p.call, p.deferred, p.stack)
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

func isTestFile(pass *analysis.Pass, f *ast.File) bool {
	name := pass.Fset.PositionFor(f.Pos(), false).Filename
	return len(name) > len("_test.go") && name[len(name)-len("_test.go"):] == "_test.go"
}

// checker holds one package's indexes.
type checker struct {
	pass    *analysis.Pass
	info    *types.Info
	parents map[ast.Node]ast.Node
	origins map[types.Object][]origin     // where a variable or field got its value
	uses    map[types.Object][]*ast.Ident // every use of an object
	decls   map[*types.Func]*ast.FuncDecl
	summary map[summaryKey]fileKind
	// fieldCalls lists the method calls on each struct field (x.f.M()).
	fieldCalls map[types.Object][]*ast.CallExpr
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
}

func newChecker(pass *analysis.Pass) *checker {
	c := &checker{
		pass:    pass,
		info:    pass.TypesInfo,
		parents: map[ast.Node]ast.Node{},
		origins: map[types.Object][]origin{},
		uses:    map[types.Object][]*ast.Ident{},
		decls:   map[*types.Func]*ast.FuncDecl{},
		summary: map[summaryKey]fileKind{},

		fieldCalls: map[types.Object][]*ast.CallExpr{},
	}
	for _, f := range pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if len(stack) > 0 {
				c.parents[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			c.index(n)
			return true
		})
	}
	return c
}

// index records origins, uses and function declarations.
func (c *checker) index(n ast.Node) {
	switch n := n.(type) {
	case *ast.Ident:
		if obj := c.info.Uses[n]; obj != nil {
			c.uses[obj] = append(c.uses[obj], n)
		}
	case *ast.FuncDecl:
		if fn, ok := c.info.Defs[n.Name].(*types.Func); ok {
			c.decls[fn] = n
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
			if x, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok {
				if xs := c.info.Selections[x]; xs != nil && xs.Kind() == types.FieldVal {
					c.fieldCalls[xs.Obj()] = append(c.fieldCalls[xs.Obj()], n)
				}
			}
		}
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
			return
		}
		for i, lhs := range n.Lhs {
			obj := c.lhsObject(lhs)
			if obj == nil {
				continue
			}
			switch {
			case len(n.Lhs) == len(n.Rhs):
				c.origins[obj] = append(c.origins[obj], origin{n.Rhs[i], -1})
			case len(n.Rhs) == 1:
				c.origins[obj] = append(c.origins[obj], origin{n.Rhs[0], i})
			}
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			obj := c.info.Defs[name]
			if obj == nil {
				continue
			}
			switch {
			case len(n.Names) == len(n.Values):
				c.origins[obj] = append(c.origins[obj], origin{n.Values[i], -1})
			case len(n.Values) == 1:
				c.origins[obj] = append(c.origins[obj], origin{n.Values[0], i})
			}
		}
	case *ast.CompositeLit:
		st, ok := typeOf(c.info, n).Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok {
					if obj := c.info.Uses[key]; obj != nil {
						c.origins[obj] = append(c.origins[obj], origin{kv.Value, -1})
					}
				}
				continue
			}
			if i < st.NumFields() {
				obj := st.Field(i)
				c.origins[obj] = append(c.origins[obj], origin{elt, -1})
			}
		}
	}
}

// lhsObject returns the variable or field an assignment target names.
func (c *checker) lhsObject(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if e.Name == "_" {
			return nil
		}
		return c.info.ObjectOf(e)
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
	}
	return nil
}

func typeOf(info *types.Info, e ast.Expr) types.Type {
	if t := info.TypeOf(e); t != nil {
		return t
	}
	return types.Typ[types.Invalid]
}
