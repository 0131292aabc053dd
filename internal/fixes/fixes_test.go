package fixes

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func check(t *testing.T, src string) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), GoVersion: "go1.22"}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f, pkg, info
}

func apply(t *testing.T, fset *token.FileSet, src string, edits []analysis.TextEdit) string {
	t.Helper()
	out := src
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		out = out[:start] + string(e.NewText) + out[end:]
	}
	return out
}

// pos returns the position of the first occurrence of marker in src.
func pos(t *testing.T, fset *token.FileSet, f *ast.File, src, marker string) token.Pos {
	i := strings.Index(src, marker)
	if i < 0 {
		t.Fatalf("no %q", marker)
	}
	return fset.File(f.Pos()).Pos(i)
}

func TestAddImport(t *testing.T) {
	for _, tc := range []struct {
		name, src, path, wantName, wantContains string
		wantEdits                               bool
	}{
		{"existing", "package p\n\nimport \"errors\"\n\nvar _ = errors.New\n\nfunc f() { /*here*/ }\n", "errors", "errors", "", false},
		{"grouped", "package p\n\nimport (\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\n\nfunc f() { /*here*/ }\n", "errors", "errors", "import (\n\t\"errors\"\n\t\"fmt\"", true},
		{"grouped last", "package p\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\nvar _ = errors.New\n\nfunc f() { /*here*/ }\n", "time", "time", "\t\"fmt\"\n\t\"time\"\n)", true},
		{"grouped middle", "package p\n\nimport (\n\t\"errors\"\n\t\"time\"\n)\n\nvar _ = time.Now\nvar _ = errors.New\n\nfunc f() { /*here*/ }\n", "fmt", "fmt", "\t\"errors\"\n\t\"fmt\"\n\t\"time\"", true},
		{"single", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n\nfunc f() { /*here*/ }\n", "errors", "errors", "import (\n\t\"errors\"\n\t\"fmt\"\n)", true},
		{"none", "package p\n\nfunc f() { /*here*/ }\n", "time", "time", "package p\n\nimport \"time\"", true},
		{"v2 beside v1", "package p\n\nimport \"math/rand\"\n\nvar _ = rand.Int\n\nfunc f() { /*here*/ }\n", "math/rand/v2", "randv2", "randv2 \"math/rand/v2\"", true},
		{"v2", "package p\n\nfunc f() { /*here*/ }\n", "math/rand/v2", "rand", "import \"math/rand/v2\"", true},
		{"shadowed by local", "package p\n\nfunc f() { errors := 1; _ = errors; /*here*/ }\n", "errors", "errors2", "errors2 \"errors\"", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset, f, _, info := check(t, tc.src)
			name, edits := AddImport(info, f, pos(t, fset, f, tc.src, "/*here*/"), tc.path)
			if name != tc.wantName {
				t.Errorf("name = %q, want %q", name, tc.wantName)
			}
			if (len(edits) > 0) != tc.wantEdits {
				t.Fatalf("edits = %v, want edits: %v", edits, tc.wantEdits)
			}
			if out := apply(t, fset, tc.src, edits); !strings.Contains(out, tc.wantContains) {
				t.Errorf("after edits:\n%s\nwant it to contain %q", out, tc.wantContains)
			}
		})
	}
}

func TestFreshName(t *testing.T) {
	src := "package p\n\nvar ctx = 1\n\nfunc f(cancel int) { x := 1; _ = x; /*here*/ }\n\nfunc g() { err := 1; _ = err }\n"
	fset, f, _, info := check(t, src)
	at := pos(t, fset, f, src, "/*here*/")
	for base, want := range map[string]string{"ctx": "ctx2", "cancel": "cancel2", "x": "x2", "err": "err", "n": "n"} {
		if got := FreshName(info, f, at, base); got != want {
			t.Errorf("FreshName(%q) = %q, want %q", base, got, want)
		}
	}
}

func TestZeroValue(t *testing.T) {
	src := `package p

import "time"

type S struct{ a int }
type Str string
type I interface{ M() }

func f() (int, string, bool, *S, S, []int, map[int]int, error, I, Str, time.Duration, time.Time, [2]int, func(), any) {
	panic(0)
}

func g[T any]() (T, error) { panic(0) }
`
	_, f, pkg, _ := check(t, src)
	sig := pkg.Scope().Lookup("f").Type().(*types.Signature)
	got, ok := ZeroResults(f, pkg, sig, "")
	if !ok {
		t.Fatal("ZeroResults not ok")
	}
	want := []string{"0", `""`, "false", "nil", "S{}", "nil", "nil", "nil", "nil", `Str("")`, "0", "time.Time{}", "[2]int{}", "nil", "nil"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ZeroResults = %v\nwant %v", got, want)
	}
	g := pkg.Scope().Lookup("g").Type().(*types.Signature)
	if got, ok := ZeroResults(f, pkg, g, "err"); !ok || strings.Join(got, ",") != "*new(T),err" {
		t.Errorf("generic ZeroResults = %v, %v", got, ok)
	}
}

func TestZeroValueNeedsImport(t *testing.T) {
	src := "package p\n\nimport \"time\"\n\nfunc f() time.Time { panic(0) }\n"
	_, f, pkg, _ := check(t, src)
	res := pkg.Scope().Lookup("f").Type().(*types.Signature).Results().At(0).Type()
	other := &ast.File{Name: ast.NewIdent("p")} // a file of the package that does not import time
	if _, ok := ZeroValue(other, pkg, res); ok {
		t.Error("ZeroValue wrote time.Time{} in a file that does not import time")
	}
	if z, ok := ZeroValue(f, pkg, res); !ok || z != "time.Time{}" {
		t.Errorf("ZeroValue = %q, %v", z, ok)
	}
}
