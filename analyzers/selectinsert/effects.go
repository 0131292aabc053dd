package selectinsert

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"
	"unicode"

	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// An effect is something a request does that must happen once: a call to a
// payment provider, an HTTP or gRPC request, a message, an email; or a
// write to another table (which a unique violation on the recorded row
// undoes only when both share a transaction).
type effect struct {
	call  *ast.CallExpr // the call in the analysed function
	what  string        // how the message names it: "call provider.Charge", "update accounts"
	db    *op           // set for a database write
	inner bool          // the effect happens inside a helper or a closure
	// at: for an effect of a helper's call, the number of the helper's
	// database operations (eventsOf's ops) that run before it: Charge
	// then Insert inside Enroll is at 0, so the charge precedes the
	// insert for the caller's walk too.
	at int
}

// Effect verbs: a method or function whose name starts with one of these
// does something outside the process.
var effectVerbs = map[string]bool{
	"charge": true, "capture": true, "refund": true, "transfer": true, "payout": true, "pay": true,
	"send": true, "publish": true, "notify": true, "email": true, "mail": true, "sms": true,
	"enqueue": true, "dispatch": true, "deliver": true, "ship": true, "fulfill": true, "fulfil": true,
	"credit": true, "debit": true, "withdraw": true, "deposit": true, "provision": true, "grant": true,
	"redeem": true, "emit": true, "produce": true, "authorize": true, "authorise": true, "purchase": true,
	"bill": true, "invoice": true, "disburse": true, "remit": true, "topup": true,
}

// Generic verbs make an effect only with an effect noun after them:
// CreateCharge, SubmitPayment, PostMessage, ExecuteTransfer.
var genericVerbs = map[string]bool{
	"create": true, "submit": true, "post": true, "execute": true, "perform": true, "process": true,
	"initiate": true, "issue": true, "request": true, "trigger": true, "place": true, "make": true,
	"start": true, "schedule": true, "call": true, "invoke": true,
}

var effectNouns = map[string]bool{
	"charge": true, "charges": true, "payment": true, "payments": true, "refund": true, "refunds": true,
	"transfer": true, "transfers": true, "payout": true, "payouts": true, "email": true, "emails": true,
	"mail": true, "message": true, "messages": true, "notification": true, "notifications": true,
	"sms": true, "invoice": true, "invoices": true, "shipment": true, "shipments": true, "webhook": true,
	"webhooks": true, "order": true, "orders": true, "intent": true, "subscription": true, "job": true,
	"task": true, "withdrawal": true, "deposit": true, "purchase": true,
}

// camelWords splits a Go name into lower-cased words: CreatePaymentIntent ->
// [create payment intent], SendSMS -> [send sms].
func camelWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || rs[i] == '_' ||
			(unicode.IsUpper(rs[i]) && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1])))) {
			if w := strings.Trim(string(rs[start:i]), "_"); w != "" {
				words = append(words, strings.ToLower(w))
			}
			start = i
		}
	}
	return words
}

// effectName reports whether a callee name reads as an outside effect.
func effectName(name string) bool {
	words := camelWords(name)
	if len(words) == 0 {
		return false
	}
	if effectVerbs[words[0]] {
		return true
	}
	if genericVerbs[words[0]] {
		for _, w := range words[1:] {
			if effectNouns[w] {
				return true
			}
		}
	}
	return false
}

// externalEffect classifies a call that is not a database call and not a
// package-local function: it returns the effect's description, or "".
func (a *checker) externalEffect(call *ast.CallExpr) string {
	fn := typesx.Callee(a.info, call)
	if fn == nil {
		return ""
	}
	pkg := fn.Pkg()
	path := ""
	if pkg != nil {
		path = typesx.TrimVendor(pkg.Path())
	}
	sig, _ := fn.Type().(*types.Signature)
	recvName := ""
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		recvName = exprName(sel.X)
	}
	describe := func() string {
		if recvName != "" {
			return "call " + recvName + "." + fn.Name()
		}
		return "call " + fn.Name()
	}
	switch path {
	case "net/http":
		if sig != nil && sig.Recv() != nil && !typesx.IsNamedOrPointer(sig.Recv().Type(), "net/http", "Client") {
			return ""
		}
		switch fn.Name() {
		case "Post", "PostForm":
			return describe()
		case "Do":
			// A GET, HEAD or OPTIONS changes nothing: running it twice
			// (a cache fill's lookup) is no effect. A request whose
			// method cannot be seen counts.
			if len(call.Args) == 1 {
				if m := sideeffect.RequestMethod(a.info, enclosingBody(a.pidx, call), call.Args[0]); m != "" && sideeffect.ReadOnlyMethod(m) {
					return ""
				}
			}
			return describe()
		}
		return "" // Get and Head: reads
	case "net/smtp":
		if fn.Name() == "SendMail" || fn.Name() == "Data" {
			return describe()
		}
		return ""
	}
	if pkg == a.pkg && a.decl(fn.Origin()) != nil {
		return "" // a package-local function with a body: its summary decides
	}
	if a.isStdlib(path) {
		return ""
	}
	// A gRPC client method: its last parameter is ...grpc.CallOption.
	if sig != nil && sig.Variadic() && sig.Params().Len() > 0 {
		last := sig.Params().At(sig.Params().Len() - 1).Type()
		if s, ok := last.(*types.Slice); ok && typesx.IsNamedOrPointer(s.Elem(), "google.golang.org/grpc", "CallOption") {
			if !readOnlyName(fn.Name()) {
				return describe()
			}
			return ""
		}
	}
	if effectName(fn.Name()) {
		return describe()
	}
	// By role (shared with onconflict): a method of an injected service,
	// whatever its verb - s.billing.CreateCustomer, s.wallet.Credit.
	// A repository or store is the database itself, whose writes this
	// check judges by their SQL (an insert into the table read is the
	// create, undone by a unique key): not an effect by role.
	if sig != nil && sig.Recv() != nil && a.roleCandidate(fn) && !a.storeRecv(call) {
		sig := a.declSig(call)
		if sig == nil {
			return ""
		}
		if _, ok := sideeffect.ByRole(a.info, a.pkg, sig, call); ok {
			return describe()
		}
	}
	return ""
}

// storeName matches the names of types that stand for the database.
var storeName = regexp.MustCompile(`(Repo|Repository|Repositories|Store|Storage|DAO|Dao|Querier|Queries|Queryer|DB|Db|Tx|Database|Persistence|Persister)$`)

// roleCandidate is a cheap, memoised filter before sideeffect.ByRole: a
// method whose name ByRole never counts (a read, a log call, an idempotent
// write) is not looked at further.
func (a *checker) roleCandidate(fn *types.Func) bool {
	if v, ok := a.roleMemo[fn]; ok {
		return v
	}
	v := sideeffect.RoleName(fn.Name())
	if a.roleMemo == nil {
		a.roleMemo = map[*types.Func]bool{}
	}
	a.roleMemo[fn] = v
	return v
}

// storeRecv reports a method call whose receiver's type is named like a
// repository or store (UserRepository, OrderStore, Querier).
func (a *checker) storeRecv(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	_, name := typesx.TypeKey(a.info.TypeOf(sel.X))
	return storeName.MatchString(name)
}

// enclosingBody returns the body of the function declaration or literal
// that holds n.
func enclosingBody(ix *pkgindex.Index, n ast.Node) *ast.BlockStmt {
	body, _ := pkgindex.FuncBody(ix.EnclosingFunc(n))
	return body
}

// declSig returns the signature of the function declaration that holds
// call (through function literals: their captured receiver and parameters
// are the declaration's).
func (a *checker) declSig(call *ast.CallExpr) *types.Signature {
	var n ast.Node = call
	for {
		f := a.pidx.EnclosingFunc(n)
		if f == nil {
			return nil
		}
		if fd, ok := f.(*ast.FuncDecl); ok {
			if obj, ok := a.info.Defs[fd.Name].(*types.Func); ok {
				sig, _ := obj.Type().(*types.Signature)
				return sig
			}
			return nil
		}
		n = f
	}
}

// readOnlyName reports a method name that reads: Get, List, Find, ...
func readOnlyName(name string) bool {
	words := camelWords(name)
	if len(words) == 0 {
		return true
	}
	switch words[0] {
	case "get", "list", "find", "lookup", "search", "fetch", "read", "describe", "check", "validate", "is", "has", "count", "query", "watch", "health", "ping", "stat":
		return true
	}
	return false
}

// isStdlib reports an import path of the standard library: no dot in its
// first element, and not a sibling of the package under analysis (GOPATH
// layouts have dotless paths too).
func (a *checker) isStdlib(path string) bool {
	if path == "" {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false
	}
	own, _, _ := strings.Cut(a.pkg.Path(), "/")
	return first != own
}

// exprName renders a receiver for a message: s.provider -> provider.
func exprName(e ast.Expr) string { return typesx.LastName(e) }

// auditTable reports a table that records what happened rather than doing
// it: audit and log tables.
func auditTable(t string) bool {
	t = strings.ToLower(t)
	if strings.Contains(t, "audit") {
		return true
	}
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return r == '_' || r == '.' }) {
		switch w {
		case "log", "logs", "history", "histories", "trail", "trails", "activity", "activities":
			return true
		}
	}
	return false
}
