package outbound

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/types/typeutil"
)

// CtxOp classifies a call that yields a context.Context.
type CtxOp uint8

// The context-producing calls.
const (
	NotCtx      CtxOp = iota
	CtxRoot           // context.Background, context.TODO: no deadline, ever
	CtxDeadline       // context.WithTimeout, WithDeadline and their ...Cause forms
	CtxInherit        // WithCancel, WithCancelCause, WithValue, signal.NotifyContext: the parent's deadline (the parent is argument 0)
	CtxDetach         // context.WithoutCancel: drops the parent's deadline
	CtxRequest        // (*http.Request).Context: the server's request context
)

// ContextOp classifies call as a producer of a context.
func ContextOp(info *types.Info, call *ast.CallExpr) CtxOp {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return NotCtx
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return NotCtx
	}
	switch fn.Pkg().Path() {
	case pathContext:
		if sig.Recv() != nil {
			return NotCtx
		}
		switch fn.Name() {
		case "Background", "TODO":
			return CtxRoot
		case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
			return CtxDeadline
		case "WithCancel", "WithCancelCause", "WithValue":
			return CtxInherit
		case "WithoutCancel":
			return CtxDetach
		}
	case "os/signal":
		if fn.Name() == "NotifyContext" {
			return CtxInherit
		}
	case pathHTTP:
		if sig.Recv() != nil && recvName(sig) == "Request" && fn.Name() == "Context" {
			return CtxRequest
		}
	}
	return NotCtx
}

// ReqOp classifies a call that yields an *http.Request.
type ReqOp uint8

// The request-producing calls.
const (
	NotReq     ReqOp = iota
	ReqNoCtx         // http.NewRequest: the request carries context.Background
	ReqWithCtx       // http.NewRequestWithContext: the context is argument 0
	ReqDerive        // (*http.Request).WithContext, Clone: the context is argument 0
)

// RequestOp classifies call as a producer of an *http.Request.
func RequestOp(info *types.Info, call *ast.CallExpr) ReqOp {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pathHTTP {
		return NotReq
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return NotReq
	}
	switch {
	case sig.Recv() == nil && fn.Name() == "NewRequest":
		return ReqNoCtx
	case sig.Recv() == nil && fn.Name() == "NewRequestWithContext":
		return ReqWithCtx
	case recvName(sig) == "Request" && (fn.Name() == "WithContext" || fn.Name() == "Clone"):
		return ReqDerive
	}
	return NotReq
}

// IsServe reports whether call starts serving: an HTTP or gRPC server's
// Serve/ListenAndServe, a listener's Accept, or signal.Notify (a process
// that waits for signals is a daemon). A main package that makes such a call
// is a long-running process.
func IsServe(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return false
	}
	recv := recvName(sig)
	switch fn.Pkg().Path() {
	case pathHTTP:
		switch fn.Name() {
		case "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS":
			return recv == "" || recv == "Server"
		}
	case pathGRPC:
		return recv == "Server" && fn.Name() == "Serve"
	case pathNet:
		return fn.Name() == "Accept" || fn.Name() == "AcceptTCP" || fn.Name() == "AcceptUnix"
	case "os/signal":
		return fn.Name() == "Notify" || fn.Name() == "NotifyContext"
	}
	return false
}

// keeperFuncs are the constructors, by typesx.QualifiedName, that keep
// their context for the life of what they build.
var keeperFuncs = map[string]bool{
	"golang.org/x/oauth2.NewClient":                              true,
	"(golang.org/x/oauth2.Config).Client":                        true,
	"(golang.org/x/oauth2.Config).TokenSource":                   true,
	"(golang.org/x/oauth2/clientcredentials.Config).Client":      true,
	"(golang.org/x/oauth2/clientcredentials.Config).TokenSource": true,
	"(golang.org/x/oauth2/jwt.Config).Client":                    true,
	"(golang.org/x/oauth2/jwt.Config).TokenSource":               true,
	"golang.org/x/oauth2/google.DefaultClient":                   true,
	"golang.org/x/oauth2/google.DefaultTokenSource":              true,
	"golang.org/x/oauth2/google.FindDefaultCredentials":          true,
	"golang.org/x/oauth2/google.CredentialsFromJSON":             true,
	"golang.org/x/oauth2/google.CredentialsFromJSONWithParams":   true,
	"google.golang.org/api/impersonate.CredentialsTokenSource":   true,
	"google.golang.org/api/idtoken.NewTokenSource":               true,
	"google.golang.org/api/idtoken.NewClient":                    true,
}

// KeepsContext reports whether fn is a constructor that keeps the context
// it is given as the lifetime of what it builds: oauth2.NewClient(ctx, ts)
// refreshes tokens with ctx for as long as the client lives, and so do
// token sources, Google credentials, a generated Google API's NewService
// and a Cloud client's New...Client. Cancelling that context (a deadline
// on it) breaks the client later.
func KeepsContext(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if keeperFuncs[typesx.QualifiedName(fn)] {
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	path, name := typesx.ImportPath(fn.Pkg()), fn.Name()
	switch {
	case strings.HasPrefix(path, "google.golang.org/api/") && name == "NewService":
		return true
	case strings.HasPrefix(path, "cloud.google.com/go/") && strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Client"):
		return true
	}
	return false
}
