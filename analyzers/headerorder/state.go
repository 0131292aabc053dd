package headerorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A response is in one of these states; a fact holds, per writer, the set of
// states it can be in at a point (joined by union over the paths that reach
// it). "On every path" is then "the set lacks stOpen".
const (
	stOpen    = iota // nothing sent: headers and status can still change
	stStatus         // status and header sent, no body yet
	stBody           // body started
	stDone           // a whole response sent (http.Error, c.JSON)
	stPartial        // a template failed, possibly after writing part of its output
	nStates
)

type mask uint8

func bit(s int) mask { return 1 << s }

func (m mask) has(s int) bool { return m&bit(s) != 0 }

// open reports whether the response can still be open at the point: the
// header set or status there can take effect on some path.
func (m mask) open() bool { return m.has(stOpen) || m == 0 }

// step maps every state in m through f.
func (m mask) step(f func(s int) mask) mask {
	var out mask
	for s := 0; s < nStates; s++ {
		if m.has(s) {
			out |= f(s)
		}
	}
	return out
}

// apply returns the states after an effect that succeeds.
func apply(m mask, e effect, sum *summary) mask {
	switch e {
	case effStatus:
		return m.step(func(s int) mask {
			switch s {
			case stOpen:
				return bit(stStatus)
			case stPartial:
				return bit(stStatus) | bit(stBody)
			}
			return bit(s)
		})
	case effBody, effTemplate, effEncode:
		return m.step(func(s int) mask {
			if s == stDone {
				return bit(stDone)
			}
			return bit(stBody)
		})
	case effFinal:
		return bit(stDone)
	case effSummary:
		return m.step(func(s int) mask { return compose(s, sum.exit) })
	}
	return m
}

// compose is the states after a helper with exit states x runs from state s.
func compose(s int, x mask) mask {
	if s == stDone {
		return bit(stDone)
	}
	var out mask
	for q := 0; q < nStates; q++ {
		if !x.has(q) {
			continue
		}
		switch {
		case q == stOpen:
			out |= bit(s)
		case q == stDone:
			out |= bit(stDone)
		case s == stBody || q == stBody:
			out |= bit(stBody)
		case s == stPartial:
			out |= bit(stStatus) | bit(stBody)
		default: // stStatus after stOpen or stStatus
			out |= bit(stStatus)
		}
	}
	return out
}

// failed returns the states after a template execution or an encode that
// returned an error, from the states before it.
func failed(prev mask, e effect) mask {
	switch e {
	case effTemplate:
		// Execute writes as it goes: it may have sent part of the page.
		return prev.step(func(s int) mask {
			switch s {
			case stOpen:
				return bit(stPartial)
			case stStatus:
				return bit(stStatus) | bit(stBody)
			}
			return bit(s)
		})
	case effEncode:
		// Encode marshals before it writes: a marshalling error wrote
		// nothing, a write error means the client is gone.
		return prev | apply(prev, effBody, nil)
	}
	return prev
}

// fact is the dataflow fact: the states of every tracked writer, and the
// error variable of a template execution or encode just assigned, until the
// branch on it.
type fact struct {
	m []mask

	pend     types.Object
	pendW    int
	pendEff  effect
	pendPrev mask
	// pendN: a copy's byte count, until a branch on it (countVar); its
	// writer is pendW and its state before the copy pendPrev.
	pendN types.Object
}

type lattice struct{}

func (lattice) Join(a, b fact) fact {
	out := fact{m: make([]mask, len(a.m))}
	for i := range a.m {
		out.m[i] = a.m[i] | b.m[i]
	}
	if a.pend == b.pend && a.pendN == b.pendN && a.pendW == b.pendW && a.pendEff == b.pendEff {
		out.pend, out.pendN, out.pendW, out.pendEff, out.pendPrev = a.pend, a.pendN, a.pendW, a.pendEff, a.pendPrev|b.pendPrev
	}
	return out
}

func (lattice) Equal(a, b fact) bool {
	if a.pend != b.pend || a.pendN != b.pendN || a.pendW != b.pendW || a.pendEff != b.pendEff || a.pendPrev != b.pendPrev {
		return false
	}
	for i := range a.m {
		if a.m[i] != b.m[i] {
			return false
		}
	}
	return true
}

// transfer applies the events of one top-level node.
func (fi *fnInfo) transfer(f fact, n ast.Node) fact {
	evs := fi.events[n]
	_, isCond := n.(ast.Expr)
	if len(evs) == 0 && (f.pend == nil && f.pendN == nil || isCond) {
		return f
	}
	out := fact{m: append([]mask(nil), f.m...)}
	if isCond {
		out.pend, out.pendN, out.pendW, out.pendEff, out.pendPrev = f.pend, f.pendN, f.pendW, f.pendEff, f.pendPrev
	}
	for _, ev := range evs {
		if ev.eff == effNone {
			continue
		}
		prev := out.m[ev.w]
		out.m[ev.w] = apply(prev, ev.eff, ev.sum)
		if ev.errVar != nil {
			out.pend, out.pendW, out.pendEff, out.pendPrev = ev.errVar, ev.w, ev.eff, prev
		}
		if ev.countVar != nil {
			out.pendN, out.pendW, out.pendEff, out.pendPrev = ev.countVar, ev.w, ev.eff, prev
		}
	}
	return out
}

// cond refines the fact on the branches of "err != nil" after a template
// execution or an encode.
func (fi *fnInfo) cond(info *types.Info) func(f fact, g flow.Guard) fact {
	return func(f fact, g flow.Guard) fact {
		if f.pendN != nil && zeroCount(info, g, f.pendN) {
			// written == 0: the copy wrote nothing, the response is as
			// it was before it.
			out := fact{m: append([]mask(nil), f.m...)}
			out.m[f.pendW] = f.pendPrev
			return out
		}
		if f.pend == nil {
			return f
		}
		out := fact{m: append([]mask(nil), f.m...)}
		if failure, ok := errBranch(info, g, f.pend); ok && failure {
			out.m[f.pendW] = failed(f.pendPrev, f.pendEff)
		} else if !ok && errorsIsOn(info, g, f.pend) {
			// if errors.Is(err, syscall.EPIPE) { ... } else if err != nil
			// { ... }: where the test holds, err is a failure; where it
			// does not, the nil test is still to come.
			if g.Holds {
				out.m[f.pendW] = failed(f.pendPrev, f.pendEff)
			} else {
				out.pend, out.pendW, out.pendEff, out.pendPrev = f.pend, f.pendW, f.pendEff, f.pendPrev
			}
		}
		return out
	}
}

// zeroCount reports a guard that holds only where the count n is 0: n == 0
// (or n <= 0, n < 1) holding, n != 0 (n > 0) not holding.
func zeroCount(info *types.Info, g flow.Guard, n types.Object) bool {
	if g.Tag != nil {
		return false
	}
	be, ok := ast.Unparen(g.Cond).(*ast.BinaryExpr)
	if !ok || typesx.ObjectOf(info, be.X) != n {
		return false
	}
	k, ok := typesx.IntConst(info, be.Y)
	if !ok {
		return false
	}
	switch {
	case be.Op == token.EQL && k == 0, be.Op == token.LEQ && k == 0, be.Op == token.LSS && k == 1:
		return g.Holds
	case be.Op == token.NEQ && k == 0, be.Op == token.GTR && k == 0, be.Op == token.GEQ && k == 1:
		return !g.Holds
	}
	return false
}

// errorsIsOn reports whether guard g is errors.Is(err, X) or errors.As(err,
// &t) on the error err.
func errorsIsOn(info *types.Info, g flow.Guard, err types.Object) bool {
	if g.Tag != nil {
		return false
	}
	return errorsIsExpr(info, g.Cond, err)
}

// errorsIsExpr reports whether e is errors.Is or errors.As on err, or a ||
// of such tests (each one holds only for a non-nil err).
func errorsIsExpr(info *types.Info, e ast.Expr, err types.Object) bool {
	if be, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && be.Op == token.LOR {
		return errorsIsExpr(info, be.X, err) && errorsIsExpr(info, be.Y, err)
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 2 || !(typesx.IsCallTo(info, call, "errors.Is") || typesx.IsCallTo(info, call, "errors.As")) {
		return false
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && info.Uses[id] == err
}

// errBranch reports whether guard g tests err against nil, and whether the
// edge it labels is the one where err is not nil.
func errBranch(info *types.Info, g flow.Guard, err types.Object) (failure, ok bool) {
	if g.Tag != nil {
		return false, false
	}
	be, isBin := ast.Unparen(g.Cond).(*ast.BinaryExpr)
	if !isBin || (be.Op != token.NEQ && be.Op != token.EQL) {
		return false, false
	}
	x, y := be.X, be.Y
	if typesx.IsNil(info, x) {
		x, y = y, x
	}
	id, isID := ast.Unparen(x).(*ast.Ident)
	if !isID || info.Uses[id] != err || !typesx.IsNil(info, y) {
		return false, false
	}
	return (be.Op == token.NEQ) == g.Holds, true
}
