package sideeffect_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/sideeffect"
)

const src = `package p

import (
	"context"
	"net/http"
	"net/smtp"
	"strings"
)

type Bus interface {
	Publish(ctx context.Context, topic string) error
	PublishedCount() int
	Sender() string
}

type stream interface {
	Send(m string) error
	SendMsg(m any) error
}

func f(ctx context.Context, b Bus, s stream, c *http.Client) {
	http.Post("u", "t", strings.NewReader("")) // effect
	http.Get("u")                              // none
	c.PostForm("u", nil)                       // effect
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, "u", nil)
	c.Do(req) // effect
	get, _ := http.NewRequest("GET", "u", nil)
	c.Do(get)                            // none
	smtp.SendMail("h:25", nil, "f", nil, nil) // effect
	b.Publish(ctx, "t")                  // effect
	b.PublishedCount()                   // none
	b.Sender()                           // none
	s.Send("m")                          // none
	strings.ToUpper("x")                 // none
}
`

func TestOf(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	want := map[int]bool{} // line -> effect
	for i, l := range strings.Split(src, "\n") {
		switch {
		case strings.HasSuffix(l, "// effect"):
			want[i+1] = true
		case strings.HasSuffix(l, "// none"):
			want[i+1] = false
		}
	}
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			body = fd.Body
		}
	}
	seen := 0
	ast.Inspect(body, func(n ast.Node) bool {
		es, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok {
			return true
		}
		ln := fset.Position(call.Pos()).Line
		w, ok := want[ln]
		if !ok {
			return true
		}
		seen++
		if _, got := sideeffect.Of(info, body, call); got != w {
			t.Errorf("line %d: Of = %v, want %v", ln, got, w)
		}
		return true
	})
	if seen != len(want) {
		t.Errorf("checked %d calls, want %d", seen, len(want))
	}
}
