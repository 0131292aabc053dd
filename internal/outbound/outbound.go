// Package outbound recognises calls that leave the process: HTTP requests,
// network dials, database queries, Redis commands, gRPC calls and cloud SDK
// calls. It answers, for one call expression, what kind of outbound call it
// is, which argument (if any) carries its context.Context, and what bounds
// it besides that context (an http.Client's Timeout, a net.Dialer's
// Timeout, a client library's default I/O timeouts).
//
// It also classifies the context package's constructors (roots, deadline
// derivations, inheriting and detaching derivations) and the net/http
// request builders that carry a context into a request, so that checks can
// follow a context from where it is made to where it is spent.
//
// The tables cover: net/http package functions and (*http.Client) methods;
// net.Dial, net.DialTCP, net.DialTimeout and (*net.Dialer) methods;
// crypto/tls Dial, DialWithDialer and (*tls.Dialer) methods; database/sql
// and sqlx (with the Context form of every call that lacks a context); pgx
// v5 (pgx, pgxpool, pgconn); go-redis v8/v9; gRPC (ClientConn.Invoke and
// NewStream, and generated client methods, recognised by their signature
// (ctx context.Context, [in *Req,] opts ...grpc.CallOption)); and the
// context-taking calls of the Google Cloud, AWS SDK v2 and Azure SDK
// packages.
package outbound

import (
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/types/typeutil"
)

// Kind is the family of an outbound call.
type Kind uint8

// The kinds of outbound call.
const (
	HTTP  Kind = iota + 1 // net/http
	Dial                  // net and crypto/tls dials
	SQL                   // database/sql, sqlx
	Pgx                   // github.com/jackc/pgx/v5 and its pgxpool, pgconn
	Redis                 // go-redis v8/v9
	GRPC                  // google.golang.org/grpc and generated clients
	Cloud                 // Google Cloud, AWS SDK v2, Azure SDK
)

func (k Kind) String() string {
	switch k {
	case HTTP:
		return "HTTP"
	case Dial:
		return "dial"
	case SQL:
		return "database/sql"
	case Pgx:
		return "pgx"
	case Redis:
		return "Redis"
	case GRPC:
		return "gRPC"
	case Cloud:
		return "cloud SDK"
	}
	return "outbound"
}

// Call describes one recognised outbound call.
type Call struct {
	Kind Kind
	Func *types.Func // the callee
	// Name is a short, human name for the callee: "http.Get",
	// "(*sql.DB).Query", "(*pgxpool.Pool).Exec", "OrdersClient.GetOrder".
	Name string
	// Recv is the receiver expression of a method call (the X of X.M(...)),
	// nil for a function call.
	Recv ast.Expr
	// CtxArg is the index in the call's arguments of the context.Context
	// that bounds the call, or -1 if it takes none.
	CtxArg int
	// ContextForm names the method of the same receiver that does the same
	// thing with a context (Query -> QueryContext), for calls that take
	// none; "" if there is none.
	ContextForm string
	// DefaultClient: a net/http package function that sends through
	// http.DefaultClient (http.Get, Head, Post, PostForm).
	DefaultClient bool
	// ClientSend: an (*http.Client) method that sends a request (Do, Get,
	// Head, Post, PostForm). It is bounded by the client's Timeout and, for
	// Do, by the context of the request it is given (argument 0).
	ClientSend bool
	// Doer: a ClientSend that is a Do through an interface with
	// (*http.Client).Do's signature (a client kept behind an interface
	// field); the client is whatever the interface holds.
	Doer bool
	// Handle: a method of a database handle behind an interface of the
	// module (sqlc's DBTX): declared beside its callers, but not their
	// API's own plumbing.
	Handle bool
	// DialerCall: a (*net.Dialer) or (*tls.Dialer) Dial or DialContext, or
	// tls.DialWithDialer (the dialer is argument 0). It is bounded by the
	// dialer's Timeout or Deadline, or by its context.
	DialerCall bool
	// BlockingDial: grpc.Dial or DialContext with grpc.WithBlock: it waits
	// until the connection is up (CtxArg is 0 for DialContext, -1 for
	// Dial; Bounded with grpc.WithTimeout).
	BlockingDial bool
	// Bounded: the call carries its own timeout (net.DialTimeout, an AWS
	// waiter's maxWaitDur).
	Bounded bool
	// Stream: the call opens a long-lived stream or subscription (gRPC
	// streams, Redis Subscribe). A deadline would end it.
	Stream bool
	// Cleanup: the call releases something on the way out (Rollback,
	// Close, Release); it is usually given a fresh context on purpose.
	Cleanup bool
	// LibraryTimeouts: the client library bounds each call by default I/O
	// timeouts of its own (go-redis: 5 s dial, 3 s read and write).
	LibraryTimeouts bool
	// Local: the call does its work in the process and sends nothing on
	// the network (an AWS presigner, AWS config loading).
	Local bool
	// Constructor: a package-level New.../Connect... function (pgx.Connect,
	// pgxpool.New, storage.NewClient). Its context often lives as long as
	// the client (token refresh, background dials), so a deadline there
	// can be wrong; it runs at startup.
	Constructor bool
}

// Package paths.
const (
	pathHTTP    = "net/http"
	pathNet     = "net"
	pathTLS     = "crypto/tls"
	pathSQL     = "database/sql"
	pathSqlx    = "github.com/jmoiron/sqlx"
	pathContext = "context"
	pathGRPC    = "google.golang.org/grpc"

	pathGCEMetadata = "cloud.google.com/go/compute/metadata"
)

var pgxPaths = []string{"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/pgxpool", "github.com/jackc/pgx/v5/pgconn", "github.com/jackc/pgx/v4", "github.com/jackc/pgx/v4/pgxpool"}
var redisPaths = []string{"github.com/redis/go-redis/v9", "github.com/go-redis/redis/v8", "github.com/go-redis/redis/v9"}
var cloudPrefixes = []string{"cloud.google.com/go/", "github.com/aws/aws-sdk-go-v2/", "github.com/Azure/azure-sdk-for-go/sdk/"}

// Relevant reports whether a package with the given import path is one
// whose calls this package recognises: importing none of them (directly)
// means a package makes no outbound call of its own.
func Relevant(path string) bool {
	switch path {
	case pathHTTP, pathNet, pathTLS, pathSQL, pathSqlx, pathGRPC:
		return true
	}
	for _, p := range pgxPaths {
		if path == p {
			return true
		}
	}
	for _, p := range redisPaths {
		if path == p {
			return true
		}
	}
	for _, p := range cloudPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// ImportsRelevant reports whether pkg imports a Relevant package directly.
func ImportsRelevant(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if Relevant(imp.Path()) {
			return true
		}
	}
	return false
}

// sqlContextForms maps database/sql methods with no context to the method
// that takes one.
var sqlContextForms = map[string]string{
	"Query":    "QueryContext",
	"QueryRow": "QueryRowContext",
	"Exec":     "ExecContext",
	"Begin":    "BeginTx",
	"Ping":     "PingContext",
	"Prepare":  "PrepareContext",
}

var sqlxContextForms = map[string]string{
	"Get":        "GetContext",
	"Select":     "SelectContext",
	"Queryx":     "QueryxContext",
	"QueryRowx":  "QueryRowxContext",
	"MustExec":   "MustExecContext",
	"NamedExec":  "NamedExecContext",
	"NamedQuery": "NamedQueryContext",
	"Beginx":     "BeginTxx",
	"MustBegin":  "MustBeginTx",
	"Preparex":   "PreparexContext",
}

// ContextFormTrailer returns the extra argument the context form of a call
// takes after the original ones: "nil" (no *sql.TxOptions) for BeginTx,
// BeginTxx and MustBeginTx, "" for the others.
func ContextFormTrailer(form string) string {
	switch form {
	case "BeginTx", "BeginTxx", "MustBeginTx":
		return "nil"
	}
	return ""
}

var cleanupMethods = map[string]bool{"Rollback": true, "Close": true, "Release": true, "Deallocate": true, "DeallocateAll": true}

// Classify reports whether call is an outbound call, and describes it.
func Classify(info *types.Info, call *ast.CallExpr) (Call, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return Call{}, false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return Call{}, false
	}
	c := Call{Func: fn, CtxArg: -1}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sig.Recv() != nil {
		c.Recv = sel.X
	}
	path := fn.Pkg().Path()
	name := fn.Name()
	recv := recvName(sig)
	c.Name = displayName(fn, recv)
	if name == "Do" && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && isDoSignature(sig) {
		c.Kind, c.ClientSend, c.Doer = HTTP, true, true
		return c, true
	}
	firstCtx := sig.Params().Len() > 0 && IsContext(sig.Params().At(0).Type())
	switch path {
	case pathHTTP:
		c.Kind = HTTP
		switch {
		case recv == "" && (name == "Get" || name == "Head" || name == "Post" || name == "PostForm"):
			c.DefaultClient = true
			return c, true
		case recv == "Client" && (name == "Do" || name == "Get" || name == "Head" || name == "Post" || name == "PostForm"):
			c.ClientSend = true
			return c, true
		}
		return Call{}, false
	case pathNet:
		c.Kind = Dial
		switch {
		case recv == "" && (name == "Dial" || name == "DialTCP"):
			return c, true
		case recv == "" && name == "DialTimeout":
			c.Bounded = true
			return c, true
		case recv == "Dialer" && name == "Dial":
			c.DialerCall = true
			return c, true
		case recv == "Dialer" && name == "DialContext":
			c.DialerCall = true
			c.CtxArg = 0
			return c, true
		}
		return Call{}, false
	case "net/smtp":
		// SendMail and Dial dial the relay with net.Dial: no timeout, and
		// no context to give one.
		if recv == "" && (name == "SendMail" || name == "Dial") {
			c.Kind = Dial
			return c, true
		}
		return Call{}, false
	case pathTLS:
		c.Kind = Dial
		switch {
		case recv == "" && name == "Dial":
			return c, true
		case recv == "" && name == "DialWithDialer":
			c.DialerCall = true
			return c, true
		case recv == "Dialer" && name == "Dial":
			c.DialerCall = true
			return c, true
		case recv == "Dialer" && name == "DialContext":
			c.DialerCall = true
			c.CtxArg = 0
			return c, true
		}
		return Call{}, false
	case pathSQL:
		c.Kind = SQL
		switch recv {
		case "DB", "Tx", "Stmt", "Conn":
		default:
			return Call{}, false
		}
		if firstCtx {
			if cleanupMethods[name] {
				c.Cleanup = true
			}
			c.CtxArg = 0
			return c, true
		}
		if form, ok := sqlContextForms[name]; ok {
			if recv == "Tx" && name == "Begin" || recv == "Stmt" && (name == "Begin" || name == "Prepare" || name == "Ping") {
				return Call{}, false
			}
			c.ContextForm = form
			return c, true
		}
		return Call{}, false
	case pathSqlx:
		c.Kind = SQL
		if sig.Recv() == nil {
			return Call{}, false
		}
		if firstCtx {
			c.CtxArg = 0
			return c, true
		}
		if form, ok := sqlxContextForms[name]; ok {
			c.ContextForm = form
			return c, true
		}
		return Call{}, false
	case pathGRPC:
		c.Kind = GRPC
		switch {
		case (recv == "ClientConn" || recv == "ClientConnInterface") && name == "Invoke", recv == "" && name == "Invoke":
			c.CtxArg = 0
			return c, true
		case recv == "" && (name == "Dial" || name == "DialContext"):
			// A dial returns at once unless grpc.WithBlock (or
			// WithReturnConnectionError) makes it wait for the
			// connection; grpc.WithTimeout bounds that wait.
			first := 1
			if name == "DialContext" {
				c.CtxArg = 0
				first = 2
			}
			block, timeout := grpcDialOptions(info, call, first)
			if !block {
				return Call{}, false
			}
			c.BlockingDial = true
			c.Bounded = timeout
			return c, true
		case (recv == "ClientConn" || recv == "ClientConnInterface") && name == "NewStream", recv == "" && name == "NewClientStream":
			c.CtxArg = 0
			c.Stream = true
			return c, true
		}
		return Call{}, false
	}
	for _, p := range pgxPaths {
		if path == p {
			if !firstCtx {
				return Call{}, false
			}
			c.Kind = Pgx
			c.CtxArg = 0
			c.Cleanup = cleanupMethods[name]
			c.Constructor = isConstructor(sig, name)
			return c, true
		}
	}
	if firstCtx && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && dbtxMethods[name] {
		// A database handle behind the module's own interface (sqlc's
		// DBTX, a repository's Querier) passed around as a value: its
		// methods return pgx's or database/sql's results.
		if k := dbHandleKind(sig.Recv().Type()); k != 0 {
			c.Kind, c.Handle = k, true
			c.CtxArg = 0
			c.Cleanup = cleanupMethods[name]
			return c, true
		}
	}
	for _, p := range redisPaths {
		if path == p {
			if !firstCtx || sig.Recv() == nil {
				return Call{}, false
			}
			c.Kind = Redis
			c.CtxArg = 0
			c.LibraryTimeouts = true
			c.Cleanup = cleanupMethods[name]
			switch name {
			case "Subscribe", "PSubscribe", "SSubscribe":
				c.Stream = true
			}
			return c, true
		}
	}
	if isGeneratedGRPC(sig) {
		c.Kind = GRPC
		c.CtxArg = 0
		c.Stream = !returnsMessage(sig)
		return c, true
	}
	for _, p := range cloudPrefixes {
		if strings.HasPrefix(path, p) && firstCtx && fn.Exported() {
			c.Kind = Cloud
			c.CtxArg = 0
			c.Cleanup = cleanupMethods[name]
			c.Constructor = isConstructor(sig, name)
			c.Local = awsLocal(path, recv, name)
			c.Bounded = awsWaiter(path, recv, name, sig)
			// The GCE metadata package's own functions run on its default
			// client, which has a 5 s Timeout, a 2 s dial and at most 5
			// retries (metadata v0.9.0, metadata.go newDefaultHTTPClient);
			// Subscribe streams on a client without one.
			if path == pathGCEMetadata && recv == "" && !strings.HasPrefix(name, "Subscribe") {
				c.LibraryTimeouts = true
			}
			return c, true
		}
	}
	return Call{}, false
}

func isConstructor(sig *types.Signature, name string) bool {
	return sig.Recv() == nil && (strings.HasPrefix(name, "New") || strings.HasPrefix(name, "Connect"))
}

// isGeneratedGRPC reports whether sig has the shape protoc-gen-go-grpc gives
// client methods: a receiver, ctx first, ...grpc.CallOption last.
func isGeneratedGRPC(sig *types.Signature) bool {
	if sig.Recv() == nil || !sig.Variadic() {
		return false
	}
	ps := sig.Params()
	if ps.Len() < 2 || ps.Len() > 3 || !IsContext(ps.At(0).Type()) {
		return false
	}
	last, ok := ps.At(ps.Len() - 1).Type().(*types.Slice)
	if !ok || !isNamed(last.Elem(), pathGRPC, "CallOption") {
		return false
	}
	return sig.Results().Len() == 2 && isError(sig.Results().At(1).Type())
}

// returnsMessage reports whether a generated client method returns a
// message (a unary call) rather than a stream.
func returnsMessage(sig *types.Signature) bool {
	p, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Struct)
	return ok
}

// recvName returns the name of the named type of sig's receiver (through
// a pointer), or "".
func recvName(sig *types.Signature) string {
	if sig.Recv() == nil {
		return ""
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func displayName(fn *types.Func, recv string) string {
	sig := fn.Type().(*types.Signature)
	pkg := fn.Pkg().Name()
	if sig.Recv() == nil {
		return pkg + "." + fn.Name()
	}
	if recv == "" {
		return fn.Name()
	}
	if _, ptr := types.Unalias(sig.Recv().Type()).(*types.Pointer); ptr {
		return "(*" + pkg + "." + recv + ")." + fn.Name()
	}
	if types.IsInterface(sig.Recv().Type()) {
		return pkg + "." + recv + "." + fn.Name()
	}
	return "(" + pkg + "." + recv + ")." + fn.Name()
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool { return isNamed(t, pathContext, "Context") }

// IsHTTPClient reports whether t is http.Client or *http.Client.
func IsHTTPClient(t types.Type) bool { return isNamed(deref(t), pathHTTP, "Client") }

// IsDoer reports whether t is an interface with a Do method of
// (*http.Client).Do's signature, func(*http.Request) (*http.Response,
// error): the usual seam for an HTTP client kept in a field.
func IsDoer(t types.Type) bool {
	if t == nil || !types.IsInterface(t) {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "Do")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && isDoSignature(sig)
}

func isDoSignature(sig *types.Signature) bool {
	if sig.Params().Len() != 1 || sig.Results().Len() != 2 || !IsHTTPRequest(sig.Params().At(0).Type()) {
		return false
	}
	p, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Pointer)
	return ok && isNamed(p.Elem(), pathHTTP, "Response") && isError(sig.Results().At(1).Type())
}

// FrameworkRequestContext returns how the request's context is read from a
// value of type t, a web framework's handler context: echo's
// ".Request().Context()", gin's ".Request.Context()"; "" for any other type.
func FrameworkRequestContext(t types.Type) string {
	switch {
	case isNamed(t, "github.com/labstack/echo/v4", "Context"), isNamed(t, "github.com/labstack/echo", "Context"):
		return ".Request().Context()"
	case isNamed(deref(t), "github.com/gin-gonic/gin", "Context") && isPtr(t):
		return ".Request.Context()"
	}
	return ""
}

func isPtr(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// IsHTTPRequest reports whether t is *http.Request.
func IsHTTPRequest(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), pathHTTP, "Request")
}

// IsDialer reports whether t is net.Dialer or tls.Dialer, or a pointer to
// one.
func IsDialer(t types.Type) bool {
	t = deref(t)
	return isNamed(t, pathNet, "Dialer") || isNamed(t, pathTLS, "Dialer")
}

// IsNetDialer reports whether t is net.Dialer or *net.Dialer.
func IsNetDialer(t types.Type) bool { return isNamed(deref(t), pathNet, "Dialer") }

// IsTLSDialer reports whether t is tls.Dialer or *tls.Dialer.
func IsTLSDialer(t types.Type) bool { return isNamed(deref(t), pathTLS, "Dialer") }

// IsHTTPTransport reports whether t is http.Transport or *http.Transport.
func IsHTTPTransport(t types.Type) bool { return isNamed(deref(t), pathHTTP, "Transport") }

func deref(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isNamed(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	o := n.Obj()
	return o.Pkg() != nil && o.Pkg().Path() == path && o.Name() == name
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// IsPkgObj reports whether the selector or identifier e refers to the
// package-level object path.name (such as net/http.DefaultClient).
func IsPkgObj(info *types.Info, e ast.Expr, path, name string) bool {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.Ident:
		id = e
	default:
		return false
	}
	o := info.Uses[id]
	return o != nil && o.Pkg() != nil && o.Pkg().Path() == path && o.Name() == name && o.Parent() == o.Pkg().Scope()
}

// IsDefaultClient reports whether e is http.DefaultClient.
func IsDefaultClient(info *types.Info, e ast.Expr) bool {
	return IsPkgObj(info, e, pathHTTP, "DefaultClient")
}

// IsDefaultTransport reports whether e is http.DefaultTransport.
func IsDefaultTransport(info *types.Info, e ast.Expr) bool {
	return IsPkgObj(info, e, pathHTTP, "DefaultTransport")
}

// Cloud SDK calls that take a context and are local or bounded. What the
// SDKs do, read in their source (aws-sdk-go-v2 config v1.32.37, service/s3
// v1.107.2, feature/ec2/imds v1.18.37; google-cloud-go pubsub/apiv1):
//
//   - config.LoadDefaultConfig reads the environment and the shared config
//     files; it reaches the network only for the EC2 metadata service
//     (WithEC2IMDSRegion, or AWS_DEFAULTS_MODE=auto), whose client bounds
//     each operation by a 5-second default (imds defaultOperationTimeout).
//     Credentials are fetched later, by the service calls.
//   - (*s3.PresignClient).Presign... and every service's presigner run the
//     signing middleware with withNopHTTPClientAPIOption: no request goes
//     out.
//   - A waiter's Wait and WaitForOutput (ctx, params, maxWaitDur, ...)
//     derive context.WithTimeout(ctx, maxWaitDur) and fail on
//     maxWaitDur <= 0: bounded.
//
// Google Cloud clients are not in this list: their per-RPC defaults
// (gax.WithTimeout in the generated default...CallOptions) differ by
// service, method and version - pubsub/apiv1's GetSubscription, for one,
// sets retries and no timeout in the stored google-cloud-go sources - so
// a default deadline cannot be assumed for a method from its package.

// awsLocal reports whether an AWS SDK v2 call sends nothing.
func awsLocal(path, recv, name string) bool {
	if !strings.HasPrefix(path, "github.com/aws/aws-sdk-go-v2/") {
		return false
	}
	switch {
	case path == "github.com/aws/aws-sdk-go-v2/config" && recv == "" && (name == "LoadDefaultConfig" || name == "LoadSharedConfigProfile"):
		return true
	case strings.HasPrefix(path, "github.com/aws/aws-sdk-go-v2/service/") && recv == "PresignClient" && strings.HasPrefix(name, "Presign"):
		return true
	}
	return false
}

// awsWaiter reports whether the call is an AWS SDK v2 waiter's Wait or
// WaitForOutput, bounded by its maxWaitDur argument.
func awsWaiter(path, recv, name string, sig *types.Signature) bool {
	if !strings.HasPrefix(path, "github.com/aws/aws-sdk-go-v2/service/") || !strings.HasSuffix(recv, "Waiter") {
		return false
	}
	if name != "Wait" && name != "WaitForOutput" || sig.Params().Len() < 3 {
		return false
	}
	return isNamed(sig.Params().At(2).Type(), "time", "Duration")
}

// grpcDialOptions reports whether the options of a grpc dial (the
// arguments from first on, or inside them: append(opts, grpc.WithBlock()))
// make it block, and whether they bound it with grpc.WithTimeout. Options
// the call does not spell out (opts...) make neither.
func grpcDialOptions(info *types.Info, call *ast.CallExpr, first int) (block, timeout bool) {
	for i := first; i < len(call.Args); i++ {
		ast.Inspect(call.Args[i], func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(info, c).(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pathGRPC {
				return true
			}
			switch fn.Name() {
			case "WithBlock", "WithReturnConnectionError":
				block = true
			case "WithTimeout":
				timeout = true
			}
			return true
		})
	}
	return block, timeout
}

// dbtxMethods are the methods of a database handle interface that run a
// statement or begin a transaction.
var dbtxMethods = map[string]bool{
	"Exec": true, "Query": true, "QueryRow": true, "SendBatch": true, "CopyFrom": true,
	"Begin": true, "BeginTx": true, "ExecContext": true, "QueryContext": true, "QueryRowContext": true,
	"PrepareContext": true, "GetContext": true, "SelectContext": true, "NamedExecContext": true,
}

// dbHandleKind reports whether the interface t is a database handle: it
// has an Exec and a Query or QueryRow method returning pgx's results (Pgx)
// or database/sql's (SQL). 0 otherwise.
func dbHandleKind(t types.Type) Kind {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return 0
	}
	var exec, query bool
	var kind Kind
	for m := range it.Methods() {
		name := m.Name()
		isExec := strings.HasPrefix(name, "Exec")
		isQuery := strings.HasPrefix(name, "Query")
		if !isExec && !isQuery {
			continue
		}
		res := m.Type().(*types.Signature).Results()
		for r := range res.Variables() {
			n, ok := types.Unalias(typesx.Deref(r.Type())).(*types.Named)
			if !ok || n.Obj().Pkg() == nil {
				continue
			}
			path := typesx.TrimVendor(n.Obj().Pkg().Path())
			switch {
			case path == pathSQL || path == "github.com/jmoiron/sqlx":
				kind = SQL
			case slices.Contains(pgxPaths, path):
				kind = Pgx
			default:
				continue
			}
			exec = exec || isExec
			query = query || isQuery
		}
	}
	if exec && query {
		return kind
	}
	return 0
}

// FreshContextMethod reports whether a method named name is one code gives
// a fresh context on purpose: cleanup that must run even when the caller's
// context is done (Close, Release, Rollback, Unlock, Stop, Shutdown, Ack,
// Nack), or a start whose context is the lifetime of what it starts
// (Subscribe, Listen, Watch, Stream, Consume, Run, Start, Serve): a timeout
// would end it.
func FreshContextMethod(name string) bool {
	return cleanupMethods[name] || freshContextName.MatchString(name)
}

var freshContextName = regexp.MustCompile(`^(Close|Release|Rollback|Unlock|RUnlock|Stop|Shutdown|Cancel|Abort|Cleanup|Teardown|Done|Ack|Nack|Subscribe|Listen|Watch|Stream|Consume|Run|Start|Serve|Poll|Tail|Follow)`)
