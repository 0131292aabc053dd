// Package msgdrop reports queue consumers that lose a message when its
// handling fails: they acknowledge, commit or mark it anyway, or return
// success to the framework after logging the error.
package msgdrop

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// Analyzer reports consumers that drop a message whose handling failed.
var Analyzer = &analysis.Analyzer{
	Name:     "msgdrop",
	Doc:      Doc.String(),
	URL:      Doc.URL(),
	Requires: []*analysis.Analyzer{report.Analyzer, flow.Analyzer, pkgindex.Analyzer},
	Run:      run,
}

type checker struct {
	pass *analysis.Pass
	info *types.Info
	fl   *flow.Package
	ix   *pkgindex.Index
	// readCommits is set when kafka-go's ReadMessage commits what it reads:
	// the package configures a reader with a GroupID, or none in sight.
	readCommits bool
}

func run(pass *analysis.Pass) (any, error) {
	if !importsLib(pass.Pkg) {
		return nil, nil
	}
	if outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: not production behaviour
	}
	c := &checker{
		pass: pass,
		info: pass.TypesInfo,
		fl:   pass.ResultOf[flow.Analyzer].(*flow.Package),
		ix:   pass.ResultOf[pkgindex.Analyzer].(*pkgindex.Index),
	}
	c.readCommits = c.groupReaders()
	for _, f := range pass.Files {
		if typesx.IsTestFile(pass.Fset.PositionFor(f.Pos(), false).Filename) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					c.checkFunc(n, n.Type)
				}
			case *ast.FuncLit:
				c.checkFunc(n, n.Type)
			}
			return true
		})
	}
	return nil, nil
}

func importsLib(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if isLibPath(imp.Path()) {
			return true
		}
	}
	return false
}

// groupReaders reports whether ReadMessage should be taken to commit: some
// kafka.ReaderConfig in the package sets GroupID, or the package builds none
// (the reader comes from elsewhere).
func (c *checker) groupReaders() bool {
	seen := false
	for _, f := range c.pass.Files {
		group := false
		ast.Inspect(f, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok || !typesx.IsNamed(c.info.TypeOf(cl), kafkaPath, "ReaderConfig") {
				return true
			}
			seen = true
			for _, e := range cl.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "GroupID" {
						group = true
					}
				}
			}
			return true
		})
		if group {
			return true
		}
	}
	return !seen
}

// failure is a branch on which a message's handling has failed.
type failure struct {
	call  *ast.CallExpr // the handling call whose error this is
	err   *types.Var    // the error variable tested, nil when the call is
	root  *types.Var    // the message
	cond  ast.Expr      // the condition (after flow.Split)
	holds bool          // the value of cond on the failure branch
	edge  *cfg.Block    // the block the failure edge leads to
}

// set is a set of failures, by index (at most 64 per function; more are
// not tracked).
type set uint64

type lattice struct{}

func (lattice) Join(a, b set) set   { return a | b }
func (lattice) Equal(a, b set) bool { return a == b }

// fn is the state of one function's check.
type fn struct {
	c        *checker
	node     ast.Node
	g        *flow.Graph
	derived  map[*types.Var]*types.Var // variable -> the message it comes from
	failures []*failure
	byCond   map[ast.Expr]int
}

func (c *checker) checkFunc(node ast.Node, ft *ast.FuncType) {
	var failed bool
	defer bug.Catch(&failed, "msgdrop")
	g := c.fl.FuncGraph(node)
	if g == nil {
		return
	}
	f := &fn{c: c, node: node, g: g, byCond: map[ast.Expr]int{}}
	f.derived = c.derive(node)
	if len(f.derived) == 0 {
		return
	}
	res := flow.Forward[set](g, lattice{}, 0, flow.Transfer[set]{Node: f.node_, Cond: f.cond})
	if res.Incomplete || len(f.failures) == 0 {
		return
	}
	sig, _ := c.info.TypeOf(ft).(*types.Signature)
	if sig == nil {
		if fd, ok := node.(*ast.FuncDecl); ok {
			if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
				sig = obj.Type().(*types.Signature)
			}
		}
	}
	f.report(res, sig)
}

// derive finds the function's messages and the variables that hold values
// taken from them (the body, a decoded payload), mapped to their message.
func (c *checker) derive(node ast.Node) map[*types.Var]*types.Var {
	d := map[*types.Var]*types.Var{}
	ast.Inspect(node, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if v, ok := c.info.ObjectOf(id).(*types.Var); ok && !v.IsField() && msgLib(v.Type()) != noLib {
			d[v] = v
		}
		return true
	})
	if len(d) == 0 {
		return d
	}
	add := func(e ast.Expr, root *types.Var) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := c.info.ObjectOf(id).(*types.Var)
		if !ok || v.IsField() || typesx.IsError(v.Type()) {
			return false
		}
		if _, ok := d[v]; ok {
			return false
		}
		d[v] = root
		return true
	}
	for range 4 {
		changed := false
		ast.Inspect(node, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, r := range n.Rhs {
					if root := c.mentions(r, d); root != nil {
						for _, l := range n.Lhs {
							changed = add(l, root) || changed
						}
						break
					}
				}
			case *ast.ValueSpec:
				for _, r := range n.Values {
					if root := c.mentions(r, d); root != nil {
						for _, l := range n.Names {
							changed = add(l, root) || changed
						}
						break
					}
				}
			case *ast.RangeStmt:
				if root := c.mentions(n.X, d); root != nil {
					if n.Key != nil {
						changed = add(n.Key, root) || changed
					}
					if n.Value != nil {
						changed = add(n.Value, root) || changed
					}
				}
			case *ast.CallExpr:
				if root := c.mentions(n, d); root != nil {
					for _, a := range n.Args {
						a = ast.Unparen(a)
						if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
							changed = add(u.X, root) || changed
						} else if _, ok := c.info.TypeOf(a).(*types.Pointer); ok {
							changed = add(a, root) || changed
						}
					}
				}
			}
			return true
		})
		if !changed {
			break
		}
	}
	return d
}

// mentions returns the message of the first message-derived variable e
// uses, or nil.
func (c *checker) mentions(e ast.Node, d map[*types.Var]*types.Var) *types.Var {
	var root *types.Var
	ast.Inspect(e, func(n ast.Node) bool {
		if root != nil {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.info.Uses[id].(*types.Var); ok {
				root = d[v]
			}
		}
		return true
	})
	return root
}

// handling reports whether call handles a message (takes it or something
// taken from it, and returns an error) and returns the message.
func (f *fn) handling(call *ast.CallExpr) *types.Var {
	callee := typesx.Callee(f.c.info, call)
	switch classify(callee) {
	case ackCall, nackCall, receiveCall:
		return nil
	}
	if isErrorCtor(callee) || !returnsError(f.c.info.TypeOf(call)) {
		return nil
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		// The message's own methods (Metadata, Payload) read it; they do
		// not handle it.
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			if v, ok := f.c.info.Uses[id].(*types.Var); ok && f.derived[v] == v {
				return nil
			}
		}
	}
	return f.c.mentions(call, f.derived)
}

func returnsError(t types.Type) bool {
	if tup, ok := t.(*types.Tuple); ok {
		return tup.Len() > 0 && typesx.IsError(tup.At(tup.Len()-1).Type())
	}
	return t != nil && typesx.IsError(t)
}

// cond adds the failures a conditional edge enters and drops those a
// deliberate-drop test (errors.Is(err, ErrDuplicate)) settles.
func (f *fn) cond(s set, gd flow.Guard) set {
	for _, part := range flow.Split(gd) {
		x, skip, ok := f.errTest(part)
		if !ok {
			continue
		}
		if skip {
			if v, ok := f.c.info.Uses[identOf(x)].(*types.Var); ok {
				for i, fl := range f.failures {
					if fl.err == v {
						s &^= 1 << i
					}
				}
			}
			continue
		}
		if id := f.failureAt(gd, part, x); id >= 0 {
			s |= 1 << id
		}
	}
	return s
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// errTest recognises a test of an error: err != nil, errors.Is(err, X),
// errors.As(err, &t) holding, and err == nil. It returns the error
// expression and whether the branch ends its failures (the error is nil, or
// the test picks out a deliberate drop).
func (f *fn) errTest(gd flow.Guard) (x ast.Expr, skip, ok bool) {
	if gd.Tag != nil {
		return nil, false, false
	}
	switch e := ast.Unparen(gd.Cond).(type) {
	case *ast.BinaryExpr:
		if e.Op != token.NEQ && e.Op != token.EQL {
			return nil, false, false
		}
		x, y := e.X, e.Y
		if typesx.IsNil(f.c.info, x) {
			x, y = y, x
		}
		if !typesx.IsError(f.c.info.TypeOf(x)) {
			return nil, false, false
		}
		if !typesx.IsNil(f.c.info, y) {
			// err == ErrX, a sentinel compared by hand: errors.Is.
			if (e.Op == token.EQL) != gd.Holds {
				return nil, false, false
			}
			return x, isSkipTarget(y), true
		}
		// On the branch where the error is nil, a failure it held before
		// (an attempt of a retry loop) is over: treat it like a skip.
		return x, (e.Op == token.NEQ) != gd.Holds, true
	case *ast.CallExpr:
		// isPermanentError(err), IsNonRetryable(err): a predicate on the
		// error named for a deliberate drop, holding.
		if gd.Holds && len(e.Args) == 1 && typesx.IsError(f.c.info.TypeOf(e.Args[0])) {
			if t, ok := f.c.info.TypeOf(e).(*types.Basic); ok && t.Kind() == types.Bool {
				if name := typesx.ExprName(e.Fun); name != "" && isSkipTarget(&ast.Ident{Name: name}) {
					return e.Args[0], true, true
				}
			}
		}
		if !gd.Holds || len(e.Args) != 2 {
			return nil, false, false
		}
		if typesx.IsCallTo(f.c.info, e, "errors.Is") {
			return e.Args[0], isSkipTarget(e.Args[1]), true
		}
		if typesx.IsCallTo(f.c.info, e, "errors.As") {
			t := f.c.info.TypeOf(e.Args[1])
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			name := types.TypeString(typesx.Deref(t), func(*types.Package) string { return "" })
			return e.Args[0], isSkipTarget(&ast.Ident{Name: name}), true
		}
	}
	return nil, false, false
}

// failureAt returns the index of the failure on edge gd (test part),
// recording it the first time, or -1 when the error tested is not a
// message's handling error.
func (f *fn) failureAt(gd flow.Guard, part flow.Guard, x ast.Expr) int {
	if i, ok := f.byCond[part.Cond]; ok {
		return i
	}
	f.byCond[part.Cond] = -1
	var call *ast.CallExpr
	var errVar *types.Var
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		call = x
	case *ast.Ident:
		v, ok := f.c.info.Uses[x].(*types.Var)
		if !ok {
			return -1
		}
		errVar = v
		call = f.lastCall(gd.Block, v)
	}
	if call == nil {
		return -1
	}
	root := f.handling(call)
	if root == nil || len(f.failures) >= 64 {
		return -1
	}
	succ := gd.Block.Succs[0]
	if !gd.Holds {
		succ = gd.Block.Succs[1]
	}
	if errVar != nil && !f.treatsAsFailure(gd, errVar) {
		return -1
	}
	f.failures = append(f.failures, &failure{call: call, err: errVar, root: root, cond: part.Cond, holds: part.Holds, edge: succ})
	i := len(f.failures) - 1
	f.byCond[part.Cond] = i
	return i
}

// treatsAsFailure reports whether the branch gd leads into handles a
// failure: it uses the error (logs or wraps it), or leaves (a return,
// continue or break, an ack). A branch that ignores the error and carries on
// with other work is control flow (not found, so create) rather than a
// failure.
func (f *fn) treatsAsFailure(gd flow.Guard, errVar *types.Var) bool {
	body := f.branchBody(gd)
	if body == nil {
		return true
	}
	for _, st := range body {
		switch st := st.(type) {
		case *ast.ReturnStmt, *ast.BranchStmt:
			return true
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(st.X).(*ast.CallExpr); ok && classify(typesx.Callee(f.c.info, call)) == ackCall {
				return true
			}
		case *ast.AssignStmt:
			if len(st.Rhs) == 1 {
				if call, ok := ast.Unparen(st.Rhs[0]).(*ast.CallExpr); ok && classify(typesx.Callee(f.c.info, call)) == ackCall {
					return true
				}
			}
		}
		used := false
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && f.c.info.Uses[id] == errVar {
				used = true
			}
			return !used
		})
		if used {
			return true
		}
	}
	return false
}

// branchBody returns the statements of the if or else branch that gd's edge
// enters, nil when gd is not an if statement's condition.
func (f *fn) branchBody(gd flow.Guard) []ast.Stmt {
	ifs, ok := f.c.ix.Parent(gd.Cond).(*ast.IfStmt)
	if !ok || ifs.Cond != gd.Cond {
		return nil
	}
	if gd.Holds {
		return ifs.Body.List
	}
	switch e := ifs.Else.(type) {
	case *ast.BlockStmt:
		return e.List
	case *ast.IfStmt:
		return []ast.Stmt{e}
	}
	return []ast.Stmt{}
}

// lastCall finds the call whose error was last assigned to v before the end
// of block b: in b, then up its dominator chain. nil when v was last given
// something else.
func (f *fn) lastCall(b *cfg.Block, v *types.Var) *ast.CallExpr {
	for ; b != nil; b = f.g.Idom(b) {
		for i := len(b.Nodes) - 1; i >= 0; i-- {
			call, found := f.assignsErr(b.Nodes[i], v)
			if found {
				return call
			}
		}
	}
	return nil
}

// assignsErr reports whether top-level node n assigns v, and the call whose
// error it assigns.
func (f *fn) assignsErr(n ast.Node, v *types.Var) (*ast.CallExpr, bool) {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.DeclStmt:
		gd, ok := n.Decl.(*ast.GenDecl)
		if !ok {
			return nil, false
		}
		for _, s := range gd.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok {
				for _, nm := range vs.Names {
					lhs = append(lhs, nm)
				}
				rhs = append(rhs, vs.Values...)
			}
		}
	default:
		return nil, false
	}
	for i, l := range lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok || f.c.info.ObjectOf(id) != v {
			continue
		}
		var r ast.Expr
		if len(rhs) == 1 {
			r = rhs[0]
		} else if i < len(rhs) {
			r = rhs[i]
		}
		call, _ := ast.Unparen(r).(*ast.CallExpr)
		return call, true
	}
	return nil, false
}

// node_ is the transfer function of a top-level node: a node that deals
// with the failure (a negative acknowledgement, a dead-letter or retry
// publish, returning or handing on the error) ends every failure; a node
// that receives a new message into a variable ends that message's.
func (f *fn) node_(s set, n ast.Node) set {
	if s == 0 {
		return s
	}
	if f.deals(s, n) {
		return 0
	}
	acked := f.ackedIn(n)
	later := f.handlingIn(n)
	var nb *cfg.Block
	if later {
		if loc, ok := f.g.Loc(n); ok {
			nb = loc.Block
		}
	}
	for i, fl := range f.failures {
		if s&(1<<i) == 0 {
			continue
		}
		// A new message in the variable, or this one acked (reported
		// there): the failure is over.
		if f.reassigns(n, fl.root) || acked[fl.root] {
			s &^= 1 << i
		}
		// A later handling step, outside the failure's branch, supersedes
		// a failure that fell through: the step that matters is the last
		// (a logged status update before the real work is not the drop).
		if later && nb != nil && nb != fl.edge && !f.g.DominatesBlock(fl.edge, nb) {
			s &^= 1 << i
		}
	}
	return s
}

// ackedIn returns the messages a top-level node acks or commits.
func (f *fn) ackedIn(n ast.Node) map[*types.Var]bool {
	var out map[*types.Var]bool
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if classify(typesx.Callee(f.c.info, m)) == ackCall {
				for v := range f.rootsOf(m) {
					if out == nil {
						out = map[*types.Var]bool{}
					}
					out[v] = true
				}
			}
		}
		return true
	})
	return out
}

// handlingIn reports whether top-level node n makes a handling call.
func (f *fn) handlingIn(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if f.handling(m) != nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// reassigns reports whether n gives the message variable v a new message:
// an assignment to it, or the first node of a range body over it.
func (f *fn) reassigns(n ast.Node, v *types.Var) bool {
	if as, ok := n.(*ast.AssignStmt); ok {
		for _, l := range as.Lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && f.c.info.ObjectOf(id) == v {
				return true
			}
		}
	}
	if loc, ok := f.g.Loc(n); ok && loc.Index == 0 && loc.Block.Kind == cfg.KindRangeBody {
		if rs, ok := loc.Block.Stmt.(*ast.RangeStmt); ok {
			for _, e := range []ast.Expr{rs.Key, rs.Value} {
				if id, ok := e.(*ast.Ident); ok && f.c.info.ObjectOf(id) == v {
					return true
				}
			}
		}
	}
	return false
}

// deals reports whether n deals with the pending failures s.
func (f *fn) deals(s set, n ast.Node) bool {
	errs := map[*types.Var]bool{}
	for i, fl := range f.failures {
		if s&(1<<i) != 0 && fl.err != nil {
			errs[fl.err] = true
		}
	}
	usesErr := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok {
				if v, ok := f.c.info.Uses[id].(*types.Var); ok && errs[v] {
					found = true
				}
			}
			return !found
		})
		return found
	}
	dealt := false
	ast.Inspect(n, func(m ast.Node) bool {
		if dealt {
			return false
		}
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range m.Results {
				if typesx.IsError(f.c.info.TypeOf(r)) && !typesx.IsNil(f.c.info, r) {
					dealt = true
				}
			}
		case *ast.SendStmt:
			// A dead letter sent to a sarama AsyncProducer's Input().
			if typesx.IsPointerToNamed(f.c.info.TypeOf(m.Value), saramaPath, "ProducerMessage") ||
				typesx.IsPointerToNamed(f.c.info.TypeOf(m.Value), saramaOldPath, "ProducerMessage") {
				dealt = true
			}
		case *ast.CallExpr:
			callee := typesx.Callee(f.c.info, m)
			switch classify(callee) {
			case nackCall, publishCall:
				dealt = true
			}
			// A helper of the package's own given the message and the
			// error (h.onError(msg, err)) is taken to deal with it.
			if callee != nil && callee.Pkg() == f.c.pass.Pkg && !dealt {
				if usesErr(m) && f.c.mentions(argsOf(m), f.derived) != nil {
					dealt = true
				}
			}
		}
		return !dealt
	})
	return dealt
}

func argsOf(call *ast.CallExpr) ast.Node {
	return &ast.CallExpr{Fun: &ast.Ident{Name: "_"}, Args: call.Args}
}

// first returns the failure in s, latest in the source, whose message is
// one of roots (any when roots is nil): the step closest to the drop.
func (f *fn) first(s set, roots map[*types.Var]bool) *failure {
	var last *failure
	for i, fl := range f.failures {
		if s&(1<<i) != 0 && (roots == nil || roots[fl.root]) && (last == nil || fl.call.Pos() > last.call.Pos()) {
			last = fl
		}
	}
	return last
}

// rootsOf lists the messages a call names (its receiver and arguments).
func (f *fn) rootsOf(call *ast.CallExpr) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	ast.Inspect(call, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := f.c.info.Uses[id].(*types.Var); ok && f.derived[v] != nil {
				out[f.derived[v]] = true
			}
		}
		return true
	})
	return out
}

// underFailure reports whether top-level node n runs only on fl's failure
// branch (so replacing what it does there changes no success path).
func (f *fn) underFailure(n ast.Node, fl *failure) bool {
	for _, gd := range f.g.Guards(n) {
		for _, p := range flow.Split(gd) {
			if p.Cond == fl.cond && p.Holds == fl.holds {
				return true
			}
		}
	}
	return false
}

func (f *fn) report(res *flow.Result[set], sig *types.Signature) {
	handler := isHandlerSig(sig)
	var defers []*ast.CallExpr
	res.Each(func(n ast.Node, before set) bool {
		if ds, ok := n.(*ast.DeferStmt); ok {
			if classify(typesx.Callee(f.c.info, ds.Call)) == ackCall {
				defers = append(defers, ds.Call)
			}
			return true
		}
		if before == 0 {
			return true
		}
		if ret, ok := n.(*ast.ReturnStmt); ok && handler {
			if len(ret.Results) == 1 && typesx.IsNil(f.c.info, ret.Results[0]) {
				f.reportReturn(ret, f.first(before, nil))
			}
			return true
		}
		if v, read, ok := f.nextMessage(n); ok {
			if fl := f.first(before, map[*types.Var]bool{v: true}); fl != nil {
				if read != nil {
					if f.c.readCommits {
						f.reportRead(fl, read)
					}
				} else if commit := f.loopCommit(n, v); commit != nil {
					f.reportNext(fl, commit)
				}
			}
		}
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				callee := typesx.Callee(f.c.info, m)
				if classify(callee) == ackCall {
					if fl := f.first(before, f.rootsOf(m)); fl != nil {
						f.reportAck(n, m, callee, fl)
					}
				}
			}
			return true
		})
		return true
	})
	if len(defers) > 0 {
		f.reportDeferred(res, defers)
	}
}

// reportDeferred reports a deferred ack that runs on a return reached from a
// failure not dealt with.
func (f *fn) reportDeferred(res *flow.Result[set], defers []*ast.CallExpr) {
	for _, b := range f.g.Blocks() {
		if !flow.Terminal(b) || !flow.IsReturn(b) {
			continue
		}
		s, ok := res.In(b)
		if !ok {
			continue
		}
		for i, n := range b.Nodes {
			if _, ok := n.(*ast.ReturnStmt); ok && i == len(b.Nodes)-1 {
				break
			}
			s = f.node_(s, n)
		}
		if s == 0 {
			continue
		}
		for _, d := range defers {
			fl := f.first(s, f.rootsOf(d))
			if fl == nil || !f.g.Reaches(d, fl.call) {
				continue
			}
			msg := "message acked by a deferred call even when its handling failed; ack after success and nack on failure"
			switch msgLib(fl.root.Type()) {
			case natsMsg, jetstreamMsg:
				msg = "NATS message acked by a deferred Ack even when its handling failed; ack after success and msg.Nak() on failure"
			case amqpDelivery:
				msg = "AMQP delivery acked by a deferred Ack even when its handling failed; ack after success and d.Nack(false, true) on failure"
			}
			report.Report(f.c.pass, analysis.Diagnostic{
				Category: Doc.Code("deferred-ack"),
				Pos:      d.Pos(), End: d.End(), Message: msg,
				Related: []analysis.RelatedInformation{{Pos: fl.call.Pos(), End: fl.call.End(), Message: "the handling that fails"}},
			})
			return
		}
	}
}

func (f *fn) related(fl *failure, other ast.Node, what string) []analysis.RelatedInformation {
	rel := []analysis.RelatedInformation{{Pos: fl.call.Pos(), End: fl.call.End(), Message: "the handling that fails"}}
	if other != nil {
		rel = append(rel, analysis.RelatedInformation{Pos: other.Pos(), End: other.End(), Message: what})
	}
	return rel
}

func (f *fn) reportAck(top ast.Node, call *ast.CallExpr, callee *types.Func, fl *failure) {
	var msg string
	var fix []analysis.SuggestedFix
	switch msgLib(fl.root.Type()) {
	case kafkaGo:
		msg = "kafka-go offset committed after the message's handling failed, so it is never redelivered; return, retry or dead-letter it before committing"
	case sarama:
		msg = "sarama offset marked after the message's handling failed, so it is never redelivered; don't mark it: retry or dead-letter it first"
	case natsMsg, jetstreamMsg:
		msg = "NATS message acked after its handling failed, so it is never redelivered; call msg.Nak() (or Term() after a dead-letter publish)"
		if f.underFailure(top, fl) {
			fix = f.nakFix(call)
		}
	case amqpDelivery:
		msg = "AMQP delivery acked after its handling failed, so it is never redelivered; call d.Nack(false, true) or reject it to a dead-letter exchange"
		if f.underFailure(top, fl) {
			fix = f.nackFix(call, callee)
		}
	default:
		return
	}
	report.Report(f.c.pass, analysis.Diagnostic{
		Category: Doc.Code("ack-after-failure"),
		Pos:      call.Pos(), End: call.End(), Message: msg,
		Related:        f.related(fl, nil, ""),
		SuggestedFixes: fix,
	})
}

func (f *fn) reportReturn(ret *ast.ReturnStmt, fl *failure) {
	if fl == nil {
		return
	}
	var fix []analysis.SuggestedFix
	if fl.err != nil && f.underFailure(ret, fl) && f.inScope(fl.err, ret) {
		nilExpr := ret.Results[0]
		fix = []analysis.SuggestedFix{{
			Message:   "return " + fl.err.Name(),
			TextEdits: []analysis.TextEdit{{Pos: nilExpr.Pos(), End: nilExpr.End(), NewText: []byte(fl.err.Name())}},
		}}
	}
	report.Report(f.c.pass, analysis.Diagnostic{
		Category: Doc.Code("nil-after-failure"),
		Pos:      ret.Pos(), End: ret.End(),
		Message:        "asynq handler returns nil after the task's handling failed, so it is never retried; return the error (wrap asynq.SkipRetry to drop it)",
		Related:        f.related(fl, nil, ""),
		SuggestedFixes: fix,
	})
}

// nextMessage reports whether top-level node n takes the next Kafka message
// into v: m, err := r.FetchMessage(ctx) or r.ReadMessage(ctx) (read is then
// the ReadMessage call), or a sarama message received from a claim (the
// start of a range body over its messages, or msg := <-claim.Messages()).
func (f *fn) nextMessage(n ast.Node) (v *types.Var, read *ast.CallExpr, ok bool) {
	if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) >= 1 {
		// msg, ok := <-claim.Messages(), as a select case.
		if u, ok := ast.Unparen(as.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				if v, ok := f.c.info.ObjectOf(id).(*types.Var); ok && msgLib(v.Type()) == sarama {
					return v, nil, true
				}
			}
			return nil, nil, false
		}
		if len(as.Lhs) != 2 {
			return nil, nil, false
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return nil, nil, false
		}
		callee := typesx.Callee(f.c.info, call)
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return nil, nil, false
		}
		v, ok := f.c.info.ObjectOf(id).(*types.Var)
		if !ok {
			return nil, nil, false
		}
		switch {
		case typesx.IsMethod(callee, kafkaPath, "Reader", "ReadMessage"):
			return v, call, true
		case typesx.IsMethod(callee, kafkaPath, "Reader", "FetchMessage"):
			return v, nil, true
		}
		return nil, nil, false
	}
	loc, ok := f.g.Loc(n)
	if !ok || loc.Index != 0 || loc.Block.Kind != cfg.KindRangeBody {
		return nil, nil, false
	}
	rs, ok := loc.Block.Stmt.(*ast.RangeStmt)
	if !ok {
		return nil, nil, false
	}
	id, ok := rs.Value.(*ast.Ident)
	if !ok {
		id, ok = rs.Key.(*ast.Ident)
	}
	if !ok {
		return nil, nil, false
	}
	if v, ok := f.c.info.ObjectOf(id).(*types.Var); ok && msgLib(v.Type()) == sarama {
		return v, nil, true
	}
	return nil, nil, false
}

// loopCommit returns a commit (kafka-go CommitMessages, sarama MarkMessage
// or MarkOffset) of v in the loop that holds n: committing the next message
// moves the offset past one that failed.
func (f *fn) loopCommit(n ast.Node, v *types.Var) *ast.CallExpr {
	loop := f.g.LoopOf(n)
	if loop == nil {
		return nil
	}
	var commit *ast.CallExpr
	for _, b := range f.g.Blocks() {
		if !loop.Has(b) {
			continue
		}
		for _, m := range b.Nodes {
			ast.Inspect(m, func(x ast.Node) bool {
				if commit != nil {
					return false
				}
				switch x := x.(type) {
				case *ast.FuncLit:
					return false
				case *ast.CallExpr:
					if classify(typesx.Callee(f.c.info, x)) == ackCall && f.rootsOf(x)[v] {
						commit = x
					}
				}
				return true
			})
		}
	}
	return commit
}

func (f *fn) reportNext(fl *failure, commit *ast.CallExpr) {
	msg := "kafka-go: the next commit moves the offset past this message, whose handling failed, so it is never redelivered; retry or dead-letter it, or return"
	if msgLib(fl.root.Type()) == sarama {
		msg = "sarama: the next MarkMessage moves the offset past this message, whose handling failed, so it is never redelivered; retry or dead-letter it, or return"
	}
	report.Report(f.c.pass, analysis.Diagnostic{
		Category: Doc.Code("commit-past-failure"),
		Pos:      fl.call.Pos(), End: fl.call.End(), Message: msg,
		Related: []analysis.RelatedInformation{{Pos: commit.Pos(), End: commit.End(), Message: "the commit that moves past it"}},
	})
}

func (f *fn) reportRead(fl *failure, read *ast.CallExpr) {
	report.Report(f.c.pass, analysis.Diagnostic{
		Category: Doc.Code("read-commits"),
		Pos:      fl.call.Pos(), End: fl.call.End(),
		Message: "kafka-go ReadMessage has committed this message, so it is lost when its handling fails; use FetchMessage and commit after success",
		Related: []analysis.RelatedInformation{{Pos: read.Pos(), End: read.End(), Message: "ReadMessage commits the offset"}},
	})
}

// inScope reports whether v is what its name means at n, and is not
// assigned between the failure test and n.
func (f *fn) inScope(v *types.Var, n ast.Node) bool {
	scope := f.c.pass.Pkg.Scope().Innermost(n.Pos())
	if scope == nil {
		return false
	}
	if _, obj := scope.LookupParent(v.Name(), n.Pos()); obj != v {
		return false
	}
	return !f.assignedBetween(v, n)
}

// assignedBetween reports whether v is assigned in the statements of the
// function that lie, in the source, between the failure test and n.
func (f *fn) assignedBetween(v *types.Var, n ast.Node) bool {
	var lo token.Pos
	for _, fl := range f.failures {
		if fl.err == v && fl.cond.End() < n.Pos() && fl.cond.End() > lo {
			lo = fl.cond.End()
		}
	}
	found := false
	ast.Inspect(f.node, func(m ast.Node) bool {
		as, ok := m.(*ast.AssignStmt)
		if !ok || as.Pos() < lo || as.Pos() > n.Pos() {
			return !found
		}
		for _, l := range as.Lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && f.c.info.ObjectOf(id) == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// nakFix turns msg.Ack() (or AckSync()) into msg.Nak().
func (f *fn) nakFix(call *ast.CallExpr) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 || !slices.Contains([]string{"Ack", "AckSync"}, sel.Sel.Name) {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "negatively acknowledge with Nak",
		TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("Nak")}},
	}}
}

// nackFix turns d.Ack(false) into d.Nack(false, true), and
// ch.Ack(tag, false) into ch.Nack(tag, false, true).
func (f *fn) nackFix(call *ast.CallExpr, callee *types.Func) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Ack" || len(call.Args) == 0 {
		return nil
	}
	last := call.Args[len(call.Args)-1]
	if id, ok := ast.Unparen(last).(*ast.Ident); !ok || id.Name != "false" || f.c.info.Uses[id] != types.Universe.Lookup("false") {
		return nil
	}
	if strings.HasSuffix(typesx.QualifiedName(callee), "Acknowledger).Ack") {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: "negatively acknowledge with Nack, requeueing",
		TextEdits: []analysis.TextEdit{
			{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("Nack")},
			{Pos: last.End(), End: last.End(), NewText: []byte(", true")},
		},
	}}
}
