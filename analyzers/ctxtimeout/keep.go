package ctxtimeout

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// A context handed to a constructor that keeps it is the lifetime of what
// it builds: oauth2.NewClient(ctx, ts) refreshes tokens with ctx for as
// long as the client lives, so does a token source, a Google API service
// or a Cloud client made with it. context.Background() there is
// deliberate, and a deadline on it would break every refresh after it
// expires. A root whose context reaches such a keeper is not reported,
// even where the same context also reaches an outbound call: the fix
// would be a second context for that call, not a deadline on this one.

// keeperFuncs are the constructors, by typesx.QualifiedName, that keep
// their context.
var keeperFuncs = map[string]bool{
	"golang.org/x/oauth2.NewClient":                              true,
	"(golang.org/x/oauth2.Config).Client":                        true,
	"(golang.org/x/oauth2.Config).TokenSource":                   true,
	"(golang.org/x/oauth2/clientcredentials.Config).Client":      true,
	"(golang.org/x/oauth2/clientcredentials.Config).TokenSource": true,
	"(golang.org/x/oauth2/jwt.Config).Client":                    true,
	"(golang.org/x/oauth2/jwt.Config).TokenSource":               true,
	"golang.org/x/oauth2/google.DefaultClient":                   true,
	"golang.org/x/oauth2/google.DefaultTokenSource":              true,
	"golang.org/x/oauth2/google.FindDefaultCredentials":          true,
	"golang.org/x/oauth2/google.CredentialsFromJSON":             true,
	"golang.org/x/oauth2/google.CredentialsFromJSONWithParams":   true,
	"google.golang.org/api/impersonate.CredentialsTokenSource":   true,
	"google.golang.org/api/idtoken.NewTokenSource":               true,
	"google.golang.org/api/idtoken.NewClient":                    true,
}

// isKeeper reports a call of a constructor that keeps its context: the
// list above, a generated Google API's NewService, and a Cloud client's
// New...Client.
func isKeeper(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if keeperFuncs[typesx.QualifiedName(fn)] {
		return true
	}
	path := typesx.ImportPath(fn.Pkg())
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	switch {
	case strings.HasPrefix(path, "google.golang.org/api/") && name == "NewService":
		return true
	case strings.HasPrefix(path, "cloud.google.com/go/") && strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Client"):
		return true
	}
	return false
}

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
		if isKeeper(fn) {
			return true
		}
		if fn == nil || depth >= 3 {
			return false
		}
		decl := c.ix.Decl(fn.Origin())
		if decl == nil || decl.Type.Params == nil {
			return false
		}
		// The parameter the argument binds to.
		i := 0
		for _, field := range decl.Type.Params.List {
			for _, name := range field.Names {
				if i == idx {
					return varKept(c.info.Defs[name], depth+1)
				}
				i++
			}
			if len(field.Names) == 0 {
				i++
			}
		}
		return false
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
