// Package ctxtimeout reports outbound calls that can wait forever: HTTP
// requests through clients without a Timeout, dials without one,
// database/sql calls that cannot be cancelled, and context.Background()
// reaching an HTTP, database, gRPC or cloud call with no deadline on the
// way.
package ctxtimeout

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports outbound calls with no deadline.
var Analyzer = &analysis.Analyzer{
	Name:      "ctxtimeout",
	Doc:       Doc.String(),
	URL:       Doc.URL(),
	Requires:  []*analysis.Analyzer{report.Analyzer, flow.Analyzer, pkgindex.Analyzer, dbcall.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(reachFact), new(untimedFact), new(noCtxFact)},
}

// allSQL: report database/sql calls without a context even where no
// context is in scope.
var allSQL bool

func init() {
	Analyzer.Flags.BoolVar(&allSQL, "all-sql", false,
		"report every database/sql or sqlx call without a context, not only those in code that has a context at hand")
}

// The timeouts the suggested fixes write.
const (
	clientTimeout = "30 * time.Second" // http.Client.Timeout
	ctxTimeout    = "30*time.Second"   // context.WithTimeout
	dialTimeout   = "10*time.Second"   // net.DialTimeout
	dialerTimeout = "10 * time.Second" // net.Dialer.Timeout
)

type checker struct {
	listenAddrs  map[string]bool // the addresses the package listens on (ownListenAddr), built on first use
	noCtx        map[*types.Func]*noCtxFact
	usesCtx      int8           // pkgUsesContexts: 0 unknown, 1 yes, -1 no
	awsTimeout   int8           // awsClientTimeout: 0 unknown, 1 yes, -1 no
	srcs         *fixes.Sources // the files fixes read, each once
	pass         *analysis.Pass
	info         *types.Info
	fp           *flow.Package
	ix           *pkgindex.Index
	db           *dbcall.Index // the package's database calls (GORM chains)
	funcs        []*funcInfo
	declInfo     map[*ast.FuncDecl]*funcInfo
	byObj        map[*types.Func]*funcInfo
	litStores    map[*types.Var][]store   // fields set by composite literals, see indexLiterals
	objStores    map[*types.Var]objStores // see objOrigins
	poolMemo     map[*types.Var]bool      // see objPoolBounded
	fieldCtxMemo map[*types.Var]ctxClass  // see fieldCtx
	mutated      map[*types.Var]bool      // see mutatedMemo
	main         bool                     // package main
	testDouble   bool                     // test support by its name or imports (outbound.IsTestDouble, IsTestSupport)
	longRunning  bool                     // package main that serves, accepts or waits for signals
	migrationPkg bool                     // a package named for migrations (migrationCode)
	sites        []*sinkSite
	sums         map[*types.Func]*summary
	reported     map[token.Pos]bool
	gofmtClean   map[ast.Decl]bool // top-level declarations gofmt leaves as they are
	// rootFixed holds the functions that already offer a context.WithTimeout
	// fix: a second one in the same function would declare the same fresh
	// names again (ctx, cancel := ...) and not compile when both are
	// applied, so it waits for the next round of -fix, which names its own.
	rootFixed map[*funcInfo]bool
}

func run(pass *analysis.Pass) (any, error) {
	if !relevant(pass.Pkg) && !hasPorts(pass.Pkg) {
		return nil, nil
	}
	fp, ok := pass.ResultOf[flow.Analyzer].(*flow.Package)
	if !ok {
		return nil, nil
	}
	c := &checker{
		srcs:     fixes.NewSources(pass),
		pass:     pass,
		info:     pass.TypesInfo,
		fp:       fp,
		ix:       fp.Index(),
		db:       pass.ResultOf[dbcall.Analyzer].(*dbcall.Index),
		declInfo: map[*ast.FuncDecl]*funcInfo{},
		byObj:    map[*types.Func]*funcInfo{},
		main:     pass.Pkg.Name() == "main",
		// A package of test support (httptest-style, testutil, fakes,
		// mocks) is imported only by tests: its calls never hang a
		// long-running process.
		testDouble:   outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files),
		migrationPkg: namedMigration(path.Base(pass.Pkg.Path())) || namedMigration(pass.Pkg.Name()),
		sums:         map[*types.Func]*summary{},
		reported:     map[token.Pos]bool{},
	}
	files := map[*token.File]*ast.File{}
	for _, f := range pass.Files {
		files[pass.Fset.File(f.Pos())] = f
	}
	c.ix.Insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				return
			}
			tf := pass.Fset.File(n.Pos())
			file := files[tf]
			if file == nil {
				return
			}
			fi := newFuncInfo(c.info, c.ix, c.fp, file, n, typesx.IsTestCode(tf.Name(), file))
			c.funcs = append(c.funcs, fi)
			c.declInfo[n] = fi
			if fi.obj != nil {
				c.byObj[fi.obj] = fi
			}
		case *ast.CallExpr:
			if c.main && !c.longRunning && outbound.IsServe(c.info, n) {
				c.longRunning = true
			}
		}
	})
	for _, fi := range c.funcs {
		c.collectSites(fi)
	}
	c.summarize()
	c.check()
	return nil, nil
}

// relevant reports whether pkg imports, directly or not, a package whose
// calls go out of the process. Most packages do not, and the check skips
// them at once.
func relevant(pkg *types.Package) bool {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		for _, imp := range p.Imports() {
			if seen[imp] {
				continue
			}
			seen[imp] = true
			if outbound.Relevant(imp.Path()) || walk(imp) {
				return true
			}
		}
		return false
	}
	return walk(pkg)
}

// hasPorts reports whether pkg, or a package of its module that it
// imports, declares an interface with a method that takes a context: a
// port whose calls portCall follows, in a package that may import no
// network library itself (a service layer that knows only its ports).
func hasPorts(pkg *types.Package) bool {
	if declaresPorts(pkg) {
		return true
	}
	mod := typesx.ImportPath(pkg)
	for _, imp := range pkg.Imports() {
		if sideeffect.SameModule(typesx.ImportPath(imp), mod) && declaresPorts(imp) {
			return true
		}
	}
	return false
}

// portsMemo caches declaresPorts by package (packages are analysed
// concurrently).
var portsMemo sync.Map

func declaresPorts(pkg *types.Package) bool {
	if v, ok := portsMemo.Load(pkg); ok {
		return v.(bool)
	}
	found := false
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		it, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for m := range it.Methods() {
			sig := m.Type().(*types.Signature)
			for p := range sig.Params().Variables() {
				if outbound.IsContext(p.Type()) {
					found = true
				}
			}
		}
		if found {
			break
		}
	}
	portsMemo.Store(pkg, found)
	return found
}

// keep decides whether a hazard at n (in fi) is reported. Tests are never
// long-running processes: nothing in a _test.go file, or in a file that
// imports "testing" (test helpers), is reported. In a
// main package, only what would hang a long-running process is: if the
// program serves (an HTTP or gRPC server, a listener's Accept) or waits
// for signals, everything outside the straight-line code of main and init
// (startup, where a hang shows at deploy time); in any main package, what
// runs in a loop that lives as long as the process (for {} or a range over
// a channel).
func (c *checker) keep(fi *funcInfo, n ast.Node) bool {
	if fi.test || c.testDouble || (!allSQL && c.migrationCode(fi)) {
		return false
	}
	if !c.main {
		return true
	}
	if fi.inForeverLoop(c.info, n) {
		return true
	}
	if !c.longRunning {
		return false
	}
	if fi.decl.Recv == nil && (fi.decl.Name.Name == "main" || fi.decl.Name.Name == "init") {
		return fi.enclosingLit(n) != nil
	}
	return true
}

// keepsLoop reports a site in main's startup code whose callee, a function
// of the package, runs its calls in a loop as long as the context lives
// (start(ctx, jobs), a scheduler that never returns): the loop is the
// process's, not startup's.
func (c *checker) keepsLoop(s *sinkSite) bool {
	if !c.main || s.fi.test || c.testDouble || s.direct || s.callee == nil {
		// Another package's loop (a DNS watcher its constructor starts,
		// nakama's DbConnect) is that package's business: the context
		// given is the watcher's lifetime, and the deadline belongs on
		// each call there.
		return false
	}
	return c.loops(s)
}

// check reports the hazards.
func (c *checker) check() {
	defer c.exportNoCtx()
	originSends := map[ast.Node][]send{}
	originDesc := map[ast.Node]string{}
	addSend := func(os []origin, call *ast.CallExpr, why string, s *sinkSite) {
		for _, o := range os {
			originSends[o.node] = append(originSends[o.node], send{call, calleeLabel(call), why, s})
			originDesc[o.node] = o.desc
		}
	}
	type rootUse struct {
		site *sinkSite
		via  string
	}
	roots := map[ast.Node][]rootUse{}

	for _, s := range c.sites {
		if !s.cls.unbounded() || !c.keep(s.fi, s.call) && !c.keepsLoop(s) {
			continue
		}
		via, ok := c.active(s)
		if !ok {
			continue
		}
		if os := c.sendOrigins(s); os != nil {
			addSend(os, s.call, c.noDeadlineWhy(s), s)
			continue
		}
		if s.reqParam {
			continue
		}
		portOnly := !s.direct && c.portOnlySite(s)
		if portOnly && !c.callerContextAtHand(s.fi, s.call) {
			// Reached through functions that call only the module's
			// own interfaces: told only where the caller had the
			// request's context at hand and dropped it.
			continue
		}
		for _, r := range s.cls.roots {
			if call, ok := r.(*ast.CallExpr); ok && portOnly && outbound.ContextOp(c.info, call) == outbound.CtxDetach {
				// context.WithoutCancel(ctx) keeps the caller's values
				// and detaches on purpose (work that must finish after
				// the request): not a context dropped.
				continue
			}
			roots[r] = append(roots[r], rootUse{s, via})
		}
	}

	for _, fi := range c.funcs {
		ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if c.keep(fi, call) {
				c.gormNoContext(fi, call)
			}
			oc, ok := outbound.Classify(c.info, call)
			if !ok {
				c.noCtxAPICall(fi, call)
			}
			if !ok || c.ownAPI(oc) || !c.keep(fi, call) {
				return true
			}
			switch {
			case oc.DefaultClient:
				if len(call.Args) > 0 && c.loopbackURL(fi, call.Args[0], call) {
					return true // a server on the same host
				}
				c.reportDefaultFunc(fi, call, oc)
			case oc.ClientSend && oc.Func.Name() != "Do" && oc.Recv != nil:
				if len(call.Args) > 0 && c.loopbackURL(fi, call.Args[0], call) {
					return true
				}
				if o := c.recvOrigins(call, oc.Recv, fi); o.reportable() {
					addSend(o.untimed, call, "with no context at all", nil)
				}
			case oc.DialerCall && oc.CtxArg < 0:
				d := oc.Recv
				if oc.Func.Name() == "DialWithDialer" && len(call.Args) > 0 {
					d = call.Args[0]
				}
				if d != nil && !c.udpOrUnix(fi, call, oc) {
					if o := c.origins(d, -1, fi, 0); o.allUntimed() {
						addSend(o.untimed, call, "with no context", nil)
					}
				}
			case oc.BlockingDial && oc.CtxArg < 0 && !oc.Bounded:
				c.reportGRPCDial(call, oc)
			case oc.Kind == outbound.Dial && oc.Recv == nil && !oc.Bounded && !oc.DialerCall:
				if !c.udpOrUnix(fi, call, oc) {
					c.reportDial(fi, call, oc)
				}
			case oc.ContextForm != "":
				// Code that serves requests has the request's context at
				// hand (a context parameter, an *http.Request, a context
				// with a deadline): there the call drops a deadline it
				// could have passed. Elsewhere (a storage layer with no
				// contexts at all, startup code) the fix is an API change,
				// reported only with -all-sql.
				if c.sqlBounded(fi, call, oc) || c.txPrepare(oc) {
					return true
				}
				if sc := c.scopeCtx(fi, call); sc.text != "" || allSQL {
					c.reportNoContext(fi, call, oc, sc)
				} else if c.blankCtxParam(fi, call) {
					c.report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(), Category: Doc.Code("no-context"),
						Message: fmt.Sprintf("%s has no deadline, though this function is given a context and drops it; name the parameter and use %s", oc.Name, oc.ContextForm),
					})
				} else if by := c.callersWithContext(fi); by != "" {
					c.reportNoContextCallers(call, oc, by)
				} else if c.exportsNoCtx(fi) {
					c.markNoCtx(fi, oc.Name, oc.ContextForm)
				}
			}
			return true
		})
	}

	// Clients and dialers made with no timeout, reported where they are
	// made, naming the sends that have no deadline.
	var nodes []ast.Node
	for n := range originSends {
		nodes = append(nodes, n)
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Pos() < nodes[j].Pos() })
	for _, n := range nodes {
		if c.inTestFile(n.Pos()) {
			continue
		}
		c.reportOrigin(n, originDesc[n], originSends[n])
	}

	// context.Background() and friends reaching outbound calls.
	var rs []ast.Node
	for r := range roots {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Pos() < rs[j].Pos() })
	for _, r := range rs {
		uses := roots[r]
		sort.SliceStable(uses, func(i, j int) bool { return uses[i].site.call.Pos() < uses[j].site.call.Pos() })
		c.reportRoot(r, uses[0].site, uses[0].via, len(uses))
	}
}

func (c *checker) inTestFile(pos token.Pos) bool {
	tf := c.pass.Fset.File(pos)
	return tf != nil && typesx.IsTestCode(tf.Name(), fixes.FileOf(c.pass, pos))
}

// noDeadlineWhy explains why a request or dial site carries no deadline.
func (c *checker) noDeadlineWhy(s *sinkSite) string {
	r := s.cls.roots[0]
	call, _ := r.(*ast.CallExpr)
	if call != nil && outbound.RequestOp(c.info, call) == outbound.ReqNoCtx {
		return "a request with no context"
	}
	return "with no deadline"
}

// udpOrUnix reports whether a dial's network is a constant naming a
// connectionless or local network, or its address a constant loopback
// address (127.0.0.1:port, localhost:port), where a dial does not wait on
// a remote peer.
func (c *checker) udpOrUnix(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) bool {
	i := 0
	switch {
	case oc.Func.Name() == "DialWithDialer":
		i = 1
	case oc.CtxArg == 0:
		i = 1
	}
	if i >= len(call.Args) {
		return false
	}
	if c.localNetwork(fi, call.Args[i], 0) {
		return true
	}
	// A constant loopback address: a peer on the same host.
	if i+1 < len(call.Args) {
		if a, ok := typesx.StringConst(c.info, call.Args[i+1]); ok && outbound.IsLoopbackAddr(a) {
			return true
		}
		// The address this process listens on (an http.Server's Addr or
		// net.Listen's address, written the same way in the package): a
		// listener of its own answers or refuses at once (openfga's
		// playground dialing its own HTTP server).
		if c.ownListenAddr(call.Args[i+1]) {
			return true
		}
	}
	return false
}

// ownListenAddr reports whether the address expression e is the address
// an http.Server's Addr or a net.Listen in the package is given: the same
// variable, or the same chain of fields (cfg.HTTP.Addr, of whichever value
// of that config type).
func (c *checker) ownListenAddr(e ast.Expr) bool {
	key, ok := c.addrKey(e)
	if !ok {
		return false
	}
	if c.listenAddrs == nil {
		c.listenAddrs = map[string]bool{}
		add := func(x ast.Expr) {
			if k, ok := c.addrKey(x); ok {
				c.listenAddrs[k] = true
			}
		}
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					if t := c.info.TypeOf(n); t != nil && typesx.IsNamedOrPointer(t, "net/http", "Server") {
						for _, el := range n.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok {
								if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Addr" {
									add(kv.Value)
								}
							}
						}
					}
				case *ast.CallExpr:
					if fn := typesx.Callee(c.info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "net" && fn.Name() == "Listen" && len(n.Args) == 2 {
						add(n.Args[1])
					}
				}
				return true
			})
		}
	}
	return c.listenAddrs[key]
}

// addrKey names an address expression by what it reads: a variable (by
// its declaration), or a chain of fields (by theirs, whatever the value
// they are read from).
func (c *checker) addrKey(e ast.Expr) (string, bool) {
	var fields []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if len(fields) > 0 {
				return strings.Join(fields, "."), true
			}
			v, ok := c.info.Uses[x].(*types.Var)
			if !ok {
				return "", false
			}
			return fmt.Sprintf("var@%d", v.Pos()), true
		case *ast.SelectorExpr:
			sel := c.info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal {
				return "", false
			}
			fields = append([]string{fmt.Sprintf("%s@%d", sel.Obj().Name(), sel.Obj().Pos())}, fields...)
			e = x.X
		default:
			if len(fields) > 0 {
				return strings.Join(fields, "."), true
			}
			return "", false
		}
	}
}

// localNetwork reports whether the network expression e is a constant
// naming a connectionless or local network, or a range variable over a
// literal list of such constants.
func (c *checker) localNetwork(fi *funcInfo, e ast.Expr, depth int) bool {
	if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
		s := strings.Trim(tv.Value.ExactString(), `"`)
		return strings.HasPrefix(s, "udp") || strings.HasPrefix(s, "unix") || strings.HasPrefix(s, "ip")
	}
	if depth > 2 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if !c.localNetwork(fi, elt, depth+1) {
				return false
			}
		}
		return len(e.Elts) > 0
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		ds := fi.defsOf(v)
		if len(ds) != 1 {
			return false
		}
		switch d := ds[0]; {
		case d.kind == defAssign && d.idx < 0:
			return c.localNetwork(fi, d.rhs, depth+1)
		case d.kind == defUnknown:
			rs, ok := d.node.(*ast.RangeStmt)
			if !ok {
				return false
			}
			if id, ok := rs.Value.(*ast.Ident); ok && c.info.ObjectOf(id) == v {
				return c.localNetwork(fi, rs.X, depth+1)
			}
		}
	}
	return false
}

func (c *checker) report(d analysis.Diagnostic) {
	if c.reported[d.Pos] {
		return
	}
	c.reported[d.Pos] = true
	report.Report(c.pass, d)
}

func (c *checker) reportDefaultFunc(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) {
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("default-client"),
		Message: fmt.Sprintf("%s uses http.DefaultClient, which has no timeout, so a slow server holds it forever; use a client with a Timeout or a deadline context", oc.Name),
	}
	if fix, ok := c.fixDefaultFunc(fi, call, oc); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

func (c *checker) reportDial(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) {
	if oc.Func.Pkg().Path() == "net/smtp" {
		c.reportSMTP(call, oc)
		return
	}
	alt := "net.DialTimeout or a net.Dialer with a Timeout"
	if oc.Func.Pkg().Path() == "crypto/tls" {
		alt = "tls.DialWithDialer and a net.Dialer with a Timeout"
	}
	if sc := c.scopeCtx(fi, call); sc.text != "" && !sc.outer {
		alt += fmt.Sprintf(", or DialContext with %s", sc.text)
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("dial-no-timeout"),
		Message: fmt.Sprintf("%s has no timeout: a host that does not answer holds it for minutes; use %s", oc.Name, alt),
	}
	if fix, ok := c.fixDial(fi, call, oc); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// reportSMTP reports net/smtp's SendMail and Dial, which dial the relay
// with no timeout, unless the relay is a constant loopback address (a
// local MTA). No fix: the remedy is a connection of one's own.
func (c *checker) reportSMTP(call *ast.CallExpr, oc outbound.Call) {
	if len(call.Args) > 0 {
		if a, ok := typesx.StringConst(c.info, call.Args[0]); ok && outbound.IsLoopbackAddr(a) {
			return
		}
	}
	c.report(analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("dial-no-timeout"),
		Message: fmt.Sprintf("%s dials the mail relay with no timeout, so a relay that does not answer holds it for minutes; dial with a net.Dialer Timeout and use smtp.NewClient", oc.Name),
	})
}

// reportGRPCDial reports grpc.Dial with grpc.WithBlock and no
// grpc.WithTimeout: it waits for the connection with no deadline.
func (c *checker) reportGRPCDial(call *ast.CallExpr, oc outbound.Call) {
	c.report(analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("dial-no-timeout"),
		Message: fmt.Sprintf("%s with grpc.WithBlock waits for the connection forever if the server does not answer; use DialContext with a context.WithTimeout, or drop WithBlock", oc.Name),
	})
}

func (c *checker) reportNoContext(fi *funcInfo, call *ast.CallExpr, oc outbound.Call, sc inScope) {
	if sc.outer {
		c.reportNoContextGo(fi, call, oc, sc.text)
		return
	}
	ctx := sc.text
	where := "pass the caller's context"
	fixCtx := ""
	if ctx != "" {
		where = "pass " + ctx
		if fixCtx = c.ctxForFix(fi, call); fixCtx == "" {
			where += ", and a deadline from its callers (one passes a context with none)"
		}
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("no-context"),
		Message: fmt.Sprintf("%s has no deadline and cannot be cancelled, so a stuck database holds it forever; use %s and %s", oc.Name, oc.ContextForm, where),
	}
	if fix, ok := c.fixNoContext(fi, call, oc, fixCtx); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// blankCtxParam reports a function declared with a context parameter it
// leaves unnamed or names _ (func exportDrivers(_ context.Context, ...)),
// at a call in its own body (not in a function literal or goroutine): its
// caller's context was handed to it and dropped. No fix: the parameter
// needs a name first.
func (c *checker) blankCtxParam(fi *funcInfo, at ast.Node) bool {
	if fi == nil || fi.decl == nil || fi.decl.Type.Params == nil || fi.enclosingLit(at) != nil {
		return false
	}
	for _, f := range fi.decl.Type.Params.List {
		if t := c.info.TypeOf(f.Type); t == nil || !outbound.IsContext(t) {
			continue
		}
		if len(f.Names) == 0 {
			return true
		}
		for _, n := range f.Names {
			if n.Name == "_" {
				return true
			}
		}
	}
	return false
}

// noCtxFact marks an exported function of a package that otherwise takes
// contexts, with no context parameter of its own, that runs a database
// call with no context (a repository's IncrementViews(id) among its
// ctx-taking methods): its callers in other packages that have a context
// at hand are told, since they are where the request's deadline is.
type noCtxFact struct {
	Via  string // the call, "(*sql.DB).Exec"
	Form string // its context form, "ExecContext"
}

func (*noCtxFact) AFact() {}

func (f *noCtxFact) String() string { return "no context into " + f.Via }

// exportsNoCtx reports whether fi is an exported function with no context
// (nor request) parameter in a package whose other exported functions take
// contexts: a legacy method of a context-aware store, not a storage layer
// without contexts (whose callers are told only with -all-sql).
func (c *checker) exportsNoCtx(fi *funcInfo) bool {
	if fi.obj == nil || !fi.obj.Exported() || fi.test || c.testDouble || len(c.pass.Analyzer.FactTypes) == 0 {
		return false
	}
	sig, _ := fi.obj.Type().(*types.Signature)
	if sig == nil {
		return false
	}
	for i := range sig.Params().Len() {
		if t := sig.Params().At(i).Type(); outbound.IsContext(t) || outbound.IsHTTPRequest(t) {
			return false
		}
	}
	return c.pkgUsesContexts()
}

// pkgUsesContexts reports whether the package's API takes contexts: of
// its exported functions and the exported methods of its exported types
// (constructors, New..., aside), at least as many take a context.Context
// first as do not. A store with one legacy method among context-taking
// ones is such a package; a storage layer without contexts whose only
// context-taking methods are those an interface dictates (miniflux's
// storage: 123 methods without, and an unexported autocert.Cache with
// Get(ctx, key)) is not.
func (c *checker) pkgUsesContexts() bool {
	if c.usesCtx == 0 {
		with, without := 0, 0
		for _, fi := range c.funcs {
			if fi.obj == nil || !fi.obj.Exported() || fi.test || strings.HasPrefix(fi.obj.Name(), "New") {
				continue
			}
			sig, _ := fi.obj.Type().(*types.Signature)
			if sig == nil {
				continue
			}
			if r := sig.Recv(); r != nil {
				if n, _ := typesx.Deref(r.Type()).(*types.Named); n == nil || !n.Obj().Exported() {
					continue
				}
			}
			if sig.Params().Len() > 0 && outbound.IsContext(sig.Params().At(0).Type()) {
				with++
			} else {
				without++
			}
		}
		c.usesCtx = -1
		if with > 0 && with >= without {
			c.usesCtx = 1
		}
	}
	return c.usesCtx > 0
}

// markNoCtx records, for exportNoCtx, that fi's callers are told of the
// call via with no context (the first one found).
func (c *checker) markNoCtx(fi *funcInfo, via, form string) {
	if c.noCtx == nil {
		c.noCtx = map[*types.Func]*noCtxFact{}
	}
	if c.noCtx[fi.obj] == nil {
		c.noCtx[fi.obj] = &noCtxFact{Via: via, Form: form}
	}
}

// exportNoCtx exports the noCtxFacts recorded while checking.
func (c *checker) exportNoCtx() {
	fns := make([]*types.Func, 0, len(c.noCtx))
	for fn := range c.noCtx {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		c.pass.ExportObjectFact(fn, c.noCtx[fn])
	}
	// A repository interface's method whose one implementation here has
	// the fact: the handler in another package calls the interface.
	for _, m := range c.ix.Interfaces() {
		if f := c.noCtx[c.ix.SoleImpl(m)]; f != nil && m.Exported() {
			c.pass.ExportObjectFact(m, f)
		}
	}
}

// noCtxAPICall reports a call of another package's function that runs a
// database call with no context (noCtxFact) from a function that was given
// its caller's context. No fix: the callee needs a ctx parameter.
func (c *checker) noCtxAPICall(fi *funcInfo, call *ast.CallExpr) {
	if len(c.pass.Analyzer.FactTypes) == 0 {
		return
	}
	fn := typesx.Callee(c.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return
	}
	// The fact first: most calls have none, and keep is the costlier test.
	var f noCtxFact
	if !c.pass.ImportObjectFact(fn.Origin(), &f) || !c.keep(fi, call) {
		return
	}
	if !c.callerContextAtHand(fi, call) {
		// A legacy method of this package that passes the call on with
		// no context of its own (CountActive(depot) calling the db
		// wrapper's Count): its callers are told in turn.
		if c.exportsNoCtx(fi) {
			c.markNoCtx(fi, f.Via, f.Form)
		}
		return
	}
	name := calleeLabel(call)
	msg := fmt.Sprintf("%s runs %s with no context, though this function has one: a stuck database holds it; give %s a ctx parameter and use %s", name, f.Via, fn.Name(), f.Form)
	if len(msg) > 160 {
		msg = fmt.Sprintf("%s runs %s with no context, though this function has one; give it a ctx parameter and use %s", name, f.Via, f.Form)
	}
	c.report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: Doc.Code("no-context"), Message: msg})
}

// callerContextAtHand reports whether the function that holds at was
// given its caller's context, as a parameter of its own (not of a function
// literal in it): an *http.Request, a framework's handler context (gin,
// echo, ...) or a context.Context (a context the function makes itself
// from Background is not one), and at does not run in a goroutine.
func (c *checker) callerContextAtHand(fi *funcInfo, at ast.Node) bool {
	if fi == nil || c.goroutineOf(fi, at) != nil {
		return false
	}
	if fi.decl == nil || fi.decl.Type.Params == nil {
		return false
	}
	for _, f := range fi.decl.Type.Params.List {
		t := c.info.TypeOf(f.Type)
		if t != nil && (outbound.IsHTTPRequest(t) || outbound.IsContext(t) || outbound.FrameworkRequestContext(t) != "") {
			return true
		}
	}
	return false
}

// callersWithContext reports, for an unexported function with no context
// at hand, that every call of it in the package has one (a handler's
// request, a context parameter): the function drops the deadline its
// callers could give it. It returns the first caller's context ("r in
// (*Server).Revenue"), "" otherwise. A function used as a value (a
// callback, a method value) has callers the check cannot see.
func (c *checker) callersWithContext(fi *funcInfo) string {
	if fi == nil || fi.obj == nil || fi.obj.Exported() || fi.test {
		return ""
	}
	calls := c.ix.CallsTo(fi.obj)
	if len(calls) == 0 || len(c.ix.Uses(fi.obj)) != len(calls) {
		return ""
	}
	first := ""
	for _, call := range calls {
		cfi := c.funcOf(c.ix.EnclosingFunc(call))
		if cfi == nil || cfi == fi || cfi.test {
			return ""
		}
		sc := c.scopeCtx(cfi, call)
		if sc.text == "" || sc.outer {
			return ""
		}
		if first == "" {
			first = fmt.Sprintf("%s in %s", sc.text, cfi.obj.Name())
		}
	}
	return first
}

// reportNoContextCallers reports a database call with no context in a
// function every caller of which has one. No fix: the function needs a
// context parameter.
func (c *checker) reportNoContextCallers(call *ast.CallExpr, oc outbound.Call, by string) {
	msg := fmt.Sprintf("%s has no deadline and cannot be cancelled, though every caller has a context (%s); take a ctx parameter and use %s", oc.Name, by, oc.ContextForm)
	if len(msg) > 160 {
		msg = fmt.Sprintf("%s has no deadline and cannot be cancelled, though every caller has a context; take a ctx parameter and use %s", oc.Name, oc.ContextForm)
	}
	c.report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: Doc.Code("no-context"), Message: msg})
}

// migrationCode reports a schema or data migration: a function, file or
// package named for one (Migrate, runMigrations, data_migrations.go,
// package migrations). Migrations run once, at startup or by an operator,
// with context.Background() on purpose: a deadline that aborts DDL halfway
// is worse than waiting, and a hang shows at deploy time. keep asks for
// every call, so the answer is kept on the function.
func (c *checker) migrationCode(fi *funcInfo) bool {
	if fi.migration == 0 {
		fi.migration = -1
		file := filepath.Base(c.pass.Fset.PositionFor(fi.decl.Pos(), false).Filename)
		if c.migrationPkg || namedMigration(fi.decl.Name.Name) || namedMigration(file) {
			fi.migration = 1
		}
	}
	return fi.migration > 0
}

func namedMigration(name string) bool { return strings.Contains(strings.ToLower(name), "migrat") }

// txPrepare reports a statement prepared on a transaction (tx.Prepare,
// sqlx's tx.Preparex, PrepareNamed): one round trip on the connection the
// transaction holds, whose statements then run with the contexts given to
// them, and which ends with the transaction (begun with a context, its
// cancellation rolls it back). Not worth a report of its own.
func (c *checker) txPrepare(oc outbound.Call) bool {
	if oc.Func == nil || oc.Recv == nil || !strings.HasPrefix(oc.Func.Name(), "Prepare") {
		return false
	}
	_, tx := outbound.IsSession(c.info.TypeOf(oc.Recv))
	return tx
}

// send is a request or dial through a client or dialer with no timeout.
type send struct {
	call  *ast.CallExpr
	label string
	why   string
	site  *sinkSite // for a send with a request or context; nil for one without
}

func (c *checker) reportOrigin(n ast.Node, desc string, sends []send) {
	sort.SliceStable(sends, func(i, j int) bool { return sends[i].call.Pos() < sends[j].call.Pos() })
	first := sends[0]
	var msg string
	switch desc {
	case "http.DefaultClient":
		msg = fmt.Sprintf("http.DefaultClient has no timeout and %s sends %s, so a slow server holds it forever; use a client with a Timeout", first.label, first.why)
	case "http.Client":
		msg = fmt.Sprintf("this http.Client has no Timeout and %s sends %s, so a slow server holds it forever; set Timeout", first.label, first.why)
	default:
		msg = fmt.Sprintf("this %s has no Timeout and %s dials %s, so a host that does not answer holds it for minutes; set Timeout", desc, first.label, first.why)
	}
	var related []analysis.RelatedInformation
	for _, sd := range sends {
		related = append(related, analysis.RelatedInformation{Pos: sd.call.Pos(), End: sd.call.End(), Message: sd.label + " sends through it"})
		if sd.site != nil && len(sd.site.cls.roots) > 0 {
			r := sd.site.cls.roots[0]
			related = append(related, analysis.RelatedInformation{Pos: r.Pos(), End: r.End(), Message: exprText(r) + " (no deadline)"})
		}
	}
	d := analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Category: Doc.Code("client-no-timeout"), Message: msg, Related: related}
	if fix, ok := c.fixOrigin(n, desc); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	} else if fix, ok := c.fixNewRequest(sends); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

func (c *checker) reportRoot(r ast.Node, s *sinkSite, via string, n int) {
	if c.rootKept(r) {
		return // the context is the lifetime of a client it builds
	}
	call, _ := r.(*ast.CallExpr)
	root := exprText(r)
	target := via
	if !s.direct {
		target = fmt.Sprintf("%s, which reaches %s", s.label, via)
	}
	detach := call != nil && outbound.ContextOp(c.info, call) == outbound.CtxDetach
	// A documented detachment (see detach.go) is deliberate.
	documented := c.documented(s.fi, r) || c.docDetached(s.fi)
	if documented && (detach || c.ownStatement(r)) || c.legacyWrapper(s.fi, r) {
		return
	}
	what := "carries no deadline"
	if detach {
		what = "drops its parent's deadline"
	}
	msg := fmt.Sprintf("%s %s into %s, so the call can wait forever; derive a context with context.WithTimeout for it", root, what, target)
	loop := c.loops(s)
	if loop {
		msg = fmt.Sprintf("%s %s into %s, which calls it in a loop as long as that context lives; give each call its own context.WithTimeout", root, what, target)
	}
	for _, t := range []string{target, s.label, "an outbound call"} {
		if len(msg) <= 160 || t == "" {
			break
		}
		msg = fmt.Sprintf("%s %s into %s, so it can wait forever; use context.WithTimeout", root, what, t)
		if loop {
			msg = fmt.Sprintf("%s %s into %s in a loop; give each call its own context.WithTimeout", root, what, t)
		}
	}
	reaches := "the call it reaches"
	if n > 1 {
		reaches += fmt.Sprintf(" (and %d more)", n-1)
	}
	related := []analysis.RelatedInformation{{Pos: s.call.Pos(), End: s.call.End(), Message: reaches}}
	d := analysis.Diagnostic{Pos: r.Pos(), End: r.End(), Category: Doc.Code("no-deadline"), Message: msg, Related: related}
	if call != nil && !loop && !documented && ast.Unparen(s.arg) == ast.Node(call) && outbound.ContextOp(c.info, call) == outbound.CtxRoot {
		if fix, ok := c.fixRoot(s, call); ok && !c.portOnlySite(s) {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.report(d)
}

// exprText renders a short expression for messages.
func exprText(n ast.Node) string {
	switch n := n.(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				return x.Name + "." + sel.Sel.Name + "()"
			}
			return sel.Sel.Name + "()"
		}
	}
	return "this context"
}
