package fixes

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/imports"
)

// fakeImporter imports std packages from export data and gives every
// other path an empty package, so that fixtures can import third-party
// paths.
type fakeImporter struct{ std types.Importer }

func (fi fakeImporter) Import(path string) (*types.Package, error) {
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		p := types.NewPackage(path, defaultName(path))
		p.MarkComplete()
		return p, nil
	}
	return fi.std.Import(path)
}

// Goimports reports whether src is as goimports (formatting only) would
// print it, and returns goimports' version.
func Goimports(t *testing.T, src []byte) ([]byte, bool) {
	t.Helper()
	out, err := imports.Process("x.go", src, &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
	if err != nil {
		t.Fatalf("goimports: %v\n%s", err, src)
	}
	return out, bytes.Equal(out, src)
}

// TestAddImportsGrouping adds imports to files of every import layout and
// requires the result to be exactly what goimports would print: a std
// import in the std group, a third-party one in the third-party group, one
// import declaration.
func TestAddImportsGrouping(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		paths     []string
	}{
		{"std into std and third party", "package p\n\nimport (\n\t\"context\"\n\n\t\"github.com/x/y\"\n)\n\nvar _ = context.Background\nvar _ = y.Z\n", []string{"time"}},
		{"std into third party only", "package p\n\nimport (\n\t\"github.com/x/y\"\n)\n\nvar _ = y.Z\n", []string{"time"}},
		{"third party into std only", "package p\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\nvar _ = context.Background\nvar _ = fmt.Sprint\n", []string{"github.com/a/b"}},
		{"third party into both, sorted", "package p\n\nimport (\n\t\"context\"\n\n\t\"github.com/x/y\"\n)\n\nvar _ = context.Background\nvar _ = y.Z\n", []string{"github.com/a/b"}},
		{"std after a third-party first group", "package p\n\nimport (\n\t\"github.com/x/y\"\n\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\nvar _ = y.Z\n", []string{"time"}},
		{"single std", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", []string{"errors"}},
		{"single std, two more", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", []string{"time", "math/rand/v2"}},
		{"single named", "package p\n\nimport f \"fmt\"\n\nvar _ = f.Sprint\n", []string{"time"}},
		{"single third party", "package p\n\nimport \"github.com/x/y\"\n\nvar _ = y.Z\n", []string{"time"}},
		{"single std, third party added", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", []string{"github.com/x/y"}},
		{"two at once into a group", "package p\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/x/y\"\n)\n\nvar _ = fmt.Sprint\nvar _ = y.Z\n", []string{"time", "context"}},
		{"doc comments", "package p\n\nimport (\n\t// fmt prints.\n\t\"fmt\"\n\t\"os\" // files\n)\n\nvar _ = fmt.Sprint\nvar _ = os.Exit\n", []string{"errors", "time"}},
		{"cgo", "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", []string{"time"}},
		{"cgo only", "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nvar _ int\n", []string{"time"}},
		{"none", "package p\n\nvar _ int\n", []string{"time", "errors"}},
		{"empty group", "package p\n\nimport ()\n\nvar _ int\n", []string{"time"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", tc.src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Scopes: map[ast.Node]*types.Scope{}}
			conf := types.Config{Importer: fakeImporter{importer.Default()}, Error: func(error) {}, FakeImportC: true}
			conf.Check("p", fset, []*ast.File{f}, info)
			names, edits := AddImports(info, f, f.End(), tc.paths...)
			if len(names) != len(tc.paths) {
				t.Fatalf("names = %v", names)
			}
			slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos) - int(b.Pos) })
			for i := 1; i < len(edits); i++ {
				if edits[i].Pos < edits[i-1].End || edits[i].Pos == edits[i-1].Pos {
					t.Fatalf("overlapping edits: %v", edits)
				}
			}
			out := apply(t, fset, tc.src, edits)
			for i, p := range tc.paths {
				if !strings.Contains(out, `"`+p+`"`) || names[i] == "" {
					t.Errorf("%s not imported:\n%s", p, out)
				}
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "x.go", out, 0); err != nil {
				t.Fatalf("does not parse: %v\n%s", err, out)
			}
			if want, ok := Goimports(t, []byte(out)); !ok {
				t.Errorf("not where goimports puts it:\n%s\ngoimports:\n%s", out, want)
			}
		})
	}
}
