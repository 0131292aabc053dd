// Package conflict recognises code that handles a unique-key violation
// reported by the database: the loser of an insert race. It is the one place
// the checks ask "does this code expect a duplicate-key error?".
//
// Recognised, anywhere in the code given:
//
//   - a SQLSTATE or driver code compared or switched on: "23505" (PostgreSQL
//     unique_violation), "unique_violation" (pq's Code.Name()), 1062 or 1586
//     compared with a field named Number (MySQL ER_DUP_ENTRY), 2067 or 1555
//     compared with a field named ExtendedCode (SQLite), or a constant whose
//     value is one of these (pgerrcode.UniqueViolation);
//   - a sentinel or code named for a duplicate or a conflict
//     (gorm.ErrDuplicatedKey, pgerrcode.UniqueViolation, sqlite3's
//     ErrConstraintUnique, ErrConflict, ErrAlreadyExists, ErrEmailTaken)
//     compared with: errors.Is(err, X), err == X, a switch case X; returning
//     one is not handling anything;
//   - a call of a predicate on an error named for one (isUniqueViolation(err),
//     pgutil.IsDuplicateKey(err), ent.IsConstraintError(err));
//   - the error's text searched for a duplicate (strings.Contains(msg,
//     "duplicate key"), "UNIQUE constraint failed", "already exists").
package conflict

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// Handles reports whether any of nodes recognises a unique-key violation.
func Handles(info *types.Info, nodes ...ast.Node) bool {
	found := false
	for _, n := range nodes {
		if n == nil || found {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING && codeText(n.Value) {
					found = true
				}
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (numberCode(info, n.X, n.Y) || numberCode(info, n.Y, n.X) ||
					named(info, n.X) || named(info, n.Y)) {
					found = true
				}
			case *ast.CaseClause:
				for _, e := range n.List {
					if named(info, e) {
						found = true
					}
				}
			case *ast.CallExpr:
				if predicate(info, n) || textSearch(info, n) || (isErrorsIs(info, n) && len(n.Args) == 2 && named(info, n.Args[1])) {
					found = true
				}
			}
			return true
		})
	}
	return found
}

// codeText reports a string literal that is a unique-violation code.
func codeText(lit string) bool {
	switch strings.Trim(lit, "\"`") {
	case "23505", "unique_violation":
		return true
	}
	return false
}

// numberCode reports x compared with a MySQL or SQLite duplicate-key number:
// mysqlErr.Number == 1062, sqliteErr.ExtendedCode == 2067.
func numberCode(info *types.Info, x, y ast.Expr) bool {
	tv, ok := info.Types[y]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	v, ok := constant.Int64Val(tv.Value)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Number":
		return v == 1062 || v == 1586
	case "ExtendedCode":
		return v == 2067 || v == 1555
	}
	return false
}

// conflictName reports a name that says "duplicate key": a sentinel, a
// constant or a code (ErrDuplicatedKey, UniqueViolation, ErrConflict).
func conflictName(name string) bool {
	l := strings.ToLower(name)
	if strings.Contains(l, "uniqueviolation") || strings.Contains(l, "constraintunique") ||
		strings.Contains(l, "constraintprimarykey") || strings.Contains(l, "duplicate") ||
		strings.Contains(l, "dupentry") || strings.Contains(l, "dupkey") {
		return true
	}
	if strings.HasPrefix(l, "err") {
		return strings.Contains(l, "conflict") || strings.Contains(l, "alreadyexists") ||
			strings.Contains(l, "exists") || strings.HasSuffix(l, "taken") || strings.Contains(l, "inuse")
	}
	return false
}

// named reports a sentinel or code named for a duplicate or a conflict
// (gorm.ErrDuplicatedKey, pgerrcode.UniqueViolation, ErrConflict). Only a
// comparison with one counts: returning ErrEmailTaken when the row was
// found handles nothing.
func named(info *types.Info, e ast.Expr) bool {
	id := typesx.NameIdent(e)
	return id != nil && conflictName(id.Name) && refersToValue(info, id)
}

// isErrorsIs reports a call of errors.Is.
func isErrorsIs(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && fn.Name() == "Is"
}

// refersToValue reports an identifier that is a variable or constant (a
// sentinel, a code), not a type or a function being declared.
func refersToValue(info *types.Info, id *ast.Ident) bool {
	switch obj := info.Uses[id].(type) {
	case *types.Var:
		return !obj.IsField() || conflictField(obj)
	case *types.Const:
		return true
	}
	return false
}

// conflictField: a struct field is a code only when named for one
// (pgErr.UniqueViolation is not a field in any driver; fields such as
// Duplicate bool on a result are).
func conflictField(v *types.Var) bool {
	b, ok := v.Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// predicate reports a call of a function that takes an error and returns
// a bool, named for a duplicate or a constraint (isUniqueViolation(err),
// IsDuplicateKeyError(err), ent.IsConstraintError(err)).
func predicate(info *types.Info, call *ast.CallExpr) bool {
	var name string
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
	default:
		return false
	}
	l := strings.ToLower(name)
	if !strings.Contains(l, "unique") && !strings.Contains(l, "duplicate") && !strings.Contains(l, "dupkey") &&
		!strings.Contains(l, "constraint") && !strings.Contains(l, "conflict") && !strings.Contains(l, "alreadyexists") {
		return false
	}
	sig, ok := info.TypeOf(call.Fun).(*types.Signature)
	if !ok || sig.Results().Len() != 1 {
		return false
	}
	if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if isError(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// textSearch reports strings.Contains (or HasPrefix, EqualFold, ...) of a
// duplicate-key message: "duplicate key", "UNIQUE constraint failed",
// "Duplicate entry", "already exists".
func textSearch(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || (fn.Pkg().Path() != "strings" && fn.Pkg().Path() != "bytes") {
		return false
	}
	for _, arg := range call.Args {
		tv, ok := info.Types[arg]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		s := strings.ToLower(constant.StringVal(tv.Value))
		if strings.Contains(s, "duplicate") || strings.Contains(s, "unique") || strings.Contains(s, "already exists") || s == "23505" {
			return true
		}
	}
	return false
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}
