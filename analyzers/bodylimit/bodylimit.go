// Package bodylimit reports reads of an inbound HTTP request body whose size
// nothing bounds: io.ReadAll, JSON, XML and CSV decoding, copies into
// memory, large multipart forms and decompressed bodies, in net/http, gin
// and echo handlers and the helpers they hand the body to.
package bodylimit

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports request-body reads with no size limit.
var Analyzer = &analysis.Analyzer{
	Name:     "bodylimit",
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

// multipartMemory is net/http's defaultMaxMemory, what FormValue uses: a
// ParseMultipartForm with more than this in memory is reported.
const multipartMemory = 32 << 20

const maxDepth = 4

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	var failed bool
	defer bug.Catch(&failed, "bodylimit")
	fp, ok := pass.ResultOf[flow.Analyzer].(*flow.Package)
	if !ok {
		return nil, nil
	}
	c := &checker{
		srcs:      fixes.NewSources(pass),
		pass:      pass,
		info:      pass.TypesInfo,
		ix:        fp.Index(),
		fp:        fp,
		summaries: map[paramKey]*sinkSite{},
		readerArg: map[types.Object]bool{},
		fixed:     map[ast.Node]fixOf{},
	}
	if outbound.IsTestDouble(pass.Pkg.Path(), pass.Pkg.Name()) || outbound.IsTestSupport(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: its servers serve tests
	}
	if c.limited = c.limits(); c.limited == fwAll {
		return nil, nil // a body limit for every handler
	}
	for _, fn := range c.funcs() {
		if c.inTestFile(fn.Pos()) {
			continue
		}
		for _, s := range c.sinks(fn) {
			c.judge(fn, s)
		}
	}
	return nil, nil
}

type checker struct {
	srcs      *fixes.Sources // the files fixes read, each once
	pass      *analysis.Pass
	info      *types.Info
	ix        *pkgindex.Index
	fp        *flow.Package
	events    map[types.Object][]ast.Node // bound events per request root
	summaries map[paramKey]*sinkSite
	// readerArg marks the io.Reader parameters of the helper being
	// summarised: they hold an inbound body.
	readerArg map[types.Object]bool
	fixed     map[ast.Node]fixOf
	params    map[types.Object]ast.Node
	ctxTypes  typeutil.Map // isServerCtx: types.Type -> bool
	writer    *types.Interface
	limited   framework // the kinds of handler a package-wide limit covers (limits)
}

type paramKey struct {
	fn  *types.Func
	arg int
}

func (c *checker) inTestFile(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f == nil || typesx.IsTestFile(f.Name())
}

// funcs lists the package's function declarations and literals.
func (c *checker) funcs() []ast.Node {
	var out []ast.Node
	for cur := range c.ix.Insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		n := cur.Node()
		if d, ok := n.(*ast.FuncDecl); ok && d.Body == nil {
			continue
		}
		out = append(out, n)
	}
	return out
}

// sink is one read of a body in a function's own graph.
type sink struct {
	call *ast.CallExpr
	what string // the read, for the message ("io.ReadAll", "c.ShouldBindJSON")
	t    taint
	// helper is the read inside a package-local helper the body is handed to.
	helper *sinkSite
	// multipart: a ParseMultipartForm or ReadForm with a large maxMemory.
	multipart string
}

// sinkSite is where a helper reads its parameter.
type sinkSite struct {
	call *ast.CallExpr
	what string
	fn   *types.Func
}

// sinks finds the body reads in fn's graph (not in nested literals).
func (c *checker) sinks(fn ast.Node) []sink {
	g := c.fp.FuncGraph(fn)
	if g == nil {
		return nil
	}
	var out []sink
	for _, b := range g.Blocks() {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			ast.Inspect(n, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.FuncLit:
					return false
				case *ast.CallExpr:
					if s, ok := c.sinkCall(g, x); ok {
						out = append(out, s)
					}
				}
				return true
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].call.Pos() < out[j].call.Pos() })
	return out
}

// sinkCall recognises a call that reads a body into memory and evaluates
// what it reads.
func (c *checker) sinkCall(g *flow.Graph, call *ast.CallExpr) (sink, bool) {
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return sink{}, false
	}
	recv := func() ast.Expr {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return sel.X
		}
		return nil
	}
	reader := func(e ast.Expr, what string) (sink, bool) {
		if e == nil {
			return sink{}, false
		}
		t := c.eval(e, 0)
		if t.kind != raw && t.kind != inflated {
			return sink{}, false
		}
		return sink{call: call, what: what, t: t}, true
	}
	switch {
	case typesx.IsFunc(fn, "io", "ReadAll"), typesx.IsFunc(fn, "io/ioutil", "ReadAll"):
		if len(call.Args) == 1 {
			return reader(call.Args[0], fn.Pkg().Name()+".ReadAll")
		}
	case typesx.IsMethod(fn, "encoding/json", "Decoder", "Decode", "Token", "More"):
		return reader(recv(), "json.Decoder."+fn.Name())
	case typesx.IsMethod(fn, "encoding/xml", "Decoder", "Decode", "DecodeElement", "Token", "RawToken"):
		return reader(recv(), "xml.Decoder."+fn.Name())
	case typesx.IsMethod(fn, "encoding/csv", "Reader", "ReadAll"):
		return reader(recv(), "csv.Reader.ReadAll")
	case typesx.IsMethod(fn, "encoding/csv", "Reader", "Read"):
		if g.LoopOf(call) != nil {
			return reader(recv(), "a csv.Reader.Read loop")
		}
	case typesx.IsMethod(fn, "bytes", "Buffer", "ReadFrom"):
		if len(call.Args) == 1 {
			return reader(call.Args[0], "bytes.Buffer.ReadFrom")
		}
	case typesx.IsFunc(fn, "io", "Copy", "CopyBuffer"):
		if len(call.Args) >= 2 && inMemory(c.info.TypeOf(call.Args[0])) {
			return reader(call.Args[1], "io."+fn.Name()+" into memory")
		}
	case typesx.IsMethod(fn, httpPkg, "Request", "ParseMultipartForm"):
		if len(call.Args) == 1 {
			if n, ok := typesx.IntConst(c.info, call.Args[0]); ok && n > multipartMemory {
				if root := c.reqRoot(recv(), 0); root != nil {
					return sink{call: call, what: "ParseMultipartForm", t: taint{kind: raw, root: root}, multipart: fixesSource(c, call.Args[0])}, true
				}
			}
		}
	case typesx.IsMethod(fn, "mime/multipart", "Reader", "ReadForm"):
		if len(call.Args) == 1 {
			if n, ok := typesx.IntConst(c.info, call.Args[0]); ok && n > multipartMemory {
				s, ok := reader(recv(), "multipart.Reader.ReadForm")
				s.multipart = fixesSource(c, call.Args[0])
				return s, ok
			}
		}
	case typesx.IsMethod(fn, ginPkg, "Context", ginReads...):
		if root := c.ctxRoot(recv()); root != nil {
			return sink{call: call, what: root.Name() + "." + fn.Name(), t: taint{kind: raw, root: root}}, true
		}
	case typesx.IsMethod(fn, echoPkg, "Context", "Bind"):
		if root := c.ctxRoot(recv()); root != nil {
			return sink{call: call, what: root.Name() + ".Bind", t: taint{kind: raw, root: root}}, true
		}
	default:
		return c.helperCall(call, fn)
	}
	return sink{}, false
}

// ginReads are the gin.Context methods that read the whole body.
var ginReads = []string{
	"Bind", "BindJSON", "BindXML", "BindYAML", "BindTOML", "BindPlain",
	"ShouldBind", "ShouldBindJSON", "ShouldBindXML", "ShouldBindYAML", "ShouldBindTOML", "ShouldBindPlain",
	"ShouldBindBodyWith", "ShouldBindBodyWithJSON", "ShouldBindBodyWithXML", "ShouldBindBodyWithYAML",
	"ShouldBindBodyWithTOML", "ShouldBindBodyWithPlain", "GetRawData",
}

// inMemory reports whether an io.Copy destination keeps what it is given.
func inMemory(t types.Type) bool {
	return t != nil && (typesx.IsPointerToNamed(t, "bytes", "Buffer") || typesx.IsPointerToNamed(t, "strings", "Builder"))
}

// helperCall is a call of a package-local function that reads the body
// handed to it.
func (c *checker) helperCall(call *ast.CallExpr, fn *types.Func) (sink, bool) {
	if c.ix.Decl(fn) == nil {
		return sink{}, false
	}
	for i, a := range call.Args {
		t := c.eval(a, 0)
		if t.kind != raw && t.kind != inflated {
			if root := c.reqRoot(a, 0); root != nil {
				t = taint{kind: raw, root: root}
			} else {
				continue
			}
		}
		if site := c.summary(fn, i); site != nil {
			return sink{call: call, what: fn.Name(), t: t, helper: site}, true
		}
	}
	return sink{}, false
}

// judge reports a sink whose body nothing bounds on any path to it.
func (c *checker) judge(fn ast.Node, s sink) {
	if !c.served(s.t.root) || c.limited&c.frameworkOf(s.t.root) != 0 {
		return
	}
	if s.t.kind == raw && c.bounded(s.t.root, s.call) {
		return
	}
	var msg, code string
	hint := c.hint(s.t.root)
	switch {
	case s.t.kind == inflated:
		code = "decompressed"
		msg = s.what + " reads a decompressed request body with no size limit (a small gzip bomb inflates to gigabytes); wrap the decompressor in io.LimitReader"
	case s.multipart != "":
		code = "multipart-memory"
		msg = s.what + "(" + s.multipart + ") keeps that much of an unbounded body in memory and the rest on disk; " + hint
	case c.lengthChecked(s.t.root, s.call):
		code = "content-length"
		msg = s.what + " reads a request body bounded only by a ContentLength check, which chunked requests (ContentLength -1) pass; " + hint
	case s.helper != nil:
		code = "unbounded"
		msg = "the request body is handed to " + s.what + ", which reads it with no size limit, so one request can exhaust memory; " + hint
	default:
		code = "unbounded"
		msg = s.what + " reads a request body with no size limit, so one request can exhaust memory; " + hint
	}
	d := analysis.Diagnostic{Pos: s.call.Pos(), End: s.call.End(), Category: Doc.Code(code), Message: msg}
	if s.helper != nil {
		d.Related = []analysis.RelatedInformation{{Pos: s.helper.call.Pos(), End: s.helper.call.End(), Message: s.helper.what + " reads the body here"}}
	}
	if s.t.kind == raw && s.multipart == "" {
		if fix, ok := c.fix(fn, s); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	report.Report(c.pass, d)
}

// hint is the fix, in words, for the framework the request comes from.
func (c *checker) hint(root types.Object) string {
	switch {
	case typesx.IsNamedOrPointer(root.Type(), ginPkg, "Context"):
		return "wrap " + root.Name() + ".Request.Body in http.MaxBytesReader first"
	case typesx.IsNamed(root.Type(), echoPkg, "Context"):
		return "add middleware.BodyLimit"
	case c.isServerCtx(root.Type()):
		return "wrap the request body in http.MaxBytesReader first"
	}
	if typesx.IsPointerToNamed(root.Type(), httpPkg, "Request") && root.Name() != "" && root.Name() != "_" {
		return "wrap " + root.Name() + ".Body in http.MaxBytesReader first"
	}
	return "wrap r.Body in http.MaxBytesReader first"
}

// served reports whether root is a request the package serves: the
// *http.Request parameter of a function that also takes an
// http.ResponseWriter, or a gin or echo context.
func (c *checker) served(root types.Object) bool {
	if root == nil {
		return false
	}
	if c.isServerCtx(root.Type()) {
		return true
	}
	_, w := c.handlerParams(root)
	return w != nil
}

// handlerParams returns the function whose parameter r is, and its
// http.ResponseWriter parameter, if any.
func (c *checker) handlerParams(r types.Object) (ast.Node, *ast.Ident) {
	if !typesx.IsPointerToNamed(r.Type(), httpPkg, "Request") {
		return nil, nil
	}
	fn, ft := c.paramOf(r)
	if ft == nil {
		return nil, nil
	}
	for _, f := range ft.Params.List {
		if typesx.IsNamed(c.info.TypeOf(f.Type), httpPkg, "ResponseWriter") {
			if len(f.Names) == 1 {
				return fn, f.Names[0]
			}
			return fn, &ast.Ident{Name: "_"}
		}
	}
	return nil, nil
}

// paramOf returns the function (declaration or literal) one of whose
// parameters is v.
func (c *checker) paramOf(v types.Object) (ast.Node, *ast.FuncType) {
	if c.params == nil {
		c.params = map[types.Object]ast.Node{}
		for _, fn := range c.funcs() {
			_, ft := pkgindex.FuncBody(fn)
			if ft == nil || ft.Params == nil {
				continue
			}
			for _, f := range ft.Params.List {
				for _, n := range f.Names {
					if obj := c.info.Defs[n]; obj != nil {
						c.params[obj] = fn
					}
				}
			}
		}
	}
	fn := c.params[v]
	if fn == nil {
		return nil, nil
	}
	_, ft := pkgindex.FuncBody(fn)
	return fn, ft
}
