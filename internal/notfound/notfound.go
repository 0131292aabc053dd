// Package notfound recognises the ways Go code tests that a database read
// found no row — or that a write changed none:
//
//   - error sentinels: err == sql.ErrNoRows, errors.Is(err, pgx.ErrNoRows),
//     errors.Is(res.Error, gorm.ErrRecordNotFound), switch err { case
//     sql.ErrNoRows: }, and their negations (err != sql.ErrNoRows,
//     !errors.Is(...));
//   - counts: count == 0, 0 == n, count < 1, count <= 0 (and count > 0,
//     count != 0, count >= 1 negated), where the variable was filled by GORM
//     Count(&count), a "SELECT count(*)" scanned into it, or a
//     Count...-named helper returning (int, error);
//   - rows affected: n == 0 (also n != 1; n == 1 and n > 0 negated) with n
//     from sql.Result.RowsAffected(),
//     pgconn.CommandTag.RowsAffected() or GORM's RowsAffected field, also
//     inline (tag.RowsAffected() == 0, db.Create(&x).RowsAffected == 0);
//   - found-bools: !found, !exists, !ok where the bool came from a function
//     returning (bool, error) or (T, bool, error) whose name starts with
//     Exists, Exist, Has, Find, Get or Lookup (as a word: FindByKey, exists,
//     not Hash or Getaway), or from a scanned "SELECT EXISTS(...)".
//
// Conditions may be combined with &&, || and !, and parenthesised.
//
// Cond and Case use type information only and therefore recognise count,
// rows-affected and found-bool variables only when the condition itself
// shows where the value came from (inline forms). A Finder indexes the
// assignments of a set of files or function bodies first and recognises
// the variable forms as well; analyzers should use a Finder.
package notfound

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Kind is the kind of a not-found check.
type Kind uint8

// Kinds of checks.
const (
	KindNone Kind = iota
	// ErrNoRows: sql.ErrNoRows or pgx.ErrNoRows (v5 and v4).
	ErrNoRows
	// RecordNotFound: gorm.ErrRecordNotFound.
	RecordNotFound
	// CountZero: a count of matching rows is zero.
	CountZero
	// RowsAffectedZero: a write affected no row (the dedup/conditional-update gate).
	RowsAffectedZero
	// NotFoundBool: an existence bool is false.
	NotFoundBool
)

func (k Kind) String() string {
	switch k {
	case ErrNoRows:
		return "ErrNoRows"
	case RecordNotFound:
		return "RecordNotFound"
	case CountZero:
		return "CountZero"
	case RowsAffectedZero:
		return "RowsAffectedZero"
	case NotFoundBool:
		return "NotFoundBool"
	}
	return "None"
}

// Check is one recognised not-found test.
type Check struct {
	Kind Kind
	// Subject is the variable tested: the error, count, rows-affected or
	// found variable; for res.Error / res.RowsAffected / tag.RowsAffected()
	// the variable res or tag. Nil when the operand is not a variable
	// (errors.Is(db.First(&u).Error, gorm.ErrRecordNotFound)).
	Subject types.Object
	// Operand is the tested expression (err, res.Error, count,
	// tag.RowsAffected(), found).
	Operand ast.Expr
	// Expr is the atomic condition recognised (errors.Is(err, sql.ErrNoRows),
	// count == 0, !found, ...), a sub-expression of the condition.
	Expr ast.Expr
	// Negated reports the polarity of the whole condition with respect to
	// the not-found case:
	//   - false: the not-found case makes the condition true — the then
	//     branch (or the case body) is a not-found path: if errors.Is(err,
	//     sql.ErrNoRows) {...}, if count == 0 {...}, if !found {...};
	//   - true: the not-found case makes the condition false — the else
	//     branch, or the code after an if whose body returns, is the
	//     not-found path: if err != sql.ErrNoRows {...}, if count > 0
	//     {...}, if found {...}, if err != nil && !errors.Is(err,
	//     sql.ErrNoRows) { return err }.
	Negated bool
	// Joined is token.LAND or token.LOR when the check is one operand of
	// a && or || chain (after pushing ! inwards), token.ILLEGAL when it is
	// the whole condition. With LAND and Negated false, the then branch is
	// taken only when not found (but not always); with LOR, always when
	// not found (but not only).
	Joined token.Token
}

// Cond recognises a not-found check in an if (or for) condition using type
// information only; see Finder.Cond for variables whose origin must be
// looked up. It returns the first check in source order.
func Cond(info *types.Info, cond ast.Expr) (Check, bool) {
	return (&Finder{info: info}).Cond(cond)
}

// Case recognises a not-found check in a switch case clause:
// switch { case errors.Is(err, sql.ErrNoRows): } and switch err { case
// sql.ErrNoRows: } (also switch n { case 0: } through a Finder).
func Case(info *types.Info, sw *ast.SwitchStmt, cc *ast.CaseClause) (Check, bool) {
	return (&Finder{info: info}).Case(sw, cc)
}

// origin is what a variable was assigned from.
type origin uint8

const (
	originNone origin = iota
	originCount
	originRowsAffected
	originFound
)

// Finder recognises not-found checks, including those on variables whose
// origin (Count(&n), res.RowsAffected(), found-returning helpers, scanned
// count(*) or EXISTS queries) it indexed from the nodes given to NewFinder.
type Finder struct {
	info     *types.Info
	origins  map[types.Object]origin
	resolver *sqltext.Resolver
}

// NewFinder indexes the assignments in nodes (files, function
// declarations or bodies) of a type-checked package. The SQL of scanned
// queries is followed through local variables of the *ast.File nodes given.
func NewFinder(info *types.Info, nodes ...ast.Node) *Finder {
	f := &Finder{info: info, origins: map[types.Object]origin{}}
	if info == nil {
		return f
	}
	var files []*ast.File
	for _, n := range nodes {
		if file, ok := n.(*ast.File); ok {
			files = append(files, file)
		}
	}
	f.resolver = sqltext.NewResolver(files, info)
	for _, n := range nodes {
		if n != nil {
			f.index(n)
		}
	}
	return f
}

// Cond recognises a not-found check in cond; see the package doc.
func (f *Finder) Cond(cond ast.Expr) (c Check, ok bool) {
	failed := false
	defer func() {
		if failed {
			c, ok = Check{}, false
		}
	}()
	defer bug.Catch(&failed, "notfound.Finder.Cond")
	if f == nil || f.info == nil || cond == nil {
		return Check{}, false
	}
	return f.walk(cond, false, token.ILLEGAL)
}

// walk looks for an atom in e; neg says e is under an odd number of !.
func (f *Finder) walk(e ast.Expr, neg bool, joined token.Token) (Check, bool) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return f.walk(x.X, neg, joined)
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return f.walk(x.X, !neg, joined)
		}
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			op := x.Op
			if neg { // De Morgan
				if op == token.LAND {
					op = token.LOR
				} else {
					op = token.LAND
				}
			}
			if c, ok := f.walk(x.X, neg, op); ok {
				return c, true
			}
			return f.walk(x.Y, neg, op)
		}
	}
	c, ok := f.atom(e)
	if !ok {
		return Check{}, false
	}
	c.Expr = e
	c.Negated = c.Negated != neg
	c.Joined = joined
	return c, true
}

// atom recognises a single comparison or call.
func (f *Finder) atom(e ast.Expr) (Check, bool) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CallExpr:
		// errors.Is(err, sentinel)
		if isErrorsIs(f.info, x) && len(x.Args) == 2 {
			if k := sentinel(f.info, x.Args[1]); k != KindNone {
				return Check{Kind: k, Operand: x.Args[0], Subject: f.subject(x.Args[0])}, true
			}
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ:
			for _, p := range [2][2]ast.Expr{{x.X, x.Y}, {x.Y, x.X}} {
				if k := sentinel(f.info, p[1]); k != KindNone && typesx.IsError(f.info.TypeOf(p[0])) {
					return Check{Kind: k, Operand: p[0], Subject: f.subject(p[0]), Negated: x.Op == token.NEQ}, true
				}
			}
		}
		// counts and rows affected compared with a constant
		if c, ok := f.zeroCompare(x); ok {
			return c, true
		}
	case *ast.Ident:
		// found-bool used bare: found (negated) / !found via walk
		if f.originOf(x) == originFound {
			return Check{Kind: NotFoundBool, Operand: x, Subject: f.info.ObjectOf(x), Negated: true}, true
		}
	}
	return Check{}, false
}

// zeroCompare recognises n == 0, 0 == n, n < 1, n <= 0, 1 > n, 0 >= n
// (not found) and n != 0, n > 0, n >= 1, 0 < n (found).
func (f *Finder) zeroCompare(x *ast.BinaryExpr) (Check, bool) {
	op := x.Op
	operand, k := x.X, x.Y
	val, ok := typesx.IntConst(f.info, k)
	if !ok {
		val, ok = typesx.IntConst(f.info, x.X)
		if !ok {
			return Check{}, false
		}
		operand = x.Y
		op = typesx.Mirror(op)
	}
	kind := f.countKind(operand)
	if kind == KindNone {
		return Check{}, false
	}
	var notFound bool
	switch {
	case op == token.EQL && val == 0, op == token.LSS && val == 1, op == token.LEQ && val == 0:
		notFound = true
	case op == token.NEQ && val == 0, op == token.GTR && val == 0, op == token.GEQ && val == 1:
		notFound = false
	// A single-row write: n != 1 is the "did not happen" gate, n == 1 "did".
	case kind == RowsAffectedZero && op == token.NEQ && val == 1:
		notFound = true
	case kind == RowsAffectedZero && op == token.EQL && val == 1:
		notFound = false
	default:
		return Check{}, false
	}
	return Check{Kind: kind, Operand: operand, Subject: f.subject(operand), Negated: !notFound}, true
}

// countKind classifies an integer operand: a count variable, a
// rows-affected variable, or an inline RowsAffected.
func (f *Finder) countKind(e ast.Expr) Kind {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		switch f.originOf(x) {
		case originCount:
			return CountZero
		case originRowsAffected:
			return RowsAffectedZero
		}
	case *ast.CallExpr:
		// tag.RowsAffected() with tag a pgconn.CommandTag (one result)
		if isRowsAffectedCall(f.info, x) {
			if sig, ok := f.info.TypeOf(x.Fun).(*types.Signature); ok && sig.Results().Len() == 1 {
				return RowsAffectedZero
			}
		}
	case *ast.SelectorExpr:
		// res.RowsAffected / db.Create(&x).RowsAffected on a *gorm.DB
		if x.Sel.Name == "RowsAffected" && typesx.IsGormDB(f.info.TypeOf(x.X)) {
			return RowsAffectedZero
		}
	}
	return KindNone
}

// subject is the variable behind an operand.
func (f *Finder) subject(e ast.Expr) types.Object {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		if obj, ok := f.info.ObjectOf(x).(*types.Var); ok {
			return obj
		}
	case *ast.SelectorExpr: // res.Error, res.RowsAffected
		if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
			if obj, ok := f.info.ObjectOf(id).(*types.Var); ok {
				return obj
			}
		}
	case *ast.CallExpr: // tag.RowsAffected()
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
			return f.subject(sel.X)
		}
	}
	return nil
}

func (f *Finder) originOf(id *ast.Ident) origin {
	if f.origins == nil {
		return originNone
	}
	return f.origins[f.info.ObjectOf(id)]
}

// Case recognises a not-found check in a case clause of sw.
func (f *Finder) Case(sw *ast.SwitchStmt, cc *ast.CaseClause) (c Check, ok bool) {
	failed := false
	defer func() {
		if failed {
			c, ok = Check{}, false
		}
	}()
	defer bug.Catch(&failed, "notfound.Finder.Case")
	if f == nil || f.info == nil || sw == nil || cc == nil {
		return Check{}, false
	}
	for _, e := range cc.List {
		if sw.Tag == nil {
			if c, ok := f.Cond(e); ok {
				return c, true
			}
			continue
		}
		// switch err { case sql.ErrNoRows: }
		if k := sentinel(f.info, e); k != KindNone && typesx.IsError(f.info.TypeOf(sw.Tag)) {
			return Check{Kind: k, Operand: sw.Tag, Subject: f.subject(sw.Tag), Expr: e}, true
		}
		// switch n { case 0: }
		if v, ok := typesx.IntConst(f.info, e); ok && v == 0 {
			if k := f.countKind(sw.Tag); k != KindNone {
				return Check{Kind: k, Operand: sw.Tag, Subject: f.subject(sw.Tag), Expr: e}, true
			}
		}
	}
	return Check{}, false
}

// sentinel classifies a reference to a not-found error variable.
func sentinel(info *types.Info, e ast.Expr) Kind {
	id := typesx.NameIdent(e)
	if id == nil {
		return KindNone
	}
	return SentinelKind(info.ObjectOf(id))
}

// SentinelKind classifies a package-level variable as one of the libraries'
// "no row" errors: database/sql's and pgx's (v3, v4, v5) ErrNoRows, GORM's
// (gorm.io and jinzhu) ErrRecordNotFound, and a package-level ErrNoRows or
// ErrRecordNotFound of any package (a project's own re-export of one of
// them, as `var ErrNoRows = sql.ErrNoRows`). It is the one sentinel table
// every check uses.
func SentinelKind(obj types.Object) Kind {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return KindNone
	}
	switch v.Name() {
	case "ErrNoRows":
		return ErrNoRows
	case "ErrRecordNotFound":
		return RecordNotFound
	}
	return KindNone
}

// NamedLikeNotFound reports a package-level error variable named as a
// "none found" sentinel of a project's own (ErrNotFound, ErrUserNotFound,
// ErrNoRows, ErrNotExist): what a repository returns when the body that
// would say so is not in sight.
func NamedLikeNotFound(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() && notFoundName.MatchString(v.Name())
}

var notFoundName = regexp.MustCompile(`^Err\w*(NotFound|NoRows|NotExist)$`)

// IsSentinel reports whether e refers to a "no row" error (SentinelKind).
func IsSentinel(info *types.Info, e ast.Expr) bool { return sentinel(info, e) != KindNone }

// errorsPackages are the packages whose Is and As follow error chains as
// the standard library's do.
var errorsPackages = []string{"errors", "github.com/pkg/errors", "golang.org/x/xerrors", "github.com/cockroachdb/errors"}

// IsErrorsIs reports a call to errors.Is (or the pkg/errors, xerrors and
// cockroachdb copies).
func IsErrorsIs(info *types.Info, call *ast.CallExpr) bool { return isErrorsFunc(info, call, "Is") }

// IsErrorsAs reports a call to errors.As (or one of its copies).
func IsErrorsAs(info *types.Info, call *ast.CallExpr) bool { return isErrorsFunc(info, call, "As") }

func isErrorsFunc(info *types.Info, call *ast.CallExpr, name string) bool {
	fn := typesx.StaticCallee(info, call)
	return fn != nil && fn.Name() == name && slices.ContainsFunc(errorsPackages, func(p string) bool { return typesx.IsFunc(fn, p, name) })
}

func isErrorsIs(info *types.Info, call *ast.CallExpr) bool { return IsErrorsIs(info, call) }

// isRowsAffectedCall reports x.RowsAffected() with x a sql.Result or a
// pgconn.CommandTag.
func isRowsAffectedCall(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "RowsAffected" {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	path, name := typesx.TypeKey(recv.Type())
	switch {
	case path == "database/sql" && name == "Result":
		return true
	case (path == "github.com/jackc/pgx/v5/pgconn" || path == "github.com/jackc/pgconn") && name == "CommandTag":
		return true
	}
	return false
}

// existenceName matches the names of helpers whose bool result says
// whether a row exists.
var existenceName = regexp.MustCompile(`^(?:[Ee]xists?|[Hh]as|[Ff]ind|[Gg]et|[Ll]ookup)(?:[A-Z0-9_]|$)`)

// index records the origins of variables assigned in n.
func (f *Finder) index(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if len(x.Rhs) == 1 {
				f.assign(x.Lhs, x.Rhs[0])
			} else if len(x.Lhs) == len(x.Rhs) {
				for i := range x.Rhs {
					f.assign(x.Lhs[i:i+1], x.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(x.Names))
			for i, id := range x.Names {
				lhs[i] = id
			}
			if len(x.Values) == 1 {
				f.assign(lhs, x.Values[0])
			} else if len(x.Names) == len(x.Values) {
				for i := range x.Values {
					f.assign(lhs[i:i+1], x.Values[i])
				}
			}
		case *ast.CallExpr:
			f.call(x)
		}
		return true
	})
}

func (f *Finder) set(e ast.Expr, o origin) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	obj := f.info.ObjectOf(id)
	if obj == nil {
		return
	}
	if _, seen := f.origins[obj]; !seen {
		f.origins[obj] = o
	}
}

// assign records lhs = rhs.
func (f *Finder) assign(lhs []ast.Expr, rhs ast.Expr) {
	rhs = ast.Unparen(rhs)
	switch r := rhs.(type) {
	case *ast.SelectorExpr:
		// n := res.RowsAffected (GORM)
		if r.Sel.Name == "RowsAffected" && typesx.IsGormDB(f.info.TypeOf(r.X)) && len(lhs) == 1 {
			f.set(lhs[0], originRowsAffected)
		}
	case *ast.CallExpr:
		if isRowsAffectedCall(f.info, r) {
			f.set(lhs[0], originRowsAffected)
			return
		}
		fn := typesx.Callee(f.info, r)
		if fn == nil {
			return
		}
		sig := fn.Type().(*types.Signature)
		res := sig.Results()
		if res.Len() < 2 || !typesx.IsError(res.At(res.Len()-1).Type()) || len(lhs) != res.Len() {
			return
		}
		name := fn.Name()
		// found, err := repo.Exists(ctx, k);  u, ok, err := repo.FindByKey(ctx, k)
		if res.Len() <= 3 && typesx.IsBool(res.At(res.Len()-2).Type()) && existenceName.MatchString(name) {
			f.set(lhs[res.Len()-2], originFound)
			return
		}
		// n, err := repo.CountByKey(ctx, k)
		if res.Len() == 2 && isInteger(res.At(0).Type()) && strings.HasPrefix(strings.ToLower(name), "count") {
			f.set(lhs[0], originCount)
		}
	}
}

var (
	countRE  = regexp.MustCompile(`(?is)^\s*select\s+count\s*\(`)
	existsRE = regexp.MustCompile(`(?is)^\s*select\s+(not\s+)?exists\s*\(`)
)

// call records variables filled through a pointer argument: GORM
// Count(&n), a count(*) or EXISTS query scanned into &n / Get(&n, ...).
func (f *Finder) call(call *ast.CallExpr) {
	// GORM Count(&n)
	if c := dbcall.Match(f.info, call); c != nil {
		switch c.Op {
		case dbcall.OpGormCount:
			f.setAddr(c.Dest, originCount)
		case dbcall.OpGet:
			f.scanned(c.Query, []ast.Expr{c.Dest})
		}
		return
	}
	// db.QueryRow(q, ...).Scan(&n)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Scan" {
		return
	}
	inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok {
		return
	}
	if c := dbcall.Match(f.info, inner); c != nil && c.Op == dbcall.OpQueryRow {
		f.scanned(c.Query, call.Args)
	}
}

// scanned records the single destination of a count(*) or EXISTS query.
func (f *Finder) scanned(query ast.Expr, dests []ast.Expr) {
	if query == nil || len(dests) != 1 || dests[0] == nil {
		return
	}
	var text sqltext.Text
	if f.resolver != nil {
		text = f.resolver.Of(query)
	} else {
		text = sqltext.Of(f.info, query)
	}
	if !text.Found {
		return
	}
	sql := text.SQL
	switch {
	case countRE.MatchString(sql):
		f.setAddr(dests[0], originCount)
	case existsRE.MatchString(sql):
		f.setAddr(dests[0], originFound)
	}
}

// setAddr records the variable x of an &x argument.
func (f *Finder) setAddr(e ast.Expr, o origin) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		f.set(u.X, o)
	}
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}
