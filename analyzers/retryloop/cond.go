package retryloop

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// codeSet is a set of HTTP status codes, 0..599.
type codeSet [600]bool

func allCodes() (s codeSet) {
	for i := range s {
		s[i] = true
	}
	return s
}

func (s codeSet) and(t codeSet) (r codeSet) {
	for i := range s {
		r[i] = s[i] && t[i]
	}
	return r
}

func (s codeSet) or(t codeSet) (r codeSet) {
	for i := range s {
		r[i] = s[i] || t[i]
	}
	return r
}

func (s codeSet) not() (r codeSet) {
	for i := range s {
		r[i] = !s[i]
	}
	return r
}

// count returns how many codes in [lo, hi] s holds.
func (s codeSet) count(lo, hi int) int {
	n := 0
	for i := lo; i <= hi && i < len(s); i++ {
		if s[i] {
			n++
		}
	}
	return n
}

func (s codeSet) empty() bool { return s.count(0, 599) == 0 }

// retries4xx reports whether s holds a client error other than 408 Request
// Timeout and 429 Too Many Requests, the two 4xx worth retrying.
func (s codeSet) retries4xx() bool {
	for i := 400; i <= 499; i++ {
		if s[i] && i != 408 && i != 429 {
			return true
		}
	}
	return false
}

// classifying reports whether a status test with set s tells retryable
// failures from permanent ones: it holds some but not all of 400..599.
func (s codeSet) classifying() bool {
	n := s.count(400, 599)
	return n > 0 && n < 200
}

// isStatusExpr reports whether e reads an HTTP status code: an integer
// field or method named StatusCode, Status, Code, HTTPStatusCode, or a local
// variable initialised from one.
func (a *checker) isStatusExpr(e ast.Expr) bool {
	e = ast.Unparen(e)
	t := a.info.TypeOf(e)
	if t == nil {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	if isGRPCCode(t) {
		return false
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return statusName(e.Sel.Name)
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && len(e.Args) == 0 {
			return statusName(sel.Sel.Name)
		}
	case *ast.Ident:
		if strings.Contains(strings.ToLower(e.Name), "status") {
			return true
		}
		if v, ok := a.info.Uses[e].(*types.Var); ok {
			if init := a.singleInit(v); init != nil && init != e {
				return a.isStatusExpr(init)
			}
		}
	}
	return false
}

func statusName(n string) bool {
	switch n {
	case "StatusCode", "Status", "Code", "HTTPStatusCode", "HTTPStatus", "StatusCodeValue":
		return true
	}
	return false
}

func isGRPCCode(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "google.golang.org/grpc/codes"
}

// statusSet returns the set of status codes for which e, a comparison of a
// status expression with constants combined with && || !, is true.
func (a *checker) statusSet(e ast.Expr) (codeSet, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			s, ok := a.statusSet(e.X)
			return s.not(), ok
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			x, ok1 := a.statusSet(e.X)
			y, ok2 := a.statusSet(e.Y)
			if !ok1 || !ok2 {
				return codeSet{}, false
			}
			if e.Op == token.LAND {
				return x.and(y), true
			}
			return x.or(y), true
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			op := e.Op
			lhs, rhs := e.X, e.Y
			c, ok := typesx.IntConst(a.info, rhs)
			if !ok {
				if c, ok = typesx.IntConst(a.info, lhs); !ok {
					return codeSet{}, false
				}
				lhs = rhs
				op = typesx.Mirror(op)
			}
			div := int64(1)
			if b, ok := ast.Unparen(lhs).(*ast.BinaryExpr); ok && b.Op == token.QUO {
				if d, ok := typesx.IntConst(a.info, b.Y); ok && d > 0 {
					div, lhs = d, b.X
				}
			}
			if !a.isStatusExpr(lhs) {
				return codeSet{}, false
			}
			var s codeSet
			for i := range s {
				v := int64(i) / div
				switch op {
				case token.EQL:
					s[i] = v == c
				case token.NEQ:
					s[i] = v != c
				case token.LSS:
					s[i] = v < c
				case token.LEQ:
					s[i] = v <= c
				case token.GTR:
					s[i] = v > c
				case token.GEQ:
					s[i] = v >= c
				}
			}
			return s, true
		}
	}
	return codeSet{}, false
}

// condInfo says what a condition tests.
type condInfo struct {
	failure  bool           // true implies the operation failed (err != nil, non-2xx)
	success  bool           // true implies the operation succeeded (err == nil, 2xx)
	classify bool           // it tells errors apart (errors.Is, a classifier, 5xx/429)
	nonOK    bool           // it tests a status for non-2xx alone
	other    bool           // it tests something that is neither an error nor a status
	counter  bool           // it tests an integer that changes inside the loop
	deadline bool           // it tests the clock
	ctx      bool           // it tests a context
	vars     []types.Object // the variables it reads
	hasCall  bool           // it calls something
	// maySucceed: the condition can hold when the operation succeeded and
	// nothing cancelled the loop (an exit under it may be the success exit).
	maySucceed bool
}

// cond analyses a condition; mod reports whether an object is modified in
// the loop at hand (nil: nothing is).
func (a *checker) cond(e ast.Expr, mod func(types.Object) bool) condInfo {
	return a.condNeg(e, false, mod)
}

// condNeg analyses e, or !e when neg is set, pushing the negation down to
// the atoms (De Morgan), so that "if err != nil && !retryable(err) {
// return err }" does not read as a success test once negated.
func (a *checker) condNeg(e ast.Expr, neg bool, mod func(types.Object) bool) condInfo {
	e = ast.Unparen(e)
	if s, ok := a.statusSet(e); ok {
		// The negation of a test for the API's own success codes
		// (StatusCode == http.StatusAccepted: 2xx codes only) is a
		// failure, 200 or not: the author said what success is.
		notSuccess := neg && !s.empty() && s.count(200, 299) == s.count(0, 599)
		if neg {
			s = s.not()
		}
		// A test for 2xx codes alone (== http.StatusAccepted) is the
		// API's success, 200 or not.
		only2xx := !s.empty() && s.count(200, 299) == s.count(0, 599)
		ci := condInfo{vars: a.varsIn(e), maySucceed: (s[200] || only2xx) && !notSuccess}
		if (s[200] && s.count(400, 599) == 0 || only2xx) && !notSuccess {
			ci.success = true
		}
		if (!s[200] || notSuccess) && !s.empty() {
			ci.failure = true
		}
		if s.classifying() {
			ci.classify = true
		} else if ci.failure {
			ci.nonOK = true
		}
		return ci
	}
	switch x := e.(type) {
	case *ast.Ident:
		// A bool variable holding a condition: retry := err != nil && ...
		if v, ok := a.info.Uses[x].(*types.Var); ok && !a.condVisiting[v] && isBool(v.Type()) {
			if cond := a.boolDef(v); cond != nil {
				a.condVisiting[v] = true
				defer delete(a.condVisiting, v)
				ci := a.condNeg(cond, neg, mod)
				ci.vars = append(ci.vars, v)
				return ci
			}
		}
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return a.condNeg(x.X, !neg, mod)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			l, r := a.condNeg(x.X, neg, mod), a.condNeg(x.Y, neg, mod)
			ci := condInfo{
				classify: l.classify || r.classify,
				nonOK:    l.nonOK || r.nonOK,
				other:    l.other || r.other,
				counter:  l.counter || r.counter,
				deadline: l.deadline || r.deadline,
				ctx:      l.ctx || r.ctx,
				vars:     append(append([]types.Object(nil), l.vars...), r.vars...),
				hasCall:  l.hasCall || r.hasCall,
			}
			and := (x.Op == token.LAND) != neg
			if and {
				ci.failure = l.failure || r.failure
				ci.success = (l.success || r.success) && !ci.failure
				ci.maySucceed = l.maySucceed && r.maySucceed
			} else {
				ci.failure = l.failure && r.failure
				ci.success = l.success && r.success
				ci.maySucceed = l.maySucceed || r.maySucceed
			}
			return ci
		case token.EQL, token.NEQ:
			var other ast.Expr
			if typesx.IsNil(a.info, x.Y) {
				other = x.X
			} else if typesx.IsNil(a.info, x.X) {
				other = x.Y
			}
			if other != nil && a.isError(other) {
				if a.mentionsContext(other) {
					// ctx.Err() != nil holds when cancelled; == nil may succeed.
					return condInfo{ctx: true, maySucceed: (x.Op == token.EQL) != neg}
				}
				ci := condInfo{vars: a.varsIn(other), hasCall: hasCall(other)}
				if (x.Op == token.NEQ) != neg {
					ci.failure = true
				} else {
					ci.success = true
					ci.maySucceed = true
				}
				return ci
			}
		}
	}
	// A gRPC code compared with a constant (status.Code(err) !=
	// codes.Unavailable): a classifier that holds for a success when it
	// holds for codes.OK, the code of a nil error.
	if x, ok := e.(*ast.BinaryExpr); ok && (x.Op == token.EQL || x.Op == token.NEQ) {
		for _, pair := range [][2]ast.Expr{{x.X, x.Y}, {x.Y, x.X}} {
			tv, ok := a.info.Types[pair[1]]
			if !ok || tv.Value == nil || !isGRPCCode(a.info.TypeOf(pair[0])) || !isGRPCCode(tv.Type) {
				continue
			}
			k, ok := constant.Int64Val(constant.ToInt(tv.Value))
			if !ok {
				continue
			}
			holdsForOK := (k == 0) == (x.Op == token.EQL)
			if neg {
				holdsForOK = !holdsForOK
			}
			ci := condInfo{vars: a.varsIn(e), hasCall: hasCall(e), classify: true, maySucceed: holdsForOK}
			a.atom(e, mod, &ci)
			ci.classify, ci.maySucceed = true, holdsForOK
			return ci
		}
	}
	// An atom: classify it by what it mentions.
	ci := condInfo{vars: a.varsIn(e), hasCall: hasCall(e)}
	a.atom(e, mod, &ci)
	switch {
	case neg && (ci.classify || ci.ctx):
		ci.failure = false
		ci.maySucceed = true
	case ci.classify || ci.ctx:
		ci.maySucceed = false
	default:
		ci.maySucceed = true
	}
	return ci
}

// varsIn returns the variables e reads.
func (a *checker) varsIn(e ast.Node) []types.Object {
	var out []types.Object
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if v, ok := a.info.Uses[n].(*types.Var); ok {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}

func hasCall(e ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = true
		}
		return !found
	})
	return found
}

// atom classifies a condition that is not a nil test or a status test.
func (a *checker) atom(e ast.Expr, mod func(types.Object) bool, ci *condInfo) {
	if a.classifies(e, true) {
		// errors.Is(err, context.Canceled) classifies and is a ctx exit.
		ci.classify = true
		ci.failure = true
		ci.ctx = a.mentionsContext(e)
		return
	}
	if a.mentionsContext(e) {
		ci.ctx = true
		return
	}
	if a.mentionsClock(e) {
		ci.deadline = true
		return
	}
	if mod != nil && a.mentionsCounter(e, mod) {
		ci.counter = true
		return
	}
	ci.other = true
}

// isError reports whether e's type is or implements error.
func (a *checker) isError(e ast.Expr) bool {
	t := a.info.TypeOf(e)
	if t == nil {
		return false
	}
	if _, basic := t.Underlying().(*types.Basic); basic {
		return false // untyped nil
	}
	return typesx.ImplementsError(t)
}

// mentionsContext reports whether e uses a context.Context value, a
// context package object (context.Canceled), or a Done channel.
func (a *checker) mentionsContext(e ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			obj := a.info.ObjectOf(n)
			if obj == nil {
				return true
			}
			if obj.Pkg() != nil && obj.Pkg().Path() == "context" && obj.Parent() == obj.Pkg().Scope() {
				found = true
			} else if v, ok := obj.(*types.Var); ok && typesx.IsContext(v.Type()) {
				found = true
			}
		}
		return true
	})
	return found
}

// mentionsClock reports whether e reads the clock or compares times:
// time.Now/Since/Until, a time.Time value, or an elapsed-time helper.
func (a *checker) mentionsClock(e ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if fn := typesx.Callee(a.info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time" {
				switch fn.Name() {
				case "Now", "Since", "Until", "Before", "After", "Sub", "Equal", "Compare":
					found = true
				}
			}
		case *ast.Ident:
			if v, ok := a.info.ObjectOf(n).(*types.Var); ok && typesx.IsNamedOrPointer(v.Type(), "time", "Time") {
				found = true
			}
		}
		return true
	})
	return found
}

// mentionsCounter reports whether e reads an integer that the loop
// modifies (an attempt counter).
func (a *checker) mentionsCounter(e ast.Node, mod func(types.Object) bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident, *ast.IndexExpr, *ast.SelectorExpr:
			// An integer read from a variable the loop modifies: n,
			// tries[path], s.attempts.
			t := a.info.TypeOf(n.(ast.Expr))
			if t == nil {
				return true
			}
			if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
				return true
			}
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if v, ok := a.info.ObjectOf(sel.Sel).(*types.Var); ok && v.IsField() && mod(v) {
					found = true
					return false
				}
			}
			if id := rootIdent(n.(ast.Expr)); id != nil {
				if v, ok := a.info.ObjectOf(id).(*types.Var); ok && mod(v) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// classifies reports whether e tells errors apart: errors.Is/As, a
// comparison with a sentinel, a type assertion on an error, a method of an
// error (Temporary, Timeout), a call that takes an error or a response and
// yields a bool, a gRPC code, a SQLSTATE, the error's text.
func (a *checker) classifies(e ast.Node, inCond bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if a.isClassifierCall(n, inCond) {
				found = true
			}
		case *ast.TypeAssertExpr:
			if a.isError(n.X) {
				found = true
			}
		case *ast.BinaryExpr:
			if inCond && (n.Op == token.EQL || n.Op == token.NEQ) && !typesx.IsNil(a.info, n.X) && !typesx.IsNil(a.info, n.Y) &&
				(a.isError(n.X) || a.isError(n.Y)) {
				found = true
			}
			if s, ok := a.statusSet(n); ok && inCond && s.classifying() {
				found = true
			}
		case *ast.SelectorExpr:
			if a.isGRPCClassify(n) {
				found = true
			}
			// pgErr.Code, netErr.Op: reading a field of an error value.
			if sel, ok := a.info.Selections[n]; ok && inCond && sel.Kind() == types.FieldVal && a.isError(n.X) {
				found = true
			}
		}
		return true
	})
	return found
}

// isGRPCClassify reports whether sel names a gRPC code or status helper.
func (a *checker) isGRPCClassify(sel *ast.SelectorExpr) bool {
	obj := a.info.ObjectOf(sel.Sel)
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "google.golang.org/grpc/codes", "google.golang.org/grpc/status":
		return true
	}
	return false
}

// isClassifierCall reports whether call classifies an error.
func (a *checker) isClassifierCall(call *ast.CallExpr, inCond bool) bool {
	fn := typesx.Callee(a.info, call)
	if fn != nil && fn.Pkg() != nil {
		path := fn.Pkg().Path()
		switch {
		case (path == "errors" || strings.HasSuffix(path, "/errors") || strings.HasSuffix(path, "/xerrors")) &&
			(fn.Name() == "Is" || fn.Name() == "As" || fn.Name() == "IsAny" || fn.Name() == "Cause"):
			return true
		case path == "os" && (fn.Name() == "IsTimeout" || fn.Name() == "IsNotExist" || fn.Name() == "IsExist" || fn.Name() == "IsPermission"):
			return true
		case path == "google.golang.org/grpc/status" || path == "google.golang.org/grpc/codes":
			return true
		case strings.HasPrefix(path, "github.com/cenkalti/backoff") && fn.Name() == "Permanent":
			return true
		case strings.HasPrefix(path, "github.com/avast/retry-go") && fn.Name() == "Unrecoverable":
			return true
		}
	}
	// A method of an error value returning bool: ne.Temporary(), Timeout().
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && a.isError(sel.X) && a.returnsBool(call) {
		return true
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && inCond && sel.Sel.Name == "Error" && len(call.Args) == 0 && a.isError(sel.X) {
		// err.Error() used inside a condition: matching the error's text.
		return true
	}
	if !a.returnsBool(call) {
		return false
	}
	for _, arg := range call.Args {
		if a.isError(arg) || typesx.IsNamedOrPointer(a.info.TypeOf(arg), "net/http", "Response") || a.errorText(arg, 0) {
			return true
		}
	}
	return false
}

// errorText reports whether e is an error's text: err.Error(), maybe
// through strings.ToLower, ToUpper or TrimSpace, or a local variable
// assigned only such a value (errStr := err.Error(); strings.Contains(errStr,
// "database is locked"): pocketbase's lock retry).
func (a *checker) errorText(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && len(e.Args) == 0 && a.isError(sel.X) {
			return true
		}
		if fn := typesx.Callee(a.info, e); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "strings" && len(e.Args) == 1 {
			switch fn.Name() {
			case "ToLower", "ToUpper", "TrimSpace":
				return a.errorText(e.Args[0], depth+1)
			}
		}
	case *ast.Ident:
		return a.ix.EveryLocalValue(e, func(v ast.Expr) bool { return a.errorText(v, depth+1) })
	}
	return false
}

func (a *checker) returnsBool(call *ast.CallExpr) bool {
	t := a.info.TypeOf(call)
	if tup, ok := t.(*types.Tuple); ok && tup.Len() > 0 {
		t = tup.At(0).Type()
	}
	b, ok := t.(*types.Basic)
	if !ok {
		if t != nil {
			b, ok = t.Underlying().(*types.Basic)
		}
	}
	return ok && b.Kind() == types.Bool
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// boolDef returns the condition a local bool variable holds: the
// disjunction of every value assigned to it, or nil when one of them is
// not visible (a multi-value call, a closure).
func (a *checker) boolDef(v *types.Var) ast.Expr {
	if v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return nil
	}
	var cond ast.Expr
	for _, s := range a.sitesOf(v) {
		if s.closure || s.multi || s.rhs == nil || (s.tok != token.ASSIGN && s.tok != token.DEFINE && s.tok != token.VAR) {
			return nil
		}
		if cond == nil {
			cond = s.rhs
		} else {
			cond = &ast.BinaryExpr{X: cond, Op: token.LOR, Y: s.rhs, OpPos: s.rhs.Pos()}
		}
	}
	return cond
}
