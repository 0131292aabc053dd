// Package typesx holds faultline's one copy of the small type and name
// predicates every check needs: "is this type pkg.Name", "which function does
// this call call", "is this the nil identifier", "does this statement end the
// path". They follow x/tools' internal/typesinternal (IsTypeNamed,
// IsFunctionNamed, IsMethodNamed) and staticcheck's analysis/code
// (IsCallTo, IsNil, ExprToInt), with vendored import paths normalised.
package typesx

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// TrimVendor removes a vendor prefix from an import path:
// "example.com/app/vendor/github.com/x/y" and "vendor/x/y" become the
// vendored package's own path.
func TrimVendor(p string) string {
	if !strings.Contains(p, "vendor/") {
		return p // the common case, asked for every type and function the checks look at
	}
	if i := strings.LastIndex(p, "/vendor/"); i >= 0 {
		return p[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(p, "vendor/")
}

// ImportPath is pkg's import path without any vendor prefix ("" for nil).
func ImportPath(pkg *types.Package) string {
	if pkg == nil {
		return ""
	}
	return TrimVendor(pkg.Path())
}

// Deref returns the element type of a pointer type, after unaliasing, and
// t itself (unaliased) otherwise.
func Deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}

// TypeKey returns the import path and name of the named type t or *t, and
// "", "" for anything else.
func TypeKey(t types.Type) (path, name string) {
	if t == nil {
		return "", ""
	}
	n, ok := Deref(t).(*types.Named)
	if !ok || n.Obj() == nil {
		return "", ""
	}
	return ImportPath(n.Obj().Pkg()), n.Obj().Name()
}

// IsNamed reports whether t (not a pointer to it) is the named type path.name
// for one of names.
func IsNamed(t types.Type, path string, names ...string) bool {
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj() == nil {
		return false
	}
	return ImportPath(n.Obj().Pkg()) == path && slices.Contains(names, n.Obj().Name())
}

// IsNamedOrPointer reports whether t is path.name or *path.name for one of
// names.
func IsNamedOrPointer(t types.Type, path string, names ...string) bool {
	return t != nil && IsNamed(Deref(t), path, names...)
}

// IsPointerToNamed reports whether t is *path.name for one of names.
func IsPointerToNamed(t types.Type, path string, names ...string) bool {
	if t == nil {
		return false
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), path, names...)
}

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// ImplementsError reports whether t is error or implements it.
func ImplementsError(t types.Type) bool {
	if t == nil {
		return false
	}
	return types.Implements(t, types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool { return IsNamed(t, "context", "Context") }

// IsString reports whether t's underlying type is a string type.
func IsString(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// Callee is the *types.Func a call calls, statically or through an interface
// method, including instantiated generic functions; nil for builtins,
// conversions and calls of function values.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	if info == nil || call == nil {
		return nil
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// StaticCallee is Callee without interface methods.
func StaticCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	if info == nil || call == nil {
		return nil
	}
	return typeutil.StaticCallee(info, call)
}

// IsFunc reports whether fn is the package-level function path.name for one
// of names.
func IsFunc(fn *types.Func, path string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	return ImportPath(fn.Pkg()) == path && slices.Contains(names, fn.Name())
}

// IsMethod reports whether fn is a method named one of names whose receiver's
// base type is path.typ. For an interface method typ is the interface's name.
func IsMethod(fn *types.Func, path, typ string, names ...string) bool {
	if fn == nil || !slices.Contains(names, fn.Name()) {
		return false
	}
	p, t := RecvKey(fn)
	return p == path && t == typ
}

// RecvKey returns the import path and type name of fn's receiver's base type
// ("", "" for functions and methods of unnamed types).
func RecvKey(fn *types.Func) (path, typ string) {
	if fn == nil {
		return "", ""
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return "", ""
	}
	return TypeKey(sig.Recv().Type())
}

// IsCallTo reports whether call calls the function or method named by
// qualified, written as "path.Func" or "(path.Type).Method" (pointer receivers
// written without the star), as staticcheck's code.IsCallTo.
func IsCallTo(info *types.Info, call *ast.CallExpr, qualified ...string) bool {
	fn := Callee(info, call)
	if fn == nil {
		return false
	}
	return slices.Contains(qualified, QualifiedName(fn))
}

// QualifiedName is fn's name as IsCallTo spells it.
func QualifiedName(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	if p, t := RecvKey(fn); t != "" {
		return "(" + p + "." + t + ")." + fn.Name()
	}
	return ImportPath(fn.Pkg()) + "." + fn.Name()
}

// IsBuiltin reports whether call calls the builtin named name.
func IsBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != name {
		return false
	}
	_, ok = info.Uses[id].(*types.Builtin)
	return ok
}

// IsNil reports whether e is the predeclared nil.
func IsNil(info *types.Info, e ast.Expr) bool {
	if info == nil || e == nil {
		return false
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = info.Uses[id].(*types.Nil)
	return ok
}

// NilTest recognises a comparison with nil (x != nil, x == nil, nil != x):
// it returns x, unparenthesised, and whether the comparison holding means x
// is not nil.
func NilTest(info *types.Info, cond ast.Expr) (x ast.Expr, notNil, ok bool) {
	be, isBin := ast.Unparen(cond).(*ast.BinaryExpr)
	if !isBin || (be.Op != token.NEQ && be.Op != token.EQL) {
		return nil, false, false
	}
	switch {
	case IsNil(info, be.Y):
		x = be.X
	case IsNil(info, be.X):
		x = be.Y
	default:
		return nil, false, false
	}
	return ast.Unparen(x), be.Op == token.NEQ, true
}

// IsNotNilTest reports whether cond is v != nil (or nil != v) for the
// variable v; a nil v accepts any operand of error type.
func IsNotNilTest(info *types.Info, cond ast.Expr, v types.Object) bool {
	x, notNil, ok := NilTest(info, cond)
	if !ok || !notNil {
		return false
	}
	if v == nil {
		return ImplementsError(info.TypeOf(x))
	}
	id, isID := x.(*ast.Ident)
	return isID && info.ObjectOf(id) == v
}

// IntConst returns the value of e when it is a constant that fits an int64.
func IntConst(info *types.Info, e ast.Expr) (int64, bool) {
	if info == nil || e == nil {
		return 0, false
	}
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	v := constant.ToInt(tv.Value)
	if v.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(v)
}

// IsBool reports a boolean type (bool, a named bool, untyped bool).
func IsBool(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// StringConst returns the value of e when it is a string constant.
func StringConst(info *types.Info, e ast.Expr) (string, bool) {
	if info == nil || e == nil {
		return "", false
	}
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// ObjectOf is the object an identifier or selector (x.f, pkg.Name) denotes.
func ObjectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	}
	return nil
}

// Mirror returns the comparison operator with its operands swapped
// (a < b is b > a); other tokens are returned unchanged.
func Mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// Negate returns the comparison operator that holds exactly when op does
// not (== and !=, < and >=, > and <=); other tokens are returned unchanged.
func Negate(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return op
}

// ExprName is a short name of an expression for messages: "s.repo.Get" for a
// selector chain, "f" for an identifier, "" when it has none.
func ExprName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if x := ExprName(e.X); x != "" {
			return x + "." + e.Sel.Name
		}
		return e.Sel.Name
	case *ast.CallExpr:
		return ExprName(e.Fun)
	case *ast.StarExpr:
		return ExprName(e.X)
	case *ast.IndexExpr:
		return ExprName(e.X)
	case *ast.IndexListExpr:
		return ExprName(e.X)
	}
	return ""
}

// IsTestFile reports whether a file name is a Go test file.
func IsTestFile(filename string) bool { return strings.HasSuffix(filename, "_test.go") }

// IsTestCode reports whether a file is test code: a _test.go file, or a
// file that imports "testing" (the helpers of a test-support package such
// as caddytest or a repository's testutil, a fixture's seeding function).
func IsTestCode(filename string, f *ast.File) bool {
	if IsTestFile(filename) {
		return true
	}
	if f == nil {
		return false
	}
	for _, imp := range f.Imports {
		if imp.Path != nil && imp.Path.Value == `"testing"` {
			return true
		}
	}
	return false
}

// IndentOf returns the indentation (the leading blanks) of the line holding
// offset in src.
func IndentOf(src []byte, offset int) string {
	if offset > len(src) {
		offset = len(src)
	}
	start := offset
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// Snake converts a Go field name to GORM's default column name
// (UserID -> user_id, HTTPStatus -> http_status).
func Snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 {
			prevLower := rs[i-1] >= 'a' && rs[i-1] <= 'z' || rs[i-1] >= '0' && rs[i-1] <= '9'
			nextLower := i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z'
			prevUpper := rs[i-1] >= 'A' && rs[i-1] <= 'Z'
			if prevLower || (prevUpper && nextLower) {
				b.WriteByte('_')
			}
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsGormDB reports whether t is *gorm.DB.
func IsGormDB(t types.Type) bool { return IsPointerToNamed(t, "gorm.io/gorm", "DB") }

// NameIdent returns the identifier that names e: e itself, or the selected
// name of a selector (pkg.Name, x.Field); nil for anything else.
func NameIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// LastName is the last name of a receiver expression, for messages and
// name-based roles: s.provider -> provider, client -> client, s.client() ->
// client; "" for anything else.
func LastName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.CallExpr:
		return LastName(e.Fun)
	}
	return ""
}

// StmtCall returns the call a statement makes as a whole: f(x) as an
// expression statement, v := f(x) or v, err = f(x) (one right-hand side),
// return f(x) (one result), or if v := f(x); ... (its init); nil for any
// other statement.
func StmtCall(st ast.Stmt) *ast.CallExpr {
	var e ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		e = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			e = st.Rhs[0]
		}
	case *ast.ReturnStmt:
		if len(st.Results) == 1 {
			e = st.Results[0]
		}
	case *ast.IfStmt:
		if st.Init != nil {
			return StmtCall(st.Init)
		}
	}
	call, _ := ast.Unparen(e).(*ast.CallExpr)
	return call
}
