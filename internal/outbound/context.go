package outbound

import (
	"go/ast"
	"go/types"

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
