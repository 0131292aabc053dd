package ctxtimeout

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// A context handed to a constructor that keeps it (outbound.KeepsContext)
// is the lifetime of what it builds, so context.Background() there is
// deliberate, and a deadline on it would break every later token refresh.
// A root whose context reaches such a keeper is not reported, even where
// the same context also reaches an outbound call: the fix would be a
// second context for that call, not a deadline on this one.

// rootKept reports whether the context a root (context.Background())
// makes is handed to a keeper: directly, through the variable it is
// assigned to, or through the package's own functions it is passed to (a
// few calls deep). It looks at every use, not only those on a path to the
// reported call: it only ever makes the check quieter.
func (c *checker) rootKept(r ast.Node) bool {
	call, ok := r.(*ast.CallExpr)
	if !ok {
		return false
	}
	seen := map[types.Object]bool{}
	var argKept func(arg ast.Expr, depth int) bool
	var varKept func(v types.Object, depth int) bool
	// argKept: the call that has arg as an argument keeps it.
	argKept = func(arg ast.Expr, depth int) bool {
		outer, ok := c.ix.Parent(arg).(*ast.CallExpr)
		if !ok {
			return false
		}
		idx := -1
		for i, a := range outer.Args {
			if a == arg {
				idx = i
			}
		}
		if idx < 0 {
			return false
		}
		fn := typesx.Callee(c.info, outer)
		if outbound.KeepsContext(fn) {
			return true
		}
		if fn == nil || depth >= 3 || c.ix.Decl(fn.Origin()) == nil {
			return false
		}
		// The package's own function: follow the parameter the argument
		// binds to (the declaration's parameter objects are the
		// signature's).
		sig, _ := fn.Origin().Type().(*types.Signature)
		if sig == nil || idx >= sig.Params().Len() || (sig.Variadic() && idx >= sig.Params().Len()-1) {
			return false
		}
		return varKept(sig.Params().At(idx), depth+1)
	}
	varKept = func(v types.Object, depth int) bool {
		if v == nil || seen[v] {
			return false
		}
		seen[v] = true
		for _, id := range c.ix.Uses(v) {
			if argKept(id, depth) {
				return true
			}
		}
		return false
	}
	switch p := c.ix.Parent(call).(type) {
	case *ast.CallExpr:
		return argKept(call, 0)
	case *ast.AssignStmt:
		for i, rhs := range p.Rhs {
			if rhs == call && i < len(p.Lhs) && len(p.Lhs) == len(p.Rhs) {
				if id, ok := p.Lhs[i].(*ast.Ident); ok {
					return varKept(c.info.ObjectOf(id), 0)
				}
			}
		}
	case *ast.ValueSpec:
		for i, val := range p.Values {
			if val == call && i < len(p.Names) {
				return varKept(c.info.Defs[p.Names[i]], 0)
			}
		}
	}
	return false
}
