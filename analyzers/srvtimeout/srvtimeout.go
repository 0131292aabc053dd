// Package srvtimeout reports HTTP servers started with no header or read
// timeout: an http.Server without ReadHeaderTimeout or ReadTimeout, the
// package-level http.ListenAndServe and http.Serve functions, gin's Run and
// echo's Start on an unconfigured e.Server.
package srvtimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports HTTP servers started without a header or read timeout.
var Analyzer = &analysis.Analyzer{
	Name:     "srvtimeout",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer, flow.Analyzer, pkgindex.Analyzer},
	Run:      run,
}

const (
	httpPkg = "net/http"
	ginPkg  = "github.com/gin-gonic/gin"
	echoPkg = "github.com/labstack/echo/v4"
)

// maxDepth bounds how far origins are followed through variables, fields
// and constructors.
const maxDepth = 4

func run(pass *analysis.Pass) (_ any, err error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	if outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: not production behaviour
	}
	var failed bool
	defer bug.Catch(&failed, "srvtimeout")
	fp, ok := pass.ResultOf[flow.Analyzer].(*flow.Package)
	if !ok {
		return nil, nil
	}
	c := &checker{
		srcs:     fixes.NewSources(pass),
		pass:     pass,
		info:     pass.TypesInfo,
		ix:       fp.Index(),
		fp:       fp,
		defs:     map[*types.Var]*reaching{},
		setters:  map[setterKey]bool{},
		visiting: map[types.Object]bool{},
		fixed:    map[*ast.CompositeLit]litFix{},
	}
	for _, call := range c.ix.Calls() {
		if c.inTestFile(call.Pos()) {
			continue
		}
		c.call(call)
	}
	return nil, nil
}

type checker struct {
	srcs     *fixes.Sources // the files fixes read, each once
	pass     *analysis.Pass
	info     *types.Info
	ix       *pkgindex.Index
	fp       *flow.Package
	defs     map[*types.Var]*reaching
	setters  map[setterKey]bool
	visiting map[types.Object]bool
	fixed    map[*ast.CompositeLit]litFix
}

// litFix is the fix of one literal.
type litFix struct {
	fix analysis.SuggestedFix
	ok  bool
}

func (c *checker) inTestFile(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f == nil || typesx.IsTestFile(f.Name())
}

// call classifies one call and reports it when it starts a server with no
// header timeout.
func (c *checker) call(call *ast.CallExpr) {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return
	}
	switch {
	case typesx.IsFunc(fn, httpPkg, "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"):
		if c.servesLocally(call, fn, nil) {
			return
		}
		c.packageLevel(call, fn)
	case typesx.IsMethod(fn, httpPkg, "Server", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"):
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if fn.Name() == "Serve" || fn.Name() == "ServeTLS" {
			if c.servesLocally(call, fn, nil) {
				return
			}
		} else {
			var lits []*ast.CompositeLit
			for _, o := range c.origins(sel.X, call, 0) {
				if o.lit == nil {
					lits = nil
					break
				}
				lits = append(lits, o.lit)
			}
			if c.servesLocally(call, fn, lits) {
				return
			}
		}
		c.server(call, sel.X)
	case typesx.IsMethod(fn, ginPkg, "Engine", "Run", "RunTLS", "RunListener"):
		report.Reportc(c.pass, call, Doc.Code("framework-start"), "gin's %s serves with no timeouts, so slow clients can hold connections open forever; serve the engine from an http.Server with ReadHeaderTimeout", fn.Name())
	case typesx.IsMethod(fn, echoPkg, "Echo", "Start", "StartTLS", "StartAutoTLS"):
		c.echoStart(call, fn)
	case typesx.IsMethod(fn, echoPkg, "Echo", "StartServer"):
		if len(call.Args) == 1 {
			c.server(call, call.Args[0])
		}
	}
}

// packageLevel reports http.ListenAndServe and friends: they serve with a
// zero http.Server.
func (c *checker) packageLevel(call *ast.CallExpr, fn *types.Func) {
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: Doc.Code("package-serve"),
		Message:  "http." + fn.Name() + " serves with no timeouts, so slow clients can hold connections open forever; use an http.Server with ReadHeaderTimeout",
	}
	if fix, ok := c.packageLevelFix(call, fn); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	report.Report(c.pass, d)
}

// server judges a start of the http.Server that recv denotes.
func (c *checker) server(call *ast.CallExpr, recv ast.Expr) {
	origins := c.origins(recv, call, 0)
	var bad []origin
	for _, o := range origins {
		if !o.set && !o.unknown {
			bad = append(bad, o)
		}
	}
	if len(bad) == 0 {
		return
	}
	o := bad[0]
	msg, code := "http.Server started with no ReadHeaderTimeout or ReadTimeout, so slow clients can hold connections open forever; set ReadHeaderTimeout", "no-timeout"
	if o.why != "" {
		msg, code = "http.Server's header timeout "+o.why+" has no positive default, so slow clients can hold connections open forever; give it a default", "config-timeout"
	}
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: Doc.Code(code), Message: msg}
	if o.node != nil && !c.inCall(o.node, call) {
		d.Related = []analysis.RelatedInformation{{Pos: o.node.Pos(), End: o.node.End(), Message: "server made here"}}
	}
	if len(bad) == 1 && o.lit != nil && !c.inTestFile(o.lit.Pos()) {
		// A literal started more than once gets the same fix at each start.
		f, ok := c.fixed[o.lit]
		if !ok {
			f.fix, f.ok = c.literalFix(o.lit)
			c.fixed[o.lit] = f
		}
		if f.ok {
			d.SuggestedFixes = []analysis.SuggestedFix{f.fix}
		}
	}
	report.Report(c.pass, d)
}

func (c *checker) inCall(n ast.Node, call *ast.CallExpr) bool {
	return n.Pos() >= call.Pos() && n.End() <= call.End()
}

// echoStart judges e.Start, e.StartTLS and e.StartAutoTLS: echo serves
// e.Server (e.TLSServer for TLS), a new(http.Server) unless the program sets
// its timeouts or replaces it before the start.
func (c *checker) echoStart(call *ast.CallExpr, fn *types.Func) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	obj := typesx.ObjectOf(c.info, ast.Unparen(sel.X))
	if obj == nil {
		return
	}
	if v, ok := obj.(*types.Var); ok && !v.IsField() && len(c.ix.Assigns(v)) == 0 {
		return // a parameter: the caller may have configured it
	}
	field := "Server"
	if fn.Name() != "Start" {
		field = "TLSServer"
	}
	if c.echoConfigured(obj, field) {
		return
	}
	name := typesx.ExprName(sel.X)
	if name == "" {
		name = "e"
	}
	report.Reportc(c.pass, call, Doc.Code("framework-start"), "echo's %s serves %s.%s, which has no ReadHeaderTimeout or ReadTimeout, so slow clients hold connections open; set %s.%s.ReadHeaderTimeout", fn.Name(), name, field, name, field)
}

// echoConfigured reports whether the package gives the echo instance obj's
// server a header timeout, replaces the server, or hands the instance to
// code that might.
func (c *checker) echoConfigured(obj types.Object, field string) bool {
	for _, u := range c.ix.Uses(obj) {
		e := c.exprOf(u, obj)
		p := c.parentSkipParens(e)
		switch p := p.(type) {
		case *ast.SelectorExpr:
			if p.X != e || p.Sel.Name != field {
				continue
			}
			// e.Server.ReadHeaderTimeout = d, or e.Server = srv.
			if s, ok := c.parentSkipParens(p).(*ast.SelectorExpr); ok && s.X == p && isTimeoutField(s.Sel.Name) {
				if rhs, ok := c.assignedValue(s); ok && (rhs == nil || positive(c, rhs, 0).ok) {
					return true
				}
			}
			if rhs, ok := c.assignedValue(p); ok {
				if rhs == nil {
					return true
				}
				for _, o := range c.origins(rhs, rhs, 1) {
					if o.set || o.unknown {
						return true
					}
				}
			}
			// The server itself handed to a helper that may set it.
			if _, ok := c.parentSkipParens(p).(*ast.CallExpr); ok {
				return true
			}
		case *ast.CallExpr:
			// The instance passed to some function: a package-local one is
			// followed to its parameter; any other may set the server.
			for i, a := range p.Args {
				if ast.Unparen(a) == e && c.echoCallConfigures(p, i, field) {
					return true
				}
			}
		}
	}
	return false
}

// echoCallConfigures reports whether the call, given the echo instance as
// argument i, may configure its server.
func (c *checker) echoCallConfigures(call *ast.CallExpr, i int, field string) bool {
	fn := typesx.StaticCallee(c.info, call)
	if fn == nil {
		return true
	}
	if harmless(fn) {
		return false
	}
	decl := c.ix.Decl(fn)
	sig, _ := fn.Type().(*types.Signature)
	if decl == nil || sig == nil || (sig.Variadic() && i >= sig.Params().Len()-1) || i >= sig.Params().Len() {
		return true
	}
	p := sig.Params().At(i)
	if p.Name() == "" || p.Name() == "_" {
		return false
	}
	if c.visiting[p] {
		return false
	}
	c.visiting[p] = true
	defer delete(c.visiting, p)
	return c.echoConfigured(p, field)
}

// exprOf returns the expression that denotes obj at its use u: u itself
// for a variable, the selector x.f for a field.
func (c *checker) exprOf(u *ast.Ident, obj types.Object) ast.Expr {
	if v, ok := obj.(*types.Var); ok && v.IsField() {
		if s, ok := c.ix.Parent(u).(*ast.SelectorExpr); ok && s.Sel == u {
			return s
		}
	}
	return u
}

func (c *checker) parentSkipParens(n ast.Node) ast.Node {
	p := c.ix.Parent(n)
	for {
		pe, ok := p.(*ast.ParenExpr)
		if !ok {
			return p
		}
		p = c.ix.Parent(pe)
	}
}

// assignedValue returns the value assigned to lhs when lhs is the target
// of an assignment (nil for op-assignments and ++, which keep it unknown).
func (c *checker) assignedValue(lhs ast.Expr) (ast.Expr, bool) {
	switch p := c.parentSkipParens(lhs).(type) {
	case *ast.AssignStmt:
		for i, l := range p.Lhs {
			if ast.Unparen(l) != lhs {
				continue
			}
			if p.Tok != token.ASSIGN && p.Tok != token.DEFINE {
				return nil, true
			}
			if len(p.Lhs) == len(p.Rhs) {
				return p.Rhs[i], true
			}
			return nil, true
		}
	case *ast.IncDecStmt:
		return nil, true
	}
	return nil, false
}

func isTimeoutField(name string) bool {
	return name == "ReadHeaderTimeout" || name == "ReadTimeout"
}

func isServerType(t types.Type) bool {
	return t != nil && typesx.IsNamed(t, httpPkg, "Server")
}

func isServerPtr(t types.Type) bool {
	return t != nil && typesx.IsNamedOrPointer(t, httpPkg, "Server")
}
