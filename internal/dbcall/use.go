package dbcall

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Use says where a DB call's result and error go.
//
// The call may be chained: db.QueryRow(..).Scan(..) (Scan is set, Err comes
// from Scan), db.First(&u).Error (GormError; Err is the variable the error
// is assigned to), tx.Exec(..).RowsAffected for GORM (GormRowsAffected;
// Result is the variable that receives the count).
type Use struct {
	// Stmt is the innermost statement containing the call (an AssignStmt
	// may be the Init of an if or switch: look at the stack for that).
	Stmt ast.Stmt
	// Value is the outermost expression the call's value flows through before
	// it is assigned, returned or used: the call itself, its chained
	// .Scan(...) call, or its chained .Error / .RowsAffected selector.
	Value ast.Expr

	// Result is the variable receiving the non-error result (sql.Result,
	// pgconn.CommandTag, *sql.Rows, *sql.Row, pgx.Row, *gorm.DB, or the
	// int64 of a chained GORM .RowsAffected), nil when it is not assigned
	// to a variable (discarded, consumed by a chained Scan, returned, used
	// in an expression, or assigned to a field).
	Result types.Object
	// ResultDiscarded: the result is dropped (assigned to _, or the call is
	// an expression, defer or go statement).
	ResultDiscarded bool
	// Err is the variable receiving the error (for GORM, the .Error read
	// from the chain), nil if none.
	Err types.Object
	// ErrDiscarded: the error is dropped (assigned to _, or the call is an
	// expression, defer or go statement; for GORM also when the *gorm.DB
	// result is dropped without reading .Error).
	ErrDiscarded bool
	// Returned: the value (call, Scan, .Error...) is returned directly by
	// the enclosing function.
	Returned bool

	// Scan is the .Scan(...) (or sqlx StructScan/MapScan/SliceScan) chained on
	// the call's row.
	Scan *ast.CallExpr
	// GormError: .Error is read from the call's *gorm.DB.
	GormError bool
	// GormRowsAffected: .RowsAffected is read from the call's *gorm.DB.
	GormRowsAffected bool
}

// UseOf reports where the result and the error of the call at the end of
// stack go. stack is the path from the file (or any ancestor) to the call,
// as given by inspector.WithStack or a Cursor's enclosing nodes; its last
// element must be the *ast.CallExpr. It works for any call, DB or not.
func UseOf(info *types.Info, stack []ast.Node) (u Use) {
	failed := false
	defer func() {
		if failed {
			u = Use{}
		}
	}()
	defer bug.Catch(&failed, "dbcall.UseOf")
	n := len(stack)
	if n == 0 || info == nil {
		return Use{}
	}
	call, ok := stack[n-1].(*ast.CallExpr)
	if !ok {
		return Use{}
	}
	v := ast.Expr(call)
	i := n - 2
	skipParens := func() {
		for i >= 0 {
			p, ok := stack[i].(*ast.ParenExpr)
			if !ok {
				return
			}
			v = p
			i--
		}
	}
	skipParens()
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.X == v {
			switch sel.Sel.Name {
			case "Error", "RowsAffected":
				if typesx.IsGormDB(info.TypeOf(call)) {
					if _, isField := info.Selections[sel]; isField && info.Selections[sel].Kind() == types.FieldVal {
						if sel.Sel.Name == "Error" {
							u.GormError = true
						} else {
							u.GormRowsAffected = true
						}
						v = sel
						i--
					}
				}
			case "Scan", "StructScan", "MapScan", "SliceScan":
				if i >= 1 {
					if sc, ok := stack[i-1].(*ast.CallExpr); ok && sc.Fun == sel {
						u.Scan = sc
						v = sc
						i -= 2
					}
				}
			}
			skipParens()
		}
	}
	u.Value = v

	// The slots of v's value: which positions hold a result, which an error.
	var slots []bool // true: error
	switch t := info.TypeOf(v).(type) {
	case *types.Tuple:
		for j := 0; j < t.Len(); j++ {
			slots = append(slots, typesx.IsError(t.At(j).Type()))
		}
	case nil:
	default:
		slots = []bool{typesx.IsError(t)}
	}
	gorm := typesx.IsGormDB(info.TypeOf(v))
	discardAll := func() {
		for _, isErr := range slots {
			if isErr {
				u.ErrDiscarded = true
			} else {
				u.ResultDiscarded = true
			}
		}
		if gorm {
			u.ErrDiscarded = true
		}
	}
	assign := func(lhs []ast.Expr) {
		for j, l := range lhs {
			if j >= len(slots) {
				break
			}
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue // a field or an index: kept, not a variable
			}
			if id.Name == "_" {
				if slots[j] {
					u.ErrDiscarded = true
				} else {
					u.ResultDiscarded = true
					if gorm {
						u.ErrDiscarded = true
					}
				}
				continue
			}
			obj := info.ObjectOf(id)
			if slots[j] {
				u.Err = obj
			} else {
				u.Result = obj
			}
		}
	}

	if i >= 0 {
		switch p := stack[i].(type) {
		case *ast.ExprStmt:
			discardAll()
		case *ast.DeferStmt, *ast.GoStmt:
			discardAll()
		case *ast.AssignStmt:
			if len(p.Rhs) == 1 && p.Rhs[0] == v {
				assign(p.Lhs)
			} else if len(p.Lhs) == len(p.Rhs) {
				for j, r := range p.Rhs {
					if r == v {
						assign(p.Lhs[j : j+1])
					}
				}
			}
		case *ast.ValueSpec:
			names := make([]ast.Expr, len(p.Names))
			for j, id := range p.Names {
				names[j] = id
			}
			if len(p.Values) == 1 && p.Values[0] == v {
				assign(names)
			} else if len(p.Names) == len(p.Values) {
				for j, r := range p.Values {
					if r == v {
						assign(names[j : j+1])
					}
				}
			}
		case *ast.ReturnStmt:
			u.Returned = true
		}
	}
	for j := i; j >= 0; j-- {
		if s, ok := stack[j].(ast.Stmt); ok {
			u.Stmt = s
			break
		}
	}
	return u
}
