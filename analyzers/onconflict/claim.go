package onconflict

import (
	"fmt"
	"go/ast"
	"go/types"
	"regexp"

	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// A claim whose verdict is thrown away: a method named for claiming a key
// (Claim, TryClaim, Acquire, TryLock, Reserve) that returns (bool, error),
// the bool saying whether this caller won, called with the bool discarded
// (`_, err := r.repo.Claim(ctx, id)`) and followed by an effect. Whatever
// the claim does inside (a DO NOTHING insert, a conditional UPDATE, a
// lock), the effect runs for the loser too. The method may be behind an
// interface whose implementation is not in sight: its name and its
// (bool, error) are the contract.
var claimName = regexp.MustCompile(`^(Try)?(Claim|Acquire|Reserve|Lock)([A-Z0-9]|$)`)

// callsClaims reports a method call named like a claim in the package: the
// one reason to look at a package with no database call of its own.
func callsClaims(info *types.Info) bool {
	for sel, s := range info.Selections {
		if s.Kind() == types.MethodVal && claimName.MatchString(sel.Sel.Name) {
			return true
		}
	}
	return false
}

// discardedClaim reports call when it is such a claim with its bool
// dropped: `_, err := x.Claim(...)` or `_, _ = ...`, or the call alone as
// a statement.
func (c *checker) discardedClaim(call *ast.CallExpr, stack []ast.Node) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !claimName.MatchString(sel.Sel.Name) {
		return false
	}
	fn := typesx.Callee(c.info, call)
	if fn == nil {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Results().Len() != 2 || !typesx.IsError(sig.Results().At(1).Type()) {
		return false
	}
	if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return false
	}
	if len(stack) < 2 {
		return false
	}
	switch p := stack[len(stack)-2].(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || ast.Unparen(p.Rhs[0]) != call || len(p.Lhs) != 2 {
			return false
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		return ok && id.Name == "_"
	}
	return false
}

// checkClaim reports a discarded claim followed by an effect.
func (c *checker) checkClaim(call *ast.CallExpr, stack []ast.Node) {
	fn := enclosingFunc(stack)
	if fn == nil {
		return
	}
	c.fillFunc(fn)
	name := exprName(call.Fun)
	g := &gate{kind: gateExec, call: call, desc: name, imported: &hiddenFact{Desc: name, Evidence: true}}
	eff := c.firstEffect(g, c.followers(g), fn)
	if eff == nil {
		return
	}
	msg := fmt.Sprintf("%s's bool, whether this caller won the claim, is discarded: %s runs for the loser too; return unless it is true", name, eff.name())
	if len(msg) > maxMessage {
		msg = fmt.Sprintf("%s's bool, whether this caller won the claim, is discarded: the effect runs for the loser too; return unless it is true", name)
	}
	report.Report(c.pass, analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: Doc.Code("claim-discarded"), Message: msg,
		Related: eff.related(),
	})
}
