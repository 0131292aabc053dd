package closeerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// wrapperWhat says, per wrapper type, what its Close writes.
var wrapperWhat = map[string]string{
	"compress/gzip.Writer":   "writes the gzip trailer",
	"compress/zlib.Writer":   "writes the zlib checksum",
	"compress/flate.Writer":  "writes the end of the stream",
	"compress/lzw.Writer":    "writes the end of the stream",
	"archive/zip.Writer":     "writes the zip directory",
	"archive/tar.Writer":     "writes the tar footer",
	"mime/multipart.Writer":  "writes the closing boundary",
	"encoding/base64.Writer": "writes the last block",
}

func (c *checker) checkClose(s *site, recvT types.Type) {
	recv := c.recvText(s)
	path, name := typesx.TypeKey(recvT)
	isFile := typesx.IsNamedOrPointer(recvT, "os", "File")
	var what string
	var related []analysis.RelatedInformation
	var rename *ast.CallExpr // the rename that publishes the file after the Close
	switch {
	case isFile:
		k := c.fileKindOf(s.recv)
		if k.state != writable || !c.writtenThrough(s.recv) || (k.excl && c.lockOnly(s.recv)) {
			return
		}
		if !s.deferred {
			if c.removedJustBefore(s) {
				return
			}
			rename = c.publishedBy(s)
		} else if c.scratchFile(s) {
			return
		}
		what = "the file is open for writing"
		related = append(related, analysis.RelatedInformation{Pos: k.pos, Message: "opened for writing (" + k.how + ")"})
	case typesx.IsNamedOrPointer(recvT, "io", "PipeWriter"):
		// Before the discard case: the hazard is the clean end of stream
		// the reader sees, not the error Close returns (always nil).
		if s.helper == nil {
			c.checkPipe(s)
		}
		return
	case s.discard:
		return // an explicit _ = x.Close() is a decision, but before a rename
	case path != "" && wrapperWhat[path+"."+name] != "":
		if c.harmlessSink(s.recv, 0) {
			if s.helper == nil {
				c.checkDeferredOverBuffer(s, wrapperWhat[path+"."+name])
			}
			return
		}
		what = fmt.Sprintf("Close %s", wrapperWhat[path+"."+name])
	case isWriteOnly(recvT):
		if _, isIface := recvT.Underlying().(*types.Interface); isIface && !c.fromConstructor(s.recv) {
			return
		}
		if c.harmlessSink(s.recv, 0) {
			return
		}
		what = fmt.Sprintf("Close finishes the write (%s)", types.TypeString(recvT, func(p *types.Package) string { return p.Name() }))
	default:
		return
	}
	if s.discard && rename == nil {
		return // an explicit _ = f.Close() is a decision, but before a rename
	}
	if c.checkedElsewhere(s, "Close") || (isFile && c.checkedElsewhere(s, "Sync")) {
		return
	}
	if !isFile && c.commitChecked(s) {
		// A writer that completes at Commit (a storage driver's FileWriter,
		// an upload): the checked Commit reports the write; Close after it
		// only releases.
		return
	}
	if c.onErrorPath(s) {
		return
	}
	if s.deferred {
		switch c.explicitClose(s) {
		case closedOnSuccess:
			// The explicit Close reports the write-back failure (it is
			// reported itself if dropped); the deferred one is the
			// harmless second close, whose error is "file already closed".
			return
		case closedOnError:
			s.noJoin = true // joining would add "already closed" to that path's error
		}
	}
	deferred := ""
	if s.deferred {
		deferred = "deferred "
	}
	var fix *analysis.SuggestedFix
	if s.helper == nil {
		fix = c.closeFix(s)
	} else {
		related = append(related, analysis.RelatedInformation{Pos: s.helperAt, Message: s.helper.Name() + " drops the error of Close here"})
	}
	if rename != nil {
		related = append(related, analysis.RelatedInformation{Pos: rename.Pos(), Message: "the rename that publishes the file"})
		callee := typesx.QualifiedName(typesx.Callee(c.info, rename))
		var msg string
		switch {
		case s.helper != nil:
			msg = fmt.Sprintf("%s drops %s.Close()'s error before %s publishes the file, which may then be truncated; close it, return the error and do not rename", types.ExprString(s.call.Fun), recv, callee)
		case s.discard:
			msg = fmt.Sprintf("_ = %s.Close() discards its error before %s publishes the file, which may then be truncated; return the error and do not rename", recv, callee)
		default:
			msg = fmt.Sprintf("%s.Close() drops its error before %s publishes the file, which may then be truncated; return the error and do not rename", recv, callee)
		}
		c.reportRelated(s, "close-before-rename", msg, fix, related)
		return
	}
	var msg string
	if s.helper != nil {
		msg = fmt.Sprintf("%s%s drops %s.Close()'s error, but %s: data can be lost; %s", deferred, types.ExprString(s.call.Fun), recv, what, s.helperAdvice())
	} else {
		msg = fmt.Sprintf("%s%s.Close() drops its error, but %s: data can be lost; %s", deferred, recv, what, s.advice(recv, "Close"))
	}
	c.reportRelated(s, "close-dropped", msg, fix, related)
}

// checkDeferredOverBuffer reports a deferred Close of a compressing or
// archiving writer over an in-memory buffer that the function reads after
// the defer: the deferred Close runs only after the buffer was sent or
// returned, so what was used lacks the trailer, central directory or
// closing boundary.
func (c *checker) checkDeferredOverBuffer(s *site, what string) {
	if _, isDefer := s.stmt.(*ast.DeferStmt); !isDefer {
		return
	}
	buf := c.memorySink(s.recv)
	if buf == nil || c.checkedElsewhere(s, "Close") {
		return
	}
	body, _ := pkgindex.FuncBody(s.owner)
	if body == nil {
		return
	}
	for _, u := range c.uses(buf) {
		// A use in the function the defer runs at the end of.
		if u.Pos() > body.Pos() && u.End() < body.End() && c.mayFollow(s.stmt, u) && !c.returnsBufferPointer(u) {
			recv := c.recvText(s)
			msg := fmt.Sprintf("deferred %s.Close() %s into %s after %s is used: the data is incomplete; close and check it before using %s", recv, what, buf.Name(), buf.Name(), buf.Name())
			c.reportRelated(s, "close-after-use", msg, nil, []analysis.RelatedInformation{{Pos: u.Pos(), Message: buf.Name() + " is used here, before the deferred Close"}})
			return
		}
	}
}

// returnsBufferPointer reports whether u is returned as a pointer to the
// buffer (return body, return &buf): the deferred Close runs before the
// caller can read it, so the caller sees the whole output (pocketbase's
// toMultipart). A copy of the buffer or of its bytes (return buf.Bytes())
// is taken before the Close.
func (c *checker) returnsBufferPointer(u *ast.Ident) bool {
	var n ast.Node = u
	if _, ok := c.info.TypeOf(u).Underlying().(*types.Pointer); !ok {
		un, ok := c.parent(u).(*ast.UnaryExpr)
		if !ok || un.Op != token.AND {
			return false
		}
		n = un
	}
	p, _ := c.ix.ParentUnparen(n)
	_, ok := p.(*ast.ReturnStmt)
	return ok
}

// memorySink returns the bytes.Buffer variable the writer e was built over
// (gzip.NewWriter(&buf)), or nil.
func (c *checker) memorySink(e ast.Expr) *types.Var {
	obj := c.objectOf(e)
	if obj == nil {
		return nil
	}
	origins := c.origins(obj)
	if len(origins) != 1 {
		return nil
	}
	call, ok := ast.Unparen(origins[0].expr).(*ast.CallExpr)
	if !ok {
		return nil
	}
	arg := c.sinkArg(call)
	if arg == nil {
		return nil
	}
	arg = ast.Unparen(arg)
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = u.X
	}
	id, ok := arg.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	if isMemory(v.Type()) {
		return v
	}
	return nil
}

// isMemory reports whether t is a bytes.Buffer or strings.Builder (or a
// pointer to one).
func isMemory(t types.Type) bool {
	return typesx.IsNamedOrPointer(t, "bytes", "Buffer") || typesx.IsNamedOrPointer(t, "strings", "Builder")
}

// checkSync reports a dropped f.Sync() before a rename publishes the file.
func (c *checker) checkSync(s *site) {
	rename := c.renameAfter(s)
	if rename == nil {
		return
	}
	if c.onErrorPath(s) {
		return
	}
	recv := c.recvText(s)
	msg := fmt.Sprintf("%s.Sync() drops its error before os.Rename publishes the file, which can then hold partial data after a crash; return the error and do not rename", recv)
	c.reportRelated(s, "sync-before-rename", msg, c.syncFix(s), []analysis.RelatedInformation{{Pos: rename.Pos(), Message: "the rename that publishes the file"}})
}

// renameAfter returns a call to os.Rename in the site's region that can
// run after the site.
func (c *checker) renameAfter(s *site) *ast.CallExpr {
	for _, call := range c.ix.CallsTo(c.importedFunc("os", "Rename")) {
		if call.Pos() >= s.region.Pos() && call.End() <= s.region.End() && c.mayFollow(s.stmt, call) {
			return call
		}
	}
	return nil
}

// importedFunc returns the function path.name of a package the checked
// package imports, nil when it imports no such package.
func (c *checker) importedFunc(path, name string) *types.Func {
	for _, p := range c.pass.Pkg.Imports() {
		if p.Path() == path {
			fn, _ := p.Scope().Lookup(name).(*types.Func)
			return fn
		}
	}
	return nil
}

func (c *checker) checkBufio(s *site) {
	if c.harmlessSink(s.recv, 0) || c.checkedElsewhere(s, "Flush") || !c.lastFlush(s) && c.fieldChecked(s.recv, bufioWrites) || c.resetToHarmless(s) {
		return
	}
	if c.onErrorPath(s) {
		return
	}
	recv := c.recvText(s)
	drop := "drops its error"
	if s.deferred {
		drop = "is deferred and drops its error"
	}
	msg := fmt.Sprintf("%s.Flush() %s: a failed write of the bytes still buffered is lost; %s", recv, drop, s.advice(recv, "Flush"))
	c.report(s, "flush-dropped", msg, c.closeFix(s))
}

// resetToHarmless reports whether the statement before the site's in its
// block, or one before that, resets the receiver (bw.Reset(x)) to a writer
// that cannot lose data: an in-memory sink, or a value of the package's own
// writer type (gorilla/websocket flushes into a hook that keeps the
// buffer). The Flush then writes there, whatever the writer was before.
func (c *checker) resetToHarmless(s *site) bool {
	key, ok := c.refKey(s.recv)
	if !ok {
		return false
	}
	block, ok := c.parent(s.stmt).(*ast.BlockStmt)
	if !ok {
		return false
	}
	i := slices.Index(block.List, s.stmt)
	for j := i - 1; j >= 0; j-- {
		es, ok := block.List[j].(*ast.ExprStmt)
		if !ok {
			return false // straight-line calls only
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if k, ok := c.refKey(sel.X); !ok || k != key {
			continue // a call on something else
		}
		if sel.Sel.Name != "Reset" {
			continue // bw.Write, bw.WriteByte
		}
		if len(call.Args) != 1 {
			return false
		}
		if c.isHarmless(call.Args[0], 0) {
			return true
		}
		arg := ast.Unparen(call.Args[0])
		if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
			arg = u.X
		}
		named := namedOf(typeOf(c.info, arg))
		return named != nil && named.Obj() != nil && named.Obj().Pkg() == c.pass.Pkg
	}
	return false
}

func (c *checker) checkCSV(s *site) {
	if c.harmlessSink(s.recv, 0) {
		return
	}
	key, ok := c.refKey(s.recv)
	if !ok {
		return
	}
	// Quiet when w.Error() is called after this Flush (or, for a deferred
	// Flush, after some other Flush).
	checked := false
	ast.Inspect(s.region, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || checked {
			return !checked
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Error" || len(call.Args) != 0 {
			return true
		}
		if k, ok := c.refKey(sel.X); ok && k == key && c.mayFollow(s.stmt, call) {
			checked = true
		}
		return true
	})
	if checked {
		return
	}
	if s.deferred && c.hasFlushBefore(s, key) {
		return
	}
	if c.fieldChecked(s.recv, map[string]bool{"Error": true}) || c.onErrorPath(s) {
		return
	}
	recv := c.recvText(s)
	msg := fmt.Sprintf("%s.Flush() on a csv.Writer is not followed by %s.Error(), where a failed write is reported: rows are lost; check %s.Error() after Flush", recv, recv, recv)
	c.report(s, "csv-unchecked", msg, c.csvFix(s))
}

// hasFlushBefore reports whether a non-deferred Flush of the same csv
// writer is followed by an Error check somewhere in the region.
func (c *checker) hasFlushBefore(s *site, key string) bool {
	var flushes, errs []ast.Node
	ast.Inspect(s.region, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if k, ok := c.refKey(sel.X); !ok || k != key {
			return true
		}
		switch sel.Sel.Name {
		case "Flush":
			if _, isDefer := c.parent(call).(*ast.DeferStmt); !isDefer {
				flushes = append(flushes, call)
			}
		case "Error":
			errs = append(errs, call)
		}
		return true
	})
	for _, f := range flushes {
		for _, e := range errs {
			if c.mayFollow(f, e) {
				return true
			}
		}
	}
	return false
}

// checkPipe reports an io.PipeWriter closed with Close in a function that
// can fail and never calls CloseWithError: PipeWriter.Close always returns
// nil and tells the reader the stream ended cleanly.
func (c *checker) checkPipe(s *site) {
	key, ok := c.refKey(s.recv)
	if !ok {
		return
	}
	withErr := false
	ast.Inspect(s.region, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "CloseWithError" {
				if k, ok := c.refKey(sel.X); ok && k == key {
					withErr = true
				}
			}
		}
		return !withErr
	})
	if withErr {
		// CloseWithError elsewhere, but this Close runs where an error is
		// known: the reader still sees a clean end of stream here.
		if !s.deferred && c.isProducer(s) {
			if errX := c.knownError(s); errX != nil {
				recv := c.recvText(s)
				msg := fmt.Sprintf("%s.Close() on this error path tells the reader the stream ended cleanly; use %s.CloseWithError(%s)", recv, recv, types.ExprString(errX))
				c.report(s, "pipe-close", msg, c.pipeFix(s, errX))
			}
		}
		return
	}
	if s.discard && c.knownError(s) == nil {
		return // _ = pw.Close() off the error paths: a decision, as for files
	}
	if !c.isProducer(s) || !c.canFail(s.owner) || c.sendsError(s.owner) {
		return
	}
	recv := c.recvText(s)
	msg := fmt.Sprintf("%s.Close() on an io.PipeWriter tells the reader the stream ended cleanly even when this function failed; use %s.CloseWithError(err) on error paths", recv, recv)
	c.report(s, "pipe-close", msg, nil)
}

// sendsError reports a producer that hands its failure on another way: it
// sends an error on a channel (errChan <- fmt.Errorf(...)), which the
// consumer reads after the stream (soft-serve's rev-list producer).
func (c *checker) sendsError(owner ast.Node) bool {
	found := false
	ast.Inspect(owner, func(n ast.Node) bool {
		if found {
			return false
		}
		if snd, ok := n.(*ast.SendStmt); ok {
			if t := c.info.TypeOf(snd.Value); t != nil && types.Implements(t, errorIface) && !isNilExpr(c.info, snd.Value) {
				found = true
			}
		}
		return true
	})
	return found
}

var errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

func isNilExpr(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

// knownError returns the error variable known not to be nil where the
// site runs (it is in the body of if err != nil), nil if there is none or
// it is not a plain variable.
func (c *checker) knownError(s *site) ast.Expr {
	g := c.flow.FuncGraph(s.owner)
	if g == nil {
		return nil
	}
	at := c.lift(g, s.stmt)
	if at == nil {
		return nil
	}
	isIdent := func(x ast.Expr) bool { _, ok := ast.Unparen(x).(*ast.Ident); return ok }
	if x := c.knownErr(g, at, isIdent); x != nil {
		return ast.Unparen(x)
	}
	return nil
}

// pipeFix replaces pw.Close() with pw.CloseWithError(err).
func (c *checker) pipeFix(s *site, errX ast.Expr) *analysis.SuggestedFix {
	sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	// The error must be the same variable where the Close is.
	id := errX.(*ast.Ident)
	if obj := c.lookup(s.call.Pos(), id.Name); obj == nil || obj != c.info.ObjectOf(id) {
		return nil
	}
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("Use %s.CloseWithError(%s)", types.ExprString(sel.X), id.Name),
		TextEdits: []analysis.TextEdit{
			{Pos: sel.Sel.Pos(), End: s.call.End(), NewText: []byte("CloseWithError(" + id.Name + ")")},
		},
	}
}

// isProducer reports whether the site is in the writing end of a pipe: a
// goroutine (go func() { ... }()) or a function that takes the PipeWriter
// as a parameter.
func (c *checker) isProducer(s *site) bool {
	if lit, ok := s.owner.(*ast.FuncLit); ok {
		if call, ok := c.parent(lit).(*ast.CallExpr); ok && call.Fun == lit {
			if _, ok := c.parent(call).(*ast.GoStmt); ok {
				return true
			}
		}
	}
	v, ok := c.rootObject(s.recv).(*types.Var)
	if !ok {
		return false
	}
	sig := s.ownerSig
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return true
		}
	}
	return false
}

// canFail reports whether fn's own body checks an error against nil: it has
// a failure to pass on.
func (c *checker) canFail(fn ast.Node) bool {
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if e, ok := n.(ast.Expr); ok {
			if x, notNil, ok := typesx.NilTest(c.info, e); ok && notNil && typesx.IsError(c.info.TypeOf(x)) {
				found = true
			}
		}
		return true
	})
	return found
}

// checkedElsewhere reports whether the same receiver's method is called in
// the site's region with its error used: the success path already checks
// it, and the dropped call is a harmless second one.
func (c *checker) checkedElsewhere(s *site, method string) bool {
	key, ok := c.refKey(s.recv)
	if !ok {
		return false
	}
	for _, call := range c.methodCalls(s.region, method, key) {
		if call != s.call && c.resultUsed(call) && c.sameValue(s, call) {
			return true
		}
	}
	return false
}

// commitChecked reports a Commit of the site's receiver (with any
// arguments: Commit(ctx)) whose error is used.
func (c *checker) commitChecked(s *site) bool {
	key, ok := c.refKey(s.recv)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(s.region, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Commit" {
			if k, ok := c.refKey(sel.X); ok && k == key && c.resultUsed(call) && c.sameValue(s, call) {
				found = true
			}
		}
		return true
	})
	return found
}

// methodCalls returns the calls x.method() with no arguments in region
// whose receiver has refKey key, in source order. One walk of the region
// indexes them all, so a function with many candidates is walked once, not
// once per candidate.
func (c *checker) methodCalls(region ast.Node, method, key string) []*ast.CallExpr {
	byKey, ok := c.calls[region]
	if !ok {
		byKey = map[[2]string][]*ast.CallExpr{}
		ast.Inspect(region, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return true
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if k, ok := c.refKey(sel.X); ok {
				byKey[[2]string{sel.Sel.Name, k}] = append(byKey[[2]string{sel.Sel.Name, k}], call)
			}
			return true
		})
		if c.calls == nil {
			c.calls = map[ast.Node]map[[2]string][]*ast.CallExpr{}
		}
		c.calls[region] = byKey
	}
	return byKey[[2]string{method, key}]
}

// explicit says where a deferred site's receiver is also closed explicitly.
type explicit int

const (
	notClosed       explicit = iota
	closedOnError            // only on failure paths
	closedOnSuccess          // on a path that does not fail
)

// explicitClose reports whether the deferred site's receiver (the same
// value) is closed by a call that is not deferred, and where.
func (c *checker) explicitClose(s *site) explicit {
	key, ok := c.refKey(s.recv)
	if !ok {
		return notClosed
	}
	found := notClosed
	for _, call := range c.methodCalls(s.region, s.method, key) {
		if call == s.call {
			continue
		}
		if _, isDefer := c.parent(call).(*ast.DeferStmt); isDefer || c.inDeferredLit(call) {
			continue
		}
		if !c.sameValue(s, call) {
			continue
		}
		st, _ := c.parent(call).(ast.Stmt)
		if st != nil && c.onErrorPath(&site{stmt: st, call: call, recv: ast.Unparen(call.Fun).(*ast.SelectorExpr).X, owner: s.owner, ownerSig: s.ownerSig}) {
			found = closedOnError
		} else {
			return closedOnSuccess
		}
	}
	// A call of a helper that closes it (closeQuietly(f)): that call is
	// reported itself.
	for _, h := range c.helperCloses(s.region, key) {
		if h.call == s.call || !c.sameValue(s, h.call) {
			continue
		}
		st, isStmt := c.parent(h.call).(*ast.ExprStmt)
		if !isStmt || c.inDeferredLit(h.call) {
			continue // deferred, or not a statement
		}
		if c.onErrorPath(&site{stmt: st, call: h.call, recv: h.arg, owner: s.owner, ownerSig: s.ownerSig}) {
			found = closedOnError
		} else {
			return closedOnSuccess
		}
	}
	return found
}

// helperClose is a call of a package helper that closes its argument arg
// and swallows the error.
type helperClose struct {
	call *ast.CallExpr
	arg  ast.Expr
}

// helperCloses lists the calls in region of helpers that close an argument
// whose refKey is key.
func (c *checker) helperCloses(region ast.Node, key string) []helperClose {
	var out []helperClose
	ast.Inspect(region, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !helperCall(c.pass, call) {
			return true
		}
		sum, _ := c.swallowSums().Of(typesx.StaticCallee(c.info, call))
		for j, a := range call.Args {
			if _, ok := sum.param(j); ok {
				if k, ok := c.refKey(a); ok && k == key {
					out = append(out, helperClose{call, a})
				}
			}
		}
		return true
	})
	return out
}

// inDeferredLit reports whether n is inside a deferred function literal.
func (c *checker) inDeferredLit(n ast.Node) bool {
	for p := c.parent(n); p != nil; p = c.parent(p) {
		if lit, ok := p.(*ast.FuncLit); ok {
			return c.isDeferredLit(lit)
		}
	}
	return false
}

// sameValue reports whether the receiver of the call other names the value
// the site's receiver names: its root variable is not assigned on a path
// between the two (a deferred call, or one in a deferred literal, runs at the
// return: nothing may be assigned after either of the two).
func (c *checker) sameValue(s *site, other *ast.CallExpr) bool {
	root := c.rootObject(s.recv)
	if root == nil {
		return false
	}
	late := s.deferred || c.inDeferredLit(other)
	if _, isDefer := c.parent(other).(*ast.DeferStmt); isDefer {
		late = true
	}
	return !c.assignedBetween(root, s.stmt, other, late)
}

// resultUsed reports whether a call's result is used: the call (in any
// parentheses) is not a statement, not deferred or run by go, not assigned
// to the blank identifier.
func (c *checker) resultUsed(call *ast.CallExpr) bool {
	var n ast.Node = call
	p := c.parent(n)
	for {
		if _, paren := p.(*ast.ParenExpr); !paren {
			break
		}
		n, p = p, c.parent(p)
	}
	switch p := p.(type) {
	case *ast.ExprStmt, *ast.DeferStmt, *ast.GoStmt:
		return false
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r == n && i < len(p.Lhs) {
				if id, ok := p.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
					return false
				}
			}
		}
	}
	return true
}

// refKey names the variable or field path an expression denotes (x, x.f,
// x.f.g), so two mentions of the same writer compare equal.
func (c *checker) refKey(e ast.Expr) (string, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := c.info.ObjectOf(e)
		if obj == nil {
			return "", false
		}
		return fmt.Sprintf("%s@%d", obj.Name(), obj.Pos()), true
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel == nil || sel.Kind() != types.FieldVal {
			return "", false
		}
		base, ok := c.refKey(e.X)
		if !ok {
			return "", false
		}
		return base + "." + e.Sel.Name, true
	case *ast.StarExpr:
		return c.refKey(e.X)
	}
	return "", false
}

// rootObject returns the variable at the root of x, x.f, *x.
func (c *checker) rootObject(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return c.info.ObjectOf(e)
	case *ast.SelectorExpr:
		return c.rootObject(e.X)
	case *ast.StarExpr:
		return c.rootObject(e.X)
	}
	return nil
}

// lastFlush reports whether the Flush of a field writer is its last: a
// later statement of the function closes a field of the same value
// (w.bw.Flush(); return w.f.Close()). A check of the sticky error
// elsewhere in the package then comes before it, never after.
func (c *checker) lastFlush(s *site) bool {
	sel, ok := ast.Unparen(s.recv).(*ast.SelectorExpr)
	if !ok || s.region == nil {
		return false
	}
	root := c.rootObject(sel.X)
	if root == nil {
		return false
	}
	found := false
	ast.Inspect(s.region, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || call.Pos() <= s.call.End() {
			return !found
		}
		if m, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && m.Sel.Name == "Close" && len(call.Args) == 0 {
			if x, ok := ast.Unparen(m.X).(*ast.SelectorExpr); ok && c.rootObject(x.X) == root {
				found = true
			}
		}
		return !found
	})
	return found
}

// bufioWrites are the bufio.Writer methods that report its sticky error.
var bufioWrites = map[string]bool{"Flush": true, "Write": true, "WriteString": true, "WriteByte": true, "WriteRune": true, "ReadFrom": true}

// fieldChecked reports whether e is a struct field (x.w) on which the
// package calls one of methods with the result used: a bufio or csv
// writer's error is sticky, so a check anywhere reports the dropped one.
func (c *checker) fieldChecked(e ast.Expr, methods map[string]bool) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	xs := c.info.Selections[sel]
	if xs == nil || xs.Kind() != types.FieldVal {
		return false
	}
	for _, call := range c.fieldCalls(xs.Obj()) {
		if m, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && methods[m.Sel.Name] && c.resultUsed(call) {
			return true
		}
	}
	return false
}

// failure reports whether e is certainly a non-nil error: a new error
// (errors.New, fmt.Errorf, a Wrap or Join), a sentinel error variable of
// some package, or a composite literal of an error type. A local variable
// such as err may be nil, so it does not count.
func (c *checker) failure(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		fn := typesx.Callee(c.info, e)
		if fn == nil {
			return false
		}
		name := fn.Name()
		return name == "New" || name == "Join" || strings.HasSuffix(name, "Errorf") || strings.HasPrefix(name, "Wrap") || strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Error")
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := e.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = e.(*ast.Ident)
		}
		v, ok := c.info.Uses[id].(*types.Var)
		return ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() && typesx.IsError(v.Type())
	}
	return false
}
