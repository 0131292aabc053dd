package headerorder

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// rule says how a finding was established.
type rule uint8

const (
	ruleMust  rule = iota // the response was sent on every path to the call
	ruleAfter             // the call runs on every path from a write (no return after it)
	ruleLoop              // every iteration writes, so later iterations run the call late
)

// finding is one diagnostic before it is reported.
type finding struct {
	p     placed
	m     mask // the states at the call
	rule  rule
	cause *placed // the write that sent the response, when known
}

// check reports the findings of one function.
func (c *checker) check(fi *fnInfo) {
	var failed bool
	defer bug.Catch(&failed, "headerorder.check")
	c.collect(fi)
	if len(fi.order) == 0 {
		return
	}
	c.findTrailers(fi)
	r := c.forward(fi)
	if r.Incomplete {
		return
	}
	fi.result = r
	done := map[ast.Node]bool{}
	var out []finding
	add := func(fd finding) {
		if done[fd.p.ev.node] {
			return
		}
		done[fd.p.ev.node] = true
		out = append(out, fd)
	}
	// Every path to the call sent the response.
	r.Each(func(n ast.Node, before fact) bool {
		f := before
		for _, ev := range fi.events[n] {
			if c.late(fi, ev, f.m[ev.w]) {
				p := placed{ev, n}
				add(finding{p: p, m: f.m[ev.w], rule: ruleMust, cause: c.witness(fi, p, f.m[ev.w])})
			}
			if ev.eff != effNone {
				f.m = append([]mask(nil), f.m...)
				f.m[ev.w] = apply(f.m[ev.w], ev.eff, ev.sum)
			}
		}
		return true
	})
	// The call follows a write on every path from it: a missing return.
	// One finding per write: the first call it makes too late.
	used := map[ast.Node]bool{}
	for _, o := range fi.order {
		if done[o.ev.node] || o.ev.op == opNone || !fi.g.Contains(o.top) {
			continue
		}
		if o.ev.op == opHeader && fi.isTrailer(c.pass.TypesInfo, o.ev) {
			continue
		}
		reaches := fi.reachesFunc(o.top)
		for i := range fi.order {
			w := &fi.order[i]
			if w.ev.w != o.ev.w || w.top == o.top || !commits(w.ev, o.ev.op) || !fi.g.Contains(w.top) {
				continue
			}
			if !reaches(w.top) {
				continue
			}
			stop := o.top
			if exit, _ := fi.g.FindExit(w.top, flow.Search{Stop: func(m ast.Node) bool { return m == stop }, NoReturn: true}); exit != nil {
				continue
			}
			if !used[w.ev.node] {
				used[w.ev.node] = true
				m := apply(bit(stOpen), w.ev.eff, w.ev.sum)
				add(finding{p: o, m: m, rule: ruleAfter, cause: w})
			}
			break
		}
	}
	// A call that a complete response reaches on a path whose branches do
	// not depend on the conditions that led to the response: the missing
	// return after http.Error or c.JSON, followed by code that writes on
	// some of its paths.
	for i := range fi.order {
		w := &fi.order[i]
		if used[w.ev.node] || !commits(w.ev, opBody) || !fi.g.Contains(w.top) {
			continue
		}
		if o, ok := c.reachedAfter(fi, w, done); ok {
			used[w.ev.node] = true
			add(finding{p: o, m: bit(stDone), rule: ruleAfter, cause: w})
		}
	}
	// Later iterations of a loop that writes on every pass.
	for _, l := range fi.g.Loops() {
		latch := c.latchStates(fi, r, l)
		if latch == nil {
			continue
		}
		for _, o := range fi.order {
			if done[o.ev.node] || o.ev.op == opNone {
				continue
			}
			b := fi.g.Block(o.top)
			if b == nil || !l.Has(b) || conditionalIn(fi.g, o.top, l) {
				continue
			}
			if c.late(fi, o.ev, latch[o.ev.w]) {
				add(finding{p: o, m: latch[o.ev.w], rule: ruleLoop, cause: c.loopWitness(fi, o, l)})
			}
		}
	}
	for _, fd := range out {
		if c.asksWriter(fi, fd.p) {
			continue
		}
		c.report(fi, fd)
	}
}

// asksWriter reports whether the call runs under a condition that inspects
// its writer (if !c.Writer.Written(), if !c.Response().Committed): the code
// tracks the response's state itself.
func (c *checker) asksWriter(fi *fnInfo, p placed) bool {
	for _, gd := range fi.g.Guards(p.top) {
		if fi.asksState(c.pass.TypesInfo, gd.Cond, p.ev.w) {
			return true
		}
	}
	return false
}

// asksState reports whether e inspects the state of writer i: any use of a
// net/http writer (w.(interface{ Written() bool }), written(w)); for gin and
// echo, c.Writer, c.Response(), c.IsAborted() (not c.Param(...) or c passed
// to a function that reads the request).
func (fi *fnInfo) asksState(info *types.Info, e ast.Expr, i int) bool {
	if e == nil {
		return false
	}
	w := fi.writers[i]
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if fi.kinds[i] != kindHTTP {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == w {
				switch sel.Sel.Name {
				case "Writer", "Response", "IsAborted", "Errors":
					found = true
				}
			}
			return true
		}
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == w {
			found = true
		}
		return true
	})
	return found
}

// late reports whether op ev at states m is too late: the header or status
// can take effect on no path.
func (c *checker) late(fi *fnInfo, ev event, m mask) bool {
	switch ev.op {
	case opHeader:
		if m.open() || m.has(stPartial) {
			return false
		}
		return !fi.isTrailer(c.pass.TypesInfo, ev)
	case opStatus:
		return !m.open()
	case opBody:
		return m == bit(stDone)
	}
	return false
}

// commits reports whether event w sends the response as far as op needs:
// any write for a header or a status, a whole response for a body write.
func commits(w event, o op) bool {
	if w.eff == effNone {
		return false
	}
	exit := apply(bit(stOpen), w.eff, w.sum)
	if exit.open() {
		return false
	}
	if o == opBody {
		return exit == bit(stDone)
	}
	return true
}

// witness picks the write that sent the response before p: the last one in
// source order that can run before it.
func (c *checker) witness(fi *fnInfo, p placed, m mask) *placed {
	var best *placed
	reaches := fi.reachesFunc(p.top)
	for i := range fi.order {
		w := &fi.order[i]
		if w.ev.w != p.ev.w || w.ev.eff == effNone || w.ev.node == p.ev.node {
			continue
		}
		if m == bit(stDone) && !commits(w.ev, opBody) {
			continue
		}
		if m.has(stPartial) && w.ev.eff != effTemplate {
			continue
		}
		before := w.top == p.top && w.ev.node.Pos() < p.ev.node.Pos() ||
			w.top != p.top && reaches(w.top)
		if before && (best == nil || w.ev.node.Pos() > best.ev.node.Pos() && w.ev.node.Pos() < p.ev.node.Pos()) {
			best = w
		}
	}
	return best
}

// reachesFunc returns a test of whether a node's statement can run before
// top (Graph.Reaches(n, top)), with the backward search from top's block
// done once for all the nodes asked about.
func (fi *fnInfo) reachesFunc(top ast.Node) func(ast.Node) bool {
	lt, okt := fi.g.Loc(top)
	var reach []bool
	return func(n ast.Node) bool {
		ln, ok := fi.g.Loc(n)
		if !ok || !okt {
			return false
		}
		if ln.Block == lt.Block && ln.Index < lt.Index {
			return true
		}
		if reach == nil {
			reach = fi.g.ReachersOf(lt.Block)
		}
		return reach[ln.Block.Index]
	}
}

// loopWitness picks a write of the loop's body for a finding in it.
func (c *checker) loopWitness(fi *fnInfo, p placed, l *flow.Loop) *placed {
	for i := range fi.order {
		w := &fi.order[i]
		if w.ev.w != p.ev.w || !commits(w.ev, opStatus) {
			continue
		}
		if b := fi.g.Block(w.top); b != nil && l.Has(b) {
			return w
		}
	}
	return nil
}

// latchStates joins the states that go round loop l's back edges, nil when
// none is reached.
func (c *checker) latchStates(fi *fnInfo, r *flow.Result[fact], l *flow.Loop) []mask {
	var out []mask
	cond := fi.cond(c.pass.TypesInfo)
	for _, b := range l.Latches {
		in, ok := r.In(b)
		if !ok {
			continue
		}
		f := in
		for _, n := range b.Nodes {
			f = fi.transfer(f, n)
		}
		for si, s := range b.Succs {
			if s != l.Head {
				continue
			}
			g := f
			if gd, ok := fi.g.Edge(b, si); ok {
				g = cond(g, gd)
			}
			if out == nil {
				out = make([]mask, len(g.m))
			}
			for i := range g.m {
				out[i] |= g.m[i]
			}
		}
	}
	return out
}

// conditionalIn reports whether n runs only under a condition decided inside
// loop l (other than the loop's own condition): it may not run on every pass.
func conditionalIn(g *flow.Graph, n ast.Node, l *flow.Loop) bool {
	for _, gd := range g.Guards(n) {
		if gd.Block != nil && gd.Block != l.Head && l.Has(gd.Block) {
			return true
		}
	}
	return false
}

// subject is how a message names the call.
func (c *checker) subject(ev event) string {
	switch ev.op {
	case opHeader:
		if ev.key == setCookieKey {
			return "the cookie"
		}
		if k, ok := headerKey(c.pass.TypesInfo, ev.key); ok {
			return fmt.Sprintf("header %q", k)
		}
		if ev.eff == effSummary {
			return fmt.Sprintf("the header %s sets", ev.name)
		}
		return "the header"
	}
	return ev.name
}

// message builds a finding's diagnostic text.
func (c *checker) message(fd finding) (code, msg string) {
	ev := fd.p.ev
	subj := c.subject(ev)
	sender := ""
	if fd.cause != nil && (fd.m == bit(stDone) || fd.rule == ruleAfter) {
		sender = fd.cause.ev.name
	}
	switch {
	case ev.op == opStatus && fd.m.has(stPartial):
		return "partial-template", fmt.Sprintf("%s after a failed Execute: part of the page may already be sent with status 200; render into a bytes.Buffer first, or log the error", subj)
	case fd.rule == ruleLoop && ev.op == opHeader:
		return "loop-header", fmt.Sprintf("%s is set on every pass, but the previous pass already wrote the response, so it is dropped; set it once before the loop", subj)
	case fd.rule == ruleLoop:
		return "loop-status", fmt.Sprintf("%s runs on every pass, but the previous pass already wrote the response; send the status once, before the loop", subj)
	case ev.op == opHeader && sender != "":
		return "late-header", fmt.Sprintf("%s is set after %s sent the response, so it is silently dropped; set headers before the response is written", subj, sender)
	case ev.op == opHeader:
		return "late-header", fmt.Sprintf("%s is set after the response was sent, so it is silently dropped; set headers before the first write", subj)
	case sender != "":
		return "after-send", fmt.Sprintf("%s after %s already sent the response: it is ignored or appended to it; return after %s", subj, sender, sender)
	case ev.op == opStatus && fd.m&^bit(stStatus) == 0:
		return "double-status", fmt.Sprintf("%s after the status was already sent is superfluous and ignored; send one status", subj)
	case ev.op == opStatus:
		return "status-after-body", fmt.Sprintf("%s after the body was written is superfluous: the status has already been sent; send the status before the first write", subj)
	}
	return "after-send", fmt.Sprintf("%s after the response was sent; return after it", subj)
}

func (c *checker) report(fi *fnInfo, fd finding) {
	ev := fd.p.ev
	code, msg := c.message(fd)
	if code == "status-after-body" && !fd.m.has(stStatus) && c.ginStatusOK(ev.node) {
		// The body went out with the implicit 200: gin's c.Status(200)
		// then changes nothing and logs nothing (its writer ignores a
		// status equal to the one sent). net/http's WriteHeader(200)
		// still logs "superfluous response.WriteHeader call".
		return
	}
	d := analysis.Diagnostic{Pos: ev.node.Pos(), End: ev.node.End(), Category: Doc.Code(code), Message: msg}
	if fd.cause != nil {
		what := "the response is sent here"
		if fd.cause.ev.eff == effTemplate && fd.m.has(stPartial) {
			what = "the template writes to the response here"
		}
		d.Related = []analysis.RelatedInformation{{Pos: fd.cause.ev.node.Pos(), End: fd.cause.ev.node.End(), Message: what}}
	}
	switch {
	case ev.op == opStatus && fd.m.has(stPartial):
		if fix, ok := c.bufferFix(fi, fd); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	case ev.op == opHeader && fd.rule == ruleMust:
		if fix, ok := c.moveFix(fi, fd); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	report.Report(c.pass, d)
}

// reachedAfter returns the first call (in source order) of w's writer that
// is too late after the complete response w and that a path from w reaches
// without taking a branch on anything w's own conditions test or w's block
// assigns: such a branch could be what keeps the call from running after w.
func (c *checker) reachedAfter(fi *fnInfo, w *placed, done map[ast.Node]bool) (placed, bool) {
	info := c.pass.TypesInfo
	dep := map[types.Object]bool{}
	for _, gd := range fi.g.Guards(w.top) {
		for obj := range varsOf(info, gd.Cond) {
			if _, isWriter := writerKindOf(obj.Type()); !isWriter {
				dep[obj] = true
			}
		}
	}
	// What W's block assigns, or any branch of the if or switch that holds
	// it (if err != nil { http.Error(...) } else { body = ... }).
	var scope []ast.Stmt
	if stmt, ok := w.top.(ast.Stmt); ok {
		scope = append(scope, c.stmtList(stmt)...)
	}
outer:
	for n := c.ix.Parent(w.ev.node); n != nil; n = c.ix.Parent(n) {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			break outer
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			scope = append(scope, n.(ast.Stmt))
			break outer
		}
	}
	for _, s := range scope {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if obj := typesx.ObjectOf(info, l); obj != nil {
						dep[obj] = true
					}
				}
			case *ast.IncDecStmt:
				if obj := typesx.ObjectOf(info, n.X); obj != nil {
					dep[obj] = true
				}
			}
			return true
		})
	}
	wl, ok := fi.g.Loc(w.top)
	if !ok {
		return placed{}, false
	}
	// The blocks reachable from w along independent branches.
	reached := map[*cfg.Block]bool{}
	var queue []*cfg.Block
	push := func(b *cfg.Block) {
		for i, s := range b.Succs {
			if gd, ok := fi.g.Edge(b, i); ok {
				if dependsOn(info, gd, dep) || fi.asksState(info, gd.Cond, w.ev.w) || fi.asksState(info, gd.Tag, w.ev.w) {
					continue
				}
			}
			if !reached[s] {
				reached[s] = true
				queue = append(queue, s)
			}
		}
	}
	push(wl.Block)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		push(b)
	}
	for _, o := range fi.order {
		if o.ev.w != w.ev.w || o.ev.op == opNone || done[o.ev.node] || o.top == w.top {
			continue
		}
		if o.ev.op == opHeader && fi.isTrailer(info, o.ev) {
			continue
		}
		ol, ok := fi.g.Loc(o.top)
		if !ok {
			continue
		}
		if reached[ol.Block] || ol.Block == wl.Block && wl.Before(ol) {
			return o, true
		}
	}
	return placed{}, false
}

// dependsOn reports whether a branch condition (or a switch tag) uses any of
// the variables in dep.
func dependsOn(info *types.Info, gd flow.Guard, dep map[types.Object]bool) bool {
	for _, e := range []ast.Expr{gd.Cond, gd.Tag} {
		if e == nil {
			continue
		}
		for obj := range varsOf(info, e) {
			if dep[obj] {
				return true
			}
		}
	}
	return false
}

// varsOf returns the variables an expression uses.
func varsOf(info *types.Info, e ast.Expr) map[types.Object]bool {
	out := map[types.Object]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				out[v] = true
			}
		}
		return true
	})
	return out
}

// ginStatusOK reports whether n is gin's c.Status with the constant 200.
func (c *checker) ginStatusOK(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if !typesx.IsMethod(fn, "github.com/gin-gonic/gin", "Context", "Status") {
		return false
	}
	for _, arg := range call.Args {
		if v, ok := typesx.IntConst(c.pass.TypesInfo, arg); ok && v == 200 {
			return true
		}
	}
	return false
}
