package ctxtimeout

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// reachFact is exported for a function (or method) whose context.Context
// parameters reach an outbound call with nothing on the way that bounds
// it: for its callers, calling it is an outbound call. It is exported only
// for such functions, so the facts stay few and small.
type reachFact struct {
	Params bitset // element i: parameter i (receiver excluded)
	Via    string // the outbound call reached, e.g. "(*sql.DB).QueryContext"
	// Loop: the call is reached in a loop that runs as long as the
	// context (a worker's for {}): a deadline belongs on each call in the
	// loop, not on the context the function is given.
	Loop bool
	// PortOnly: every call reached is a method of the module's own
	// interfaces (portCall): how long it takes is not known here, so
	// callers are told only where a request's context was at hand.
	PortOnly bool
}

func (*reachFact) AFact() {}

func (f *reachFact) String() string {
	loop := ""
	if f.Loop {
		loop = " in a loop"
	}
	return fmt.Sprintf("ctx reaches %s%s (params %s)", f.Via, loop, f.Params)
}

// summary is a function's reach summary while the package is analysed.
type summary struct {
	mask bitset
	via  string
	loop bool // see reachFact.Loop
	// reqMask: the *http.Request parameters the function sends (or hands
	// to a function that sends them) through a client with no timeout,
	// reqOrigins those clients, by parameter. Package-local: the clients'
	// origins do not travel in facts.
	reqMask    bitset
	reqOrigins map[int][]origin
	// real: a call reached is a library's outbound call, not only a
	// port's method (reachFact.PortOnly is its negation).
	real bool
}

// sinkSite is a call whose context argument, if it carries no deadline,
// leaves an outbound call unbounded.
type sinkSite struct {
	call *ast.CallExpr
	fi   *funcInfo
	arg  ast.Expr // the context (or, for http.Client.Do, the request)
	cls  ctxClass
	// via names the outbound call; for a call to a function of this
	// package it is filled in from the callee's summary.
	via    string
	loop   bool        // an imported callee's fact says Loop
	callee *types.Func // a function of this package whose summary decides
	param  int         // the callee's parameter the context binds to
	// origins, for a send through a client or dialer with no timeout: the
	// unbounded case is reported at the places those are made.
	origins []origin
	label   string // what the site does, for messages: "c.Do", "d.DialContext"
	direct  bool   // the call itself is the outbound call
	// reqParam: arg is an *http.Request, not a context, and the
	// parameters in cls are the function's request parameters.
	reqParam bool
	// port: the call is a method of one of the module's own interfaces
	// (portCall); how long its work takes is not known, so no fix picks
	// a timeout for it.
	port bool
	// portOnly: the callee (a function of this package by its summary, or
	// another package's by its fact) reaches only port calls.
	portOnly bool
}

// active reports whether the site is an outbound call under the current
// summaries.
func (c *checker) active(s *sinkSite) (string, bool) {
	if s.callee == nil {
		return s.via, true
	}
	sum := c.sums[s.callee]
	if sum == nil {
		return "", false
	}
	if s.reqParam {
		if !sum.reqMask.has(s.param) {
			return "", false
		}
		return sum.via, true
	}
	if !sum.mask.has(s.param) {
		return "", false
	}
	return sum.via, true
}

// portOnlySite reports a site whose outbound call is only a port's: the
// port call itself, or a call of a function (this package's, by its
// summary, or another's, by its fact) that reaches only port calls.
func (c *checker) portOnlySite(s *sinkSite) bool {
	if s.port || s.portOnly {
		return true
	}
	if s.callee != nil {
		if sum := c.sums[s.callee]; sum != nil {
			return !sum.real
		}
	}
	return false
}

// sendOrigins returns the clients with no timeout that the request of the
// site s is sent through: its own, or, for a call of a function of the
// package that sends the request it is given, that function's.
func (c *checker) sendOrigins(s *sinkSite) []origin {
	if s.origins != nil || !s.reqParam || s.callee == nil {
		return s.origins
	}
	if sum := c.sums[s.callee]; sum != nil {
		return sum.reqOrigins[s.param]
	}
	return nil
}

// loops reports whether the outbound call behind s runs in a loop that
// lives as long as the context: in s's own function, or in the callee.
func (c *checker) loops(s *sinkSite) bool {
	if s.fi.inForeverLoop(c.info, s.call) || s.loop {
		return true
	}
	if s.callee != nil {
		if sum := c.sums[s.callee]; sum != nil {
			return sum.loop
		}
	}
	return false
}

// collectSites finds the sink sites of fi.
func (c *checker) collectSites(fi *funcInfo) {
	fl := c.ctxFlowFor(fi)
	ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if oc, ok := outbound.Classify(c.info, call); ok {
			c.outboundSite(fi, fl, call, oc)
			return true
		}
		if c.gormSite(fi, fl, call) {
			return true
		}
		fn := typesx.Callee(c.info, call)
		if fn == nil {
			c.dynamicSites(fi, fl, call)
			return true
		}
		fn = fn.Origin()
		sig, ok := fn.Type().(*types.Signature)
		if !ok || sig.Variadic() && sig.Params().Len() <= len(call.Args) && call.Ellipsis.IsValid() {
			return true
		}
		local := c.byObj[fn]
		if local == nil && fn.Pkg() == c.pass.Pkg {
			// A method of the package's interface whose one implementation
			// is here (NewLocalSessionRegistry returns *LocalSessionRegistry
			// as a SessionRegistry): judged by what that implementation
			// does with the context, not as a port of unknown cost.
			if impl := c.ix.SoleImpl(fn); impl != nil && c.byObj[impl] != nil {
				fn, local = impl, c.byObj[impl]
			}
		}
		var fact reachFact
		imported := local == nil && fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &fact)
		if local == nil && !imported {
			if i, ok := c.portCall(fi, call, fn, sig); ok {
				s := &sinkSite{call: call, fi: fi, arg: call.Args[i], cls: fl.ctx(call.Args[i]), param: i, label: calleeLabel(call), direct: true, port: true}
				s.via = s.label
				if s.cls.unbounded() || s.cls.fromParams() {
					c.sites = append(c.sites, s)
				}
			}
			return true
		}
		for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
			if local != nil && outbound.IsHTTPRequest(sig.Params().At(i).Type()) {
				// A request handed to a function of the package that
				// sends it (func (c *Client) send(req *http.Request)).
				s := &sinkSite{call: call, fi: fi, arg: call.Args[i], cls: fl.request(call.Args[i]), param: i, label: calleeLabel(call), callee: fn, reqParam: true}
				if s.cls.unbounded() || s.cls.fromReqParams() {
					c.sites = append(c.sites, s)
				}
				continue
			}
			if !outbound.IsContext(sig.Params().At(i).Type()) {
				continue
			}
			c.calleeSite(fi, fl, call, i, fn, imported, &fact)
		}
		return true
	})
}

// calleeSite adds the site of a call's context argument i bound to a
// function of this package (callee: its summary decides) or of another
// (imported: by its fact, whose parameters must include i).
func (c *checker) calleeSite(fi *funcInfo, fl *ctxFlow, call *ast.CallExpr, i int, fn *types.Func, imported bool, fact *reachFact) {
	if imported && !fact.Params.has(i) {
		return
	}
	s := &sinkSite{call: call, fi: fi, arg: call.Args[i], cls: fl.ctx(call.Args[i]), param: i, label: calleeLabel(call)}
	if imported {
		s.via, s.loop, s.portOnly = fact.Via, fact.Loop, fact.PortOnly
	} else {
		s.callee = fn
	}
	if s.cls.unbounded() || s.cls.fromParams() {
		c.sites = append(c.sites, s)
	}
}

// dynamicSites adds the sites of a call through a value of function type
// (j.fn(ctx, now)): its callees are the package's function values of that
// type (pkgindex.FuncValuesOf), the package's own by their summaries and
// other packages' by their facts - a worker started with
// start("nightly", n.Run) that calls j.fn(ctx, now) with its lifetime
// context reaches what n.Run reaches.
func (c *checker) dynamicSites(fi *funcInfo, fl *ctxFlow, call *ast.CallExpr) {
	tv, ok := c.info.Types[call.Fun]
	if !ok || !tv.IsValue() {
		return // a conversion or a builtin
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || sig.Variadic() && call.Ellipsis.IsValid() {
		return
	}
	ctxParams := false
	for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
		ctxParams = ctxParams || outbound.IsContext(sig.Params().At(i).Type())
	}
	if !ctxParams {
		return
	}
	seen := map[*types.Func]bool{}
	for _, fv := range c.ix.FuncValuesOf(sig) {
		fn := fv.Func.Origin()
		if seen[fn] {
			continue
		}
		seen[fn] = true
		local := c.byObj[fn]
		var fact reachFact
		imported := local == nil && fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &fact)
		if local == nil && !imported {
			continue
		}
		for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
			if outbound.IsContext(sig.Params().At(i).Type()) {
				c.calleeSite(fi, fl, call, i, fn, imported, &fact)
			}
		}
	}
}

func (c *checker) outboundSite(fi *funcInfo, fl *ctxFlow, call *ast.CallExpr, oc outbound.Call) {
	if oc.Stream || oc.Cleanup || oc.LibraryTimeouts || oc.Bounded || oc.Local || oc.Constructor || c.ownAPI(oc) {
		return
	}
	if oc.Kind == outbound.Cloud && strings.HasPrefix(typesx.ImportPath(oc.Func.Pkg()), awsPrefix) && c.awsClientTimeout() {
		return
	}
	s := &sinkSite{call: call, fi: fi, via: oc.Name, label: calleeLabel(call), direct: true}
	switch {
	case oc.ClientSend:
		if oc.Func.Name() != "Do" || len(call.Args) != 1 || oc.Recv == nil || c.requestLoopback(fi, call.Args[0], call, 0) {
			return
		}
		o := c.recvOrigins(call, oc.Recv, fi)
		if !o.reportable() {
			return
		}
		s.origins = o.untimed
		s.arg = call.Args[0]
		s.cls = fl.request(call.Args[0])
		s.reqParam = s.cls.fromReqParams()
	case oc.DialerCall:
		if oc.CtxArg < 0 || oc.Recv == nil || len(call.Args) <= oc.CtxArg {
			return
		}
		o := c.recvOrigins(call, oc.Recv, fi)
		if !o.reportable() {
			return
		}
		s.origins = o.untimed
		s.arg = call.Args[oc.CtxArg]
		s.cls = fl.ctx(s.arg)
	case oc.CtxArg >= 0 && oc.CtxArg < len(call.Args):
		if c.sqlBounded(fi, call, oc) {
			return
		}
		s.arg = call.Args[oc.CtxArg]
		s.cls = fl.ctx(s.arg)
	default:
		return
	}
	if s.cls.unbounded() || s.cls.fromParams() || s.reqParam {
		c.sites = append(c.sites, s)
	}
}

// ownAPI reports whether the outbound call is made by the package that
// defines it: net/http's http.Get calling DefaultClient.Get, database/sql's
// Query calling QueryContext(context.Background()). Those are the API's
// own plumbing; its callers are where a deadline belongs.
func (c *checker) ownAPI(oc outbound.Call) bool {
	return oc.Func.Pkg() == c.pass.Pkg && !oc.Doer && !oc.Handle
}

// summarize computes the package's reach summaries to a fixed point and
// exports a fact for every function that has one.
func (c *checker) summarize() {
	for changed := true; changed; {
		changed = false
		for _, s := range c.sites {
			if !(s.cls.fromParams() || s.reqParam && s.cls.fromReqParams()) || s.fi.obj == nil {
				continue
			}
			via, ok := c.active(s)
			if !ok {
				continue
			}
			sum := c.sums[s.fi.obj]
			if sum == nil {
				sum = &summary{via: via}
				c.sums[s.fi.obj] = sum
			}
			if !sum.real && !c.portOnlySite(s) {
				// A library's call wins the name over a port's.
				sum.real, sum.via = true, via
				changed = true
			}
			if s.reqParam {
				if c.addReqOrigins(sum, s) {
					changed = true
				}
				continue
			}
			if m := sum.mask.union(s.cls.params); !m.equal(sum.mask) {
				sum.mask = m
				changed = true
			}
			if !sum.loop && c.loops(s) {
				sum.loop = true
				changed = true
			}
		}
	}
	for _, fi := range c.funcs {
		if fi.obj == nil || fi.test || c.testDouble {
			continue
		}
		if sum := c.sums[fi.obj]; sum != nil && !sum.mask.empty() {
			c.pass.ExportObjectFact(fi.obj, &reachFact{Params: sum.mask, Via: sum.via, Loop: sum.loop, PortOnly: !sum.real})
		}
		if f := c.untimedConstructor(fi); f != nil {
			c.pass.ExportObjectFact(fi.obj, f)
		}
	}
}

// untimedFact marks an exported constructor every return of which gives,
// as its first result, an http.Client or net.Dialer made with no timeout
// (func NewClient() *http.Client { return &http.Client{Transport: tr} }):
// a client its callers in other packages send through is followed to it.
type untimedFact struct {
	Desc string // "http.Client", "net.Dialer"
	Func string // the constructor, for messages: "httpx.NewClient"
}

func (*untimedFact) AFact() {}

func (f *untimedFact) String() string { return "returns a " + f.Desc + " with no timeout" }

// untimedConstructor returns the fact of fi when it is such a constructor.
func (c *checker) untimedConstructor(fi *funcInfo) *untimedFact {
	if !fi.obj.Exported() || fi.decl == nil || fi.decl.Body == nil {
		return nil
	}
	sig, ok := fi.obj.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !isTracked(sig.Results().At(0).Type()) {
		return nil
	}
	o := c.returnOrigins(fi, 0, 0)
	if !o.allUntimed() {
		return nil
	}
	desc := o.untimed[0].desc
	for _, u := range o.untimed {
		if u.desc != desc || desc == "http.DefaultClient" {
			return nil
		}
	}
	return &untimedFact{Desc: desc, Func: fi.obj.Pkg().Name() + "." + fi.obj.Name()}
}

// addReqOrigins records in sum that the request parameters of s.cls are
// sent through s's clients with no timeout; it reports whether sum grew.
func (c *checker) addReqOrigins(sum *summary, s *sinkSite) bool {
	origins := c.sendOrigins(s)
	if len(origins) == 0 {
		return false
	}
	grew := false
	if m := sum.reqMask.union(s.cls.reqParams); !m.equal(sum.reqMask) {
		sum.reqMask = m
		grew = true
	}
	if sum.reqOrigins == nil {
		sum.reqOrigins = map[int][]origin{}
	}
	for p := range s.cls.reqParams.all() {
		for _, o := range origins {
			if !slices.ContainsFunc(sum.reqOrigins[p], func(x origin) bool { return x.node == o.node }) {
				sum.reqOrigins[p] = append(sum.reqOrigins[p], o)
				grew = true
			}
		}
	}
	return grew
}

// calleeLabel returns the call's function as written: "s.fetch",
// "db.QueryContext", shortened if long.
func calleeLabel(call *ast.CallExpr) string {
	s := types.ExprString(call.Fun)
	if len(s) > 60 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return "..." + sel.Sel.Name
		}
		return "the call"
	}
	return s
}

// portCall reports whether call is a method call on an injected port of
// the module - an interface declared in the module being analysed, held in
// a field of the receiver or passed as a parameter (s.shipments.List,
// s.push.Send) - that takes a context, and returns the context's
// parameter index. Its implementations are elsewhere (a repository, a
// client: often in a package this one does not import, whose facts it
// cannot see), and a method that takes a context is one that waits on
// something: a context.Background() given to it has no deadline. Not
// loggers, metrics, caches or database handles (sideeffect.Dependency),
// nor cleanup (Close, Release, Rollback, Unlock: given a fresh context on
// purpose).
func (c *checker) portCall(fi *funcInfo, call *ast.CallExpr, fn *types.Func, sig *types.Signature) (int, bool) {
	if sig.Recv() == nil || fn.Pkg() == nil || fi.obj == nil {
		return -1, false
	}
	if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); !isIface {
		return -1, false
	}
	if !sideeffect.SameModule(typesx.ImportPath(fn.Pkg()), typesx.ImportPath(c.pass.Pkg)) || outbound.FreshContextMethod(fn.Name()) {
		return -1, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return -1, false
	}
	esig, _ := fi.obj.Type().(*types.Signature)
	if esig == nil || !sideeffect.Injected(c.info, esig, sel.X) {
		return -1, false
	}
	t := c.info.TypeOf(sel.X)
	if t == nil || !sideeffect.Dependency(c.pass.Pkg, t) {
		return -1, false
	}
	// A cache answers from memory, or gives up quickly by design; error
	// alerting, logging and metrics hand off (Sentry's client queues).
	if _, name := typesx.TypeKey(t); sideeffect.LocalServiceName(name) || sideeffect.LocalServiceName(typesx.LastName(sel.X)) {
		return -1, false
	}
	// A method that cannot fail returns what the dependency holds (a
	// container's EmailClient(ctx), a logger-carrying ForkWithLogger(ctx)):
	// it reads the context's values, it does not wait on the network.
	if res := sig.Results(); res.Len() == 0 || !typesx.IsError(res.At(res.Len()-1).Type()) {
		return -1, false
	}
	for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
		if outbound.IsContext(sig.Params().At(i).Type()) {
			return i, true
		}
	}
	return -1, false
}

// gormSite adds the site of a GORM statement whose chain carries a context
// (db.WithContext(ctx).First(&t, id), Session(&gorm.Session{Context: ctx})):
// the statement waits on the database with that context, so a context
// parameter that reaches it makes the function an outbound call for its
// callers, and context.Background() there is reported as for QueryContext.
// A transaction callback (Transaction(fc)) is not a statement: its tx
// carries the context into the statements inside.
func (c *checker) gormSite(fi *funcInfo, fl *ctxFlow, call *ast.CallExpr) bool {
	if c.db == nil {
		return false
	}
	dc := c.db.Match(call)
	if dc == nil || dc.Lib != dbcall.LibGORM || dc.Via != nil {
		return false
	}
	ctx := dc.Ctx
	if ctx == nil {
		ctx = c.derivedGormCtx(fi, dc.Recv, call)
	}
	if ctx == nil {
		return false
	}
	if !dc.Op.Statement() {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := &sinkSite{call: call, fi: fi, via: "GORM's " + sel.Sel.Name, label: calleeLabel(call), direct: true, arg: ctx, cls: fl.ctx(ctx)}
	if s.cls.unbounded() || s.cls.fromParams() {
		c.sites = append(c.sites, s)
	}
	return true
}

// derivedGormCtx returns the context of a GORM handle derived in the
// function (db := s.db.WithContext(ctx)) when every definition of the
// local variable recv that reaches at is such a derivation with the same
// context expression; nil otherwise.
func (c *checker) derivedGormCtx(fi *funcInfo, recv ast.Expr, at ast.Node) ast.Expr {
	id, ok := ast.Unparen(recv).(*ast.Ident)
	if !ok || fi == nil {
		return nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || c.isPkgVar(v) {
		return nil
	}
	ds := fi.reaching(v, at)
	if len(ds) != 1 || ds[0].kind != defAssign || ds[0].idx >= 0 || ds[0].rhs == nil {
		return nil
	}
	call, ok := ast.Unparen(ds[0].rhs).(*ast.CallExpr)
	if !ok {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "WithContext" || len(call.Args) != 1 {
		return nil
	}
	if fn := typesx.Callee(c.info, call); fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "gorm.io/gorm" {
		return nil
	}
	return call.Args[0]
}

const awsPrefix = "github.com/aws/aws-sdk-go-v2/"

// awsClientTimeout reports whether the package builds its AWS SDK clients
// on an HTTP client known to be bounded: config.WithHTTPClient(hc) or a
// service's Options{HTTPClient: hc}, hc a client literal whose Timeout (or
// Transport) literalOrigin finds bounding, or awshttp's
// BuildableClient.WithTimeout(d). Every request
// of those clients is bounded; the check does not follow which client a
// call uses, so one such configuration in the package counts for its AWS
// calls (harbor's ECR adapter).
func (c *checker) awsClientTimeout() bool {
	if c.awsTimeout != 0 {
		return c.awsTimeout > 0
	}
	c.awsTimeout = -1
	fromAWS := func(pkg *types.Package) bool {
		return pkg != nil && strings.HasPrefix(typesx.ImportPath(pkg), awsPrefix)
	}
	// Known to be bounded, not merely unseen: an http.Client literal
	// (directly, through &, or a local assigned once) that literalOrigin
	// finds timed, or awshttp's BuildableClient WithTimeout(d). A client
	// from elsewhere (awshttp.NewBuildableClient() alone has no Timeout)
	// leaves the calls reported.
	timed := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if vals, ok := c.ix.LocalValues(e); ok && len(vals) == 1 {
			e = ast.Unparen(vals[0])
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		if call, ok := e.(*ast.CallExpr); ok {
			fn := typesx.Callee(c.info, call)
			return fn != nil && fn.Name() == "WithTimeout" && fromAWS(fn.Pkg())
		}
		lit, ok := e.(*ast.CompositeLit)
		fi := c.funcOf(c.ix.EnclosingFunc(e))
		return ok && fi != nil && outbound.IsHTTPClient(c.info.TypeOf(lit)) && !c.literalOrigin(lit, fi, 0).allUntimed()
	}
	for _, call := range c.ix.Calls() {
		if fn := typesx.Callee(c.info, call); fn != nil && fromAWS(fn.Pkg()) && fn.Name() == "WithHTTPClient" && len(call.Args) == 1 && timed(call.Args[0]) {
			c.awsTimeout = 1
			return true
		}
	}
	for cur := range c.ix.Insp.Root().Preorder((*ast.KeyValueExpr)(nil)) {
		kv := cur.Node().(*ast.KeyValueExpr)
		k, ok := kv.Key.(*ast.Ident)
		if !ok || k.Name != "HTTPClient" {
			continue
		}
		cl, ok := cur.Parent().Node().(*ast.CompositeLit)
		if !ok {
			continue
		}
		if n, ok := types.Unalias(typesx.Deref(c.info.TypeOf(cl))).(*types.Named); ok && fromAWS(n.Obj().Pkg()) && timed(kv.Value) {
			c.awsTimeout = 1
			return true
		}
	}
	return false
}
