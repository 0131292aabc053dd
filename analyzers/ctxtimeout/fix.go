package ctxtimeout

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// ctxInScope returns source text for a context that code at node at may
// use: a context variable in scope that comes from a deadline, a parameter
// or a request (a deadline first, then the latest declared), else
// r.Context() for the one *http.Request parameter in scope, else "".
func (c *checker) ctxInScope(fi *funcInfo, at ast.Node) string {
	return c.scopeCtx(fi, at).text
}

// inScope is a context code may use (ctxInScope), and whether it comes
// from outside the goroutine the code runs in: the request's context, or
// a context of the function that starts the goroutine, which ends when
// that function returns, while the goroutine goes on.
type inScope struct {
	text  string
	outer bool
}

// scopeCtx is ctxInScope, goroutine-aware: in a goroutine, a context
// declared in it is preferred to one from outside.
func (c *checker) scopeCtx(fi *funcInfo, at ast.Node) inScope {
	pos := at.Pos()
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return inScope{}
	}
	gor := c.goroutineOf(fi, at)
	outside := func(v *types.Var) bool { return gor != nil && !within(gor, v.Pos()) }
	fl := c.ctxFlowFor(fi)
	var best *types.Var
	bestRank := 0
	var reqs, fws []*types.Var
	fwText := ""
	for s := inner; s != nil && s != c.pass.Pkg.Scope() && s != types.Universe; s = s.Parent() {
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || name == "_" || v.Pos() >= pos || !within(fi.decl, v.Pos()) {
				continue
			}
			if _, o := inner.LookupParent(name, pos); o != v {
				continue // shadowed
			}
			switch {
			case outbound.IsContext(v.Type()):
				cls := fl.ctxVar(v, at)
				if !cls.good() {
					continue
				}
				rank := 2
				if cls.deadline {
					rank = 3
				}
				if outside(v) {
					rank -= 2
				}
				if best == nil || rank > bestRank || rank == bestRank && v.Pos() > best.Pos() {
					best, bestRank = v, rank
				}
			case outbound.IsHTTPRequest(v.Type()):
				if d := fi.params[v]; d != nil && (d.kind == defParam || d.kind == defLitParam) {
					reqs = append(reqs, v)
				}
			default:
				// A framework's handler context carries the request's.
				if ctxOf := outbound.FrameworkRequestContext(v.Type()); ctxOf != "" {
					if d := fi.params[v]; d != nil && (d.kind == defParam || d.kind == defLitParam) {
						fws = append(fws, v)
						fwText = ctxOf
					}
				}
			}
		}
	}
	if best != nil && (bestRank >= 2 || len(reqs) != 1 || outside(reqs[0])) {
		return inScope{best.Name(), outside(best)}
	}
	if len(reqs) == 1 {
		return inScope{reqs[0].Name() + ".Context()", outside(reqs[0])}
	}
	if len(reqs) == 0 && len(fws) == 1 {
		return inScope{fws[0].Name() + fwText, outside(fws[0])}
	}
	return inScope{}
}

// goroutineOf returns the goroutine n runs in within fi, innermost first:
// the function literal of go func() { ... }(), or the call of go f(...)
// when n is that call; nil if none.
func (c *checker) goroutineOf(fi *funcInfo, n ast.Node) ast.Node {
	if g, ok := c.ix.Parent(n).(*ast.GoStmt); ok && g.Call == n {
		return n
	}
	for p := c.ix.EnclosingFunc(n); p != nil && p != ast.Node(fi.decl); p = c.ix.EnclosingFunc(p) {
		lit, ok := p.(*ast.FuncLit)
		if !ok {
			continue
		}
		call, ok := c.ix.Parent(lit).(*ast.CallExpr)
		if !ok || ast.Unparen(call.Fun) != ast.Expr(lit) {
			continue
		}
		if g, ok := c.ix.Parent(call).(*ast.GoStmt); ok && g.Call == call {
			return lit
		}
	}
	return nil
}

// ctxForFix is ctxInScope for a fix that passes the context on. It refuses
// a context that comes only from the function's parameters when a caller
// in the package passes context.Background() (or another context with no
// deadline) for it: threading the parameter would remove this finding and
// leave no deadline anywhere (if every caller does), or create a finding at
// that caller.
func (c *checker) ctxForFix(fi *funcInfo, at ast.Node) string {
	sc := c.scopeCtx(fi, at)
	if sc.outer {
		return "" // it ends before the goroutine does
	}
	ctx := sc.text
	if ctx == "" || strings.HasSuffix(ctx, ".Context()") || fi.obj == nil {
		return ctx
	}
	inner := c.pass.Pkg.Scope().Innermost(at.Pos())
	if inner == nil {
		return ""
	}
	_, obj := inner.LookupParent(ctx, at.Pos())
	v, ok := obj.(*types.Var)
	if !ok {
		return ""
	}
	cls := c.ctxFlowFor(fi).ctxVar(v, at)
	if !cls.fromParams() {
		return ctx // a deadline in scope
	}
	if c.unboundedCaller(fi.obj.Origin(), cls.params) {
		return ""
	}
	return ctx
}

// unboundedCaller reports whether a call of fn in the package passes, for
// one of the parameters in mask, a context that certainly has no deadline.
func (c *checker) unboundedCaller(fn *types.Func, mask bitset) bool {
	flows := map[*funcInfo]*ctxFlow{}
	for _, call := range c.ix.CallsTo(fn) {
		caller := c.funcOf(c.ix.EnclosingFunc(call))
		if caller == nil {
			continue
		}
		fl := flows[caller]
		if fl == nil {
			fl = c.ctxFlowFor(caller)
			flows[caller] = fl
		}
		for i, arg := range call.Args {
			if mask.has(i) && fl.ctx(arg).unbounded() {
				return true
			}
		}
	}
	return false
}

// stmtOf returns the innermost statement around n that sits in a
// statement list, with the list and its index there.
func (c *checker) stmtOf(fi *funcInfo, n ast.Node) (ast.Stmt, []ast.Stmt, int) {
	for x := n; x != nil; x = c.ix.Parent(x) {
		st, ok := x.(ast.Stmt)
		if !ok {
			continue
		}
		var list []ast.Stmt
		switch p := c.ix.Parent(x).(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		for i, s := range list {
			if s == st {
				return st, list, i
			}
		}
	}
	return nil, nil, -1
}

// source returns the text of the file that holds n, and its token.File.
func (c *checker) source(n ast.Node) ([]byte, *token.File) { return c.srcs.Of(n) }

// text returns the source text of n.
func (c *checker) text(n ast.Node) string {
	src, tf := c.source(n)
	if src == nil {
		return ""
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// indentOf returns the indentation of the line n starts on, and false if n
// does not start its line.
func (c *checker) indentOf(n ast.Node) (string, bool) {
	src, tf := c.source(n)
	if src == nil {
		return "", false
	}
	off := tf.Offset(n.Pos())
	ind := typesx.IndentOf(src, off)
	// n starts its line when its line's indentation ends where n begins.
	if s := off - len(ind); s < 0 || s > 0 && src[s-1] != '\n' {
		return "", false
	}
	return ind, true
}

// formatted turns edits to one declaration into a single edit whose result
// is gofmt-formatted: it applies them to the text of the top-level
// declaration that holds n, formats that text, and replaces the span where
// it differs from the original. If the declaration was not formatted to
// begin with, that span would reformat code the fix does not change, so it
// returns the edits as they are (as it does when an edit lies outside the
// declaration or the span reaches far from the edits). Formatting the
// declaration rather than the file keeps the cost of a fix to the size of
// the function it changes: gofmt lays out each top-level declaration on
// its own.
func (c *checker) formatted(n ast.Node, edits []analysis.TextEdit) ([]analysis.TextEdit, bool) {
	src, tf := c.source(n)
	file := fixes.FileOf(c.pass, n.Pos())
	if src == nil || file == nil {
		return nil, false
	}
	var decl ast.Decl
	for _, d := range file.Decls {
		if d.Pos() <= n.Pos() && n.End() <= d.End() {
			decl = d
			break
		}
	}
	if decl == nil {
		return edits, true
	}
	// The declaration's text, from the start of its line.
	dlo, dhi := tf.Offset(decl.Pos()), tf.Offset(decl.End())
	for dlo > 0 && src[dlo-1] != '\n' {
		dlo--
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	for _, e := range edits {
		if s, t := tf.Offset(e.Pos), tf.Offset(e.End); s < dlo || t > dhi {
			return edits, true
		}
	}
	text := src[dlo:dhi]
	clean, known := c.gofmtClean[decl]
	if !known {
		f, err := format.Source(text)
		clean = err == nil && bytes.Equal(f, text)
		if c.gofmtClean == nil {
			c.gofmtClean = map[ast.Decl]bool{}
		}
		c.gofmtClean[decl] = clean
	}
	if !clean {
		return edits, true
	}
	var b bytes.Buffer
	last := 0
	lo, hi := len(text), 0
	for _, e := range edits {
		s, t := tf.Offset(e.Pos)-dlo, tf.Offset(e.End)-dlo
		if s < last || t < s {
			return nil, false
		}
		b.Write(text[last:s])
		b.Write(e.NewText)
		last = t
		lo, hi = min(lo, s), max(hi, t)
	}
	b.Write(text[last:])
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, false
	}
	p := 0
	for p < len(text) && p < len(out) && text[p] == out[p] {
		p++
	}
	q := 0
	for q < len(text)-p && q < len(out)-p && text[len(text)-1-q] == out[len(out)-1-q] {
		q++
	}
	if p < lo-400 || len(text)-q > hi+400 {
		return edits, true
	}
	return []analysis.TextEdit{{Pos: tf.Pos(dlo + p), End: tf.Pos(dlo + len(text) - q), NewText: out[p : len(out)-q]}}, true
}

// withImports builds a fix from edits made gofmt-clean, plus the edits
// that import the packages the new code names (given as name -> path; the
// names the file uses for them are substituted for {name} in the text).
func (c *checker) fix(msg string, at ast.Node, edits []analysis.TextEdit, imports []string) (analysis.SuggestedFix, bool) {
	file := fixes.FileOf(c.pass, at.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	names := map[string]string{}
	imported, importEdits := fixes.AddImports(c.info, file, at.Pos(), imports...)
	for i, path := range imports {
		names[path] = imported[i]
	}
	for i := range edits {
		t := string(edits[i].NewText)
		for _, path := range imports {
			t = strings.ReplaceAll(t, "{"+path+"}", names[path])
		}
		edits[i].NewText = []byte(t)
	}
	out, ok := c.formatted(at, edits)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	for _, ie := range importEdits {
		for _, e := range out {
			if ie.Pos < e.End && e.Pos < ie.End || ie.Pos == e.Pos {
				return analysis.SuggestedFix{}, false
			}
		}
	}
	return analysis.SuggestedFix{Message: msg, TextEdits: append(out, importEdits...)}, true
}

func insert(pos token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}

func replace(n ast.Node, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(text)}
}

// fixDefaultFunc rewrites
//
//	resp, err := http.Get(u)
//	if err != nil { ... }
//
// into a request built with http.NewRequestWithContext on the context in
// scope, checked with a copy of the same error branch, and sent with
// http.DefaultClient.Do. It is offered only in that shape: a context in
// scope, the call on its own in a two-value assignment, and the error
// checked by the next statement with a branch that leaves.
func (c *checker) fixDefaultFunc(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	ctx := c.ctxForFix(fi, call)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if ctx == "" || !ok || call.Ellipsis.IsValid() {
		return none, false
	}
	httpName, ok := sel.X.(*ast.Ident)
	if !ok {
		return none, false
	}
	st, list, i := c.stmtOf(fi, call)
	as, ok := st.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call || i+1 >= len(list) {
		return none, false
	}
	errID, ok := as.Lhs[1].(*ast.Ident)
	if !ok || errID.Name == "_" {
		return none, false
	}
	respID, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return none, false
	}
	errObj := c.info.ObjectOf(errID)
	respObj := c.info.ObjectOf(respID)
	if errObj == nil {
		return none, false
	}
	ifs, ok := list[i+1].(*ast.IfStmt)
	if !ok || !flow.IsErrExit(c.info, ifs, errObj, c.fp.MayReturn) {
		return none, false
	}
	if respObj != nil && mentions(c.info, ifs.Body, respObj) {
		return none, false
	}
	scope := c.pass.Pkg.Scope().Innermost(as.Pos())
	if as.Tok == token.ASSIGN && errObj.Parent() != scope {
		return none, false // req, err := would shadow err
	}
	indent, ok := c.indentOf(as)
	if !ok {
		return none, false
	}
	file := fixes.FileOf(c.pass, call.Pos())
	req := fixes.FreshName(c.info, file, as.Pos(), "req")
	h := httpName.Name
	args := make([]string, len(call.Args))
	for j, a := range call.Args {
		args[j] = c.text(a)
	}
	var method, body, header string
	var imports []string
	switch oc.Func.Name() {
	case "Get":
		method, body = "MethodGet", "nil"
	case "Head":
		method, body = "MethodHead", "nil"
	case "Post":
		if len(args) != 3 || hasCall(call.Args[1]) {
			return none, false
		}
		method, body = "MethodPost", args[2]
		header = fmt.Sprintf("%s.Header.Set(\"Content-Type\", %s)\n%s", req, args[1], indent)
	case "PostForm":
		if len(args) != 2 {
			return none, false
		}
		method, body = "MethodPost", "{strings}.NewReader("+args[1]+".Encode())"
		header = fmt.Sprintf("%s.Header.Set(\"Content-Type\", \"application/x-www-form-urlencoded\")\n%s", req, indent)
		imports = append(imports, "strings")
	default:
		return none, false
	}
	pre := fmt.Sprintf("%s, %s := %s.NewRequestWithContext(%s, %s.%s, %s, %s)\n%s%s\n%s%s",
		req, errID.Name, h, ctx, h, method, args[0], body, indent, c.text(ifs), indent, header)
	edits := []analysis.TextEdit{insert(as.Pos(), pre), replace(call, fmt.Sprintf("%s.DefaultClient.Do(%s)", h, req))}
	if as.Tok == token.DEFINE && (respObj == nil || c.info.Defs[respID] == nil) {
		edits = append(edits, analysis.TextEdit{Pos: as.TokPos, End: as.TokPos + 2, NewText: []byte("=")})
	}
	return c.fix("Build the request with http.NewRequestWithContext on "+ctx, call, edits, imports)
}

func mentions(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// fixDial: net.Dial(n, a) -> net.DialTimeout(n, a, 10*time.Second);
// tls.Dial(n, a, cfg) -> tls.DialWithDialer(&net.Dialer{Timeout: ...}, n, a, cfg).
func (c *checker) fixDial(fi *funcInfo, call *ast.CallExpr, oc outbound.Call) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return analysis.SuggestedFix{}, false
	}
	switch {
	case oc.Func.Pkg().Path() == "net" && oc.Func.Name() == "Dial" && len(call.Args) == 2:
		edits := []analysis.TextEdit{
			replace(sel.Sel, "DialTimeout"),
			insert(call.Rparen, ", "+strings.Replace(dialTimeout, "time", "{time}", 1)),
		}
		return c.fix("Use net.DialTimeout with a 10-second timeout", call, edits, []string{"time"})
	case oc.Func.Pkg().Path() == "crypto/tls" && oc.Func.Name() == "Dial" && len(call.Args) == 3:
		edits := []analysis.TextEdit{
			replace(sel.Sel, "DialWithDialer"),
			insert(call.Lparen+1, "&{net}.Dialer{Timeout: "+strings.Replace(dialerTimeout, "time", "{time}", 1)+"}, "),
		}
		return c.fix("Use tls.DialWithDialer with a net.Dialer that has a 10-second timeout", call, edits, []string{"net", "time"})
	}
	return analysis.SuggestedFix{}, false
}

// fixNoContext: db.Query(q, args...) -> db.QueryContext(ctx, q, args...)
// with the context in scope.
func (c *checker) fixNoContext(fi *funcInfo, call *ast.CallExpr, oc outbound.Call, ctx string) (analysis.SuggestedFix, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if ctx == "" || !ok {
		return analysis.SuggestedFix{}, false
	}
	args := ctx
	if t := outbound.ContextFormTrailer(oc.ContextForm); t != "" {
		args += ", " + t
	}
	if len(call.Args) > 0 {
		args += ", "
	}
	edits := []analysis.TextEdit{replace(sel.Sel, oc.ContextForm), insert(call.Lparen+1, args)}
	return c.fix(fmt.Sprintf("Use %s with %s", oc.ContextForm, ctx), call, edits, nil)
}

// fixOrigin adds a Timeout to an http.Client or net.Dialer made by a
// literal or new.
func (c *checker) fixOrigin(n ast.Node, desc string) (analysis.SuggestedFix, bool) {
	var timeout string
	switch desc {
	case "http.Client":
		timeout = clientTimeout
	case "net.Dialer":
		timeout = dialerTimeout
	default:
		return analysis.SuggestedFix{}, false
	}
	timeout = strings.Replace(timeout, "time", "{time}", 1)
	msg := "Set Timeout: " + strings.Replace(timeout, "{time}", "time", 1)
	switch n := n.(type) {
	case *ast.CompositeLit:
		for _, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Timeout" {
					return c.fix(msg, n, []analysis.TextEdit{replace(kv.Value, timeout)}, []string{"time"})
				}
			}
		}
		if len(n.Elts) == 0 {
			return c.fix(msg, n, []analysis.TextEdit{insert(n.Lbrace+1, "Timeout: "+timeout)}, []string{"time"})
		}
		last := n.Elts[len(n.Elts)-1]
		src, tf := c.source(n)
		if src == nil {
			return analysis.SuggestedFix{}, false
		}
		off := tf.Offset(last.End())
		if off < len(src) && src[off] == ',' {
			return c.fix(msg, n, []analysis.TextEdit{insert(last.End()+1, "\nTimeout: "+timeout+",")}, []string{"time"})
		}
		return c.fix(msg, n, []analysis.TextEdit{insert(last.End(), ", Timeout: "+timeout)}, []string{"time"})
	case *ast.CallExpr: // new(T)
		if len(n.Args) != 1 || !typesx.IsBuiltin(c.info, n, "new") {
			return analysis.SuggestedFix{}, false // another package's constructor: its code is not here
		}
		return c.fix(msg, n, []analysis.TextEdit{replace(n, "&"+c.text(n.Args[0])+"{Timeout: "+timeout+"}")}, []string{"time"})
	}
	return analysis.SuggestedFix{}, false
}

// fixNewRequest: when the one send through a client without a timeout
// (http.DefaultClient) has a request built by http.NewRequest, and a
// context is in scope there, build the request with
// http.NewRequestWithContext on that context instead.
func (c *checker) fixNewRequest(sends []send) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if len(sends) != 1 || sends[0].site == nil || len(sends[0].site.cls.roots) != 1 {
		return none, false
	}
	s := sends[0].site
	nr, ok := s.cls.roots[0].(*ast.CallExpr)
	if !ok || outbound.RequestOp(c.info, nr) != outbound.ReqNoCtx {
		return none, false
	}
	sel, ok := ast.Unparen(nr.Fun).(*ast.SelectorExpr)
	if !ok || nr.Ellipsis.IsValid() {
		return none, false
	}
	ctx := c.ctxForFix(s.fi, nr)
	if ctx == "" {
		return none, false
	}
	edits := []analysis.TextEdit{replace(sel.Sel, "NewRequestWithContext"), insert(nr.Lparen+1, ctx+", ")}
	return c.fix("Build the request with http.NewRequestWithContext on "+ctx, nr, edits, nil)
}

// fixRoot replaces a context.Background() argument with a context that
// has a deadline, declared just before the statement with its deferred
// cancel. It is not offered where the deferred cancel would be wrong: in
// a loop (cancels pile up until the function returns), in a go or defer
// statement, or where what the call returns (rows, a transaction, a
// stream) outlives the function.
func (c *checker) fixRoot(s *sinkSite, root *ast.CallExpr) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	fi := s.fi
	if c.rootFixed[fi] {
		return none, false
	}
	st, _, _ := c.stmtOf(fi, s.call)
	if st == nil || fi.inLoop(st) {
		return none, false
	}
	switch st.(type) {
	case *ast.GoStmt, *ast.DeferStmt, *ast.LabeledStmt:
		return none, false
	}
	if c.resultsOutlive(fi, s.call, st) {
		return none, false
	}
	sel, ok := ast.Unparen(root.Fun).(*ast.SelectorExpr)
	if !ok {
		return none, false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return none, false
	}
	indent, ok := c.indentOf(st)
	if !ok {
		return none, false
	}
	file := fixes.FileOf(c.pass, st.Pos())
	ctx := fixes.FreshName(c.info, file, st.Pos(), "ctx")
	cancel := fixes.FreshName(c.info, file, st.Pos(), "cancel")
	// The new context is in scope for the rest of the block: calls there
	// that take no context (tx.Exec on the transaction begun here) would be
	// reported once it exists. Convert them in the same fix, or offer none.
	extra, ok := c.convertInScope(fi, st, ctx)
	if !ok {
		return none, false
	}
	pre := fmt.Sprintf("%s, %s := %s.WithTimeout(%s, %s)\n%sdefer %s()\n%s",
		ctx, cancel, pkg.Name, c.text(root), strings.Replace(ctxTimeout, "time", "{time}", 1), indent, cancel, indent)
	edits := []analysis.TextEdit{insert(st.Pos(), pre), replace(root, ctx)}
	fix, ok := c.fix("Derive a context with a 30-second timeout for this call", root, edits, []string{"time"})
	if !ok {
		return none, false
	}
	for _, e := range extra {
		for _, f := range fix.TextEdits {
			if e.Pos < f.End && f.Pos < e.End || e.Pos == f.Pos {
				return none, false
			}
		}
	}
	fix.TextEdits = append(fix.TextEdits, extra...)
	if c.rootFixed == nil {
		c.rootFixed = map[*funcInfo]bool{}
	}
	c.rootFixed[fi] = true
	return fix, true
}

// convertInScope returns the edits that make the calls after st in its
// block that take no context, and are not reported today (no context in
// scope), use ctx: a context declared just before st. It returns false if
// such a call sits in a function literal (a goroutine or callback may
// outlive the function, and with it the context's cancel).
func (c *checker) convertInScope(fi *funcInfo, st ast.Stmt, ctx string) ([]analysis.TextEdit, bool) {
	_, list, i := c.stmtOf(fi, st)
	if i < 0 {
		return nil, false
	}
	var edits []analysis.TextEdit
	ok := true
	for _, later := range list[i+1:] {
		ast.Inspect(later, func(n ast.Node) bool {
			call, isCall := n.(*ast.CallExpr)
			if !ok || !isCall {
				return ok
			}
			oc, classified := outbound.Classify(c.info, call)
			if !classified || oc.ContextForm == "" || c.ownAPI(oc) || !c.keep(fi, call) || c.ctxInScope(fi, call) != "" {
				return true
			}
			if c.inFuncLit(fi, call) {
				ok = false
				return false
			}
			sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !isSel {
				ok = false
				return false
			}
			args := ctx
			if t := outbound.ContextFormTrailer(oc.ContextForm); t != "" {
				args += ", " + t
			}
			if len(call.Args) > 0 {
				args += ", "
			}
			edits = append(edits, replace(sel.Sel, oc.ContextForm), insert(call.Lparen+1, args))
			return true
		})
	}
	return edits, ok
}

// inFuncLit reports whether n is inside a function literal of fi.
func (c *checker) inFuncLit(fi *funcInfo, n ast.Node) bool { return fi.enclosingLit(n) != nil }

// resultsOutlive reports whether what call returns may be used after the
// function returns (so a context cancelled on return would break it): a
// result that holds a connection or a stream, returned, handed to a
// goroutine or a closure, or stored outside the function's variables.
func (c *checker) resultsOutlive(fi *funcInfo, call *ast.CallExpr, st ast.Stmt) bool {
	sig, ok := c.info.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		return true
	}
	res := false
	for i := range sig.Results().Len() {
		if resourceLike(sig.Results().At(i).Type()) {
			res = true
		}
	}
	if !res {
		return false
	}
	var vars []types.Object
	switch st := st.(type) {
	case *ast.ExprStmt:
		return false
	case *ast.ReturnStmt:
		return true
	case *ast.AssignStmt:
		for _, l := range st.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				return true // stored into a field, a map, through a pointer
			}
			if id.Name == "_" {
				continue
			}
			if o := c.info.ObjectOf(id); o != nil && resourceLike(o.Type()) {
				if v, ok := o.(*types.Var); ok && len(fi.defsOf(v)) == 0 {
					return true // not a local variable
				}
				vars = append(vars, o)
			}
		}
	case *ast.DeclStmt:
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name != "_" {
				if o := c.info.Defs[id]; o != nil && resourceLike(o.Type()) {
					vars = append(vars, o)
				}
			}
			return true
		})
	case *ast.IfStmt:
		return !(st.Init != nil && within(st.Init, call.Pos()) || within(st.Cond, call.Pos()))
	default:
		return true
	}
	escapes := false
	ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
		if escapes {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			for _, v := range vars {
				if mentions(c.info, n, v) {
					escapes = true
				}
			}
			return false
		case *ast.ReturnStmt, *ast.GoStmt, *ast.CompositeLit, *ast.SendStmt:
			for _, v := range vars {
				if c.handsOn(n, v) {
					escapes = true
				}
			}
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if _, ok := ast.Unparen(l).(*ast.Ident); ok {
					continue
				}
				for _, r := range n.Rhs {
					for _, v := range vars {
						if mentions(c.info, r, v) {
							escapes = true
						}
					}
				}
			}
		}
		return true
	})
	return escapes
}

// handsOn reports whether n mentions v other than as the receiver of a
// method call (rows.Err() consumes the rows; return rows hands them on).
func (c *checker) handsOn(n ast.Node, v types.Object) bool {
	found := false
	var visit func(x ast.Node) bool
	visit = func(x ast.Node) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.info.Uses[id] == v {
					for _, a := range x.Args {
						ast.Inspect(a, visit)
					}
					return false
				}
			}
		case *ast.Ident:
			if c.info.Uses[x] == v {
				found = true
			}
		}
		return true
	}
	ast.Inspect(n, visit)
	return found
}

// resourceLike reports whether a value of type t may hold a connection, a
// stream or a transaction bound to the context it was made with.
func resourceLike(t types.Type) bool {
	t = types.Unalias(t)
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface, *types.Chan, *types.Signature:
		return true
	case *types.Pointer:
		return resourceLike(u.Elem())
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		p := n.Obj().Pkg().Path()
		return outbound.Relevant(p) || p == "io" || p == "bufio"
	}
	return false
}
