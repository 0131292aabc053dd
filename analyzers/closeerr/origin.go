package closeerr

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

type fileState int

const (
	unknown fileState = iota
	readOnly
	writable
)

// fileKind says how an *os.File was opened.
type fileKind struct {
	state fileState
	how   string    // "os.Create", "os.OpenFile with O_WRONLY|O_CREATE", "newOutput"
	pos   token.Pos // where
	// excl: every writable origin is an os.OpenFile whose constant flags
	// hold O_EXCL (the create-exclusively idiom of lock files).
	excl bool
}

const maxDepth = 8

// fileKindOf says how the file e denotes was opened, following local
// variables, struct fields and package-local functions that return it.
func (c *checker) fileKindOf(e ast.Expr) fileKind {
	return c.kindOf(e, -1, map[types.Object]bool{}, 0)
}

func (c *checker) kindOf(e ast.Expr, index int, seen map[types.Object]bool, depth int) fileKind {
	if depth > maxDepth {
		return fileKind{}
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return c.callKind(e, index, seen, depth)
	case *ast.Ident:
		return c.objKind(c.info.ObjectOf(e), seen, depth)
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return c.objKind(sel.Obj(), seen, depth)
		}
	}
	return fileKind{}
}

func (c *checker) objKind(obj types.Object, seen map[types.Object]bool, depth int) fileKind {
	v, ok := obj.(*types.Var)
	if !ok || seen[v] || v.Pkg() != c.pass.Pkg {
		return fileKind{}
	}
	seen[v] = true
	best := fileKind{}
	excl := true
	consider := func(k fileKind) {
		if k.state == writable && !k.excl {
			excl = false
		}
		if k.state > best.state {
			best = k
		}
	}
	ors := c.origins(v)
	for _, o := range ors {
		consider(c.kindOf(o.expr, o.index, seen, depth+1))
	}
	// A parameter never assigned in the function: the files the package's
	// callers pass (writeAll(f, data) after f, err := os.Create(path)).
	if r, ok := c.paramOf(v); ok && len(ors) == 0 {
		for _, call := range c.ix.CallsTo(r.fn) {
			if r.i < len(call.Args) && !call.Ellipsis.IsValid() {
				consider(c.kindOf(call.Args[r.i], -1, seen, depth+1))
			}
		}
	}
	best.excl = best.state == writable && excl
	return best
}

// writeFlags are the os.OpenFile flags that go with writing; the file is
// writable only with O_WRONLY or O_RDWR among them.
var writeFlags = []string{"O_WRONLY", "O_RDWR", "O_APPEND", "O_CREATE", "O_TRUNC"}

func (c *checker) callKind(call *ast.CallExpr, index int, seen map[types.Object]bool, depth int) fileKind {
	fn := typesx.Callee(c.info, call)
	if fn == nil || fn.Pkg() == nil {
		return fileKind{}
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return fileKind{}
	}
	osPkg, osShaped := c.osShaped(fn, sig)
	if index > 0 && (fn.Pkg().Path() == "os" || osShaped) {
		return fileKind{} // only the first result is the file
	}
	if fn.Pkg().Path() == "os" || osShaped {
		recv := ""
		if sig.Recv() != nil {
			if n := namedOf(sig.Recv().Type()); n != nil {
				recv = n.Obj().Name()
			}
		}
		if fn.Pkg().Path() == "os" && recv != "" && recv != "Root" {
			return fileKind{}
		}
		name := fn.Name()
		how := "os." + name
		switch {
		case osShaped && recv != "":
			how = recv + "." + name
		case osShaped:
			how = fn.Pkg().Name() + "." + name
		case recv == "Root":
			how = "os.Root." + name
		}
		if osPkg == nil {
			osPkg = fn.Pkg()
		}
		switch name {
		case "Create", "CreateTemp":
			return fileKind{state: writable, how: how, pos: call.Pos()}
		case "Open":
			return fileKind{state: readOnly, how: how, pos: call.Pos()}
		case "OpenFile":
			if len(call.Args) < 2 {
				return fileKind{}
			}
			tv, ok := c.info.Types[call.Args[1]]
			if !ok || tv.Value == nil {
				return fileKind{} // not a constant: say nothing
			}
			flags, ok := constant.Int64Val(constant.ToInt(tv.Value))
			if !ok {
				return fileKind{}
			}
			var set []string
			for _, name := range writeFlags {
				if k, ok := osPkg.Scope().Lookup(name).(*types.Const); ok {
					if v, ok := constant.Int64Val(constant.ToInt(k.Val())); ok && v != 0 && flags&v == v {
						set = append(set, name)
					}
				}
			}
			if !slices.Contains(set, "O_WRONLY") && !slices.Contains(set, "O_RDWR") {
				// O_RDONLY (0) with O_APPEND, O_CREATE or O_TRUNC: no
				// write can go through it, so its Close loses nothing.
				return fileKind{state: readOnly, how: how, pos: call.Pos()}
			}
			excl := false
			if k, ok := osPkg.Scope().Lookup("O_EXCL").(*types.Const); ok {
				if v, ok := constant.Int64Val(constant.ToInt(k.Val())); ok && v != 0 && flags&v == v {
					excl = true
				}
			}
			return fileKind{state: writable, how: how + " with " + strings.Join(set, "|"), pos: call.Pos(), excl: excl}
		}
		return fileKind{}
	}
	// A package-local function that returns the file.
	if fn.Pkg() != c.pass.Pkg {
		return fileKind{}
	}
	i := index
	if i < 0 {
		i = 0
	}
	k := c.funcKind(fn, i, c.boolArgs(call, sig), seen, depth)
	if k.state == writable {
		return fileKind{state: writable, how: fn.Name() + " (" + k.how + ")", pos: call.Pos(), excl: k.excl}
	}
	return k
}

// osShaped reports whether fn, outside package os, mirrors os.Create,
// os.CreateTemp or os.OpenFile (an os.Root-like or file-system layer such
// as afero's): named Create, CreateTemp or OpenFile, returning an *os.File
// first, and for OpenFile taking an int flag second. It also returns the
// os package, for the flag constants.
func (c *checker) osShaped(fn *types.Func, sig *types.Signature) (*types.Package, bool) {
	if fn.Pkg().Path() == "os" || sig.Results().Len() == 0 {
		return nil, false
	}
	if !typesx.IsPointerToNamed(sig.Results().At(0).Type(), "os", "File") {
		return nil, false
	}
	n := namedOf(sig.Results().At(0).Type())
	switch fn.Name() {
	case "Create", "CreateTemp":
		return n.Obj().Pkg(), true
	case "OpenFile":
		if sig.Params().Len() >= 2 {
			if b, ok := sig.Params().At(1).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return n.Obj().Pkg(), true
			}
		}
	}
	return nil, false
}

// funcKind is the per-package summary: how the file that result i of the
// package-local function fn returns was opened, when its boolean
// parameters hold the constants in bind (a helper such as vegeta's
// file(name, create bool) opens for writing only when create is true).
func (c *checker) funcKind(fn *types.Func, i int, bind boolBinding, seen map[types.Object]bool, depth int) fileKind {
	key := summaryKey{fn, i, bind.key()}
	if k, ok := c.summary[key]; ok {
		return k
	}
	c.summary[key] = fileKind{} // cycle guard
	decl := c.ix.Decl(fn)
	sig, _ := fn.Type().(*types.Signature)
	if decl == nil || decl.Body == nil || sig == nil || i >= sig.Results().Len() {
		return fileKind{}
	}
	best := fileKind{}
	excl := true
	liveReturns(c.info, decl.Body, bind, func(n *ast.ReturnStmt) {
		var k fileKind
		switch {
		case len(n.Results) == sig.Results().Len():
			k = c.kindOf(n.Results[i], -1, seen, depth+1)
		case len(n.Results) == 1 && sig.Results().Len() > 1:
			k = c.kindOf(n.Results[0], i, seen, depth+1)
		case len(n.Results) == 0:
			k = c.objKind(sig.Results().At(i), seen, depth+1)
		}
		if k.state == writable && !k.excl {
			excl = false
		}
		if k.state > best.state {
			best = k
		}
	})
	best.excl = best.state == writable && excl
	c.summary[key] = best
	return best
}

// boolBinding maps a function's boolean parameters to the constants a
// call passes for them.
type boolBinding map[*types.Var]bool

func (b boolBinding) key() string {
	if len(b) == 0 {
		return ""
	}
	var parts []string
	for v, val := range b {
		parts = append(parts, fmt.Sprintf("%s=%t@%d", v.Name(), val, v.Pos()))
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// boolArgs binds the parameters of the called function that call passes a
// constant true or false.
func (c *checker) boolArgs(call *ast.CallExpr, sig *types.Signature) boolBinding {
	var b boolBinding
	if sig.Variadic() && len(call.Args) >= sig.Params().Len() {
		return nil
	}
	for j, a := range call.Args {
		if j >= sig.Params().Len() {
			break
		}
		tv, ok := c.info.Types[a]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
			continue
		}
		if b == nil {
			b = boolBinding{}
		}
		b[sig.Params().At(j)] = constant.BoolVal(tv.Value)
	}
	return b
}

// evalBool evaluates cond under bind: a bound parameter, its negation, and
// && / || of such. ok is false when cond depends on anything else.
func evalBool(info *types.Info, cond ast.Expr, bind boolBinding) (val, ok bool) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.Ident:
		if v, isVar := info.Uses[e].(*types.Var); isVar {
			val, ok = bind[v]
			return val, ok
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			val, ok = evalBool(info, e.X, bind)
			return !val, ok
		}
	case *ast.BinaryExpr:
		x, xok := evalBool(info, e.X, bind)
		y, yok := evalBool(info, e.Y, bind)
		switch e.Op {
		case token.LAND:
			if (xok && !x) || (yok && !y) {
				return false, true
			}
			return true, xok && yok
		case token.LOR:
			if (xok && x) || (yok && y) {
				return true, true
			}
			return false, xok && yok
		}
	}
	return false, false
}

// liveReturns calls f for each return statement of body (outside function
// literals) that can run under bind: the branches of an if whose
// condition bind decides the other way are skipped, and so are the
// statements after an if whose taken branch ends in a return.
func liveReturns(info *types.Info, body *ast.BlockStmt, bind boolBinding, f func(*ast.ReturnStmt)) {
	var stmts func(list []ast.Stmt)
	var node func(n ast.Node) bool // reports whether n surely returns
	node = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if val, ok := evalBool(info, n.Cond, bind); ok && len(bind) > 0 {
				if n.Init != nil {
					node(n.Init)
				}
				if val {
					return node(n.Body)
				}
				if n.Else != nil {
					return node(n.Else)
				}
				return false
			}
		case *ast.BlockStmt:
			stmts(n.List)
			return len(n.List) > 0 && isReturn(n.List[len(n.List)-1])
		}
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				f(m)
			case *ast.IfStmt, *ast.BlockStmt:
				if m != n {
					node(m)
					return false
				}
			}
			return true
		})
		return false
	}
	stmts = func(list []ast.Stmt) {
		for _, s := range list {
			if node(s) {
				return
			}
		}
	}
	stmts(body.List)
}

func isReturn(s ast.Stmt) bool {
	_, ok := s.(*ast.ReturnStmt)
	return ok
}

// readOnlyMethods are the *os.File methods that write nothing Close could
// lose: Truncate changes the size in one system call whose error it
// returns (sftpgo's Truncate opens the file only for it).
var readOnlyMethods = map[string]bool{
	"Close": true, "Stat": true, "Name": true, "Fd": true, "Sync": true, "Chmod": true, "Chown": true,
	"Chdir": true, "Readdir": true, "ReadDir": true, "Readdirnames": true, "Read": true, "ReadAt": true,
	"Seek": true, "SetDeadline": true, "SetReadDeadline": true, "SetWriteDeadline": true, "SyscallConn": true,
	"WriteTo": true, "Truncate": true,
}

// writtenThrough reports whether anything is written through the file e
// names: a method that writes, or the file handed on to other code. A
// file only created, locked or stat'ed loses nothing at Close.
func (c *checker) writtenThrough(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return true
	}
	obj, ok := c.info.ObjectOf(id).(*types.Var)
	if !ok || obj.IsField() {
		return true
	}
	return c.writtenThroughVar(obj, 0)
}

// writtenThroughVar is writtenThrough for a variable; a package function
// the file is passed to is followed into (depth levels so far) through the
// parameter it lands in: Fallocate(f, 0, size) that only calls f.Fd().
func (c *checker) writtenThroughVar(obj *types.Var, depth int) bool {
	for _, u := range c.uses(obj) {
		switch p := c.parent(u).(type) {
		case *ast.SelectorExpr:
			if p.X == u && readOnlyMethods[p.Sel.Name] {
				continue
			}
			return true
		case *ast.BinaryExpr:
			if p.Op == token.EQL || p.Op == token.NEQ {
				continue
			}
			return true
		case *ast.CallExpr:
			if c.readArg(p, u) {
				continue
			}
			if pv := c.localParam(p, u); pv != nil && depth < 3 && !c.writtenThroughVar(pv, depth+1) {
				continue
			}
			return true
		case *ast.AssignStmt:
			// f = nil, or the file being assigned: being the target is not a write.
			isTarget := false
			for _, l := range p.Lhs {
				if l == u {
					isTarget = true
				}
			}
			if isTarget || c.detachedOutput(p, u) {
				continue
			}
			return true
		default:
			return true
		}
	}
	return false
}

// localParam returns the parameter of a package function (not a method
// value, not variadic) that call passes u in, nil if there is none.
func (c *checker) localParam(call *ast.CallExpr, u *ast.Ident) *types.Var {
	fn := typesx.Callee(c.info, call)
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return nil
	}
	fd := c.ix.Decl(fn)
	if fd == nil || fd.Body == nil {
		return nil
	}
	j := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == u })
	sig, _ := fn.Type().(*types.Signature)
	if j < 0 || sig == nil || j >= sig.Params().Len() || sig.Variadic() && j >= sig.Params().Len()-1 {
		return nil
	}
	p := sig.Params().At(j)
	if p.Name() == "" || p.Name() == "_" {
		return nil
	}
	return p
}

// readParams are parameter names that say the callee reads its argument:
// the source side of a copy (io.Copy(dst, src), a store's WriteFile(dst,
// src)).
var readParams = map[string]bool{"src": true, "source": true, "from": true, "in": true, "input": true, "r": true, "rd": true, "reader": true}

// readArg reports whether call can only read the file u it is passed: the
// parameter is an interface that cannot write (io.Reader, io.ReadSeeker),
// or its name says it is the source of a copy.
func (c *checker) readArg(call *ast.CallExpr, u *ast.Ident) bool {
	j := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == u })
	if j < 0 || (call.Ellipsis.IsValid() && j == len(call.Args)-1) {
		return false
	}
	sig, _ := typeOf(c.info, call.Fun).Underlying().(*types.Signature)
	if sig == nil || sig.Params().Len() == 0 {
		return false
	}
	if j >= sig.Params().Len()-1 && sig.Variadic() {
		return false
	}
	if j >= sig.Params().Len() {
		return false
	}
	p := sig.Params().At(j)
	if iface, ok := p.Type().Underlying().(*types.Interface); ok {
		if iface.NumMethods() == 0 {
			return false // any: the callee may assert anything
		}
		ms := types.NewMethodSet(p.Type())
		for _, w := range []string{"Write", "WriteString", "WriteAt", "ReadFrom", "Truncate"} {
			if ms.Lookup(nil, w) != nil {
				return false
			}
		}
		return true
	}
	return readParams[p.Name()]
}

// isWriteOnly reports whether t is only a writer: it has Write and Close
// and no Read, so its Close is where the write completes.
func isWriteOnly(t types.Type) bool {
	if typesx.IsNamedOrPointer(t, "os", "File") || typesx.IsNamedOrPointer(t, "log/syslog", "Writer") || typesx.IsNamedOrPointer(t, "io", "PipeWriter") {
		return false
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
	}
	hasWrite := false
	for i := range ms.Len() {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok {
			continue
		}
		switch fn.Name() {
		case "Read", "ReadMessage":
			return false
		case "Write":
			sig, _ := fn.Type().(*types.Signature)
			if sig != nil && sig.Params().Len() == 1 && sig.Results().Len() == 2 {
				if sl, ok := sig.Params().At(0).Type().(*types.Slice); ok {
					if b, ok := sl.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
						hasWrite = true
					}
				}
			}
		}
	}
	return hasWrite
}

// fromConstructor reports whether the writer e names was returned by a
// call (a constructor such as lzw.NewWriter or an upload's NewWriter), not
// received as a parameter: then this function owns it. Command stdin pipes
// (exec.Cmd.StdinPipe) are unbuffered and lose nothing at Close.
func (c *checker) fromConstructor(e ast.Expr) bool {
	obj := c.objectOf(e)
	if obj == nil {
		return false
	}
	for _, o := range c.origins(obj) {
		call, ok := ast.Unparen(o.expr).(*ast.CallExpr)
		if !ok {
			continue
		}
		if fn := typesx.Callee(c.info, call); fn != nil && fn.Name() != "StdinPipe" {
			return true
		}
	}
	return false
}

func (c *checker) objectOf(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return c.info.ObjectOf(e)
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
	}
	return nil
}

// harmlessSink reports whether the writer e names was built over a sink
// whose writes cannot fail or whose failure nobody can act on: an
// in-memory buffer (bytes.Buffer, strings.Builder, a hash, io.Discard), an
// http.ResponseWriter (the client went away), or standard output and error.
func (c *checker) harmlessSink(e ast.Expr, depth int) bool {
	if depth > maxDepth {
		return false
	}
	obj := c.objectOf(e)
	if obj == nil {
		return false
	}
	// The sinks: the writer constructors assigned to e, and the writers
	// handed to e.Reset(w). Other origins (a writer taken from a
	// sync.Pool) set no sink of their own.
	var sinks []ast.Expr
	for _, o := range c.origins(obj) {
		call, ok := ast.Unparen(o.expr).(*ast.CallExpr)
		if !ok {
			if _, isAssert := ast.Unparen(o.expr).(*ast.TypeAssertExpr); isAssert {
				continue
			}
			return false
		}
		sink := c.sinkArg(call)
		if o.index > 0 || sink == nil {
			return false
		}
		sinks = append(sinks, sink)
	}
	for _, u := range c.uses(obj) {
		if sel, ok := c.parent(u).(*ast.SelectorExpr); ok && sel.X == u && sel.Sel.Name == "Reset" {
			if call, ok := c.parent(sel).(*ast.CallExpr); ok && len(call.Args) == 1 {
				sinks = append(sinks, call.Args[0])
			}
		}
	}
	if len(sinks) == 0 {
		return false
	}
	for _, sink := range sinks {
		if !c.isHarmless(sink, depth) {
			return false
		}
	}
	return true
}

// sinkArg returns the argument a writer constructor writes to: the first
// one passed as an io.Writer-like interface (gzip.NewWriter(w),
// base64.NewEncoder(enc, w)).
func (c *checker) sinkArg(call *ast.CallExpr) ast.Expr {
	sig, ok := typeOf(c.info, call.Fun).Underlying().(*types.Signature)
	if !ok {
		return nil
	}
	params := sig.Params()
	for i, a := range call.Args {
		if params.Len() == 0 {
			return nil
		}
		j := min(i, params.Len()-1)
		pt := params.At(j).Type()
		if sig.Variadic() && j == params.Len()-1 {
			if sl, ok := pt.(*types.Slice); ok {
				pt = sl.Elem()
			}
		}
		iface, ok := pt.Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for m := range iface.Methods() {
			if m.Name() == "Write" {
				return a
			}
		}
	}
	return nil
}

func (c *checker) isHarmless(arg ast.Expr, depth int) bool {
	arg = ast.Unparen(arg)
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = u.X
	}
	if sel, ok := arg.(*ast.SelectorExpr); ok {
		if v, ok := c.info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && !v.IsField() {
			switch v.Pkg().Path() + "." + v.Name() {
			case "os.Stdout", "os.Stderr", "io.Discard":
				return true
			}
		}
	}
	t := c.info.TypeOf(arg)
	if t == nil {
		return false
	}
	if isMemory(t) || typesx.IsNamedOrPointer(t, "hash", "Hash", "Hash32", "Hash64") || typesx.IsNamedOrPointer(t, "io", "PipeWriter") {
		// A write to a pipe fails only when its reader has gone.
		return true
	}
	if c.neverFails(t) {
		return true
	}
	if isResponseWriter(t) {
		return true
	}
	// A writer built over another harmless sink (tar over gzip over a buffer).
	return c.harmlessSink(arg, depth+1)
}

// neverFails reports whether t is a package-local type whose Write method
// returns a nil error on every path (a counting writer).
func (c *checker) neverFails(t types.Type) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() != c.pass.Pkg {
		return false
	}
	for m := range n.Methods() {
		if m.Name() != "Write" {
			continue
		}
		decl := c.ix.Decl(m)
		if decl == nil || decl.Body == nil {
			return false
		}
		ok := true
		ast.Inspect(decl.Body, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(x.Results) != 2 || !typesx.IsNil(c.info, x.Results[1]) {
					ok = false
				}
			}
			return ok
		})
		return ok
	}
	return false
}

// isResponseWriter reports whether t has http.ResponseWriter's methods.
func isResponseWriter(t types.Type) bool {
	ms := types.NewMethodSet(t)
	need := map[string]bool{"Header": true, "WriteHeader": true, "Write": true}
	for i := range ms.Len() {
		delete(need, ms.At(i).Obj().Name())
	}
	return len(need) == 0
}

// detachedOutput reports whether the assignment hands the file u to a child
// process this function starts and does not wait for (cmd.Stdout = f;
// cmd.Start(), no Wait, Run or Output, and cmd not passed to a call, which
// might wait, unless cmd.Process.Release() says nobody will): the child
// writes the file after the function's Close, which can report none of it.
func (c *checker) detachedOutput(as *ast.AssignStmt, u *ast.Ident) bool {
	if len(as.Lhs) != len(as.Rhs) {
		return false
	}
	i := slices.Index(as.Rhs, ast.Expr(u))
	if i < 0 {
		return false
	}
	sel, ok := ast.Unparen(as.Lhs[i]).(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Stdout" && sel.Sel.Name != "Stderr") || !typesx.IsNamedOrPointer(typeOf(c.info, sel.X), "os/exec", "Cmd") {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	cmd, ok := c.info.Uses[id].(*types.Var)
	if !ok || cmd.IsField() || cmd.Parent() == nil || cmd.Parent() == c.pass.Pkg.Scope() {
		return false
	}
	started, released, passed := false, false, false
	for _, use := range c.uses(cmd) {
		s, ok := c.parent(use).(*ast.SelectorExpr)
		if !ok || s.X != use {
			if call, ok := c.parent(use).(*ast.CallExpr); ok && call.Fun != ast.Expr(use) {
				passed = true
			}
			continue
		}
		switch s.Sel.Name {
		case "Start":
			started = true
		case "Wait", "Run", "Output", "CombinedOutput":
			return false
		case "Process":
			if r, ok := c.parent(s).(*ast.SelectorExpr); ok && r.Sel.Name == "Release" {
				released = true
			}
		}
	}
	return started && (released || !passed)
}
