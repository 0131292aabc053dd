package pkgindex_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/faultline-dev/faultline/internal/pkgindex"
)

// TestCursor finds every node of two files by its cursor, the nodes that
// share a range (an ExprStmt and its call, a FuncDecl's name and type)
// included, and agrees with the parent the tree walk sees.
func TestCursor(t *testing.T) {
	srcs := []string{`package p

// F is documented.
func F(a, b int) (int, error) {
	g()
	x := (a + b)
	if x > 0 { return x, nil }
	func() { g() }()
	return 0, nil
}

func g() {}
`, `package p

type T struct{ A int ` + "`json:\"a\"`" + ` }

func (t *T) M() { t.A++ }

var v = []func(){func() {}, g}
`}
	fset := token.NewFileSet()
	var files []*ast.File
	for i, src := range srcs {
		f, err := parser.ParseFile(fset, []string{"b.go", "a.go"}[i], src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{}).Check("p", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	ix := pkgindex.NewFrom(fset, info, pkg, files, nil)
	seen := 0
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			c, ok := ix.Cursor(n)
			if !ok || c.Node() != n {
				t.Errorf("Cursor(%T at %v) = %v, %v", n, fset.Position(n.Pos()), c, ok)
			}
			var want ast.Node
			if len(stack) > 0 {
				want = stack[len(stack)-1]
			}
			if got := ix.Parent(n); got != want {
				t.Errorf("Parent(%T at %v) = %T, want %T", n, fset.Position(n.Pos()), got, want)
			}
			seen++
			stack = append(stack, n)
			return true
		})
	}
	if seen < 80 {
		t.Fatalf("walked %d nodes; the test lost its input", seen)
	}
	if _, ok := ix.Cursor(&ast.Ident{Name: "stray"}); ok {
		t.Error("a node outside the files has a cursor")
	}
}

// TestParentUnparen skips the parentheses around an identifier and returns
// the outermost of them as the child.
func TestParentUnparen(t *testing.T) {
	src := `package p

func f(a int) int { return ((a)) + 1 }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	ix := pkgindex.NewFrom(fset, info, pkg, []*ast.File{f}, nil)
	var use *ast.Ident
	var outer *ast.ParenExpr
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if n.Name == "a" && info.Uses[n] != nil {
				use = n
			}
		case *ast.ParenExpr:
			if outer == nil {
				outer = n
			}
		}
		return true
	})
	p, child := ix.ParentUnparen(use)
	if _, ok := p.(*ast.BinaryExpr); !ok || child != ast.Node(outer) {
		t.Errorf("ParentUnparen(a) = %T, %T; want the BinaryExpr and the outer ParenExpr", p, child)
	}
	if pp, c := ix.ParentUnparen(p); c != p {
		t.Errorf("ParentUnparen(BinaryExpr) = %T, %T; want its parent and the BinaryExpr itself", pp, c)
	} else if _, ok := pp.(*ast.ReturnStmt); !ok {
		t.Errorf("ParentUnparen(BinaryExpr) parent = %T, want *ast.ReturnStmt", pp)
	}
}

// TestLocalValues lists a local's assigned values, and refuses a parameter,
// a package variable and a local assigned from a tuple.
func TestLocalValues(t *testing.T) {
	src := `package p

var pkgVar = "x"

func two() (string, error) { return "", nil }

func f(param string, ok bool) {
	a := "one"
	if ok {
		a = "two"
	}
	b, _ := two()
	_, _, _, _ = a, b, param, pkgVar
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	ix := pkgindex.NewFrom(fset, info, pkg, []*ast.File{f}, nil)
	uses := map[string]*ast.Ident{}
	for id, obj := range info.Uses {
		if _, ok := obj.(*types.Var); ok {
			uses[id.Name] = id
		}
	}
	if vs, ok := ix.LocalValues(uses["a"]); !ok || len(vs) != 2 {
		t.Errorf("LocalValues(a) = %d values, %v; want 2, true", len(vs), ok)
	}
	for _, name := range []string{"b", "param", "pkgVar"} {
		if vs, ok := ix.LocalValues(uses[name]); ok {
			t.Errorf("LocalValues(%s) = %d values, true; want false", name, len(vs))
		}
	}
	isLit := func(v ast.Expr) bool { _, ok := v.(*ast.BasicLit); return ok }
	if !ix.EveryLocalValue(uses["a"], isLit) {
		t.Error(`EveryLocalValue(a, literal) = false; want true ("one", "two")`)
	}
	if ix.EveryLocalValue(uses["a"], func(v ast.Expr) bool { return isLit(v) && v.(*ast.BasicLit).Value == `"one"` }) {
		t.Error(`EveryLocalValue(a, == "one") = true; want false (one path gives "two")`)
	}
	if ix.EveryLocalValue(uses["param"], func(ast.Expr) bool { return true }) {
		t.Error("EveryLocalValue(param, true) = true; want false (no values: not a local with values)")
	}
}
