package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// retryWait is a wait on the failure path of a retry loop.
type retryWait struct {
	*wait
	guards []guard
	op     ast.Expr // the call whose failure it waits after
	d      dval
}

// checkLoop decides whether l is a retry loop and reports its hazards.
func (a *checker) checkLoop(l *loop) {
	mod := a.modified(l)
	var rws []*retryWait
	nonFailureWait := false
	// A ticker's receive is a retry wait only when every ticker receive in
	// the loop is one; otherwise the ticker drives the loop (a poller).
	tickRetry, tickOther := false, false
	round := a.roundOnFailure(l, mod)
	for _, w := range l.waits {
		gs := a.blockGuards(l, w.block, mod)
		var op ast.Expr
		var failedPaths []guard // the failures every path to the wait takes, when no one guard dominates it
		if !onFailure(gs) && l.nl != nil {
			failedPaths = a.failedOnEveryPath(l, w, mod)
		}
		switch {
		case onFailure(gs):
			if !a.goesRound(l, w) {
				tickOther = tickOther || w.isTick
				continue
			}
			op = a.operation(gs, l)
		case failedPaths != nil && a.goesRound(l, w):
			// No one condition dominates the wait, but every way to it in
			// the iteration passes a failure (if err == nil { ...; if err
			// == nil { return } }; sleep).
			gs = failedPaths
			op = a.operation(gs, l)
		case round != nil && !a.reachesInIteration(l, round.ops, w):
			// A wait before the operation (if attempt > 0 { sleep }) in a
			// loop that goes round only after the operation failed.
			gs, op = round.guards, round.op
		default:
			nonFailureWait = true
			tickOther = tickOther || w.isTick
			continue
		}
		if op == nil {
			tickOther = tickOther || w.isTick
			continue
		}
		tickRetry = tickRetry || w.isTick
		rws = append(rws, &retryWait{wait: w, guards: gs, op: op})
	}
	if (tickOther || !tickRetry) && a.polls(l) {
		return
	}
	if len(l.waits) == 0 && round != nil && a.repeats(l) && !a.loopClassifies(l) {
		// No wait: a transaction retried at once. Only a serializable
		// transaction's retry of every error is checked (and then for its
		// bound too).
		for _, op := range round.ops {
			if a.serializableOp(op) != nil {
				w := &wait{call: op, what: "transaction", block: l.blockOf(op)}
				rws = append(rws, &retryWait{wait: w, guards: round.guards, op: op})
				break
			}
		}
	}
	if len(rws) == 0 {
		return
	}
	// Does success leave the loop? A loop that also goes round after
	// success (a server's accept loop, a consumer) is a worker, not a retry.
	successExit := false
	var stmt ast.Stmt
	if l.nl != nil {
		stmt = l.nl.Stmt
	}
	if fs, ok := stmt.(*ast.ForStmt); ok && fs.Cond != nil && a.condNeg(fs.Cond, false, mod).failure {
		successExit = true // for err != nil { ... }
	}
	if l.kind() == gotoLoop {
		for _, latch := range l.nl.Latches {
			if onFailure(a.blockGuards(l, latch, mod)) {
				successExit = true // on success, control falls past the goto
			}
		}
	}
	bounded := false
	deadline := false // a wall-clock deadline bounds the loop
	switch x := stmt.(type) {
	case *ast.ForStmt:
		if x.Cond != nil {
			ci := a.condNeg(x.Cond, false, mod)
			bounded = ci.counter || ci.deadline || ci.ctx || ci.other && !ci.failure && !ci.success
			deadline = ci.deadline
		}
	case *ast.RangeStmt:
		if t := a.info.TypeOf(x.X); t != nil {
			if _, ok := t.Underlying().(*types.Chan); !ok {
				bounded = true
			}
		}
	}
	a.exits(l, mod, func(gs []guard) {
		success, bound := true, false
		for _, g := range gs {
			if g.comm || !g.info.maySucceed {
				success = false
			}
			// An attempt counter, a deadline, a context, a select on a
			// stop channel, or a flag unrelated to the call's result
			// (if p.closed() { return }) ends the loop.
			if g.info.counter || g.info.deadline || g.info.ctx || g.comm || g.info.other && !g.info.failure && !g.info.success {
				bound = true
			}
			if g.info.deadline {
				deadline = true
			}
		}
		if bound {
			bounded = true
		}
		if success {
			successExit = true
		}
	})
	for _, w := range l.waits {
		if w.helper != nil && w.helper.ctxAware && w.helper.returnsEr {
			if _, discarded := a.ix.Parent(w.call).(*ast.ExprStmt); !discarded {
				bounded = true
			}
		}
	}
	classified := a.loopClassifies(l)
	env := &denv{
		inLoop:   l.in,
		region:   l.in,
		visiting: map[types.Object]bool{},
		memo:     map[types.Object]dval{},
		growing:  l.growing,
	}
	if l.kind() == recursion {
		env.inLoop = func(ast.Node) bool { return false }
	}
	for _, rw := range rws {
		rw.d = a.dur(rw.dur, env)
		if rw.tick != nil {
			// A ticker's period is its NewTicker's, or any Reset's.
			for _, r := range a.tickResets(rw.tick) {
				rw.d = join(rw.d, a.dur(r, env))
			}
		}
	}
	retry := successExit && !nonFailureWait
	// A wait of a minute or more (a refresh that tries again in an hour):
	// a schedule, not a herd, and retrying a permanent error that rarely
	// costs nothing worth a finding; only a loop that can never stop is.
	slow := a.slowWaits(l)
	if a.callerPolicy(l, rws) {
		// A retry utility: it retries the function it is given, waiting
		// each of the delays it is given in turn (func Retry(f func()
		// error, after ...time.Duration)). Its callers choose the delays,
		// their number and what to retry.
		return
	}

	var h hazards
	for _, rw := range rws {
		switch rw.d.k {
		case dGrowing:
			if bounded && classified && a.millisecondSteps(rw.dur) {
				// A bounded, classified poll that steps by milliseconds
				// (a local process's IPC: 1, 2, 3 ms): no herd to spread.
				continue
			}
			h.growing = append(h.growing, rw)
		case dFixed:
			h.fixed = append(h.fixed, rw)
		}
	}
	if !retry {
		// A worker or reconnect loop: only growth without jitter and
		// without any classification is a finding.
		if classified || len(h.growing) == 0 {
			return
		}
		h.fixed = nil
		h.worker = true
	} else {
		h.noBound = !bounded
		if !classified {
			for _, rw := range rws {
				for _, g := range rw.guards {
					if g.info.nonOK {
						h.nonOK = true
					}
				}
				// c.do(req) turns every non-2xx response into an error.
				if a.opMapsNonOK(rw.op) {
					h.nonOK = true
				}
				if b := a.serializableOp(rw.op); b != nil && h.serial == nil {
					h.serial = b
				}
			}
			// Retrying every error is a finding where it costs: forever,
			// on every non-2xx response, around a gRPC call (every code),
			// or beside a delay that already herds. A bounded retry of an
			// opaque call with no other hazard is left alone.
			// A serializable transaction's retry is for serialization
			// failures: retrying its every error is a finding too.
			h.noPredicate = h.noBound || h.nonOK || len(h.growing) > 0 || a.isGRPCOp(rws) || h.serial != nil
			if h.noPredicate && !h.nonOK && h.serial == nil && a.dialsOnly(rws) {
				// A reconnect loop: every error of a dial (refused,
				// unreachable, timed out) is the peer not being back yet.
				h.noPredicate = false
			}
		}
		if !h.noPredicate && !h.noBound && !fixedDelay {
			h.fixed = nil
		}
		if deadline && len(h.growing) == 0 && h.serial == nil && !fixedDelay && a.probesOnly(rws) {
			// Polling until a deadline at a fixed interval (a readiness
			// wait: mailpit's readyz --wait): every answer but the one it
			// waits for is expected, and the clock, not a count of
			// attempts, ends it.
			h.fixed, h.noPredicate, h.nonOK = nil, false, false
		}
	}
	if slow || a.loopbackOnly(rws) {
		// (or a poll of this machine: see loopback.go)
		h = hazards{noBound: h.noBound}
	}
	if !h.any() {
		return
	}
	a.reportLoop(l, rws, &h)
}

// millisecondSteps reports a delay that grows linearly by a constant step
// of at most 10 ms: counter * step or step * counter, the counter a plain
// variable (or a conversion of one), the step a constant time.Duration.
//
// The delay may be a local variable assigned once from such a product
// (delay := (time.Duration(i) + 1) * step), and the counter may be offset
// by a constant (i + 1).
func (a *checker) millisecondSteps(e ast.Expr) bool {
	if _, ok := ast.Unparen(e).(*ast.Ident); ok {
		vs, ok := a.ix.LocalValues(e)
		if !ok || len(vs) != 1 {
			return false
		}
		e = vs[0]
	}
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || b.Op != token.MUL {
		return false
	}
	var isCounter func(x ast.Expr) bool
	isCounter = func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if tv, ok := a.info.Types[call.Fun]; ok && tv.IsType() {
				x = ast.Unparen(call.Args[0])
			}
		}
		if b, ok := x.(*ast.BinaryExpr); ok && (b.Op == token.ADD || b.Op == token.SUB) {
			if tv, ok := a.info.Types[b.Y]; ok && tv.Value != nil {
				return isCounter(b.X)
			}
			if tv, ok := a.info.Types[b.X]; ok && tv.Value != nil && b.Op == token.ADD {
				return isCounter(b.Y)
			}
			return false
		}
		_, ok := x.(*ast.Ident)
		return ok
	}
	for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		step, other := pair[0], pair[1]
		tv, ok := a.info.Types[step]
		if !ok || tv.Value == nil || !typesx.IsNamedOrPointer(tv.Type, "time", "Duration") {
			continue
		}
		if v, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok && v > 0 && v <= int64(10*time.Millisecond) && isCounter(other) {
			return true
		}
	}
	return false
}

type hazards struct {
	growing, fixed []*retryWait
	noPredicate    bool
	nonOK          bool
	noBound        bool
	worker         bool
	serial         ast.Node // the operation runs a serializable transaction begun here
}

func (h *hazards) any() bool {
	return len(h.growing) > 0 || len(h.fixed) > 0 || h.noPredicate || h.noBound
}

// code is the finding's code: its first hazard, in the order the message
// names them (a missing jitter first: it is what the suggested fix adds).
func (h *hazards) code() string {
	return hazardCode(len(h.growing) > 0 || len(h.fixed) > 0, h.noPredicate, h.nonOK)
}

// hazardCode names the lead hazard of a retry: no jitter, then retrying
// what cannot succeed (4xx responses on their own code), then no bound.
func hazardCode(noJitter, noPredicate, nonOK bool) string {
	switch {
	case noJitter:
		return Doc.Code("no-jitter")
	case noPredicate && nonOK:
		return Doc.Code("retries-4xx")
	case noPredicate:
		return Doc.Code("retries-permanent")
	}
	return Doc.Code("unbounded")
}

// isGRPCOp reports whether a retried operation is a gRPC call.
// slowWaits reports a loop that, among its waits, waits a constant of a
// minute or more (time.NewTimer(refreshRetryInterval) with the interval an
// hour): whatever else it waits, it goes round at most that often on the
// path with that wait, a schedule rather than a herd.
func (a *checker) slowWaits(l *loop) bool {
	for _, w := range l.waits {
		if w.dur == nil {
			continue
		}
		tv, ok := a.info.Types[w.dur]
		if !ok || tv.Value == nil {
			continue
		}
		if d, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact && d >= int64(time.Minute) {
			return true
		}
	}
	return false
}

// dialsOnly reports retried operations that are all network dials, as
// the outbound recogniser classifies them (net.Dial, DialTimeout, a
// Dialer's Dial or DialContext, tls.Dial...), smtp's SendMail aside (it
// sends as well as dials).
func (a *checker) dialsOnly(rws []*retryWait) bool {
	if len(rws) == 0 {
		return false
	}
	for _, rw := range rws {
		call, ok := rw.op.(*ast.CallExpr)
		if !ok {
			return false
		}
		oc, ok := outbound.Classify(a.info, call)
		if !ok || oc.Kind != outbound.Dial || oc.Func == nil || oc.Func.Pkg().Path() == "net/smtp" {
			return false
		}
	}
	return true
}

func (a *checker) isGRPCOp(rws []*retryWait) bool {
	for _, rw := range rws {
		if call, ok := rw.op.(*ast.CallExpr); ok && a.isGRPCCall(call) {
			return true
		}
	}
	return false
}

// repeats reports whether l goes round the same work: a for statement, a
// range over an integer, or a backward goto (not a range over items, where
// going round after a failure moves on to the next one).
func (a *checker) repeats(l *loop) bool {
	if l.nl == nil {
		return false
	}
	rs, ok := l.nl.Stmt.(*ast.RangeStmt)
	if !ok {
		return true
	}
	t := a.info.TypeOf(rs.X)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// polls reports whether the loop is driven by a ticker.
func (a *checker) polls(l *loop) bool {
	found := false
	for _, b := range l.blocks() {
		for _, n := range b.Nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false
				}
				if a.isTicker(n) {
					found = true
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// operation returns the call whose failure the guards test, when it is
// made inside the loop.
func (a *checker) operation(gs []guard, l *loop) ast.Expr {
	for _, g := range gs {
		if !g.info.failure || g.cond == nil {
			continue
		}
		var op ast.Expr
		ast.Inspect(g.cond, func(n ast.Node) bool {
			if op != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if a.isError(n) || a.isStatusExpr(n) {
					if !a.mentionsContext(n) {
						op = n
					}
				}
			}
			return op == nil
		})
		if op != nil {
			return op
		}
		// The variable's assignment in the loop nearest before the test
		// (err is often reassigned: tx, err = BeginTx(); _, err = tx.Exec()),
		// else its first.
		for _, v := range g.info.vars {
			var first, near *ast.CallExpr
			for _, s := range a.sitesOf(v) {
				if s.rhs == nil || s.closure || a.errorText(s.rhs, 0) {
					continue // errStr := err.Error(): the text of the failure, not the operation
				}
				if !l.in(s.node) {
					continue
				}
				if call, ok := ast.Unparen(s.rhs).(*ast.CallExpr); ok {
					if tv, ok := a.info.Types[call.Fun]; ok && tv.IsType() {
						continue
					}
					if first == nil {
						first = call
					}
					if s.node.Pos() < g.cond.Pos() && (near == nil || s.node.Pos() > near.Pos()) {
						near = call
					}
				}
			}
			if near != nil {
				return near
			}
			if first != nil {
				return first
			}
		}
	}
	return nil
}

// loopClassifies reports whether anything in the loop tells errors apart:
// a condition of one of its blocks (an if or for condition, a case), a
// type assertion or type switch on an error, a classifier call, a gRPC code.
func (a *checker) loopClassifies(l *loop) bool {
	for _, b := range l.blocks() {
		if cond, tag, ok := l.g.Cond(b); ok {
			switch {
			case tag != nil:
				eq := &ast.BinaryExpr{X: tag, Op: token.EQL, Y: cond, OpPos: cond.Pos()}
				if a.isError(tag) || a.condNeg(eq, false, nil).classify {
					return true
				}
			case b.Succs[0].Kind == cfg.KindSwitchCaseBody: // a case of a switch with no tag
				if a.classifies(cond, true) || a.condNeg(cond, false, nil).classify {
					return true
				}
			default:
				if a.classifies(cond, true) {
					return true
				}
			}
		}
		found := false
		for _, n := range b.Nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.TypeAssertExpr: // x.(T), and a type switch's x.(type)
					if a.isError(n.X) {
						found = true
					}
				case *ast.CallExpr:
					if a.isClassifierCall(n, false) {
						found = true
					}
				case *ast.SelectorExpr:
					if a.isGRPCClassify(n) {
						found = true
					}
				}
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

// typeSwitchSubject returns x of switch x.(type), or nil.
func typeSwitchSubject(ts *ast.TypeSwitchStmt) ast.Expr {
	switch s := ts.Assign.(type) {
	case *ast.ExprStmt:
		if ta, ok := s.X.(*ast.TypeAssertExpr); ok {
			return ta.X
		}
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			if ta, ok := s.Rhs[0].(*ast.TypeAssertExpr); ok {
				return ta.X
			}
		}
	}
	return nil
}

// reportLoop reports one diagnostic for the loop, at its first hazardous
// wait (or its first retry wait), with a jitter fix where one applies.
func (a *checker) reportLoop(l *loop, rws []*retryWait, h *hazards) {
	at := rws[0]
	jitter := append(append([]*retryWait(nil), h.growing...), h.fixed...)
	if len(jitter) > 0 {
		at = jitter[0]
		for _, rw := range jitter {
			if rw.call.Pos() < at.call.Pos() {
				at = rw
			}
		}
	}
	var parts []string
	var advice []string
	if len(h.growing) > 0 {
		rw := h.growing[0]
		parts = append(parts, a.growthText(rw.d)+" with no jitter")
	} else if len(h.fixed) > 0 {
		parts = append(parts, "waits a fixed "+shorten(fixes.Source(a.pass.Fset, h.fixed[0].dur))+" with no jitter")
	}
	if len(jitter) > 0 {
		advice = append(advice, "add full jitter (rand.N)")
	}
	predShort, predAdvice := "", "stop on permanent errors"
	if h.noPredicate {
		switch {
		case h.nonOK:
			parts = append(parts, "retries 4xx responses")
			advice = append(advice, "return early on errors that cannot succeed")
		case h.serial != nil:
			parts = append(parts, "retries every error of a serializable transaction")
			advice = append(advice, "retry only serialization failures and deadlocks (SQLSTATE 40001, 40P01)")
			predShort, predAdvice = "retries every transaction error", "retry only SQLSTATE 40001/40P01"
		default:
			parts = append(parts, "retries permanent errors")
			advice = append(advice, "return early on errors that cannot succeed")
		}
	}
	if h.noBound {
		parts = append(parts, "has no attempt cap or ctx.Done() exit")
		advice = append(advice, "bound the attempts")
	}
	what := "retry loop"
	switch {
	case h.worker:
		what = "error backoff"
	case l.kind() == gotoLoop:
		what = "goto retry loop"
	case l.kind() == recursion:
		what = "recursive retry"
	}
	msg := what + " around " + a.opName(at.op) + " " + joinList(parts) + "; " + joinList(advice)
	if len(msg) > 160 {
		// The short form: the hazards in a word each.
		var short, shortAdvice []string
		if len(jitter) > 0 {
			short, shortAdvice = append(short, "has no jitter"), append(shortAdvice, "add jitter (rand.N)")
		}
		if h.noPredicate {
			if predShort == "" {
				predShort = parts[len(short)]
			}
			short, shortAdvice = append(short, predShort), append(shortAdvice, predAdvice)
		}
		if h.noBound {
			short, shortAdvice = append(short, "has no attempt cap"), append(shortAdvice, "bound the attempts")
		}
		msg = what + " around " + a.opName(at.op) + " " + joinList(short) + "; " + joinList(shortAdvice)
		if len(msg) > 160 {
			msg = what + " " + joinList(short) + "; " + joinList(shortAdvice)
		}
	}
	var related []analysis.RelatedInformation
	if op, ok := at.op.(*ast.CallExpr); ok && op.Pos() != at.call.Pos() {
		related = append(related, analysis.RelatedInformation{Pos: op.Pos(), End: op.End(), Message: "the operation retried"})
	}
	if h.noPredicate && !h.nonOK && h.serial != nil && h.serial.Pos() != at.op.Pos() {
		related = append(related, analysis.RelatedInformation{Pos: h.serial.Pos(), End: h.serial.End(), Message: "the serializable transaction"})
	}
	d := analysis.Diagnostic{Pos: at.call.Pos(), End: at.call.End(), Category: h.code(), Message: msg, Related: related}
	if len(jitter) > 0 {
		if edits, ok := a.jitterEdits(jitter); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "Randomise the wait with full jitter",
				TextEdits: edits,
			}}
		}
	}
	report.Report(a.pass, d)
}

// growthText says how the wait grows: "grows its wait (delay *= 2)",
// "grows its wait as attempt counts up", "steps through a fixed schedule ...".
func (a *checker) growthText(d dval) string {
	switch n := d.why.(type) {
	case nil:
		return "grows its wait"
	case *ast.IncDecStmt:
		return "grows its wait as " + shorten(fixes.Source(a.pass.Fset, n.X)) + " counts up"
	case *ast.RangeStmt:
		if n.Key != nil && n.Value == nil || d.key {
			return "grows its wait as " + shorten(fixes.Source(a.pass.Fset, n.Key)) + " counts up"
		}
		return "steps through a fixed schedule of waits (" + shorten(fixes.Source(a.pass.Fset, n.X)) + ")"
	}
	return "grows its wait (" + shorten(fixes.Source(a.pass.Fset, d.why)) + ")"
}

func (a *checker) opName(op ast.Expr) string {
	if call, ok := op.(*ast.CallExpr); ok {
		return shorten(fixes.Source(a.pass.Fset, call.Fun))
	}
	return shorten(fixes.Source(a.pass.Fset, op))
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

func joinList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " and " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + ", and " + xs[len(xs)-1]
}

// jitterEdits wraps each wait's duration in full jitter, with one set of
// import edits for all of them.
func (a *checker) jitterEdits(ws []*retryWait) ([]analysis.TextEdit, bool) {
	type plan struct {
		w       *wait
		src     string
		bounded bool
	}
	var file *ast.File
	var plans []plan
	var paths []string
	v2 := false
	for i, rw := range ws {
		w := rw.wait
		if w.isTick {
			return nil, false // a ticker's period is not the wait's to randomise
		}
		f := fixes.FileOf(a.pass, w.call.Pos())
		if f == nil || i > 0 && f != file || !typesx.IsNamedOrPointer(a.info.TypeOf(w.dur), "time", "Duration") {
			return nil, false
		}
		file = f
		src := fixes.Text(a.pass, w.dur)
		if src == "" {
			return nil, false
		}
		v2 = fixes.GoVersionAtLeast(a.pass, file, "go1.22")
		// rand.N and Int63n panic on a duration <= 0; Float64 cannot.
		p := plan{w: w, src: src, bounded: a.bounded(w.dur)}
		plans = append(plans, p)
		if !p.bounded || !v2 {
			paths = append(paths, "time")
		}
	}
	if file == nil {
		return nil, false
	}
	randPath := "math/rand"
	if v2 {
		randPath = "math/rand/v2"
	}
	paths = append([]string{randPath}, paths...)
	pos := plans[0].w.call.Pos()
	names, edits := fixes.AddImports(a.info, file, pos, paths...)
	name := map[string]string{}
	for i, p := range paths {
		name[p] = names[i]
		for _, pl := range plans {
			if !a.resolvesTo(file, pl.w.call.Pos(), names[i], p, fixes.ImportName(file, p) == "") {
				return nil, false
			}
		}
	}
	for _, p := range plans {
		var text string
		switch {
		case p.bounded && v2:
			text = name[randPath] + ".N(" + p.src + ")"
		case p.bounded:
			text = name["time"] + ".Duration(" + name[randPath] + ".Int63n(int64(" + p.src + ")))"
		default:
			text = name["time"] + ".Duration(" + name[randPath] + ".Float64() * float64(" + p.src + "))"
		}
		edits = append(edits, analysis.TextEdit{Pos: p.w.dur.Pos(), End: p.w.dur.End(), NewText: []byte(text)})
	}
	return edits, true
}

// resolvesTo reports whether name, at pos in file, is the package path (or
// will be, once a new import is added).
func (a *checker) resolvesTo(file *ast.File, pos token.Pos, name, path string, added bool) bool {
	scope := a.info.Scopes[file]
	if scope == nil {
		return false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		return false
	}
	_, obj := inner.LookupParent(name, pos)
	if added {
		return obj == nil
	}
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == path
}

// failedOnEveryPath returns the failure guards on the edges that every
// path from the top of l's body to w's block, within one iteration, must
// take; nil if some path reaches the wait without a failure.
func (a *checker) failedOnEveryPath(l *loop, w *wait, mod func(types.Object) bool) []guard {
	var cut []guard
	reached := l.g.ReachesAvoiding(l.nl.Head, w.block, l.nl.Has, func(b *cfg.Block, i int) bool {
		if gd, ok := l.g.Edge(b, i); ok {
			if g := a.guardOf(gd, mod); g.info.failure && g.cond != nil {
				cut = append(cut, g)
				return false
			}
		}
		return true
	})
	if reached || len(cut) == 0 {
		return nil
	}
	return cut
}

// probesOnly reports retried operations that all probe rather than act: an
// HTTP GET or HEAD (http.Get, a client's Get or Head), or a call named for
// a probe (Check, Ping, Probe, Health..., Ready..., IsReady, Alive, Live).
func (a *checker) probesOnly(rws []*retryWait) bool {
	if len(rws) == 0 {
		return false
	}
	for _, rw := range rws {
		call, ok := ast.Unparen(rw.op).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := typesx.Callee(a.info, call)
		if fn == nil {
			return false
		}
		name := fn.Name()
		switch {
		case fn.Pkg() != nil && fn.Pkg().Path() == "net/http" && (name == "Get" || name == "Head"):
		case name == "Check" || name == "Ping" || name == "Probe" || name == "IsReady" || name == "Alive" || name == "Live",
			strings.HasPrefix(name, "Health"), strings.HasPrefix(name, "Ready"), strings.HasPrefix(name, "check"), strings.HasPrefix(name, "ping"):
		default:
			return false
		}
	}
	return true
}

// callerPolicy reports whether every retried operation of the loop is a
// call of a function parameter of the enclosing function, and the loop
// ranges over a parameter's list of delays and waits each in turn.
func (a *checker) callerPolicy(l *loop, rws []*retryWait) bool {
	var sig *types.Signature
	switch fn := l.fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := a.info.Defs[fn.Name].(*types.Func); ok {
			sig, _ = obj.Type().(*types.Signature)
		}
	case *ast.FuncLit:
		sig, _ = a.info.TypeOf(fn).(*types.Signature)
	}
	if sig == nil || len(rws) == 0 {
		return false
	}
	isParam := func(v types.Object) bool {
		for p := range sig.Params().Variables() {
			if p == v {
				return true
			}
		}
		return false
	}
	for _, rw := range rws {
		call, ok := ast.Unparen(rw.op).(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || !isParam(a.info.Uses[id]) {
			return false
		}
		did, ok := ast.Unparen(rw.dur).(*ast.Ident)
		if !ok {
			return false
		}
		v, _ := a.info.Uses[did].(*types.Var)
		if v == nil {
			return false
		}
		// for _, d := range after { ... Sleep(d) }: the list bounds it too
		// (a duration parameter alone leaves the bound to the utility).
		ranged := false
		if l.nl != nil {
			if rs, ok := l.nl.Stmt.(*ast.RangeStmt); ok {
				if val, ok := rs.Value.(*ast.Ident); ok && a.info.Defs[val] == v {
					if x, ok := ast.Unparen(rs.X).(*ast.Ident); ok && isParam(a.info.Uses[x]) {
						ranged = true
					}
				}
			}
		}
		if !ranged {
			return false
		}
	}
	return true
}
