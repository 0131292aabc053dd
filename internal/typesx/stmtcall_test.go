package typesx

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

func TestStmtCall(t *testing.T) {
	src := `package p
func f() {
	g(1)
	x := g(2)
	if y := g(3); y != nil {}
	return g(4)
	a, b := 1, g(5)
	for {}
}`
	file, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := file.Decls[0].(*ast.FuncDecl).Body.List
	want := []string{"1", "2", "3", "4", "", ""}
	for i, st := range body {
		got := ""
		if call := StmtCall(st); call != nil {
			got = call.Args[0].(*ast.BasicLit).Value
		}
		if got != want[i] {
			t.Errorf("statement %d: StmtCall's argument %q, want %q", i, got, want[i])
		}
	}
}
