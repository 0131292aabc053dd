package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

const (
	backoffPath   = "github.com/cenkalti/backoff"
	retryGoPath   = "github.com/avast/retry-go"
	retryHTTPPath = "github.com/hashicorp/go-retryablehttp"
	grpcPath      = "google.golang.org/grpc"
)

// libFunc returns the function call calls when it belongs to a package
// whose path starts with prefix (any major version).
func (a *checker) libFunc(call *ast.CallExpr, prefix string) *types.Func {
	fn := typesx.Callee(a.info, call)
	if fn == nil || fn.Pkg() == nil || !hasPathPrefix(fn.Pkg().Path(), prefix) {
		return nil
	}
	return fn
}

// hasPathPrefix reports whether the import path p is prefix or one of its
// major versions or subpackages. cenkalti/backoff also lives at
// gopkg.in/cenkalti/backoff.v1 and .v2, with the same API.
func hasPathPrefix(p, prefix string) bool {
	if prefix == backoffPath && strings.HasPrefix(p, "gopkg.in/cenkalti/backoff.") {
		return true
	}
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

// checkLibraries reports retry libraries configured without jitter,
// predicate or bound.
func (a *checker) checkLibraries(f *ast.File) {
	uses := map[string]bool{}
	for _, imp := range f.Imports {
		p := strings.Trim(imp.Path.Value, `"`)
		for _, pre := range []string{backoffPath, retryGoPath, retryHTTPPath} {
			if hasPathPrefix(p, pre) {
				uses[pre] = true
			}
		}
	}
	if len(uses) == 0 {
		return
	}
	consumed := map[ast.Node]bool{}
	var lits []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if uses[backoffPath] {
				a.checkBackoffRetry(n, consumed)
			}
			if uses[retryGoPath] {
				a.checkRetryGo(n)
			}
			if uses[backoffPath] {
				lits = append(lits, n)
			}
		case *ast.CompositeLit, *ast.AssignStmt:
			lits = append(lits, n)
		}
		return true
	})
	for _, n := range lits {
		if uses[backoffPath] {
			a.checkBackoffConfig(n, consumed)
		}
		if uses[retryHTTPPath] {
			a.checkRetryableHTTP(n)
		}
	}
}

// boCfg is what a cenkalti/backoff BackOff value was built with.
type boCfg struct {
	known      bool
	constant   ast.Expr          // NewConstantBackOff(d): d
	expo       bool              // an ExponentialBackOff
	factorZero ast.Expr          // RandomizationFactor set to this constant 0
	factorLit  *ast.CompositeLit // a literal that leaves RandomizationFactor out
	factorSet  bool              // RandomizationFactor set to something else
	neverStops bool              // MaxElapsedTime 0, constant or zero backoff
	bounded    bool              // WithMaxRetries or WithContext
	sites      []ast.Node        // the configuration nodes this covers
}

func (c *boCfg) noJitter() bool {
	return c.expo && !c.factorSet && (c.factorZero != nil || c.factorLit != nil)
}

func (a *checker) isZeroConst(e ast.Expr) bool {
	tv, ok := a.info.Types[e]
	return ok && tv.Value != nil && constant.Sign(tv.Value) == 0 && tv.Value.Kind() != constant.Unknown
}

func (a *checker) isBackoffType(t types.Type, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && hasPathPrefix(n.Obj().Pkg().Path(), backoffPath) && n.Obj().Name() == name
}

// traceBackoff follows a BackOff expression to its construction.
func (a *checker) traceBackoff(e ast.Expr, depth int) boCfg {
	if depth > 4 {
		return boCfg{}
	}
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		fn := a.libFunc(x, backoffPath)
		if fn == nil {
			return boCfg{}
		}
		switch fn.Name() {
		case "WithMaxRetries", "WithContext":
			if len(x.Args) == 0 {
				return boCfg{}
			}
			c := a.traceBackoff(x.Args[0], depth+1)
			c.bounded = true
			return c
		case "NewExponentialBackOff":
			c := boCfg{known: true, expo: true}
			for _, opt := range x.Args {
				oc, ok := ast.Unparen(opt).(*ast.CallExpr)
				if !ok {
					continue
				}
				ofn := a.libFunc(oc, backoffPath)
				if ofn == nil || len(oc.Args) != 1 {
					continue
				}
				switch ofn.Name() {
				case "WithRandomizationFactor":
					if a.isZeroConst(oc.Args[0]) {
						c.factorZero = oc.Args[0]
						c.sites = append(c.sites, oc)
					} else {
						c.factorSet = true
					}
				case "WithMaxElapsedTime":
					c.neverStops = a.isZeroConst(oc.Args[0])
				}
			}
			return c
		case "NewConstantBackOff":
			c := boCfg{known: true, neverStops: true}
			if len(x.Args) == 1 {
				c.constant = x.Args[0]
			}
			return c
		}
	case *ast.CompositeLit:
		switch {
		case a.isBackoffType(a.info.TypeOf(x), "ExponentialBackOff"):
			c := boCfg{known: true, expo: true, neverStops: true, sites: []ast.Node{x}}
			for _, elt := range x.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					return boCfg{} // positional: leave it
				}
				key, _ := kv.Key.(*ast.Ident)
				if key == nil {
					continue
				}
				switch key.Name {
				case "RandomizationFactor":
					if a.isZeroConst(kv.Value) {
						c.factorZero = kv.Value
					} else {
						c.factorSet = true
					}
				case "MaxElapsedTime":
					c.neverStops = a.isZeroConst(kv.Value)
				}
			}
			if c.factorZero == nil && !c.factorSet {
				c.factorLit = x
			}
			return c
		case a.isBackoffType(a.info.TypeOf(x), "ConstantBackOff"):
			c := boCfg{known: true, neverStops: true}
			for _, elt := range x.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if key, _ := kv.Key.(*ast.Ident); key != nil && key.Name == "Interval" {
						c.constant = kv.Value
					}
				}
			}
			return c
		case a.isBackoffType(a.info.TypeOf(x), "ZeroBackOff"):
			return boCfg{known: true, neverStops: true}
		}
	case *ast.Ident:
		v, ok := a.info.Uses[x].(*types.Var)
		if !ok {
			return boCfg{}
		}
		var init ast.Expr
		for _, s := range a.sitesOf(v) {
			if s.closure || s.multi || init != nil {
				return boCfg{}
			}
			init = s.rhs
		}
		if init == nil {
			return boCfg{}
		}
		c := a.traceBackoff(init, depth+1)
		if !c.expo {
			return c
		}
		// Field assignments on the variable: b.RandomizationFactor = 0.
		for _, fieldName := range []string{"RandomizationFactor", "MaxElapsedTime"} {
			for _, as := range a.fieldAssigns(v, fieldName) {
				zero := a.isZeroConst(as.rhs)
				switch fieldName {
				case "RandomizationFactor":
					if zero {
						c.factorZero = as.rhs
						c.sites = append(c.sites, as.node)
					} else {
						c.factorSet = true
					}
				case "MaxElapsedTime":
					c.neverStops = zero
				}
			}
		}
		return c
	}
	return boCfg{}
}

// backoffFields returns the struct fields called name of the cenkalti/backoff
// packages the package imports (ExponentialBackOff.RandomizationFactor).
func (a *checker) backoffFields(name string) []*types.Var {
	var out []*types.Var
	for _, imp := range a.pass.Pkg.Imports() {
		if !hasPathPrefix(imp.Path(), backoffPath) {
			continue
		}
		scope := imp.Scope()
		for _, n := range scope.Names() {
			tn, ok := scope.Lookup(n).(*types.TypeName)
			if !ok {
				continue
			}
			st, ok := tn.Type().Underlying().(*types.Struct)
			if !ok {
				continue
			}
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i).Name() == name {
					out = append(out, st.Field(i))
				}
			}
		}
	}
	return out
}

type fieldAssign struct {
	node *ast.AssignStmt
	rhs  ast.Expr
}

// fieldAssigns returns the assignments v.<name> = x.
func (a *checker) fieldAssigns(v *types.Var, name string) []fieldAssign {
	var out []fieldAssign
	for _, fv := range a.backoffFields(name) {
		for _, s := range a.sitesOf(fv) {
			as, ok := s.node.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
				continue
			}
			for i, lhs := range as.Lhs {
				sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != name {
					continue
				}
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && a.info.Uses[id] == v {
					out = append(out, fieldAssign{node: as, rhs: as.Rhs[i]})
				}
			}
		}
	}
	// Deterministic order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].node.Pos() < out[j-1].node.Pos(); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// checkBackoffRetry checks a backoff.Retry* call.
func (a *checker) checkBackoffRetry(call *ast.CallExpr, consumed map[ast.Node]bool) {
	fn := a.libFunc(call, backoffPath)
	if fn == nil || !strings.HasPrefix(fn.Name(), "Retry") {
		return
	}
	v5 := strings.HasSuffix(fn.Pkg().Path(), "/v5")
	var op ast.Expr
	cfg := boCfg{}
	if v5 {
		// Retry(ctx, op, opts...): the context bounds it.
		if len(call.Args) < 2 {
			return
		}
		op = call.Args[1]
		for _, opt := range call.Args[2:] {
			if oc, ok := ast.Unparen(opt).(*ast.CallExpr); ok {
				if ofn := a.libFunc(oc, backoffPath); ofn != nil && ofn.Name() == "WithBackOff" && len(oc.Args) == 1 {
					cfg = a.traceBackoff(oc.Args[0], 0)
				}
			}
		}
		cfg.bounded = true
	} else {
		if len(call.Args) < 2 {
			return
		}
		op = call.Args[0]
		cfg = a.traceBackoff(call.Args[1], 0)
	}
	var h libHazards
	if cfg.noJitter() {
		h.growing = true
	} else if cfg.constant != nil {
		h.fixed = shorten(fixes.Source(a.pass.Fset, cfg.constant))
	}
	if cfg.known && cfg.neverStops && !cfg.bounded {
		h.noBound = true
	}
	h.noPredicate, h.grpc = a.closureRetriesAllKind(op)
	if !h.noPredicate && !h.noBound && !fixedDelay {
		h.fixed = ""
	}
	if !h.any() {
		return
	}
	for _, s := range cfg.sites {
		consumed[s] = true
	}
	var d analysis.Diagnostic
	d.Pos, d.End, d.Category = call.Pos(), call.End(), h.code()
	name := "backoff." + fn.Name()
	d.Message = name + " " + h.text("backoff", "set RandomizationFactor to 0.5",
		"wrap it in WithMaxRetries or WithContext",
		"mark permanent errors with backoff.Permanent")
	if h.growing {
		if fix, ok := a.factorFix(cfg); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	report.Report(a.pass, d)
}

// factorFix sets the randomization factor to 0.5.
func (a *checker) factorFix(cfg boCfg) (analysis.SuggestedFix, bool) {
	fix := analysis.SuggestedFix{Message: "Randomise the backoff (RandomizationFactor 0.5)"}
	switch {
	case cfg.factorZero != nil:
		fix.TextEdits = []analysis.TextEdit{{Pos: cfg.factorZero.Pos(), End: cfg.factorZero.End(), NewText: []byte("0.5")}}
	case cfg.factorLit != nil:
		lit := cfg.factorLit
		if len(lit.Elts) == 0 {
			fix.TextEdits = []analysis.TextEdit{{Pos: lit.Rbrace, End: lit.Rbrace, NewText: []byte("RandomizationFactor: 0.5")}}
			break
		}
		last := lit.Elts[len(lit.Elts)-1]
		f := a.pass.Fset.File(lit.Rbrace)
		if f == nil {
			return fix, false
		}
		if f.PositionFor(last.End(), false).Line == f.PositionFor(lit.Rbrace, false).Line {
			fix.TextEdits = []analysis.TextEdit{{Pos: last.End(), End: last.End(), NewText: []byte(", RandomizationFactor: 0.5")}}
			break
		}
		// A multi-line literal: the last element ends in a comma; add a
		// line before the closing brace, indented like the elements (the
		// drivers re-align the values with gofmt).
		lineStart := f.LineStart(f.PositionFor(lit.Rbrace, false).Line)
		indent := strings.Repeat("\t", max(a.pass.Fset.PositionFor(last.Pos(), false).Column-1, 0))
		fix.TextEdits = []analysis.TextEdit{{Pos: lineStart, End: lineStart, NewText: []byte(indent + "RandomizationFactor: 0.5,\n")}}
	default:
		return fix, false
	}
	return fix, true
}

// checkBackoffConfig reports an ExponentialBackOff configured with no
// jitter that no Retry call in the file already reported.
func (a *checker) checkBackoffConfig(n ast.Node, consumed map[ast.Node]bool) {
	if consumed[n] {
		return
	}
	var cfg boCfg
	switch x := n.(type) {
	case *ast.CallExpr:
		fn := a.libFunc(x, backoffPath)
		if fn == nil || fn.Name() != "WithRandomizationFactor" || len(x.Args) != 1 || !a.isZeroConst(x.Args[0]) {
			return
		}
		cfg = boCfg{expo: true, factorZero: x.Args[0]}
	case *ast.AssignStmt:
		if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
			return
		}
		for i, lhs := range x.Lhs {
			sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "RandomizationFactor" || !a.isBackoffType(a.info.TypeOf(sel.X), "ExponentialBackOff") {
				continue
			}
			if a.isZeroConst(x.Rhs[i]) {
				cfg = boCfg{expo: true, factorZero: x.Rhs[i]}
			}
		}
		if cfg.factorZero == nil {
			return
		}
	case *ast.CompositeLit:
		if !a.isBackoffType(a.info.TypeOf(x), "ExponentialBackOff") {
			return
		}
		cfg = a.traceBackoff(x, 0)
		if cfg.factorLit != nil && a.factorSetAnywhere() {
			return // set later, e.g. on a struct field holding it
		}
	default:
		return
	}
	if !cfg.noJitter() {
		return
	}
	at := ast.Node(n)
	d := analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: Doc.Code("no-jitter"),
		Message: "ExponentialBackOff with RandomizationFactor 0 has no jitter, so clients retry in lock-step after an outage; set RandomizationFactor to 0.5"}
	if fix, ok := a.factorFix(cfg); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	report.Report(a.pass, d)
}

// factorSetAnywhere reports whether the package assigns a non-zero
// RandomizationFactor somewhere.
func (a *checker) factorSetAnywhere() bool {
	for _, fv := range a.backoffFields("RandomizationFactor") {
		for _, s := range a.sitesOf(fv) {
			if s.rhs != nil && !a.isZeroConst(s.rhs) {
				return true
			}
		}
	}
	return false
}

// libHazards are the hazards of one library call.
type libHazards struct {
	growing     bool
	fixed       string
	noPredicate bool
	grpc        bool
	noBound     bool
}

func (h *libHazards) any() bool { return h.growing || h.fixed != "" || h.noPredicate || h.noBound }

func (h *libHazards) code() string {
	return hazardCode(h.growing || h.fixed != "", h.noPredicate, false)
}

func (h *libHazards) text(lib, jitterAdvice, boundAdvice, predAdvice string) string {
	var parts, advice []string
	if h.growing {
		parts = append(parts, "backs off with no jitter (clients retry in lock-step)")
		advice = append(advice, jitterAdvice)
	} else if h.fixed != "" {
		parts = append(parts, "waits a fixed "+h.fixed+" with no jitter")
		advice = append(advice, jitterAdvice)
	}
	if h.noPredicate {
		if h.grpc {
			parts = append(parts, "retries every gRPC error")
		} else {
			parts = append(parts, "retries 4xx responses")
		}
		advice = append(advice, predAdvice)
	}
	if h.noBound {
		parts = append(parts, "never gives up")
		advice = append(advice, boundAdvice)
	}
	if len(parts) > 1 && h.growing {
		parts[0] = "backs off with no jitter"
	}
	return joinList(parts) + "; " + joinList(advice)
}

// closureRetriesAllKind reports whether op, a function literal, makes an
// HTTP or gRPC call and hands every failure back to be retried: it turns
// non-2xx responses into errors (itself, or by returning the error of a
// package helper that does), or returns a gRPC call's error, with no
// classification (no Permanent/Unrecoverable, errors.Is/As, 5xx/429 or
// gRPC code test); and whether the call is gRPC.
func (a *checker) closureRetriesAllKind(op ast.Expr) (bool, bool) {
	if id, ok := ast.Unparen(op).(*ast.Ident); ok {
		// operation := func() error { ... }; backoff.Retry(operation, b)
		if v, ok := a.info.Uses[id].(*types.Var); ok {
			if init := a.singleInit(v); init != nil {
				op = init
			}
		}
	}
	fl, ok := ast.Unparen(op).(*ast.FuncLit)
	if !ok {
		return false, false
	}
	grpcCall := false
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if a.isGRPCCall(n) {
				grpcCall = true
			}
		}
		return !grpcCall
	})
	if grpcCall {
		// The whole literal, as the body of the library's loop.
		l := &loop{g: a.flow.FuncGraph(fl), ix: a.ix, fn: fl}
		return !a.loopClassifies(l), true
	}
	// The call made here, or through a package helper (c.do(req)).
	return a.mapsStatus(fl.Body) || a.passesUp(fl.Body, a.mapsNonOK), false
}

// returnsRetryable reports whether b returns a non-nil error that is not
// marked permanent (backoff.Permanent, retry.Unrecoverable).
func (a *checker) returnsRetryable(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				break
			}
			last := n.Results[len(n.Results)-1]
			if typesx.IsNil(a.info, last) || !a.isError(last) {
				break
			}
			if call, ok := ast.Unparen(last).(*ast.CallExpr); ok {
				if fn := a.libFunc(call, backoffPath); fn != nil && fn.Name() == "Permanent" {
					break
				}
				if fn := a.libFunc(call, retryGoPath); fn != nil && fn.Name() == "Unrecoverable" {
					break
				}
			}
			found = true
		}
		return !found
	})
	return found
}

// isHTTPCall reports whether call returns an HTTP response: a pointer to a
// struct with an integer StatusCode field (net/http, retryablehttp, and
// look-alikes).
func (a *checker) isHTTPCall(call *ast.CallExpr) bool {
	t := a.info.TypeOf(call)
	var ts []types.Type
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			ts = append(ts, tup.At(i).Type())
		}
	} else if t != nil {
		ts = append(ts, t)
	}
	for _, t := range ts {
		p, ok := t.(*types.Pointer)
		if !ok {
			continue
		}
		st, ok := p.Elem().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if b, ok := f.Type().Underlying().(*types.Basic); ok && f.Name() == "StatusCode" && b.Info()&types.IsInteger != 0 {
				return true
			}
		}
	}
	return false
}

// isGRPCCall reports whether call is a gRPC client method: its last
// parameter is ...grpc.CallOption.
func (a *checker) isGRPCCall(call *ast.CallExpr) bool {
	fn := typesx.Callee(a.info, call)
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || !sig.Variadic() {
		return false
	}
	last := sig.Params().At(sig.Params().Len() - 1).Type()
	sl, ok := last.(*types.Slice)
	if !ok {
		return false
	}
	n, ok := types.Unalias(sl.Elem()).(*types.Named)
	return ok && n.Obj().Name() == "CallOption" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == grpcPath
}

// checkRetryGo checks a retry.Do or retry.DoWithData call.
func (a *checker) checkRetryGo(call *ast.CallExpr) {
	fn := a.libFunc(call, retryGoPath)
	if fn == nil || (fn.Name() != "Do" && fn.Name() != "DoWithData") || len(call.Args) == 0 {
		return
	}
	opts, complete := a.retryOptions(call)
	var delayType, attempts *ast.CallExpr
	hasCtx, hasRetryIf := false, false
	for _, o := range opts {
		ofn := a.libFunc(o, retryGoPath)
		if ofn == nil {
			continue
		}
		switch ofn.Name() {
		case "DelayType":
			delayType = o
		case "Attempts", "UntilSucceeded":
			attempts = o
		case "Context":
			hasCtx = true
		case "RetryIf":
			hasRetryIf = true
		}
	}
	var h libHazards
	var jitterFix *analysis.SuggestedFix
	if delayType != nil && len(delayType.Args) == 1 {
		switch a.retryDelayKind(delayType.Args[0]) {
		case dGrowing:
			h.growing = true
		case dFixed:
			h.fixed = "delay (" + shorten(fixes.Source(a.pass.Fset, delayType.Args[0])) + ")"
		}
		jitterFix = a.combineDelayFix(delayType.Args[0])
	}
	if attempts != nil && !hasCtx && complete {
		if name := a.libFunc(attempts, retryGoPath).Name(); name == "UntilSucceeded" || len(attempts.Args) == 1 && a.isZeroConst(attempts.Args[0]) {
			h.noBound = true
		}
	}
	if !hasRetryIf && complete {
		h.noPredicate, h.grpc = a.closureRetriesAllKind(call.Args[0])
	}
	if !h.noPredicate && !h.noBound && !fixedDelay {
		h.fixed = ""
	}
	if !h.any() {
		return
	}
	d := analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Category: h.code()}
	d.Message = "retry." + fn.Name() + " " + h.text("retry",
		"add retry.RandomDelay to the delay",
		"pass retry.Context or retry.Attempts",
		"pass retry.RetryIf or return retry.Unrecoverable")
	if (h.growing || h.fixed != "") && jitterFix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*jitterFix}
	}
	report.Report(a.pass, d)
}

// retryOptions returns the options of a retry-go call, and whether all of
// them are visible.
func (a *checker) retryOptions(call *ast.CallExpr) ([]*ast.CallExpr, bool) {
	var out []*ast.CallExpr
	complete := true
	args := call.Args[1:]
	if call.Ellipsis.IsValid() && len(args) > 0 {
		last := args[len(args)-1]
		args = args[:len(args)-1]
		complete = false
		if id, ok := ast.Unparen(last).(*ast.Ident); ok {
			if v, ok := a.info.Uses[id].(*types.Var); ok {
				if init := a.singleInit(v); init != nil {
					if cl, ok := init.(*ast.CompositeLit); ok {
						args = append(args, cl.Elts...)
						complete = true
					}
				}
			}
		}
	}
	for _, arg := range args {
		if c, ok := ast.Unparen(arg).(*ast.CallExpr); ok && a.libFunc(c, retryGoPath) != nil {
			out = append(out, c)
		} else {
			complete = false
		}
	}
	return out, complete
}

// retryDelayKind classifies a retry-go DelayTypeFunc.
func (a *checker) retryDelayKind(e ast.Expr) dkind {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.SelectorExpr, *ast.Ident:
		obj := typesx.ObjectOf(a.info, x)
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil {
			return dUnknown
		}
		if hasPathPrefix(fn.Pkg().Path(), retryGoPath) {
			switch fn.Name() {
			case "BackOffDelay":
				return dGrowing
			case "FixedDelay":
				return dFixed
			case "RandomDelay", "FullJitterBackoffDelay":
				return dRandom
			}
			return dUnknown
		}
		if decl := a.ix.Decl(fn); decl != nil {
			return a.delayFuncKind(decl.Type, decl.Body)
		}
	case *ast.CallExpr:
		if fn := a.libFunc(x, retryGoPath); fn != nil && fn.Name() == "CombineDelay" {
			k := dFixed
			for _, arg := range x.Args {
				if ak := a.retryDelayKind(arg); ak > k {
					k = ak
				}
			}
			return k
		}
	case *ast.FuncLit:
		return a.delayFuncKind(x.Type, x.Body)
	}
	return dUnknown
}

// delayFuncKind evaluates a delay function func(n uint, err error, config
// *retry.Config) time.Duration: n grows, the rest is fixed.
func (a *checker) delayFuncKind(ft *ast.FuncType, body *ast.BlockStmt) dkind {
	d, ok := a.delayFuncResult(ft, body, func(i int) dkind {
		if i == 0 {
			return dGrowing
		}
		return dFixed
	})
	if !ok {
		return dUnknown
	}
	return d.k
}

// delayFuncResult evaluates what a delay function returns, each parameter
// bound to the kind param gives its index (a growing parameter is its own
// reason). ok is false when the function has no body or no single-result
// return.
func (a *checker) delayFuncResult(ft *ast.FuncType, body *ast.BlockStmt, param func(i int) dkind) (d dval, ok bool) {
	if body == nil || ft.Params == nil {
		return dval{}, false
	}
	params := map[types.Object]dval{}
	i := 0
	for _, field := range ft.Params.List {
		for _, name := range field.Names {
			if obj := a.info.Defs[name]; obj != nil {
				pd := dval{k: param(i)}
				if pd.k == dGrowing {
					pd.why = name
				}
				params[obj] = pd
			}
			i++
		}
	}
	env := &denv{
		inLoop:   func(n ast.Node) bool { return false },
		params:   params,
		visiting: map[types.Object]bool{},
		memo:     map[types.Object]dval{},
		depth:    1,
	}
	d = dval{k: dFixed}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 1 {
				ok = true
				d = join(d, a.dur(n.Results[0], env))
			}
		}
		return true
	})
	return d, ok
}

// combineDelayFix wraps a delay type in retry.CombineDelay(..., retry.RandomDelay).
func (a *checker) combineDelayFix(e ast.Expr) *analysis.SuggestedFix {
	file := fixes.FileOf(a.pass, e.Pos())
	if file == nil {
		return nil
	}
	var name string
	for _, imp := range file.Imports {
		p := strings.Trim(imp.Path.Value, `"`)
		if hasPathPrefix(p, retryGoPath) {
			// The package's declared name (retry), not one guessed from
			// the path (retry-go/v4).
			obj := a.info.Implicits[imp]
			if imp.Name != nil {
				obj = a.info.Defs[imp.Name]
			}
			if pn, ok := obj.(*types.PkgName); ok {
				name = pn.Name()
			}
		}
	}
	if name == "" || name == "_" || name == "." {
		return nil
	}
	if !a.resolvesToPrefix(file, e.Pos(), name, retryGoPath) {
		return nil
	}
	var text string
	if c, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if fn := a.libFunc(c, retryGoPath); fn != nil && fn.Name() == "CombineDelay" && !c.Ellipsis.IsValid() && len(c.Args) > 0 {
			last := c.Args[len(c.Args)-1]
			return &analysis.SuggestedFix{
				Message:   "Add retry.RandomDelay to the delay",
				TextEdits: []analysis.TextEdit{{Pos: last.End(), End: last.End(), NewText: []byte(", " + name + ".RandomDelay")}},
			}
		}
		return nil
	}
	if _, ok := ast.Unparen(e).(*ast.FuncLit); ok {
		return nil
	}
	text = name + ".CombineDelay(" + fixes.Text(a.pass, e) + ", " + name + ".RandomDelay)"
	return &analysis.SuggestedFix{
		Message:   "Add retry.RandomDelay to the delay",
		TextEdits: []analysis.TextEdit{{Pos: e.Pos(), End: e.End(), NewText: []byte(text)}},
	}
}

func (a *checker) resolvesToPrefix(file *ast.File, pos token.Pos, name, prefix string) bool {
	scope := a.info.Scopes[file]
	if scope == nil {
		return false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		return false
	}
	_, obj := inner.LookupParent(name, pos)
	pn, ok := obj.(*types.PkgName)
	return ok && hasPathPrefix(pn.Imported().Path(), prefix)
}

// checkRetryableHTTP checks custom Backoff and CheckRetry policies given
// to a retryablehttp.Client.
func (a *checker) checkRetryableHTTP(n ast.Node) {
	check := func(field string, value ast.Expr, at ast.Node) {
		switch field {
		case "Backoff":
			if a.customBackoffGrows(value) {
				report.Report(a.pass, analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: Doc.Code("no-jitter"),
					Message: "custom retryablehttp Backoff grows with no jitter, so clients retry in lock-step; randomise it (rand.N) or use LinearJitterBackoff"})
			}
		case "CheckRetry":
			if a.customCheckRetries4xx(value) {
				report.Report(a.pass, analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: Doc.Code("retries-4xx"),
					Message: "custom retryablehttp CheckRetry retries 4xx responses that cannot succeed; retry only 429, 5xx and transport errors (DefaultRetryPolicy)"})
			}
		}
	}
	isClient := func(t types.Type) bool {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		nt, ok := types.Unalias(t).(*types.Named)
		return ok && nt.Obj().Name() == "Client" && nt.Obj().Pkg() != nil && nt.Obj().Pkg().Path() == retryHTTPPath
	}
	switch x := n.(type) {
	case *ast.AssignStmt:
		if len(x.Lhs) != len(x.Rhs) {
			return
		}
		for i, lhs := range x.Lhs {
			sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
			if ok && isClient(a.info.TypeOf(sel.X)) {
				check(sel.Sel.Name, x.Rhs[i], x)
			}
		}
	case *ast.CompositeLit:
		if !isClient(a.info.TypeOf(x)) {
			return
		}
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok {
					check(key.Name, kv.Value, kv)
				}
			}
		}
	}
}

// funcBody returns the type and body of a function literal or a
// package-local function named by e.
func (a *checker) funcBody(e ast.Expr) (*ast.FuncType, *ast.BlockStmt) {
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return x.Type, x.Body
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := typesx.ObjectOf(a.info, x).(*types.Func); ok {
			if decl := a.ix.Decl(fn); decl != nil && decl.Body != nil {
				return decl.Type, decl.Body
			}
		}
	}
	return nil, nil
}

// customBackoffGrows reports whether a Backoff func(min, max time.Duration,
// attemptNum int, resp *http.Response) time.Duration grows with attemptNum
// and draws no random number.
func (a *checker) customBackoffGrows(e ast.Expr) bool {
	ft, body := a.funcBody(e)
	d, ok := a.delayFuncResult(ft, body, func(i int) dkind {
		switch i {
		case 2:
			return dGrowing
		case 3:
			return dUnknown
		}
		return dFixed
	})
	return ok && d.k == dGrowing
}

// customCheckRetries4xx reports whether a CheckRetry func(ctx, resp, err)
// (bool, error) returns true for a 4xx status other than 408 and 429.
func (a *checker) customCheckRetries4xx(e ast.Expr) bool {
	_, body := a.funcBody(e)
	if body == nil {
		return false
	}
	return a.reach4xx(body.List, allCodes())
}

// reach4xx walks statements with the set of status codes that can reach
// them, and reports a "return true" reachable with a 4xx.
func (a *checker) reach4xx(stmts []ast.Stmt, reach codeSet) bool {
	for _, s := range stmts {
		switch x := s.(type) {
		case *ast.ReturnStmt:
			if len(x.Results) == 0 {
				return false
			}
			first := x.Results[0]
			if tv, ok := a.info.Types[first]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
				return constant.BoolVal(tv.Value) && reach.retries4xx()
			}
			if set, ok := a.statusSet(first); ok {
				return reach.and(set).retries4xx()
			}
			return false
		case *ast.IfStmt:
			in, known := a.reachCond(x.Cond)
			if known {
				if a.reach4xx(x.Body.List, reach.and(in)) {
					return true
				}
			}
			if x.Else != nil {
				var elseStmts []ast.Stmt
				switch e := x.Else.(type) {
				case *ast.BlockStmt:
					elseStmts = e.List
				case *ast.IfStmt:
					elseStmts = []ast.Stmt{e}
				}
				if known && a.reach4xx(elseStmts, reach.and(in.not())) {
					return true
				}
			}
			if known && flow.Leaves(x.Body, a.flow.MayReturn) {
				reach = reach.and(in.not())
			}
		case *ast.SwitchStmt:
			if x.Tag == nil || !a.isStatusExpr(x.Tag) {
				continue
			}
			var covered codeSet
			for _, st := range x.Body.List {
				cc, ok := st.(*ast.CaseClause)
				if !ok || cc.List == nil {
					continue
				}
				var set codeSet
				for _, v := range cc.List {
					s, ok := a.statusSet(&ast.BinaryExpr{X: x.Tag, Op: token.EQL, Y: v})
					if ok {
						set = set.or(s)
					}
				}
				covered = covered.or(set)
				if a.reach4xx(cc.Body, reach.and(set)) {
					return true
				}
			}
			for _, st := range x.Body.List {
				if cc, ok := st.(*ast.CaseClause); ok && cc.List == nil {
					if a.reach4xx(cc.Body, reach.and(covered.not())) {
						return true
					}
				}
			}
		}
	}
	return false
}

// reachCond returns the status codes for which cond holds, treating
// "resp != nil"/"err == nil" as true for every code and "err != nil" (a
// transport error: no status) as true for none. Other conditions are not
// known.
func (a *checker) reachCond(cond ast.Expr) (codeSet, bool) {
	cond = ast.Unparen(cond)
	if s, ok := a.statusSet(cond); ok {
		return s, true
	}
	switch x := cond.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			s, ok := a.reachCond(x.X)
			return s.not(), ok
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			l, ok1 := a.reachCond(x.X)
			r, ok2 := a.reachCond(x.Y)
			if !ok1 || !ok2 {
				return codeSet{}, false
			}
			if x.Op == token.LAND {
				return l.and(r), true
			}
			return l.or(r), true
		case token.EQL, token.NEQ:
			var other ast.Expr
			if typesx.IsNil(a.info, x.Y) {
				other = x.X
			} else if typesx.IsNil(a.info, x.X) {
				other = x.Y
			}
			if other == nil {
				return codeSet{}, false
			}
			eq := x.Op == token.EQL
			switch {
			case a.isError(other) && !a.mentionsContext(other):
				if eq { // err == nil: a response with a status
					return allCodes(), true
				}
				return codeSet{}, true
			case isNamedStruct(a.info.TypeOf(other), "StatusCode"):
				if eq { // resp == nil: no status
					return codeSet{}, true
				}
				return allCodes(), true
			}
		}
	}
	return codeSet{}, false
}

// isNamedStruct reports whether t is a pointer to a struct with the field.
func isNamedStruct(t types.Type, field string) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == field {
			return true
		}
	}
	return false
}
