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

const roleSrc = `package app

import (
	"context"
	"log/slog"
	"net/http"
)

type Billing interface {
	CreateCustomer(ctx context.Context, email string) (string, error)
	CustomerByEmail(ctx context.Context, email string) (string, error)
	GetInvoice(ctx context.Context, id string) error
}
type CI interface{ TriggerBuild(ctx context.Context, repo string) error }
type Wallet interface {
	Credit(ctx context.Context, id string, cents int64) error
	UpdateLimit(ctx context.Context, id string) error
}
type Push interface {
	Send(ctx context.Context, token string) error
	SMSAlreadySent(ctx context.Context, token string) (bool, error)
	PullManifest(ctx context.Context, ref string) ([]byte, error)
	WasNotified(ctx context.Context, token string) (bool, error)
}
type Logger interface {
	Info(msg string, args ...any)
	Error(msg string, args ...any)
	Audit(msg string)
}
type Metrics interface {
	Inc(name string)
	Add(name string, v float64)
	Flagged(name string)
}
type DBTX interface {
	ExecContext(ctx context.Context, q string, args ...any) (any, error)
	QueryContext(ctx context.Context, q string, args ...any) (any, error)
	Charge(ctx context.Context) error
}
type Cache interface{ Get(k string) (string, bool) }

// helper is a concrete type of this package: its body says what it does.
type helper struct{}

func (helper) Refund(ctx context.Context) error { return nil }

type Service struct {
	billing Billing
	ci      CI
	wallet  Wallet
	push    Push
	log     Logger
	metrics Metrics
	db      DBTX
	cache   Cache
	h       helper
	slog    *slog.Logger
	deps    struct{ ci CI }
}

func (s *Service) Do(ctx context.Context, w http.ResponseWriter, p Push, r *http.Request) {
	s.billing.CreateCustomer(ctx, "e") // effect
	s.ci.TriggerBuild(ctx, "r")        // effect
	s.wallet.Credit(ctx, "a", 1)       // effect
	s.push.Send(ctx, "t")              // effect
	p.Send(ctx, "t")                   // effect
	s.deps.ci.TriggerBuild(ctx, "r")   // effect
	s.billing.CustomerByEmail(ctx, "e") // none
	s.billing.GetInvoice(ctx, "i")      // none
	s.push.SMSAlreadySent(ctx, "t")     // none
	s.push.PullManifest(ctx, "r")       // none
	s.push.WasNotified(ctx, "t")        // none
	s.wallet.UpdateLimit(ctx, "a")      // none
	s.log.Info("x")                     // none
	s.log.Audit("x")                    // none
	s.metrics.Flagged("x")              // none
	s.db.Charge(ctx)                    // none
	s.cache.Get("k")                    // none
	s.h.Refund(ctx)                     // none
	s.slog.Info("x")                    // none
	w.WriteHeader(200)                  // none
	r.Context()                         // none
	s.Helper()                          // none
}

func (s *Service) Helper() {}

func Free(ctx context.Context, b Billing) {
	b.CreateCustomer(ctx, "e") // effect
	var local Billing
	local.CreateCustomer(ctx, "e") // none
}
`

func TestByRole(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "app.go", roleSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("example.com/app", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(roleSrc, "\n")
	n := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		sig := info.Defs[fd.Name].(*types.Func).Type().(*types.Signature)
		for _, st := range fd.Body.List {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call := es.X.(*ast.CallExpr)
			line := lines[fset.Position(call.Pos()).Line-1]
			want := strings.HasSuffix(line, "// effect")
			if !want && !strings.HasSuffix(line, "// none") {
				continue
			}
			n++
			_, got := sideeffect.ByRole(info, pkg, sig, call)
			if got != want {
				t.Errorf("%s: ByRole = %v, want %v", strings.TrimSpace(line), got, want)
			}
		}
	}
	if n < 20 {
		t.Fatalf("checked %d calls", n)
	}
}
