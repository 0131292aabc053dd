// Package sideeffect recognises calls that do something outside the process
// that must not be done twice: an HTTP request that is not a GET, HEAD or
// OPTIONS; a publish to a message broker (Kafka, NATS, AMQP, Google Pub/Sub,
// SNS/SQS, EventBridge, Kinesis, Watermill); a Redis command that appends or
// counts (PUBLISH, XADD, LPUSH/RPUSH, INCR/DECR...); an e-mail (net/smtp,
// SES, SendGrid); a payment call (Stripe charges, payment intents, refunds,
// transfers, payouts); a gRPC call of a generated client whose method name
// starts with a mutating verb (Create, Charge, Send, ...).
//
// Beyond those tables it recognises, conservatively, a method whose name
// starts with a word that only ever means a side effect (Publish, Send,
// Charge, Capture, Refund, Transfer, Payout, Enqueue, Notify, Emit,
// Dispatch, Deliver) when it is called on an interface or on a type from
// another package: the call leaves the function's view and its name says
// what it does. Streams (types with SendMsg, such as gRPC streams) and the
// standard library are excluded.
//
// Database writes are not this package's business: internal/dbcall and
// internal/sqlparse classify those.
package sideeffect

import (
	"go/ast"
	"go/constant"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Effect describes a side-effecting call.
type Effect struct {
	// What names the call for a message: "http.Post", "(*kafka.Writer).WriteMessages",
	// "s.bus.Publish".
	What string
}

// Of reports whether call performs an outbound side effect. body is the
// function body around call (it may be nil); Of reads it to find how an
// *http.Request passed to (*http.Client).Do was built.
func Of(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr) (Effect, bool) {
	fn := callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return Effect{}, false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return Effect{}, false
	}
	path := fn.Pkg().Path()
	name := fn.Name()
	recv := ""
	if sig.Recv() != nil {
		recv = typeName(sig.Recv().Type())
	}
	what := func() Effect { return Effect{What: exprString(call.Fun)} }

	switch {
	case path == "net/http":
		switch {
		case recv == "" && (name == "Post" || name == "PostForm"):
			return what(), true
		case recv == "Client" && (name == "Post" || name == "PostForm"):
			return what(), true
		case recv == "Client" && name == "Do" && len(call.Args) == 1:
			if m := requestMethod(info, body, call.Args[0]); m != "" && !readOnlyMethod(m) {
				return Effect{What: exprString(call.Fun) + " (" + m + ")"}, true
			}
		}
		return Effect{}, false
	case path == "net/smtp":
		if name == "SendMail" {
			return what(), true
		}
		return Effect{}, false
	}
	for _, t := range table {
		if t.pkg.MatchString(path) && (t.recv == "" || t.recv == recv || (t.recv == "*" && recv != "")) && t.names[name] {
			return what(), true
		}
	}
	if isStdlib(path) {
		return Effect{}, false
	}
	if sig.Recv() != nil && isGRPCClientMethod(sig) {
		if mutatingVerb.MatchString(name) {
			return what(), true
		}
		return Effect{}, false
	}
	if sig.Recv() != nil && sideEffectVerb.MatchString(name) && !isStream(sig.Recv().Type()) {
		return what(), true
	}
	return Effect{}, false
}

// OfForeign is Of restricted to receivers that are interfaces or come from
// a package other than local: the verb rule applies only where the callee's
// body cannot be read. Checks that read package-local bodies themselves use
// it so that a local method named Send is judged by what it does.
func OfForeign(info *types.Info, local *types.Package, body *ast.BlockStmt, call *ast.CallExpr) (Effect, bool) {
	fn := callee(info, call)
	if fn != nil && fn.Pkg() == local {
		sig, _ := fn.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil {
			return Effect{}, false
		}
		if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); !isIface {
			return Effect{}, false
		}
	}
	return Of(info, body, call)
}

type entry struct {
	pkg   *regexp.Regexp
	recv  string // receiver type name; "" for package functions; "*" any method
	names map[string]bool
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

var table = []entry{
	// Kafka
	{regexp.MustCompile(`^github\.com/segmentio/kafka-go$`), "Writer", set("WriteMessages")},
	{regexp.MustCompile(`^github\.com/segmentio/kafka-go$`), "Conn", set("WriteMessages")},
	{regexp.MustCompile(`^github\.com/(IBM|Shopify)/sarama$`), "*", set("SendMessage", "SendMessages")},
	{regexp.MustCompile(`^github\.com/confluentinc/confluent-kafka-go(/v2)?/kafka$`), "Producer", set("Produce")},
	{regexp.MustCompile(`^github\.com/twmb/franz-go/pkg/kgo$`), "Client", set("Produce", "ProduceSync", "TryProduce")},
	// NATS
	{regexp.MustCompile(`^github\.com/nats-io/nats\.go(/jetstream)?$`), "*", set("Publish", "PublishMsg", "PublishAsync", "PublishMsgAsync", "Request", "RequestMsg", "RequestWithContext")},
	// AMQP
	{regexp.MustCompile(`^github\.com/(rabbitmq/amqp091-go|streadway/amqp)$`), "Channel", set("Publish", "PublishWithContext", "PublishWithDeferredConfirm", "PublishWithDeferredConfirmWithContext")},
	// Google Cloud Pub/Sub
	{regexp.MustCompile(`^cloud\.google\.com/go/pubsub(/v2)?$`), "*", set("Publish")},
	// AWS SDK v2
	{regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/service/sqs$`), "Client", set("SendMessage", "SendMessageBatch")},
	{regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/service/sns$`), "Client", set("Publish", "PublishBatch")},
	{regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/service/eventbridge$`), "Client", set("PutEvents")},
	{regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/service/kinesis$`), "Client", set("PutRecord", "PutRecords")},
	{regexp.MustCompile(`^github\.com/aws/aws-sdk-go-v2/service/sesv?2?$`), "Client", set("SendEmail", "SendRawEmail", "SendBulkEmail", "SendTemplatedEmail")},
	// Redis: commands that append, count or publish.
	{regexp.MustCompile(`^github\.com/(redis/go-redis/v9|go-redis/redis(/v[0-9]+)?)$`), "*", set("Publish", "SPublish", "XAdd", "LPush", "RPush", "LPushX", "RPushX", "Incr", "IncrBy", "IncrByFloat", "Decr", "DecrBy", "HIncrBy", "HIncrByFloat", "ZIncrBy")},
	// Watermill
	{regexp.MustCompile(`^github\.com/ThreeDotsLabs/watermill/message$`), "*", set("Publish")},
	// E-mail
	{regexp.MustCompile(`^github\.com/sendgrid/sendgrid-go$`), "*", set("Send", "SendWithContext")},
	// Stripe: package functions (charge.New) and client methods ((*charge.Client).New).
	{regexp.MustCompile(`^github\.com/stripe/stripe-go(/v[0-9]+)?/(charge|paymentintent|refund|transfer|payout|topup|invoice)$`), "", set("New", "Confirm", "Capture", "Pay")},
	{regexp.MustCompile(`^github\.com/stripe/stripe-go(/v[0-9]+)?/(charge|paymentintent|refund|transfer|payout|topup|invoice)$`), "Client", set("New", "Confirm", "Capture", "Pay")},
}

// sideEffectVerb matches method names that start with a word that only
// means a side effect.
var sideEffectVerb = regexp.MustCompile(`^(Publish|Send|Charge|Capture|Refund|Transfer|Payout|Enqueue|Notify|Emit|Dispatch|Deliver)([A-Z0-9_]|$)`)

// mutatingVerb matches gRPC method names that change state.
var mutatingVerb = regexp.MustCompile(`^(Create|Add|Insert|Charge|Capture|Refund|Transfer|Pay|Payout|Send|Publish|Enqueue|Notify|Emit|Dispatch|Deliver|Submit|Post|Increment|Incr|Debit|Credit|Reserve|Allocate|Issue|Grant|Place)([A-Z0-9_]|$)`)

// isGRPCClientMethod reports a generated client method: (ctx, [in,] opts ...grpc.CallOption).
func isGRPCClientMethod(sig *types.Signature) bool {
	p := sig.Params()
	if !sig.Variadic() || p.Len() < 2 {
		return false
	}
	last, ok := p.At(p.Len() - 1).Type().(*types.Slice)
	if !ok {
		return false
	}
	n, ok := types.Unalias(last.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "google.golang.org/grpc" && n.Obj().Name() == "CallOption"
}

// isStream reports a type with a SendMsg method (a gRPC stream): its Send
// answers a caller, it does not start anything.
func isStream(t types.Type) bool {
	ms := types.NewMethodSet(t)
	if ms.Lookup(nil, "SendMsg") != nil {
		return true
	}
	if _, ok := t.(*types.Pointer); !ok {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			return types.NewMethodSet(types.NewPointer(t)).Lookup(nil, "SendMsg") != nil
		}
	}
	return false
}

// readOnlyMethod reports an HTTP method that changes nothing.
func readOnlyMethod(m string) bool {
	switch strings.ToUpper(m) {
	case "GET", "HEAD", "OPTIONS", "TRACE":
		return true
	}
	return false
}

// RequestMethod is requestMethod for checks: the HTTP method of the request
// e, built in body, "" if unknown.
func RequestMethod(info *types.Info, body *ast.BlockStmt, e ast.Expr) string {
	return requestMethod(info, body, e)
}

// ReadOnlyMethod reports an HTTP method that changes nothing (GET, HEAD,
// OPTIONS).
func ReadOnlyMethod(m string) bool { return readOnlyMethod(m) }

// requestMethod finds the method of the *http.Request e, built in body by
// http.NewRequest, http.NewRequestWithContext or an &http.Request{Method: ...}
// literal; "" if unknown.
func requestMethod(info *types.Info, body *ast.BlockStmt, e ast.Expr) string {
	e = ast.Unparen(e)
	if m := methodOfBuilder(info, e); m != "" {
		return m
	}
	id, ok := e.(*ast.Ident)
	if !ok || body == nil {
		return ""
	}
	obj := info.ObjectOf(id)
	if obj == nil {
		return ""
	}
	method := ""
	conflict := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, l := range as.Lhs {
			lid, ok := l.(*ast.Ident)
			if !ok || info.ObjectOf(lid) != obj {
				continue
			}
			var rhs ast.Expr
			switch {
			case len(as.Rhs) == len(as.Lhs):
				rhs = as.Rhs[i]
			case len(as.Rhs) == 1 && i == 0:
				rhs = as.Rhs[0]
			}
			m := ""
			if rhs != nil {
				m = methodOfBuilder(info, ast.Unparen(rhs))
			}
			if m == "" || (method != "" && m != method) {
				conflict = true
			}
			method = m
		}
		return true
	})
	if conflict {
		return ""
	}
	return method
}

func methodOfBuilder(info *types.Info, e ast.Expr) string {
	switch x := e.(type) {
	case *ast.CallExpr:
		fn := callee(info, x)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "net/http" {
			return ""
		}
		switch fn.Name() {
		case "NewRequest":
			if len(x.Args) > 0 {
				return stringConst(info, x.Args[0])
			}
		case "NewRequestWithContext":
			if len(x.Args) > 1 {
				return stringConst(info, x.Args[1])
			}
		}
	case *ast.UnaryExpr:
		if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok {
			for _, el := range lit.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Method" {
						return stringConst(info, kv.Value)
					}
				}
			}
		}
	}
	return ""
}

func stringConst(info *types.Info, e ast.Expr) string {
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// IsStdlib reports a standard library import path, by its first element
// (a module path without a dot, such as a GOPATH-era "shopd", is not std).
func IsStdlib(path string) bool { return isStdlib(path) }

func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return stdRoots[first]
}

var stdRoots = map[string]bool{
	"archive": true, "bufio": true, "bytes": true, "cmp": true, "compress": true, "container": true,
	"context": true, "crypto": true, "database": true, "debug": true, "embed": true, "encoding": true,
	"errors": true, "expvar": true, "flag": true, "fmt": true, "go": true, "hash": true, "html": true,
	"image": true, "index": true, "internal": true, "io": true, "iter": true, "log": true, "maps": true,
	"math": true, "mime": true, "net": true, "os": true, "path": true, "plugin": true, "reflect": true,
	"regexp": true, "runtime": true, "slices": true, "sort": true, "strconv": true, "strings": true,
	"structs": true, "sync": true, "syscall": true, "testing": true, "text": true, "time": true,
	"unicode": true, "unique": true, "unsafe": true, "weak": true, "vendor": true,
}

// exprString renders a call's function expression compactly.
func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.ParenExpr:
		return exprString(x.X)
	case *ast.CallExpr:
		return exprString(x.Fun) + "(...)"
	case *ast.IndexExpr:
		return exprString(x.X) + "[...]"
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	}
	return "call"
}
