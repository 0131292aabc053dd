package selectinsert

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// readCtxOf finds where a read's outcome goes: the call that completes it
// and the variables that carry "found", "no row" and the columns read.
// It returns nil when the outcome is not tracked.
func (a *checker) readCtxOf(o *op, root ast.Node) *readCtx {
	r := newReadCtx(o)
	if o.stmt != nil && len(o.stmt.Columns) > 0 {
		r.selCols = map[string]bool{}
		for _, c := range o.stmt.Columns {
			if c == "*" || strings.HasSuffix(c, ".*") {
				r.selCols = nil
				break
			}
			r.selCols[strings.ToLower(c)] = true
		}
	}
	if o.role {
		return a.roleReadCtx(r, o)
	}
	if o.db == nil {
		return a.helperReadCtx(r, o)
	}
	c := o.db
	u := c.Use
	errSig := sigErrNF
	if o.shape == shapeCount || o.shape == shapeExists || o.shape == shapeRows || o.shape == shapeFind {
		errSig = sigErrOnly
	}
	if c.Via != nil && c.Op == dbcall.OpQueryRow && (o.shape == shapeExists || o.shape == shapeCount || existenceName(c.Via.Name())) {
		// A wrapper that runs the EXISTS or COUNT and scans it itself
		// (db.Exists(ctx, q, args...) (bool, error)): its first result is
		// the answer, its error only an error. So is a wrapper named for
		// existence that runs any SELECT and answers whether a row came
		// back (dbutil.Exists(ctx, q, "SELECT 1 FROM t WHERE k = $1", k)).
		if o.shape != shapeExists && o.shape != shapeCount {
			errSig = sigErrOnly
		}
		if sig, ok := c.Via.Type().(*types.Signature); ok && sig.Results().Len() == 2 && typesx.IsError(sig.Results().At(1).Type()) {
			if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); ok && b.Info()&(types.IsBoolean|types.IsInteger) != 0 {
				r.act = c.Expr
				r.actErr = &errSig
				if v := a.assignedAt(c.Expr, 2, 0); v != nil {
					r.vars[v] = sigFound
				}
				if v := a.assignedAt(c.Expr, 2, 1); v != nil {
					r.vars[v] = errSig
				}
				return r
			}
		}
	}
	switch c.Op {
	case dbcall.OpQueryRow:
		scan, errObj := u.Scan, u.Err
		dests := []ast.Expr(nil)
		if scan != nil {
			dests = scan.Args
		}
		if scan == nil && u.Result != nil {
			scan = a.findMethodCall(root, u.Result, "Scan", c.Expr.End())
			if scan != nil {
				errObj = a.assignedAt(scan, 1, 0)
				dests = scan.Args
			} else if scan = a.findRowHelper(root, u.Result); scan != nil {
				// scanRow(row, &c): a package-local helper scans the row
				errObj = a.assignedAt(scan, 1, 0)
				for _, arg := range scan.Args {
					if id, ok := ast.Unparen(arg).(*ast.Ident); !ok || a.info.Uses[id] != u.Result {
						dests = append(dests, arg)
					}
				}
			}
		}
		if scan == nil {
			return nil
		}
		r.act = scan
		r.actErr = &errSig
		if errObj != nil {
			r.vars[errObj] = errSig
		}
		a.scanDests(r, dests)
	case dbcall.OpGet, dbcall.OpSelect:
		r.act = c.Expr
		r.actErr = &errSig
		if u.Err != nil {
			r.vars[u.Err] = errSig
		}
		if c.Dest != nil {
			if o.shape == shapeRows {
				if obj := objOf(a.info, unaddr(c.Dest)); obj != nil {
					r.vars[obj] = sigFound // len(rows) == 0
				}
			} else {
				a.scanDests(r, []ast.Expr{c.Dest})
			}
		}
	case dbcall.OpQuery:
		if u.Result == nil {
			return nil
		}
		collect := a.findCollect(root, u.Result, c.Expr.End())
		if collect == nil {
			// rows.Next() as the found-bool: if !rows.Next() { return ErrNotFound }
			next := a.findMethodCall(root, u.Result, "Next", c.Expr.End())
			if next == nil || a.inLoopHeader(next) {
				return nil
			}
			r.act = next
			r.actBool = true
			if scan := a.findMethodCall(root, u.Result, "Scan", c.Expr.End()); scan != nil {
				a.scanDests(r, scan.Args)
			}
			if v := a.assignedAt(next, 1, 0); v != nil {
				r.vars[v] = sigFound
			}
			return r
		}
		r.act = collect
		if errObj := a.assignedAt(collect, 2, 1); errObj != nil {
			r.vars[errObj] = errSig
		}
		if v := a.assignedAt(collect, 2, 0); v != nil {
			a.structVar(r, v, derefType(v.Type()))
			if isPointer(v.Type()) {
				r.vars[v] = sigFound
			} else if len(o.cols) == 1 && o.cols[0] != "*" {
				r.colVars[v] = strings.ToLower(o.cols[0])
			}
		}
	case dbcall.OpGormFirst, dbcall.OpGormFind, dbcall.OpGormCount, dbcall.OpGormFirstOrCreate:
		r.act = c.Expr
		r.gormErr = errSig
		if o.kind == opFirstOrCreate {
			r.gormErr = sigErrOnly
		}
		r.actErr = &r.gormErr
		if u.Err != nil {
			r.vars[u.Err] = r.gormErr
		}
		if u.Result != nil {
			switch {
			case u.GormRowsAffected:
				if o.kind == opFirstOrCreate {
					r.vars[u.Result] = sigCreated
				} else {
					r.vars[u.Result] = sigFound
				}
			case o.kind == opFirstOrCreate:
				r.gormRes[u.Result] = sigCreated
			default:
				r.gormRes[u.Result] = sigFound
			}
		}
		if c.Dest != nil {
			switch {
			case o.shape == shapeCount:
				if obj := objOf(a.info, unaddr(c.Dest)); obj != nil {
					r.vars[obj] = sigFound
				}
			case o.shape == shapeRows:
				if obj := objOf(a.info, unaddr(c.Dest)); obj != nil {
					r.vars[obj] = sigFound
				}
			default:
				if obj := objOf(a.info, unaddr(c.Dest)); obj != nil {
					a.structVar(r, obj, derefType(obj.Type()))
					if o.shape == shapeFind {
						r.idFields[obj] = true
					}
				}
			}
		}
	default:
		return nil
	}
	return r
}

// helperReadCtx maps the results of a read helper's call to their roles.
func (a *checker) helperReadCtx(r *readCtx, o *op) *readCtx {
	s := a.summaryOf(o.via)
	if s == nil || s.read == nil {
		return nil
	}
	r.act = o.call
	n := len(s.roles)
	for i, rl := range s.roles {
		v := a.assignedAt(o.call, n, i)
		if v == nil {
			continue
		}
		if rl.sig != nil {
			r.vars[v] = *rl.sig
		}
		for _, st := range rl.sentinels {
			r.sentinels[st] = true
		}
		if rl.col != "" {
			r.colVars[v] = rl.col
		}
		for f, c := range rl.fields {
			r.fieldCol[fieldKey{v, f}] = c
			r.structs[v] = true
		}
	}
	return r
}

// scanDests records the destinations of a Scan (or a Get/First dest).
func (a *checker) scanDests(r *readCtx, dests []ast.Expr) {
	o := r.op
	aligned := len(o.cols) == len(dests)
	for i, d := range dests {
		x := unaddr(d)
		col := ""
		if aligned && o.cols[i] != "*" && plainColumn(o.cols[i]) {
			col = strings.ToLower(o.cols[i])
		}
		switch x := x.(type) {
		case *ast.Ident:
			obj := a.info.ObjectOf(x)
			if obj == nil {
				continue
			}
			switch {
			case o.shape == shapeCount || o.shape == shapeExists:
				r.vars[obj] = sigFound
			case col != "" && isScanner(obj.Type()):
				// One column into a value that scans itself (sql.NullTime,
				// pgtype.Timestamptz): the column, whose parts (Valid,
				// Time) the code branches on.
				r.colVars[obj] = col
			case isStruct(obj.Type()):
				a.structVar(r, obj, derefType(obj.Type()))
			case col != "":
				r.colVars[obj] = col
			}
		case *ast.SelectorExpr:
			base, ok := ast.Unparen(x.X).(*ast.Ident)
			if !ok || col == "" {
				continue
			}
			if obj := a.info.ObjectOf(base); obj != nil {
				r.fieldCol[fieldKey{obj, x.Sel.Name}] = col
			}
		}
	}
}

// structVar records a struct variable holding the row: its fields map to
// columns (db/gorm tags, else GORM naming), limited to the SELECT list when
// it is explicit.
func (a *checker) structVar(r *readCtx, obj types.Object, t types.Type) {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	r.structs[obj] = true
	var walk func(st *types.Struct, depth int)
	walk = func(st *types.Struct, depth int) {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if f.Embedded() && depth < 3 {
				if inner, ok := derefType(f.Type()).Underlying().(*types.Struct); ok {
					walk(inner, depth+1)
				}
				continue
			}
			col := fieldColumn(f, st.Tag(i))
			if r.selCols != nil && !r.selCols[col] {
				continue
			}
			r.fieldCol[fieldKey{obj, f.Name()}] = col
		}
	}
	walk(st, 0)
}

func isStruct(t types.Type) bool {
	_, ok := derefType(t).Underlying().(*types.Struct)
	return ok
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// findMethodCall finds the first call v.name(...) in root (in the order
// of ast.Inspect).
func (a *checker) findMethodCall(root ast.Node, v types.Object, name string, after interface{ IsValid() bool }) *ast.CallExpr {
	return a.firstCallOn(root, v, func(id *ast.Ident) *ast.CallExpr {
		sel, ok := a.upParens(id).(*ast.SelectorExpr)
		if !ok || ast.Unparen(sel.X) != id || sel.Sel.Name != name {
			return nil
		}
		call, ok := a.upParens(sel).(*ast.CallExpr)
		if !ok || ast.Unparen(call.Fun) != sel {
			return nil
		}
		return call
	})
}

// firstCallOn returns the first call in root, in the order of ast.Inspect
// (by start, outer first), that match makes of a use of v: it looks at
// v's identifiers (identsOf) rather than at every node of root.
func (a *checker) firstCallOn(root ast.Node, v types.Object, match func(*ast.Ident) *ast.CallExpr) *ast.CallExpr {
	var found *ast.CallExpr
	for _, id := range a.identsOf(v) {
		if id.Pos() < root.Pos() || id.Pos() >= root.End() || a.info.Uses[id] != v {
			continue
		}
		call := match(id)
		if call == nil {
			continue
		}
		if found == nil || call.Pos() < found.Pos() || call.Pos() == found.Pos() && call.End() > found.End() {
			found = call
		}
	}
	return found
}

// argCall returns the call that id is an argument of, and the argument's
// index.
func (a *checker) argCall(id *ast.Ident) (*ast.CallExpr, int) {
	call, ok := a.upParens(id).(*ast.CallExpr)
	if !ok {
		return nil, -1
	}
	for i, arg := range call.Args {
		if ast.Unparen(arg) == id {
			return call, i
		}
	}
	return nil, -1
}

// findCollect finds pgx.CollectOneRow(rows, ...) / CollectExactlyOneRow on v.
func (a *checker) findCollect(root ast.Node, v types.Object, _ interface{ IsValid() bool }) *ast.CallExpr {
	return a.firstCallOn(root, v, func(id *ast.Ident) *ast.CallExpr {
		call, i := a.argCall(id)
		if call == nil || i != 0 {
			return nil
		}
		fn := typesx.Callee(a.info, call)
		if fn == nil || fn.Pkg() == nil || !strings.HasPrefix(typesx.TrimVendor(fn.Pkg().Path()), "github.com/jackc/pgx") {
			return nil
		}
		if fn.Name() != "CollectOneRow" && fn.Name() != "CollectExactlyOneRow" {
			return nil
		}
		return call
	})
}

// assignedAt returns the variable that receives result i of call (which
// has n results), in an assignment or a var declaration.
func (a *checker) assignedAt(call *ast.CallExpr, n, i int) types.Object {
	p := a.pidx.Parent(call)
	for {
		pe, ok := p.(*ast.ParenExpr)
		if !ok {
			break
		}
		p = a.pidx.Parent(pe)
	}
	var lhs []ast.Expr
	switch p := p.(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && len(p.Lhs) == n {
			lhs = p.Lhs
		} else if len(p.Lhs) == len(p.Rhs) && n == 1 {
			for j, r := range p.Rhs {
				if ast.Unparen(r) == call {
					lhs = p.Lhs[j : j+1]
				}
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && len(p.Names) == n {
			for _, id := range p.Names {
				lhs = append(lhs, id)
			}
		}
	}
	if i >= len(lhs) {
		return nil
	}
	id, ok := ast.Unparen(lhs[i]).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	return a.info.ObjectOf(id)
}

// findRowHelper finds a call to a package-local function that takes the
// row v and returns only an error: scanRow(row, &c).
func (a *checker) findRowHelper(root ast.Node, v types.Object) *ast.CallExpr {
	return a.firstCallOn(root, v, func(id *ast.Ident) *ast.CallExpr {
		call, _ := a.argCall(id)
		if call == nil {
			return nil
		}
		fn := typesx.Callee(a.info, call)
		if fn == nil || fn.Pkg() != a.pkg {
			return nil
		}
		sig, ok := fn.Type().(*types.Signature)
		if !ok || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type()) {
			return nil
		}
		return call
	})
}

// inLoopHeader reports rows.Next() as the condition of a for loop: a list
// read, not a lookup.
func (a *checker) inLoopHeader(call *ast.CallExpr) bool {
	for p := a.pidx.Parent(call); p != nil; p = a.pidx.Parent(p) {
		switch p := p.(type) {
		case *ast.ForStmt:
			return p.Cond != nil && containsNode(p.Cond, call)
		case ast.Stmt:
			return false
		}
	}
	return false
}

// isScanner reports whether a value of type t (through its pointer) scans
// one column itself: it has database/sql's Scan(src any) error.
func isScanner(t types.Type) bool {
	t = derefType(t)
	ms := types.NewMethodSet(types.NewPointer(t))
	sel := ms.Lookup(nil, "Scan")
	if sel == nil {
		return false
	}
	sig, ok := sel.Obj().Type().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return false
	}
	it, ok := sig.Params().At(0).Type().Underlying().(*types.Interface)
	return ok && it.Empty() && typesx.IsError(sig.Results().At(0).Type())
}

// existenceName reports a wrapper named for an existence test: Exists,
// RowExists, HasRows, Any, Found.
func existenceName(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, "exist") || strings.HasPrefix(l, "has") || l == "any" || strings.HasSuffix(l, "found")
}
