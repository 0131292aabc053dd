package summaries_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/summaries"
)

func index(t *testing.T, src string) *pkgindex.Index {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Instances: map[*ast.Ident]types.Instance{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return pkgindex.NewFrom(fset, info, pkg, []*ast.File{f}, nil)
}

// effects is a summary: the set of "effect" calls a function makes, itself
// or through the package's helpers.
type effects []string

func equal(a, b effects) bool { return slices.Equal(a, b) }

func step(ix *pkgindex.Index) summaries.Step[effects] {
	return func(fn *types.Func, decl *ast.FuncDecl, get func(*types.Func) effects) effects {
		var out effects
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			if strings.HasPrefix(id.Name, "effect") {
				out = append(out, id.Name)
			} else if c, ok := ix.Info.Uses[id].(*types.Func); ok {
				out = append(out, get(c)...)
			}
			return true
		})
		slices.Sort(out)
		return slices.Compact(out)
	}
}

const src = `package p

func effectA() {}
func effectB() {}

// a and b are mutually recursive: each summary must hold both effects,
// whichever is asked for first.
func a(n int) { if n > 0 { b(n - 1) }; effectA() }
func b(n int) { if n > 0 { a(n - 1) }; effectB() }

func top() { b(3) }
func self(n int) { if n > 0 { self(n-1) }; effectA() }
`

func TestMutualRecursion(t *testing.T) {
	ix := index(t, src)
	r := summaries.Compute(ix, nil, step(ix), equal)
	byName := map[string]effects{}
	for _, fn := range r.Funcs() {
		s, _ := r.Of(fn)
		byName[fn.Name()] = s
	}
	want := effects{"effectA", "effectB"}
	for _, name := range []string{"a", "b", "top"} {
		if !slices.Equal(byName[name], want) {
			t.Errorf("summary of %s = %v, want %v", name, byName[name], want)
		}
	}
	if !slices.Equal(byName["self"], effects{"effectA"}) {
		t.Errorf("summary of self = %v", byName["self"])
	}
	if len(r.Capped) != 0 {
		t.Errorf("capped: %v", r.Capped)
	}
	// Callees come before callers.
	order := map[string]int{}
	for i, fn := range r.Funcs() {
		order[fn.Name()] = i
	}
	if order["top"] < order["a"] || order["top"] < order["b"] {
		t.Errorf("top computed before its callees: %v", r.Funcs())
	}
}

// grows is a step of unbounded height: Compute must stop and say so.
func TestCapped(t *testing.T) {
	ix := index(t, `package p
func f(n int) int { if n > 0 { return f(n-1) }; return 0 }
`)
	r := summaries.Compute(ix, nil, func(fn *types.Func, _ *ast.FuncDecl, get func(*types.Func) int) int { return get(fn) + 1 }, func(a, b int) bool { return a == b })
	if len(r.Capped) != 1 {
		t.Fatalf("capped = %v, want f", r.Capped)
	}
	if s, _ := r.Of(r.Capped[0]); s != summaries.MaxRounds {
		t.Errorf("summary after the cap = %d, want %d", s, summaries.MaxRounds)
	}
}
