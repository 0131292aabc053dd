package sideeffect

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// ByRole recognises a side effect by the role of what is called rather than
// by its name: a method called on an injected dependency — a field of the
// enclosing method's receiver, or a parameter of the enclosing function —
// whose type is an interface, or a type from another package, and that is
// not a read, an idempotent write, a lifecycle call, or a logging, metrics,
// tracing, cache or database API. s.billing.CreateCustomer,
// s.ci.TriggerBuild, s.wallet.Credit and s.push.Send are effects whatever
// their verb; s.users.ByEmail, s.log.Info, s.metrics.Inc, span.End and
// s.cache.Get are not.
//
// sig is the enclosing function's signature (its receiver and parameters);
// local is the package being analysed (methods of its own concrete types
// are judged by their bodies, not here). Database handles are dbcall's
// business and are never effects here.
func ByRole(info *types.Info, local *types.Package, sig *types.Signature, call *ast.CallExpr) (Effect, bool) {
	if sig == nil {
		return Effect{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return Effect{}, false
	}
	fn := callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return Effect{}, false
	}
	msig, _ := fn.Type().(*types.Signature)
	if msig == nil || msig.Recv() == nil {
		return Effect{}, false
	}
	if !Injected(info, sig, sel.X) {
		return Effect{}, false
	}
	recv := msig.Recv().Type()
	_, isIface := recv.Underlying().(*types.Interface)
	if !isIface && fn.Pkg() == local {
		return Effect{}, false // a concrete type of this package: its body says what it does
	}
	xt := info.TypeOf(sel.X)
	if xt == nil || !dependency(local, xt) {
		return Effect{}, false
	}
	if !RoleName(fn.Name()) || isStream(recv) {
		return Effect{}, false
	}
	return Effect{What: exprString(call.Fun)}, true
}

// RoleName reports whether a method named name can be an effect by role:
// ByRole never counts a read, an idempotent write, a lifecycle, log,
// metric or trace call by its name.
func RoleName(name string) bool {
	if v, ok := roleNameMemo.Load(name); ok {
		return v.(bool)
	}
	r := !nonEffectVerb.MatchString(name) && !nonEffectName.MatchString(name) && !readName.MatchString(name)
	roleNameMemo.Store(name, r)
	return r
}

// roleNameMemo caches RoleName: three regular expressions per call, asked
// for the same few method names over and over.
var roleNameMemo sync.Map

// Injected reports whether x is a field of the receiver (s.dep, s.deps.dep)
// or a parameter of the function whose signature is sig: a dependency the
// function was given.
func Injected(info *types.Info, sig *types.Signature, x ast.Expr) bool {
	x = ast.Unparen(x)
	fields := 0
	for {
		s, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		if sel, isField := info.Selections[s]; !isField || sel.Kind() != types.FieldVal {
			return false // a package-qualified name or a method value
		}
		fields++
		x = ast.Unparen(s.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	if r := sig.Recv(); r != nil && r == v {
		// A field of the receiver is a dependency; the receiver itself
		// (s.Method()) is not.
		return fields > 0
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return true
		}
	}
	return false
}

// Dependency is dependency for checks: t is the type of an injected
// service (a port interface of the module, a client of another module),
// not a logger, metric, cache, database handle or the standard library.
func Dependency(local *types.Package, t types.Type) bool { return dependency(local, t) }

// dependency reports whether t is the type of an injected service: an
// interface declared in the module being analysed (a port such as Billing,
// WalletService, Notifier), or a client type of another module named like one
// (StripeClient, billing.Service, *push.Sender). Loggers, metrics, tracers,
// caches, databases, HTTP frameworks' request contexts and the standard
// library are not.
func dependency(local *types.Package, t types.Type) bool {
	key := depKey{local: local, t: t}
	// The checker makes a new *types.Pointer for many expressions of one
	// pointer type: key *T by T, so that the memo hits.
	if p, ok := t.(*types.Pointer); ok {
		if n, ok := p.Elem().(*types.Named); ok {
			key = depKey{local: local, t: n, ptr: true}
		}
	}
	if v, ok := depMemo.Load(key); ok {
		return v.(bool)
	}
	d := dependencyOf(local, t)
	depMemo.Store(key, d)
	return d
}

// depMemo caches dependency by package and type: the method sets it
// builds are the cost of ByRole, and a service calls the same few
// dependencies many times. Types are immutable; the drivers analyse
// packages concurrently.
var depMemo sync.Map

type depKey struct {
	local *types.Package
	t     types.Type
	ptr   bool // t is the element of the pointer type asked about
}

func dependencyOf(local *types.Package, t types.Type) bool {
	path, name := typesx.TypeKey(t)
	if path == "" || isStdlib(path) {
		return false
	}
	// The cheap tests of what makes a dependency first; the method sets
	// that rule one out only for the candidates.
	_, isIface := typesx.Deref(t).Underlying().(*types.Interface)
	if !(isIface && local != nil && sameModule(path, typesx.ImportPath(local))) && !clientName.MatchString(name) {
		return false
	}
	return !nonEffectPackage(path) && !looksLikeObservability(t) && !looksLikeDB(t)
}

// clientName matches the names of types that stand for a remote service.
var clientName = regexp.MustCompile(`(Client|Service|Svc|API|Api|Gateway|Provider|Publisher|Producer|Sender|Notifier|Mailer|Emailer|Broker|Bus|Dispatcher|Processor|Biller|Wallet|Ledger)$`)

// sameModule reports whether two import paths belong to one module, judged
// by their leading elements (github.com/org/repo, example.com/app, shopd).
func sameModule(a, b string) bool { return moduleRoot(a) == moduleRoot(b) }

// SameModule is sameModule for checks.
func SameModule(a, b string) bool { return sameModule(a, b) }

func moduleRoot(p string) string {
	parts := strings.Split(p, "/")
	n := 1
	if strings.Contains(parts[0], ".") {
		n = 2
		switch parts[0] {
		case "github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org":
			n = 3
		}
	}
	if len(parts) < n {
		n = len(parts)
	}
	return strings.Join(parts[:n], "/")
}

// looksLikeDB reports a type with the methods of a database handle (a sqlc
// DBTX, a *sql.DB wrapper): Exec and Query or QueryRow.
func looksLikeDB(t types.Type) bool {
	ms := types.NewMethodSet(t)
	if _, ok := t.(*types.Pointer); !ok {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
	}
	has := func(prefix string) bool {
		for i := range ms.Len() {
			if strings.HasPrefix(ms.At(i).Obj().Name(), prefix) {
				return true
			}
		}
		return false
	}
	return has("Exec") && (has("Query") || has("Select") || has("Get"))
}

// nonEffectPackages are libraries whose calls are observability, caching of
// reads, or the database (which dbcall classifies).
var nonEffectPackages = regexp.MustCompile(`^(` + strings.Join([]string{
	`go\.uber\.org/zap`, `github\.com/sirupsen/logrus`, `github\.com/rs/zerolog`, `github\.com/go-kit/(kit/)?log`,
	`github\.com/go-logr/logr`, `k8s\.io/klog(/v2)?`, `github\.com/hashicorp/go-hclog`, `github\.com/apex/log`,
	`github\.com/prometheus/client_golang`, `go\.opentelemetry\.io/otel`, `github\.com/opentracing/opentracing-go`,
	`github\.com/DataDog/datadog-go`, `gopkg\.in/DataDog/dd-trace-go\.v1`, `github\.com/DataDog/dd-trace-go`,
	`github\.com/getsentry/sentry-go`, `github\.com/newrelic/go-agent`, `github\.com/armon/go-metrics`,
	`github\.com/hashicorp/go-metrics`, `github\.com/uber-go/tally`, `github\.com/cactus/go-statsd-client`,
	`github\.com/jackc/pgx`, `github\.com/jmoiron/sqlx`, `gorm\.io/gorm`, `github\.com/jinzhu/gorm`,
	`github\.com/lib/pq`, `github\.com/go-sql-driver/mysql`, `github\.com/mattn/go-sqlite3`,
	`github\.com/patrickmn/go-cache`, `github\.com/dgraph-io/ristretto`, `github\.com/hashicorp/golang-lru`,
	`github\.com/allegro/bigcache`, `github\.com/coocood/freecache`, `github\.com/stretchr/testify`,
	`github\.com/gin-gonic/gin`, `github\.com/labstack/echo(/v[0-9]+)?`, `github\.com/gofiber/fiber(/v[0-9]+)?`,
	`github\.com/go-chi/chi(/v[0-9]+)?`, `github\.com/gorilla/mux`, `google\.golang\.org/protobuf`,
	`github\.com/golang/protobuf`,
}, "|") + `)(/|$)`)

func nonEffectPackage(path string) bool { return path != "" && nonEffectPackages.MatchString(path) }

// nonEffectVerb matches method names that read, write idempotently, manage a
// lifecycle, log, measure or trace: calling them twice does what calling
// them once does.
var nonEffectVerb = regexp.MustCompile(`^(` + strings.Join([]string{
	// reads
	"Get", "Find", "List", "Load", "Read", "Fetch", "Lookup", "Query", "Search", "Count", "Exists", "Exist", "Has",
	"Pull", "Download",
	"Is", "Can", "Should", "Check", "Validate", "Verify", "Describe", "Head", "Stat", "Peek", "Scan", "Select",
	"Contains", "Match", "Parse", "Format", "Render", "Marshal", "Unmarshal", "Encode", "Decode", "Hash",
	"Compute", "Calculate", "Estimate", "Resolve", "Inspect", "Watch", "Subscribe", "Receive", "Recv", "Poll",
	"All", "First", "Last", "One", "Must", "Ensure", "Authorize", "Authenticate", "Allow", "Deny", "Wait",
	"To", "As", "String", "Len", "Size", "Name", "ID", "Key", "Value", "Err", "Error", "Done", "Context",
	"Config", "Options", "Status", "Health", "Ping", "Version", "Now", "Since", "Until", "Clone", "Copy",
	"New", "Make", "Build", "With", "For", "Of", "By", "In",
	// idempotent writes: repeating them leaves the same state
	"Set", "Put", "Delete", "Del", "Remove", "Invalidate", "Evict", "Expire", "Purge", "Clear", "Reset",
	"Update", "Save", "Store", "Upsert", "Mark", "Touch", "Refresh", "Replace", "Cancel", "Close", "Unlock",
	"RUnlock", "Release", "Stop", "Shutdown", "Start", "Run", "Serve", "Flush", "Sync",
	"Ack", "Nack", "Commit", "Rollback", "Begin",
	// observability
	"Debug", "Info", "Warn", "Warning", "Fatal", "Panic", "Print", "Log", "Trace", "Record", "Observe",
	"Gauge", "Histogram", "Timing", "Timer", "Counter", "Metric", "Span", "End", "Finish",
	"Event", "Capture", "Report", "Audit", "Track", "Emit", "Annotate", "Tag",
}, "|") + `)([A-Z0-9_]|$)`)

// nonEffectName matches the whole names of a mutex's and a counter's
// methods (Lock, RLock, Add, Inc): as a prefix they name domain effects
// (LockSeat reserves a seat, AddSeat bills one).
var nonEffectName = regexp.MustCompile(`^(Lock|RLock|TryLock|Add|Inc|Dec|Sub)$`)

// readName matches reads named by their result (UserByID, ByEmail,
// OrderForCustomer) and predicates named by what they ask (SMSAlreadySent,
// WasNotified, DidPay).
var readName = regexp.MustCompile(`(By|For|Of|Already)([A-Z]|$)|^(Was|Were|Did)[A-Z]`)

// looksLikeObservability reports a type whose method set is a logger's, a
// metric's or a tracer's: Info and Error (or Debug/Warn), Inc/Observe, or a
// span's End and SetAttributes.
func looksLikeObservability(t types.Type) bool {
	ms := types.NewMethodSet(t)
	if _, ok := t.(*types.Pointer); !ok {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if ms.Lookup(nil, n) != nil {
				return true
			}
			for i := range ms.Len() {
				if ms.At(i).Obj().Name() == n {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("Info", "Infof", "Infow") && has("Error", "Errorf", "Errorw", "Debug", "Debugf", "Warn", "Warnf"):
		return true
	case has("Inc") && has("Add", "Observe"):
		return true
	case has("Observe") && !has("Publish", "Send"):
		return true
	case has("End") && has("SetAttributes", "SetTag", "RecordError", "AddEvent"):
		return true
	}
	return false
}

// LocalServiceName reports whether name (a type's or a field's) is that of
// a dependency a call on which does not wait on a remote peer: a cache
// (answers from memory, or gives up quickly by design), an error alerter,
// a logger, metrics or a tracer (they hand off: Sentry's client queues).
func LocalServiceName(name string) bool {
	return name != "" && (cacheName.MatchString(name) || observabilityName.MatchString(name))
}

var (
	cacheName         = regexp.MustCompile(`(?i)(cache|cacher|memo|lru)s?$`)
	observabilityName = regexp.MustCompile(`(?i)(alert|alerter|alerts|logger|log|metrics?|tracer|tracing|telemetry|stats|statsd|recorder|sentry|bugsnag|rollbar|errorreporter|reporter)$`)
)
