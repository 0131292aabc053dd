// Package onconflict reports dedup inserts (INSERT ... ON CONFLICT DO
// NOTHING, INSERT IGNORE, INSERT OR IGNORE, GORM's OnConflict{DoNothing})
// whose result gates nothing: a non-idempotent effect follows on the same
// path whether or not the row was inserted. See Doc.
package onconflict

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// Analyzer reports dedup inserts whose result gates nothing.
var Analyzer = &analysis.Analyzer{
	Name:      "onconflict",
	Doc:       Doc.String(),
	URL:       Doc.URL(),
	Requires:  []*analysis.Analyzer{report.Analyzer, dbcall.Analyzer, pkgindex.Analyzer, flow.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(hiddenFact), new(effectFact), new(pkgFact)},
}

func run(pass *analysis.Pass) (any, error) {
	// The fast path: a package with no DB call site (dbcall indexes
	// database/sql, pgx v4/v5, sqlx, GORM, vendored copies and the package's
	// own wrappers) has no dedup insert.
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	facts := len(pass.Analyzer.FactTypes) > 0
	hasCalls := len(pass.ResultOf[dbcall.Analyzer].(*dbcall.Index).Calls()) > 0
	if !hasCalls && !(facts && importsHidden(pass)) && !callsClaims(pass.TypesInfo) {
		return nil, nil
	}
	c := newChecker(pass)
	if facts && hasCalls {
		defer c.exportHidden()
		defer c.exportEffects()
	}
	for _, f := range pass.Files {
		// A fast path (report drops findings in generated files anyway);
		// judged on the file as written, so cgo files are checked.
		if pass.ResultOf[report.Analyzer].(*report.Index).GeneratedFile(f) || typesx.IsTestCode(pass.Fset.PositionFor(f.Pos(), false).Filename, f) {
			continue
		}
		c.file = f
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if fd, ok := n.(*ast.FuncDecl); ok && startup(c.pass.Pkg, fd) {
				// Program start-up (main, init): a seed's DO NOTHING is an
				// ensure-exists, and what follows it is the program, run
				// again on a restart whatever the insert did.
				stack = stack[:len(stack)-1]
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				c.checkUpdateGate(call, stack)
				if g := c.gateAt(call); g != nil {
					c.checkGate(g, append([]ast.Node(nil), stack...))
				} else if h := c.hiddenGateAt(call); h != nil {
					c.checkHidden(call, h, append([]ast.Node(nil), stack...))
				} else if c.discardedClaim(call, stack) {
					c.checkClaim(call, append([]ast.Node(nil), stack...))
				}
			}
			return true
		})
	}
	return nil, nil
}

// gateKind says how a dedup insert tells its caller whether it won.
type gateKind int

const (
	gateExec      gateKind = iota // the row count of an Exec-like result
	gateReturning                 // ... DO NOTHING RETURNING, scanned: no row on a duplicate
	gateRows                      // ... DO NOTHING RETURNING through Query: rows.Next() is false on a duplicate
)

// gate is one dedup insert call site.
type gate struct {
	site *site
	kind gateKind
	// call is the expression whose value carries the verdict: the Exec-like
	// call, or for RETURNING the Scan/Get call whose error is ErrNoRows on a
	// duplicate.
	call *ast.CallExpr
	desc string // "INSERT INTO processed_events ... ON CONFLICT DO NOTHING"
	// imported: a hidden gate of another package's function, known by its
	// fact (site is nil).
	imported *hiddenFact
}

// table is the gate's table.
func (g *gate) table() string {
	if g.site == nil {
		if g.imported != nil {
			return g.imported.Table
		}
		return ""
	}
	return g.site.table()
}

// checker holds per-package state.
type checker struct {
	pass      *analysis.Pass
	info      *types.Info
	index     *dbcall.Index
	ix        *pkgindex.Index
	flow      *flow.Package
	sqlText   *sqltext.Resolver
	file      *ast.File
	sites     map[*ast.CallExpr]*site
	decls     map[*types.Func]*ast.FuncDecl
	summaries *summaries.Result[*summary]
	// getSummary is set while the summaries are computed.
	getSummary func(*types.Func) *summary
	// noRowsCallers holds the package's functions whose callers (in this
	// package) test the error they return against ErrNoRows.
	noRowsCallers map[*types.Func]bool
	hidden        map[*types.Func]*hiddenGate
}

func newChecker(pass *analysis.Pass) *checker {
	c := &checker{
		pass:   pass,
		info:   pass.TypesInfo,
		index:  pass.ResultOf[dbcall.Analyzer].(*dbcall.Index),
		ix:     pass.ResultOf[pkgindex.Analyzer].(*pkgindex.Index),
		flow:   pass.ResultOf[flow.Analyzer].(*flow.Package),
		sites:  map[*ast.CallExpr]*site{},
		decls:  map[*types.Func]*ast.FuncDecl{},
		hidden: map[*types.Func]*hiddenGate{},
	}
	// dbcall's resolver, built once per package for every DB check.
	c.sqlText = c.index.Resolver()
	if c.sqlText == nil {
		c.sqlText = sqltext.NewResolver(pass.Files, pass.TypesInfo)
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := c.info.Defs[fd.Name].(*types.Func); ok {
				c.decls[fn] = fd
			}
		}
	}
	c.computeSummaries()
	c.noRowsCallers = c.findNoRowsCallers()
	return c
}

// gateAt returns the dedup insert gate whose verdict call is call, or nil.
func (c *checker) gateAt(call *ast.CallExpr) *gate {
	s := c.siteOf(call)
	if s != nil && s.isDedupInsert() {
		switch {
		case s.op == opExec || s.op == opGormWrite:
			return &gate{site: s, kind: gateExec, call: call, desc: s.describeGate()}
		case s.op == opGet && s.stmt.HasReturning:
			return &gate{site: s, kind: gateReturning, call: call, desc: s.describeGate()}
		case s.op == opQuery && s.stmt.HasReturning && s.lib != libGorm:
			return &gate{site: s, kind: gateRows, call: call, desc: s.describeGate()}
		}
		return nil
	}
	// QueryRow(...).Scan(...): the Scan call is the verdict.
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Scan" {
		return nil
	}
	inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok {
		return nil
	}
	s = c.siteOf(inner)
	if s == nil || s.op != opQueryRow || !s.isDedupInsert() || !s.stmt.HasReturning {
		return nil
	}
	return &gate{site: s, kind: gateReturning, call: call, desc: s.describeGate()}
}

// checkGate decides whether g gates nothing and reports it.
func (c *checker) checkGate(g *gate, stack []ast.Node) {
	fn := enclosingFunc(stack)
	if fn == nil {
		return
	}
	c.fillFunc(fn)
	switch g.kind {
	case gateExec:
		c.checkExecGate(g, stack, fn)
	case gateReturning:
		c.checkReturningGate(g, stack, fn)
	case gateRows:
		c.checkRowsGate(g, fn)
	}
}

// checkRowsGate reports a DO NOTHING ... RETURNING run through Query whose
// rows are closed without asking for a row (only Close and Err are
// called on them), followed by an effect: a duplicate returns no row and
// nobody looks.
func (c *checker) checkRowsGate(g *gate, fn *funcInfo) {
	rows := g.site.db.Use.Result
	if rows == nil || g.site.db.Use.Returned {
		return // discarded with _ is a compile-time unused result too rarely to judge; returned: the caller asks
	}
	ix := c.flow.Index()
	for _, id := range ix.Uses(rows) {
		sel, ok := ix.Parent(id).(*ast.SelectorExpr)
		if !ok || sel.X != id {
			return // passed on, stored or compared: someone may read it
		}
		switch sel.Sel.Name {
		case "Close", "Err":
		default:
			return // Next, Scan, a collector: the verdict is read
		}
	}
	path := c.followers(g)
	eff := c.firstEffect(g, path, fn)
	if eff == nil {
		return
	}
	msg := shorten(func(desc, what string) string {
		return fmt.Sprintf("%s reads no row of its RETURNING result: %s runs on duplicates too; return early unless rows.Next()", desc, what)
	}, g, eff)
	report.Report(c.pass, analysis.Diagnostic{Pos: g.site.call.Pos(), End: g.site.call.End(), Category: Doc.Code("unchecked"), Message: msg, Related: eff.related()})
}

func (c *checker) checkExecGate(g *gate, stack []ast.Node, fn *funcInfo) {
	var u resultUse
	wrapped, wrapLogged := "", false
	if via := g.site.db.Via; via != nil {
		k := c.wrapperTreatment(g.site.db, 0)
		wrapLogged = k == wrapLogs
		switch k {
		case wrapConsults:
			return
		case wrapDrops, wrapLogs:
			// The wrapper threw the verdict away: whatever the caller does
			// with what it returns, the gate is unchecked.
			u = c.resultUse(g, stack, fn)
			u.verdict, u.binding = useDiscarded, bindOther
			wrapped = via.Name()
		case wrapReturns:
			u = c.resultUse(g, stack, fn)
		}
	} else {
		u = c.resultUse(g, stack, fn)
	}
	if u.verdict == useConsulted {
		return
	}
	path := c.followers(g)
	eff := c.firstEffect(g, path, fn)
	if eff == nil {
		return
	}
	var how string
	switch u.verdict {
	case useDiscarded:
		how = "discards its result"
		if wrapped != "" {
			how = "goes via " + wrapped + ", which drops its result"
			if wrapLogged {
				how = "goes via " + wrapped + ", which only logs it"
			}
		}
	case useUnread:
		how = fmt.Sprintf("assigns its result to %s and never reads it", u.resultName)
	case useLogged:
		how = "only logs its row count"
	}
	advice := "return early when " + g.site.lib.rowsAffectedCheck()
	if wrapped != "" {
		advice = "have " + wrapped + " return it; stop when " + g.site.lib.rowsAffectedCheck()
	}
	msg := shorten(func(desc, what string) string {
		return fmt.Sprintf("%s %s: %s runs on duplicates too; %s", desc, how, what, advice)
	}, g, eff)
	d := analysis.Diagnostic{Pos: g.site.call.Pos(), End: g.site.call.End(), Category: Doc.Code("unchecked"), Message: msg, Related: eff.related()}
	if fix, ok := c.execFix(g, stack, fn, u, path); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	report.Report(c.pass, d)
}

func (c *checker) checkReturningGate(g *gate, stack []ast.Node, fn *funcInfo) {
	u := c.errUse(g, stack, fn)
	if u.handled {
		return
	}
	path := c.followers(g)
	eff := c.firstEffect(g, path, fn)
	if eff == nil {
		c.checkDuplicateFails(g, fn, u)
		return
	}
	noRows := g.site.lib.noRowsName()
	var msg string
	code := "no-rows-ignored"
	switch {
	case u.ignored:
		msg = shorten(func(desc, what string) string {
			return fmt.Sprintf("%s gives %s on a duplicate, ignored here: %s runs on duplicates too; return early on errors.Is(err, %s)", desc, noRows, what, noRows)
		}, g, eff)
	case u.swallowed:
		msg = shorten(func(desc, what string) string {
			return fmt.Sprintf("%s gives %s on a duplicate and goes on: %s runs on duplicates too; return early on errors.Is(err, %s)", desc, noRows, what, noRows)
		}, g, eff)
	default:
		if fn.obj != nil && c.noRowsCallers[fn.obj] {
			return
		}
		// A duplicate user or tag may be meant to fail; only a duplicate
		// of an evident dedup record is a redelivery that must succeed.
		if !c.dedupEvidence(g.site, false) {
			return
		}
		msg = shorten(func(desc, what string) string {
			return fmt.Sprintf("%s gives %s on a duplicate and err != nil makes it a failure, so redeliveries fail; return early on errors.Is(err, %s)", desc, noRows, noRows)
		}, g, eff)
		code = "duplicate-fails"
	}
	d := analysis.Diagnostic{Pos: g.site.call.Pos(), End: g.site.call.End(), Category: Doc.Code(code), Message: msg, Related: eff.related()}
	if !u.ignored && !u.swallowed {
		if fix, ok := c.returningFix(g, stack, fn, u); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	report.Report(c.pass, d)
}

// checkDuplicateFails reports a RETURNING gate of an evident dedup record
// with nothing after it, whose ErrNoRows the function turns into a failure
// (if err != nil { return 0, err }): the duplicate it exists to absorb - a
// retried request, a redelivered message - fails, and its caller answers
// 500 or redelivers it again. No fix: what the function should return for
// a duplicate is its author's decision.
func (c *checker) checkDuplicateFails(g *gate, fn *funcInfo, u errUseResult) {
	if u.ignored || u.swallowed || u.check == nil || g.site == nil {
		return
	}
	if fn.obj != nil && c.noRowsCallers[fn.obj] {
		return
	}
	if !c.dedupEvidence(g.site, false) {
		return
	}
	noRows := g.site.lib.noRowsName()
	var msg string
	for _, d := range []string{g.desc, "the dedup insert into " + orQ(g.table()), "the dedup insert"} {
		msg = fmt.Sprintf("%s gives %s on a duplicate and err != nil makes it a failure, so retries fail; return early on errors.Is(err, %s)", d, noRows, noRows)
		if len(msg) <= maxMessage {
			break
		}
	}
	report.Report(c.pass, analysis.Diagnostic{
		Pos: g.site.call.Pos(), End: g.site.call.End(), Category: Doc.Code("duplicate-fails"), Message: msg,
		Related: []analysis.RelatedInformation{{Pos: u.check.Pos(), End: u.check.End(), Message: "a duplicate fails here"}},
	})
}

// funcInfo is the function (declaration or literal) around a gate.
type funcInfo struct {
	node ast.Node // *ast.FuncDecl or *ast.FuncLit
	body *ast.BlockStmt
	sig  *types.Signature
	obj  *types.Func // nil for literals
	idx  int         // index of node in the stack
}

// startup reports func main of package main and the init functions.
func startup(pkg *types.Package, fd *ast.FuncDecl) bool {
	if fd.Recv != nil {
		return false
	}
	return fd.Name.Name == "init" || fd.Name.Name == "main" && pkg.Name() == "main"
}

func enclosingFunc(stack []ast.Node) *funcInfo {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			return &funcInfo{node: n, body: n.Body, idx: i}
		case *ast.FuncDecl:
			if n.Body == nil {
				return nil
			}
			return &funcInfo{node: n, body: n.Body, idx: i}
		}
	}
	return nil
}

func (c *checker) fillFunc(fn *funcInfo) {
	switch n := fn.node.(type) {
	case *ast.FuncLit:
		if t, ok := c.info.TypeOf(n).(*types.Signature); ok {
			fn.sig = t
		}
	case *ast.FuncDecl:
		if obj, ok := c.info.Defs[n.Name].(*types.Func); ok {
			fn.obj = obj
			fn.sig, _ = obj.Type().(*types.Signature)
		}
	}
}

// maxMessage is the longest message a check writes (without the check's
// name, which report adds).
const maxMessage = 160

// shorten renders a message with the gate's description and the effect's
// name, falling back to shorter forms of both until it fits maxMessage; the
// full names are in the diagnostic's related positions.
func shorten(render func(desc, what string) string, g *gate, eff *effect) string {
	what := eff.name()
	descs := []string{g.desc, "the dedup insert into " + orQ(g.table()), "the dedup insert"}
	whats := []string{what, "the effect"}
	var msg string
	for _, w := range whats {
		for _, d := range descs {
			if msg = render(d, w); len(msg) <= maxMessage {
				return msg
			}
		}
	}
	return msg
}

// wrapKind is what a package-local wrapper does with its DB call's result.
type wrapKind int

const (
	wrapReturns  wrapKind = iota // returns it: the caller holds the verdict
	wrapConsults                 // reads it: the wrapper gates (quiet)
	wrapDrops                    // discards it
	wrapLogs                     // only logs it
)

// wrapperTreatment says what the wrapper dc goes through does with the
// result of the DB call inside it.
func (c *checker) wrapperTreatment(dc *dbcall.Call, depth int) wrapKind {
	inner := dc.Inner
	if inner == nil && dc.Fact != nil {
		// Another package's wrapper: what its fact says.
		switch dc.Fact.Result {
		case dbcall.ResultReturned:
			return wrapReturns
		case dbcall.ResultDiscarded:
			return wrapDrops
		}
		return wrapConsults
	}
	if inner == nil || depth > 4 {
		return wrapConsults
	}
	if inner.Via != nil {
		if k := c.wrapperTreatment(inner, depth+1); k != wrapReturns {
			return k
		}
	}
	use := c.index.UseOf(inner.Expr)
	if use.Returned {
		return wrapReturns
	}
	fd := c.decls[dc.Via]
	if fd == nil {
		return wrapConsults
	}
	file := fileOf(c.pass, fd.Pos())
	if file == nil {
		return wrapConsults
	}
	path, _ := astutil.PathEnclosingInterval(file, inner.Expr.Pos(), inner.Expr.End())
	if len(path) == 0 || path[0] != ast.Node(inner.Expr) {
		return wrapConsults
	}
	stack := make([]ast.Node, len(path))
	for i, n := range path {
		stack[len(path)-1-i] = n
	}
	fn := enclosingFunc(stack)
	if fn == nil {
		return wrapConsults
	}
	c.fillFunc(fn)
	ig := &gate{site: &site{call: inner.Expr, lib: g0lib(inner.Lib), db: inner}, call: inner.Expr}
	switch c.resultUse(ig, stack, fn).verdict {
	case useConsulted:
		return wrapConsults
	case useLogged:
		return wrapLogs
	}
	return wrapDrops
}

func g0lib(l dbcall.Lib) library {
	switch l {
	case dbcall.LibPGX:
		return libPgx
	case dbcall.LibSQLX:
		return libSQLX
	case dbcall.LibGORM:
		return libGorm
	}
	return libSQL
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// hiddenGate is a dedup insert inside a package function that discards the
// verdict and returns no more than an error: its callers cannot tell a
// duplicate from a first delivery.
type hiddenGate struct {
	g   *gate
	how string
}

// hiddenGateAt returns the hidden gate of the package function call calls.
func (c *checker) hiddenGateAt(call *ast.CallExpr) *hiddenGate {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return nil
	}
	if impl := c.flow.Index().SoleImpl(fn); impl != nil {
		fn = impl // a repository interface's one implementation
	}
	if _, local := c.decls[fn]; !local {
		return c.importedHidden(fn)
	}
	if h, ok := c.hidden[fn]; ok {
		return h
	}
	c.hidden[fn] = nil
	h := c.findHidden(fn)
	c.hidden[fn] = h
	return h
}

func (c *checker) findHidden(fn *types.Func) *hiddenGate {
	fd := c.decls[fn]
	sig, _ := fn.Type().(*types.Signature)
	if fd == nil || sig == nil {
		return nil
	}
	res := sig.Results()
	if res.Len() > 1 || (res.Len() == 1 && !types.Identical(res.At(0).Type(), types.Universe.Lookup("error").Type())) {
		return nil // a result may carry the verdict
	}
	file := fileOf(c.pass, fd.Pos())
	if file == nil {
		return nil
	}
	var found *hiddenGate
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		g := c.gateAt(call)
		if g == nil || g.kind != gateExec || g.site.db.Via != nil {
			return true
		}
		path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
		if len(path) == 0 || path[0] != ast.Node(call) {
			return true
		}
		stack := make([]ast.Node, len(path))
		for i, p := range path {
			stack[len(path)-1-i] = p
		}
		fi := enclosingFunc(stack)
		if fi == nil {
			return true
		}
		c.fillFunc(fi)
		u := c.resultUse(g, stack, fi)
		if u.verdict == useConsulted {
			return true
		}
		if c.firstEffect(g, c.followers(g), fi) != nil {
			return true // reported where it is
		}
		how := "discards its result"
		switch u.verdict {
		case useUnread:
			how = "never reads its result"
		case useLogged:
			how = "only logs its row count"
		}
		found = &hiddenGate{g: g, how: how}
		return false
	})
	return found
}

// checkHidden reports a call of a function with a hidden gate when an
// effect follows the call.
func (c *checker) checkHidden(call *ast.CallExpr, h *hiddenGate, stack []ast.Node) {
	fn := enclosingFunc(stack)
	if fn == nil {
		return
	}
	c.fillFunc(fn)
	g := &gate{site: h.g.site, kind: gateExec, call: call, desc: h.g.desc, imported: h.g.imported}
	eff := c.firstEffect(g, c.followers(g), fn)
	if eff == nil {
		return
	}
	name := exprName(call.Fun)
	msg := shorten(func(desc, what string) string {
		return fmt.Sprintf("%s runs %s and %s: %s runs on duplicates too; have %s report whether it inserted", name, desc, h.how, what, name)
	}, h.g, eff)
	var related []analysis.RelatedInformation
	if h.g.site != nil { // another package's insert has no position here
		related = append(related, analysis.RelatedInformation{Pos: h.g.site.call.Pos(), End: h.g.site.call.End(), Message: "the dedup insert in " + name})
	}
	related = append(related, eff.related()...)
	report.Report(c.pass, analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: Doc.Code("hidden"), Message: msg, Related: related})
}
