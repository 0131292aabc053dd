// Package headerorder reports response headers and statuses that net/http
// silently drops: a header set, a WriteHeader or an http.Error after the
// response's status or body has been sent, and http.Error after a template
// that failed half-way through the page.
package headerorder

import (
	"go/ast"
	"go/types"
	"maps"
	"net/textproto"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports headers and statuses set after a response was sent.
var Analyzer = &analysis.Analyzer{
	Name:     "headerorder",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer, flow.Analyzer},
	Run:      run,
}

// fnInfo is one function (declaration or literal) with writer parameters.
type fnInfo struct {
	node    ast.Node
	body    *ast.BlockStmt
	g       *flow.Graph
	writers []*types.Var
	kinds   []writerKind
	aliases map[types.Object]alias
	// events of each top-level node of the graph, in order.
	events map[ast.Node][]event
	// the top-level node of each event's node
	order []placed
	// trailer declarations per writer
	trailers []trailers
	// the dataflow result the findings were made with
	result *flow.Result[fact]
}

type placed struct {
	ev  event
	top ast.Node
}

type trailers struct {
	keys map[string]bool
	any  bool // a Trailer header with a value that is not constant
}

// summary is what a package helper does to the writer passed as one of its
// parameters, from an open response.
type summary struct {
	exit       mask // the states at its returns
	setsHeader bool // it changes the header while the response can be open
	setsStatus bool // it sends a status while the response can be open
	// bodyFirst: it writes a body while the response can be open (with no
	// status of its own first) on some path: it renders a page.
	bodyFirst bool
}

func (s *summary) empty() bool {
	return s.exit == bit(stOpen) && !s.setsHeader && !s.setsStatus
}

type checker struct {
	srcs *fixes.Sources // the files fixes read, each once
	pass *analysis.Pass
	fp   *flow.Package
	ix   *pkgindex.Index
	// sums returns a helper's summaries: the current ones while they are
	// computed, the final ones after.
	sums func(*types.Func) funcSum
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil || !importsHTTP(pass.Pkg) {
		return nil, nil
	}
	if outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: not production behaviour
	}
	fp, ok := pass.ResultOf[flow.Analyzer].(*flow.Package)
	if !ok {
		return nil, nil
	}
	c := &checker{pass: pass, fp: fp, ix: fp.Index(), srcs: fixes.NewSources(pass)}
	var fns []*fnInfo
	for _, f := range pass.Files {
		if typesx.IsTestFile(pass.Fset.PositionFor(f.Pos(), false).Filename) {
			continue // a test's handler writes to a recorder
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				if fi := c.newFn(n); fi != nil {
					fns = append(fns, fi)
				}
			}
			return true
		})
	}
	if len(fns) == 0 {
		return nil, nil
	}
	c.summarize(fns)
	for _, fi := range fns {
		c.check(fi)
	}
	return nil, nil
}

func importsHTTP(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		switch typesx.TrimVendor(p.Path()) {
		case httpPkg, ginPkg, echoPkg:
			return true
		}
	}
	return false
}

// newFn returns the function's info when it has writer parameters.
func (c *checker) newFn(n ast.Node) *fnInfo {
	body, ftype := pkgindex.FuncBody(n)
	if body == nil || ftype == nil || ftype.Params == nil {
		return nil
	}
	info := c.pass.TypesInfo
	if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
		// Methods of the package's own ResponseWriter wrappers (recorders,
		// gzip writers) implement the protocol: they are not handlers.
		if t := info.TypeOf(fd.Recv.List[0].Type); t != nil && implementsWriter(t) {
			return nil
		}
	}
	fi := &fnInfo{node: n, body: body, aliases: map[types.Object]alias{}}
	for _, field := range ftype.Params.List {
		for _, name := range field.Names {
			v, ok := info.Defs[name].(*types.Var)
			if !ok || name.Name == "_" {
				continue
			}
			kind, ok := writerKindOf(v.Type())
			if !ok {
				continue
			}
			if len(c.ix.Assigns(v)) > 0 || addressTaken(c.ix, info, v) {
				// w = wrap(w), &w: the variable stops being the response.
				continue
			}
			fi.writers = append(fi.writers, v)
			fi.kinds = append(fi.kinds, kind)
		}
	}
	if lit, ok := n.(*ast.FuncLit); ok {
		// A closure's writes to a writer it captures from the function
		// around it (withID(c, func(id uint) { ... c.JSON(...) })) are
		// ordered within the closure like any others.
		seen := map[*types.Var]bool{}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok || seen[v] || v.IsField() || (v.Pos() >= lit.Pos() && v.Pos() < lit.End()) {
				return true
			}
			seen[v] = true
			if v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return true
			}
			kind, ok := writerKindOf(v.Type())
			if !ok || len(c.ix.Assigns(v)) > 0 || addressTaken(c.ix, info, v) {
				return true
			}
			fi.writers = append(fi.writers, v)
			fi.kinds = append(fi.kinds, kind)
			return true
		})
	}
	if len(fi.writers) == 0 {
		return nil
	}
	fi.g = c.fp.FuncGraph(n)
	if fi.g == nil {
		return nil
	}
	c.findAliases(fi)
	return fi
}

// writerKindOf tells whether a variable of type t is a response writer.
func writerKindOf(t types.Type) (writerKind, bool) {
	switch {
	case typesx.IsNamed(t, httpPkg, "ResponseWriter"):
		return kindHTTP, true
	case typesx.IsPointerToNamed(t, ginPkg, "Context"):
		return kindGin, true
	case typesx.IsNamed(t, echoPkg, "Context"):
		return kindEcho, true
	}
	return 0, false
}

func implementsWriter(t types.Type) bool {
	iface := httpWriterType()
	if iface == nil {
		return false
	}
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}

var writerIface *types.Interface

// httpWriterType builds the method set of http.ResponseWriter without
// needing net/http's types.
func httpWriterType() *types.Interface {
	if writerIface != nil {
		return writerIface
	}
	byteSlice := types.NewSlice(types.Typ[types.Byte])
	intT, errT := types.Typ[types.Int], types.Universe.Lookup("error").Type()
	mk := func(name string, params, results []*types.Var) *types.Func {
		return types.NewFunc(0, nil, name, types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), types.NewTuple(results...), false))
	}
	write := mk("Write", []*types.Var{types.NewVar(0, nil, "p", byteSlice)},
		[]*types.Var{types.NewVar(0, nil, "n", intT), types.NewVar(0, nil, "err", errT)})
	wh := mk("WriteHeader", []*types.Var{types.NewVar(0, nil, "code", intT)}, nil)
	it := types.NewInterfaceType([]*types.Func{write, wh}, nil)
	it.Complete()
	writerIface = it
	return it
}

// addressTaken reports whether &v appears in the package.
func addressTaken(ix *pkgindex.Index, info *types.Info, v *types.Var) bool {
	for _, id := range ix.Uses(v) {
		if u, ok := ix.Parent(id).(*ast.UnaryExpr); ok && u.Op.String() == "&" {
			return true
		}
	}
	return false
}

// findAliases binds the function's single-assignment variables that hold a
// writer's header map or an encoder over it.
func (c *checker) findAliases(fi *fnInfo) {
	info := c.pass.TypesInfo
	ast.Inspect(fi.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok.String() != ":=" || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return true
		}
		obj := info.Defs[id]
		if obj == nil || len(c.ix.Assigns(obj)) != 1 {
			return true
		}
		if i, ok := fi.headerOf(info, as.Rhs[0]); ok {
			fi.aliases[obj] = alias{w: i, header: true}
		} else if i, ok := fi.encoderOf(info, as.Rhs[0]); ok {
			fi.aliases[obj] = alias{w: i}
		}
		return true
	})
}

// collect computes the events of every top-level node (after the summaries
// they depend on changed).
func (c *checker) collect(fi *fnInfo) {
	fi.events = map[ast.Node][]event{}
	fi.order = nil
	for _, b := range fi.g.Blocks() {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			evs := c.nodeEvents(fi, n)
			if len(evs) > 0 {
				fi.events[n] = evs
				for _, ev := range evs {
					fi.order = append(fi.order, placed{ev, n})
				}
			}
		}
	}
	sort.SliceStable(fi.order, func(i, j int) bool { return fi.order[i].ev.node.Pos() < fi.order[j].ev.node.Pos() })
}

func (c *checker) forward(fi *fnInfo) *flow.Result[fact] {
	entry := fact{m: make([]mask, len(fi.writers))}
	for i := range entry.m {
		entry.m[i] = bit(stOpen)
	}
	return flow.Forward(fi.g, lattice{}, entry, flow.Transfer[fact]{
		Node: fi.transfer,
		Cond: fi.cond(c.pass.TypesInfo),
	})
}

// funcSum is a helper's summaries, by the index of its writer parameters.
type funcSum map[int]summary

func equalSums(a, b funcSum) bool { return maps.Equal(a, b) }

// summarize computes the summaries of the package's helpers that take a
// writer, callees first and to a fixed point over helpers that call each
// other (internal/summaries).
func (c *checker) summarize(fns []*fnInfo) {
	byDecl := map[*ast.FuncDecl]*fnInfo{}
	for _, fi := range fns {
		if fd, ok := fi.node.(*ast.FuncDecl); ok {
			byDecl[fd] = fi
		}
	}
	if len(byDecl) == 0 {
		return
	}
	keep := func(fn *types.Func) bool { return byDecl[c.ix.Decl(fn)] != nil }
	step := func(fn *types.Func, decl *ast.FuncDecl, get func(*types.Func) funcSum) funcSum {
		fi := byDecl[decl]
		if fi == nil {
			return nil
		}
		c.sums = get
		var out funcSum
		for i, w := range fi.writers {
			if s := c.summaryOf(fi, i); !s.empty() {
				if out == nil {
					out = funcSum{}
				}
				out[paramIndex(fn, w)] = s
			}
		}
		return out
	}
	res := summaries.Compute(c.ix, keep, step, equalSums)
	c.sums = func(fn *types.Func) funcSum {
		s, _ := res.Of(fn)
		return s
	}
}

// summaryFor returns the summary of fn's j'th parameter, nil when fn does
// nothing known to it.
func (c *checker) summaryFor(fn *types.Func, j int) *summary {
	if c.sums == nil {
		return nil
	}
	s, ok := c.sums(fn)[j]
	if !ok {
		return nil
	}
	return &s
}

func paramIndex(fn *types.Func, v *types.Var) int {
	sig := fn.Type().(*types.Signature)
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return i
		}
	}
	return -1
}

// summaryOf computes what fi does to its i'th writer.
func (c *checker) summaryOf(fi *fnInfo, i int) (s summary) {
	var failed bool
	defer bug.Catch(&failed, "headerorder.summaryOf")
	c.collect(fi)
	r := c.forward(fi)
	if r.Incomplete {
		return summary{exit: bit(stOpen)}
	}
	for _, b := range fi.g.Blocks() {
		in, ok := r.In(b)
		if !ok || !flow.Terminal(b) || !flow.IsReturn(b) {
			continue
		}
		f := in
		for _, n := range b.Nodes {
			f = fi.transfer(f, n)
		}
		m := f.m[i]
		if m.has(stPartial) {
			m = m&^bit(stPartial) | bit(stOpen) | bit(stBody)
		}
		s.exit |= m
	}
	if s.exit == 0 {
		// No return: a helper that never returns changes nothing here.
		s.exit = bit(stOpen)
	}
	if i < len(fi.writers) && c.wrapsWriter(fi.writers[i]) {
		// It hands the writer to a wrapper of its own (dex's
		// renderTemplate executes into &writeRecorder{w: w}): the body
		// goes out through that, so it is a body writer.
		s.bodyFirst = true
	}
	r.Each(func(n ast.Node, before fact) bool {
		f := before
		for _, ev := range fi.events[n] {
			if ev.w == i && f.m[i].open() {
				switch ev.op {
				case opHeader:
					s.setsHeader = true
				case opStatus:
					s.setsStatus = true
				}
				switch {
				case !f.m[i].has(stOpen):
				case ev.eff == effBody, ev.eff == effTemplate, ev.eff == effEncode:
					s.bodyFirst = true
				case ev.eff == effSummary && ev.sum.bodyFirst:
					s.bodyFirst = true
				}
			}
			if ev.eff != effNone {
				f.m = append([]mask(nil), f.m...)
				f.m[ev.w] = apply(f.m[ev.w], ev.eff, ev.sum)
			}
		}
		return true
	})
	return s
}

// findTrailers records the trailers each writer declares (Trailer header
// values) so that setting them after the body stays quiet.
func (c *checker) findTrailers(fi *fnInfo) {
	info := c.pass.TypesInfo
	fi.trailers = make([]trailers, len(fi.writers))
	for _, p := range fi.order {
		ev := p.ev
		if ev.op != opHeader {
			continue
		}
		k, ok := headerKey(info, ev.key)
		if !ok || textproto.CanonicalMIMEHeaderKey(k) != "Trailer" {
			continue
		}
		var vals []ast.Expr
		switch n := ev.node.(type) {
		case *ast.CallExpr:
			if len(n.Args) >= 2 {
				vals = n.Args[1:]
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if ix, ok := lhs.(*ast.IndexExpr); ok && ix.Index == ev.key && i < len(n.Rhs) {
					if cl, ok := n.Rhs[i].(*ast.CompositeLit); ok {
						vals = cl.Elts
					} else {
						vals = []ast.Expr{n.Rhs[i]}
					}
				}
			}
		}
		t := &fi.trailers[ev.w]
		if len(vals) == 0 {
			t.any = true
		}
		for _, v := range vals {
			s, ok := headerKey(info, v)
			if !ok {
				t.any = true
				continue
			}
			for _, name := range strings.Split(s, ",") {
				if t.keys == nil {
					t.keys = map[string]bool{}
				}
				t.keys[textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name))] = true
			}
		}
	}
}

// isTrailer reports whether a header op after the body sets a declared
// trailer (or one spelt with http.TrailerPrefix), or might.
func (fi *fnInfo) isTrailer(info *types.Info, ev event) bool {
	k, ok := headerKey(info, ev.key)
	t := fi.trailers[ev.w]
	if !ok {
		return t.any || len(t.keys) > 0
	}
	if strings.HasPrefix(k, trailerPrefix) {
		return true
	}
	return t.any || t.keys[textproto.CanonicalMIMEHeaderKey(k)]
}

// trailerPrefix is http.TrailerPrefix.
const trailerPrefix = "Trailer:"

// wrapsWriter reports whether the writer w is stored in a composite literal
// (a recording or buffering wrapper around it) in its function.
func (c *checker) wrapsWriter(w *types.Var) bool {
	for _, id := range c.ix.Uses(w) {
		p := c.ix.Parent(id)
		if kv, ok := p.(*ast.KeyValueExpr); ok && kv.Value == id {
			p = c.ix.Parent(kv)
		}
		if _, ok := p.(*ast.CompositeLit); ok {
			return true
		}
	}
	return false
}
