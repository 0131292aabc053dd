package typesx_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/faultline-dev/faultline/internal/typesx"
)

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"IdempotencyKey": "idempotency_key", "ID": "id", "UserID": "user_id", "HTTPStatus": "http_status",
		"EventID": "event_id", "A1B": "a1_b", "already_snake": "already_snake", "": "",
	} {
		if got := typesx.Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOperators(t *testing.T) {
	for _, op := range []token.Token{token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ} {
		if typesx.Mirror(typesx.Mirror(op)) != op || typesx.Negate(typesx.Negate(op)) != op {
			t.Errorf("%s: Mirror or Negate is not an involution", op)
		}
	}
	if typesx.Mirror(token.LSS) != token.GTR || typesx.Negate(token.LSS) != token.GEQ || typesx.Negate(token.EQL) != token.NEQ {
		t.Error("Mirror(<) or Negate(<) or Negate(==) wrong")
	}
}

func TestPathsAndIndent(t *testing.T) {
	if got := typesx.TrimVendor("example.com/app/vendor/github.com/x/y"); got != "github.com/x/y" {
		t.Errorf("TrimVendor = %q", got)
	}
	if got := typesx.TrimVendor("vendor/golang.org/x/net"); got != "golang.org/x/net" {
		t.Errorf("TrimVendor = %q", got)
	}
	src := []byte("func f() {\n\t\tx := 1\n}\n")
	if got := typesx.IndentOf(src, 14); got != "\t\t" {
		t.Errorf("IndentOf = %q", got)
	}
}

func TestCalls(t *testing.T) {
	const src = `package p
import ("errors"; "net/http"; "strings")
type T struct{}
func (*T) M() {}
func f(c *http.Client, t *T) {
	http.Get("u")
	c.Get("u")
	t.M()
	_ = errors.New("x")
	_ = strings.ToUpper("x")
	panic(nil)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Instances: map[*ast.Ident]types.Instance{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var names []string
	var panics int
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := typesx.Callee(info, call); fn != nil {
				names = append(names, typesx.QualifiedName(fn))
			}
			if typesx.IsBuiltin(info, call, "panic") {
				panics++
				if !typesx.IsNil(info, call.Args[0]) {
					t.Error("IsNil(nil) = false")
				}
			}
		}
		return true
	})
	want := []string{"net/http.Get", "(net/http.Client).Get", "(p.T).M", "errors.New", "strings.ToUpper"}
	if len(names) != len(want) || panics != 1 {
		t.Fatalf("callees %q, panics %d; want %q and 1", names, panics, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("callee %d = %q, want %q", i, names[i], want[i])
		}
	}
}
