package outbound_test

import (
	"fmt"
	"go/ast"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/testutil"
	"golang.org/x/tools/go/analysis"
)

// describe reports, at every call, what the package's tables say of it,
// so the fixtures can pin the tables down with // want comments.
var describe = &analysis.Analyzer{
	Name: "describe",
	Doc:  "report outbound.Classify, ContextOp, RequestOp and IsServe at every call",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var parts []string
				if c, ok := outbound.Classify(pass.TypesInfo, call); ok {
					parts = append(parts, fmt.Sprintf("%s %s ctx=%d", c.Kind, c.Name, c.CtxArg))
					for _, f := range []struct {
						on   bool
						name string
					}{
						{c.ContextForm != "", "form=" + c.ContextForm},
						{c.DefaultClient, "default-client"},
						{c.ClientSend, "client-send"},
						{c.DialerCall, "dialer"},
						{c.Bounded, "bounded"},
						{c.Stream, "stream"},
						{c.Cleanup, "cleanup"},
						{c.LibraryTimeouts, "library-timeouts"},
						{c.Constructor, "constructor"},
						{c.Local, "local"},
						{c.BlockingDial, "blocking-dial"},
					} {
						if f.on {
							parts = append(parts, f.name)
						}
					}
				}
				switch outbound.ContextOp(pass.TypesInfo, call) {
				case outbound.CtxRoot:
					parts = append(parts, "ctx-root")
				case outbound.CtxDeadline:
					parts = append(parts, "ctx-deadline")
				case outbound.CtxInherit:
					parts = append(parts, "ctx-inherit")
				case outbound.CtxDetach:
					parts = append(parts, "ctx-detach")
				case outbound.CtxRequest:
					parts = append(parts, "ctx-request")
				}
				switch outbound.RequestOp(pass.TypesInfo, call) {
				case outbound.ReqNoCtx:
					parts = append(parts, "req-noctx")
				case outbound.ReqWithCtx:
					parts = append(parts, "req-withctx")
				case outbound.ReqDerive:
					parts = append(parts, "req-derive")
				}
				if outbound.IsServe(pass.TypesInfo, call) {
					parts = append(parts, "serve")
				}
				if len(parts) > 0 {
					pass.Reportf(call.Pos(), "%s", strings.Join(parts, " "))
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestTables(t *testing.T) {
	testutil.Run(t, describe, "calls")
}

func TestRelevant(t *testing.T) {
	for path, want := range map[string]bool{
		"net/http":                                true,
		"database/sql":                            true,
		"github.com/jackc/pgx/v5/pgxpool":         true,
		"github.com/redis/go-redis/v9":            true,
		"google.golang.org/grpc":                  true,
		"cloud.google.com/go/storage":             true,
		"github.com/aws/aws-sdk-go-v2/service/s3": true,
		"net/url":                        false,
		"encoding/json":                  false,
		"github.com/jackc/pgx/v5/pgtype": false,
	} {
		if got := outbound.Relevant(path); got != want {
			t.Errorf("Relevant(%q) = %v, want %v", path, got, want)
		}
	}
}
