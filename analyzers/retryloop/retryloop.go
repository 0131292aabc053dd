// Package retryloop reports retry loops, written by hand or with a retry
// library, that wait with no jitter, retry every error, or never give up.
package retryloop

import (
	"flag"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// Analyzer reports retry loops without jitter, predicate or bound.
var Analyzer = &analysis.Analyzer{
	Name:     "retryloop",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer, flow.Analyzer},
	Run:      run,
	Flags:    flags(),
}

var fixedDelay bool

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.BoolVar(&fixedDelay, "fixed-delay", false,
		"also report a fixed delay without jitter in a retry loop that classifies its errors and is bounded")
	return fs
}

// site is one assignment to a variable or field, as retryloop reads a
// pkgindex.Assign.
type site struct {
	node    ast.Node    // *ast.AssignStmt, *ast.IncDecStmt, *ast.ValueSpec, *ast.RangeStmt
	rhs     ast.Expr    // the value assigned (the whole call for one result of several), or nil
	tok     token.Token // ASSIGN, DEFINE, op-assign, INC, DEC, RANGE, VAR
	multi   bool        // rhs is a call with several results
	closure bool        // the assignment is inside a function literal the variable is not declared in
}

// checker holds one package's analysis.
type checker struct {
	pass    *analysis.Pass
	info    *types.Info
	ix      *pkgindex.Index
	flow    *flow.Package
	helpers map[*types.Func]*waitHelper
	sites   map[types.Object][]*site // sitesOf's cache

	condVisiting map[types.Object]bool // bool variables being expanded

	nonOKSums  *summaries.Result[bool] // mapsNonOK's summaries
	serialSums *summaries.Result[bool] // runsSerializable's summaries
	serialAny  int                     // hasSerializable: 0 unknown, 1 yes, -1 no
}

var libPrefixes = []string{
	"time",
	"github.com/cenkalti/backoff",
	"gopkg.in/cenkalti/backoff",
	"github.com/avast/retry-go",
	"github.com/hashicorp/go-retryablehttp",
	// A serializable transaction's retry needs no wait.
	"database/sql",
	"github.com/jackc/pgx",
}

func run(pass *analysis.Pass) (any, error) {
	if !importsAny(pass.Pkg, libPrefixes) {
		return nil, nil
	}
	if outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: not production behaviour
	}
	fp := pass.ResultOf[flow.Analyzer].(*flow.Package)
	a := &checker{
		pass:    pass,
		info:    pass.TypesInfo,
		ix:      fp.Index(),
		flow:    fp,
		helpers: map[*types.Func]*waitHelper{},
		sites:   map[types.Object][]*site{},

		condVisiting: map[types.Object]bool{},
	}
	a.findHelpers()
	gen := pass.ResultOf[report.Analyzer].(*report.Index)
	for _, f := range pass.Files {
		// A fast path: report drops generated files' diagnostics anyway
		// (and knows a cgo rewrite of a hand-written file for one).
		if typesx.IsTestFile(pass.Fset.PositionFor(f.Pos(), false).Filename) || gen.GeneratedFile(f) {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			a.checkFunc(fd)
			a.checkNoWait(fd.Body)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if fl, ok := n.(*ast.FuncLit); ok {
					a.checkFunc(fl)
					a.checkNoWait(fl.Body)
				}
				return true
			})
		}
		a.checkLibraries(f)
	}
	return nil, nil
}

func importsAny(pkg *types.Package, prefixes []string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range prefixes {
			if imp.Path() == p || p != "time" && strings.HasPrefix(imp.Path(), p) {
				return true
			}
		}
	}
	return false
}

// sitesOf returns the assignments to v (pkgindex.Assigns), in source order.
func (a *checker) sitesOf(v types.Object) []*site {
	if ss, ok := a.sites[v]; ok {
		return ss
	}
	var ss []*site
	for _, as := range a.ix.Assigns(v) {
		s := &site{node: as.Node, rhs: as.RHS, tok: as.Tok}
		switch {
		case as.Tok == token.RANGE:
			s.rhs = nil
		case as.Tuple != nil:
			s.rhs, s.multi = as.Tuple, true
		}
		if vv, ok := v.(*types.Var); ok && !vv.IsField() {
			if lit, ok := as.Func.(*ast.FuncLit); ok && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
				// A closure writing a captured variable (or a package-level one).
				s.closure = true
			}
		}
		ss = append(ss, s)
	}
	a.sites[v] = ss
	return ss
}

// rootIdent returns the variable at the root of x, x.f, x[i], *x.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// singleInit returns the value v is initialised with when it is assigned
// exactly once.
func (a *checker) singleInit(v *types.Var) ast.Expr {
	ss := a.sitesOf(v)
	if len(ss) != 1 || ss[0].multi || ss[0].closure {
		return nil
	}
	return ss[0].rhs
}

// waitHelper is a package-local function that waits for one of its
// parameters: func sleep(ctx context.Context, d time.Duration) error.
type waitHelper struct {
	param     int
	ctxAware  bool // it selects on ctx.Done()
	returnsEr bool // it returns an error (ctx.Err())
	// expr: for a helper that computes its wait from its parameters
	// (func sleepBackoff(attempt int) { time.Sleep(time.Duration(attempt) *
	// base) }), the duration it waits, in its body; param is -1. The call
	// is then the wait, its duration evaluated with the parameters bound.
	expr ast.Expr
}

func (a *checker) findHelpers() {
	for _, fn := range a.ix.Funcs() {
		decl := a.ix.Decl(fn)
		if decl.Body == nil {
			continue
		}
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			continue
		}
		var h *waitHelper
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || h != nil {
				return h == nil
			}
			w := a.directWait(call)
			if w == nil {
				return true
			}
			if id, ok := ast.Unparen(w.dur).(*ast.Ident); ok {
				for i := 0; i < sig.Params().Len(); i++ {
					if sig.Params().At(i) == a.info.Uses[id] {
						h = &waitHelper{param: i}
					}
				}
			}
			if h == nil && a.mentionsParam(w.dur, sig) && waitResults(sig) {
				h = &waitHelper{param: -1, expr: w.dur}
			}
			return true
		})
		if h == nil {
			continue
		}
		h.ctxAware = a.receivesDone(decl.Body)
		if r := sig.Results(); r.Len() > 0 && typesx.ImplementsError(r.At(r.Len()-1).Type()) {
			h.returnsEr = true
		}
		a.helpers[fn] = h
	}
}

// mentionsParam reports whether e reads one of sig's parameters.
func (a *checker) mentionsParam(e ast.Expr, sig *types.Signature) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			for i := 0; i < sig.Params().Len(); i++ {
				if a.info.Uses[id] == sig.Params().At(i) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// waitResults reports whether a function with signature sig can be a wait
// helper that computes its wait: it returns nothing, or only an error.
func waitResults(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() == 0 || r.Len() == 1 && typesx.ImplementsError(r.At(0).Type())
}

// receivesDone reports whether n receives from a context's Done channel.
func (a *checker) receivesDone(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && a.isDone(u.X) {
			found = true
		}
		return !found
	})
	return found
}

// isDone reports whether e is ctx.Done().
func (a *checker) isDone(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done" && typesx.IsContext(a.info.TypeOf(sel.X))
}

// wait is a call that blocks for a duration, or a receive from a ticker's
// channel.
type wait struct {
	call   ast.Expr // the *ast.CallExpr, or the receive <-t.C
	dur    ast.Expr // the duration (a ticker's: its NewTicker argument), or nil
	what   string
	helper *waitHelper
	tick   *types.Var     // a ticker receive: the ticker variable (nil for a field)
	isTick bool           // a ticker receive
	ranged *ast.RangeStmt // for range ticker.C: the range statement (call is its X)
	block  *cfg.Block     // where what follows the wait starts (set by checkFunc)
}

// directWait recognises time.Sleep(d), time.After(d), time.NewTimer(d),
// t.Reset(d) on a *time.Timer, and Sleep/After/NewTimer methods of clock
// abstractions that take a time.Duration.
func (a *checker) directWait(call *ast.CallExpr) *wait {
	fn := typesx.Callee(a.info, call)
	if fn == nil || len(call.Args) != 1 {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || !typesx.IsNamedOrPointer(sig.Params().At(0).Type(), "time", "Duration") {
		return nil
	}
	name := fn.Name()
	if fn.Pkg() != nil && fn.Pkg().Path() == "time" {
		switch {
		case sig.Recv() == nil && (name == "Sleep" || name == "After" || name == "NewTimer"):
			return &wait{call: call, dur: call.Args[0], what: "time." + name}
		case sig.Recv() != nil && name == "Reset" && typesx.IsNamedOrPointer(sig.Recv().Type(), "time", "Timer"):
			return &wait{call: call, dur: call.Args[0], what: "timer.Reset"}
		}
		return nil
	}
	if sig.Recv() != nil && (name == "Sleep" || name == "After" || name == "NewTimer") {
		return &wait{call: call, dur: call.Args[0], what: name}
	}
	return nil
}

// waitOf recognises a wait, direct or through a package-local helper.
func (a *checker) waitOf(call *ast.CallExpr) *wait {
	if w := a.directWait(call); w != nil {
		return w
	}
	fn := typesx.Callee(a.info, call)
	if h := a.helpers[fn]; h != nil && h.expr != nil {
		return &wait{call: call, dur: call, what: fn.Name(), helper: h}
	}
	if h := a.helpers[fn]; h != nil && h.param < len(call.Args) {
		return &wait{call: call, dur: call.Args[h.param], what: fn.Name(), helper: h}
	}
	return nil
}

// tickWait recognises a receive from a ticker's channel, <-t.C, as a wait
// for the ticker's period: the argument of the time.NewTicker call that
// made t, when t is a local variable assigned once.
func (a *checker) tickWait(u *ast.UnaryExpr) *wait {
	if u.Op != token.ARROW {
		return nil
	}
	w := a.tickChan(u.X)
	if w != nil {
		w.call = u
	}
	return w
}

// tickChan recognises a ticker's channel: t.C, or time.Tick(d).
func (a *checker) tickChan(x ast.Expr) *wait {
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if fn := typesx.Callee(a.info, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Tick" {
			return &wait{call: x, dur: call.Args[0], what: "time.Tick", isTick: true}
		}
		return nil
	}
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "C" || !typesx.IsNamedOrPointer(a.info.TypeOf(sel.X), "time", "Ticker") {
		return nil
	}
	w := &wait{call: x, what: "ticker", isTick: true}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return w
	}
	v, ok := a.info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return w
	}
	w.tick = v
	if init, ok := ast.Unparen(a.singleInit(v)).(*ast.CallExpr); ok {
		if fn := typesx.Callee(a.info, init); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "NewTicker" && len(init.Args) == 1 {
			w.dur = init.Args[0]
		}
	}
	return w
}

// tickResets returns the arguments of t.Reset(d) calls on the ticker v.
func (a *checker) tickResets(v *types.Var) []ast.Expr {
	var out []ast.Expr
	for _, use := range a.ix.Uses(v) {
		sel, ok := a.ix.Parent(use).(*ast.SelectorExpr)
		if !ok || sel.X != use || sel.Sel.Name != "Reset" {
			continue
		}
		if call, ok := a.ix.Parent(sel).(*ast.CallExpr); ok && call.Fun == sel && len(call.Args) == 1 {
			out = append(out, call.Args[0])
		}
	}
	return out
}

// isTicker reports whether call starts a ticker: the loop around it polls.
func (a *checker) isTicker(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		if fn := typesx.Callee(a.info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" {
			return fn.Name() == "NewTicker" || fn.Name() == "Tick"
		}
	case *ast.SelectorExpr:
		return n.Sel.Name == "C" && typesx.IsNamedOrPointer(a.info.TypeOf(n.X), "time", "Ticker")
	}
	return false
}
