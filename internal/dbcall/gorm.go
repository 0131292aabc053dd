package dbcall

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/typesx"
)

// matchGorm matches a GORM finisher and walks its receiver chain.
func (m *matcher) matchGorm(call *ast.CallExpr, fn *types.Func, sel *ast.SelectorExpr) *Call {
	sp, ok := gormSpecs[fn.Name()]
	if !ok {
		return nil // chain methods (Where, Model, ...) and helpers
	}
	c := m.build(call, fn, LibGORM, sp)
	c.RecvKind = RecvGorm
	c.Query, c.Args, c.Spread = nil, nil, false

	// Walk the chain down to its root.
	var chain []*ast.CallExpr
	x := sel.X
	for {
		inner, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			break
		}
		ifn := typesx.Callee(m.info, inner)
		if !isGormMethod(ifn) || !returnsGormDB(ifn) {
			break
		}
		if _, finisher := gormSpecs[ifn.Name()]; finisher {
			break // db.Create(&x).Error... chained after another finisher: that one is its own call
		}
		isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		chain = append(chain, inner)
		x = isel.X
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	c.Recv = x
	c.Chain = chain

	var model types.Type
	raw := false
	for _, cc := range chain {
		ifn := typesx.Callee(m.info, cc)
		switch ifn.Name() {
		case "WithContext":
			if len(cc.Args) == 1 {
				c.Ctx = cc.Args[0]
			}
		case "Session":
			if len(cc.Args) == 1 {
				if v := compositeField(cc.Args[0], "Context"); v != nil {
					c.Ctx = v
				}
			}
		case "Table":
			if len(cc.Args) >= 1 {
				if s, ok := typesx.StringConst(m.info, cc.Args[0]); ok {
					c.Table = normTable(s)
				}
			}
		case "Model":
			if len(cc.Args) == 1 {
				model = m.info.TypeOf(cc.Args[0])
			}
		case "Clauses":
			c.Clauses = append(c.Clauses, cc.Args...)
		case "Raw":
			if len(cc.Args) >= 1 && !cc.Ellipsis.IsValid() || len(cc.Args) >= 2 {
				c.Query, c.Args, c.Spread = cc.Args[0], cc.Args[1:], cc.Ellipsis.IsValid()
				raw = true
			}
		case "Where", "Or", "Not":
			if !raw && c.Query == nil && len(cc.Args) >= 1 && typesx.IsString(m.info.TypeOf(cc.Args[0])) &&
				(!cc.Ellipsis.IsValid() || len(cc.Args) >= 2) {
				c.Query, c.Args, c.Spread = cc.Args[0], cc.Args[1:], cc.Ellipsis.IsValid()
			}
		}
	}

	name := fn.Name()
	switch {
	case name == "Exec":
		c.Query = argAt(call, 0)
		if len(call.Args) > 1 {
			c.Args, c.Spread = call.Args[1:], call.Ellipsis.IsValid()
		} else {
			c.Args, c.Spread = nil, false
		}
	case sp.args >= 0 && gormInlineConds[name] && len(call.Args) > sp.args:
		conds := call.Args[sp.args:]
		first := argAt(call, sp.args)
		if c.Query == nil && first != nil && typesx.IsString(m.info.TypeOf(first)) {
			c.Query, c.Args, c.Spread = first, conds[1:], call.Ellipsis.IsValid()
		} else if c.Args == nil {
			c.Args, c.Spread = conds, call.Ellipsis.IsValid()
		}
	case name == "Update" || name == "UpdateColumn" || name == "Updates" || name == "UpdateColumns":
		// the assignments are the arguments; Query stays the Where condition
		if c.Query == nil {
			c.Args, c.Spread = call.Args, false
		}
	}

	if model == nil && gormModelDest[name] && c.Dest != nil {
		model = m.info.TypeOf(c.Dest)
	}
	if model != nil {
		if nt := modelNamed(model); nt != nil {
			c.Model = nt
			if c.Table == "" {
				c.Table = m.gormTable(nt)
			}
		}
	}
	return c
}

func isGormMethod(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	path, name := typesx.TypeKey(sig.Recv().Type())
	return path == pathGORM && name == "DB"
}

func returnsGormDB(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 1 {
		return false
	}
	return typesx.IsGormDB(sig.Results().At(0).Type())
}

// modelNamed strips pointers, slices and arrays and returns the named struct
// type underneath, nil if there is none.
func modelNamed(t types.Type) *types.Named {
	for i := 0; i < 8 && t != nil; i++ {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// gormTable is the table GORM uses for model type nt: the constant a
// TableName method returns (when resolvable), else the default naming.
// A TableName method whose result is not known gives "".
func (m *matcher) gormTable(nt *types.Named) string {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(nt), true, nt.Obj().Pkg(), "TableName")
	if fn, ok := obj.(*types.Func); ok {
		if m.tableName != nil {
			if s, ok := m.tableName(fn.Origin()); ok {
				return normTable(s)
			}
		}
		return ""
	}
	return GormTableName(nt.Obj().Name())
}

// normTable normalises a table name as written in Table("...") or returned
// by TableName: the first word (an alias may follow), schema dropped,
// quotes removed, lower-cased.
func normTable(s string) string {
	s = strings.TrimSpace(s)
	if f := strings.Fields(s); len(f) > 0 {
		s = f[0]
	}
	if i := strings.LastIndex(s, "."); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Trim(s, "\"`[]")
	return strings.ToLower(s)
}

// compositeField returns the value of field name in a (possibly &-ed)
// composite literal, nil if absent.
func compositeField(e ast.Expr, name string) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
			return kv.Value
		}
	}
	return nil
}
