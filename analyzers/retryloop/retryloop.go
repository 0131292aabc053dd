// Package retryloop reports retry loops, written by hand or with a retry
// library, that wait with no jitter, retry every error, or never give up.
package retryloop

import (
	"flag"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer reports retry loops without jitter, predicate or bound.
var Analyzer = &analysis.Analyzer{
	Name:     "retryloop",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer, inspect.Analyzer},
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

// site is one assignment to a variable or field.
type site struct {
	node    ast.Node    // *ast.AssignStmt, *ast.IncDecStmt, *ast.ValueSpec, *ast.RangeStmt
	rhs     ast.Expr    // the value assigned, or nil
	tok     token.Token // ASSIGN, DEFINE, op-assign, INC, DEC, RANGE, VAR
	multi   bool        // rhs is a call with several results
	closure bool        // the assignment is inside a function literal the variable is not declared in
}

type checker struct {
	pass    *analysis.Pass
	info    *types.Info
	parents map[ast.Node]ast.Node
	sites   map[types.Object][]*site
	funcs   map[*types.Func]*ast.FuncDecl
	helpers map[*types.Func]*waitHelper
	test    map[*ast.File]bool

	condVisiting map[types.Object]bool // bool variables being expanded
}

var libPrefixes = []string{
	"time",
	"github.com/cenkalti/backoff",
	"gopkg.in/cenkalti/backoff",
	"github.com/avast/retry-go",
	"github.com/hashicorp/go-retryablehttp",
}

func run(pass *analysis.Pass) (any, error) {
	if !importsAny(pass.Pkg, libPrefixes) {
		return nil, nil
	}
	a := &checker{
		pass:    pass,
		info:    pass.TypesInfo,
		parents: map[ast.Node]ast.Node{},
		sites:   map[types.Object][]*site{},
		funcs:   map[*types.Func]*ast.FuncDecl{},
		helpers: map[*types.Func]*waitHelper{},
		test:    map[*ast.File]bool{},

		condVisiting: map[types.Object]bool{},
	}
	for _, f := range pass.Files {
		name := pass.Fset.PositionFor(f.Pos(), false).Filename
		a.test[f] = strings.HasSuffix(name, "_test.go")
		a.index(f)
	}
	a.findHelpers()
	gen := pass.ResultOf[report.Analyzer].(*report.Index)
	for _, f := range pass.Files {
		// A fast path: report drops generated files' diagnostics anyway
		// (and knows a cgo rewrite of a hand-written file for one).
		if a.test[f] || gen.GeneratedFile(f) {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			a.checkFunc(fd, fd.Body)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if fl, ok := n.(*ast.FuncLit); ok {
					a.checkFunc(fl, fl.Body)
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

// index records parents and every assignment in f.
func (a *checker) index(f *ast.File) {
	var stack []ast.Node
	var fns []ast.Node // enclosing functions
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top.(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				fns = fns[:len(fns)-1]
			}
			return true
		}
		if len(stack) > 0 {
			a.parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			fns = append(fns, n)
			if fn, ok := a.info.Defs[n.Name].(*types.Func); ok {
				a.funcs[fn] = n
			}
		case *ast.FuncLit:
			fns = append(fns, n)
		case *ast.AssignStmt:
			multi := len(n.Lhs) != len(n.Rhs)
			for i, lhs := range n.Lhs {
				s := &site{node: n, tok: n.Tok, multi: multi}
				if !multi {
					s.rhs = n.Rhs[i]
				} else if len(n.Rhs) == 1 {
					s.rhs = n.Rhs[0]
				}
				a.addSite(lhs, s, fns)
			}
		case *ast.IncDecStmt:
			a.addSite(n.X, &site{node: n, tok: n.Tok}, fns)
		case *ast.ValueSpec:
			for i, name := range n.Names {
				s := &site{node: n, tok: token.VAR}
				if len(n.Values) == len(n.Names) {
					s.rhs = n.Values[i]
				} else if len(n.Values) == 1 {
					s.rhs, s.multi = n.Values[0], true
				}
				a.addSite(name, s, fns)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				a.addSite(n.Key, &site{node: n, tok: token.RANGE}, fns)
			}
			if n.Value != nil {
				a.addSite(n.Value, &site{node: n, tok: token.RANGE}, fns)
			}
		}
		return true
	})
}

func (a *checker) addSite(lhs ast.Expr, s *site, fns []ast.Node) {
	var obj types.Object
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return
		}
		obj = a.info.ObjectOf(l)
	case *ast.SelectorExpr:
		obj = a.info.ObjectOf(l.Sel)
	case *ast.StarExpr:
		if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
			obj = a.info.ObjectOf(id)
		}
	case *ast.IndexExpr:
		// m[k]++ modifies m: recorded under the map or slice variable.
		if id := rootIdent(l.X); id != nil {
			obj = a.info.ObjectOf(id)
		}
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return
	}
	if len(fns) > 0 && !v.IsField() {
		fn := fns[len(fns)-1]
		if v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
			// Declared outside the function that assigns it: a closure
			// writing a captured variable (or a package-level variable).
			if _, lit := fn.(*ast.FuncLit); lit {
				s.closure = true
			}
		}
	}
	a.sites[v] = append(a.sites[v], s)
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
	ss := a.sites[v]
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
}

func (a *checker) findHelpers() {
	for fn, decl := range a.funcs {
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
			id, ok := ast.Unparen(w.dur).(*ast.Ident)
			if !ok {
				return true
			}
			for i := 0; i < sig.Params().Len(); i++ {
				if sig.Params().At(i) == a.info.Uses[id] {
					h = &waitHelper{param: i}
				}
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

// wait is a call that blocks for a duration.
type wait struct {
	call   *ast.CallExpr
	dur    ast.Expr
	what   string
	helper *waitHelper
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
	if h := a.helpers[fn]; h != nil && h.param < len(call.Args) {
		return &wait{call: call, dur: call.Args[h.param], what: fn.Name(), helper: h}
	}
	return nil
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
