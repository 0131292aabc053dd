package dbcall

import (
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/faultline-dev/faultline/internal/sqlschema"
	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// Analyzer indexes the DB calls of a package. Its result is an *Index.
// It reports nothing; its facts (WrapperFact) carry the package's exported
// query wrappers to the packages that import them.
var Analyzer = &analysis.Analyzer{
	Name:       "dbcall",
	Doc:        "index database calls (database/sql, pgx, sqlx, GORM) and package-local wrappers around them",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeOf((*Index)(nil)),
	FactTypes:  []analysis.Fact{new(WrapperFact), new(QueryTableFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		if !reachesDB(pass.Pkg) {
			// Fast path: no value of a database library's types can exist
			// in a package none of whose dependencies is one, so it has
			// no DB call and no wrapper of one. It may still keep the
			// queries others run (a package of .sql files and a lookup).
			if hasLookupFunc(pass.Pkg) {
				r := sqltext.NewResolver(pass.Files, pass.TypesInfo).SetFiles(pass.Fset, passReader(pass))
				for _, qt := range r.QueryTables() {
					pass.ExportObjectFact(qt.Func, newQueryTableFact(qt))
				}
			}
			return newIndex(pass.TypesInfo, nil, inspector.New(nil), nil, nil, nil, nil), nil
		}
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		// Asked for every call of a function of another package, in
		// every round of findWrappers: once per function is enough.
		imported := factMemo[WrapperFact](pass)
		tableFact := factMemo[QueryTableFact](pass)
		tables := map[*QueryTableFact]map[string]string{}
		importedTable := func(fn *types.Func) (int, map[string]string, bool) {
			f := tableFact(fn)
			if f == nil {
				return 0, nil, false
			}
			if tables[f] == nil {
				tables[f] = f.table()
			}
			return f.Param, tables[f], true
		}
		ix := newIndex(pass.TypesInfo, pass.Files, in, pass.Fset, passReader(pass), imported, importedTable)
		ix.exportWrapperFacts(func(obj types.Object, f *WrapperFact) { pass.ExportObjectFact(obj, f) })
		for _, qt := range ix.m.resolver.QueryTables() {
			pass.ExportObjectFact(qt.Func, newQueryTableFact(qt))
		}
		return ix, nil
	},
}

// factMemo returns a lookup of another package's function's fact of type
// F, each function's looked up once (nil: the function has none, or is
// this package's).
func factMemo[F any, PF interface {
	*F
	analysis.Fact
}](pass *analysis.Pass) func(*types.Func) PF {
	memo := map[*types.Func]PF{}
	return func(fn *types.Func) PF {
		if fn.Pkg() == pass.Pkg {
			return nil
		}
		f, seen := memo[fn]
		if !seen {
			f = PF(new(F))
			if !pass.ImportObjectFact(fn, f) {
				f = nil
			}
			memo[fn] = f
		}
		return f
	}
}

// passReader reads the SQL files a package embeds or loads by name. The
// driver's ReadFile knows the package's Go and other files only (not its
// //go:embed targets), so other files are read from disk.
func passReader(pass *analysis.Pass) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if pass.ReadFile != nil {
			if b, err := pass.ReadFile(name); err == nil {
				return b, nil
			}
		}
		return os.ReadFile(name)
	}
}

// dbPaths are the libraries whose calls the index recognises.
var dbPaths = []string{pathSQL, pathPGX5, pathPGX4, pathPool5, pathPool4, pathPgconn5, pathPgconn4, pathSQLX, pathGORM}

// reachesDB reports whether pkg is, or imports directly or indirectly, one
// of the database libraries (vendored copies included).
func reachesDB(pkg *types.Package) bool {
	if pkg == nil {
		return true // unknown: index as usual
	}
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		path := typesx.TrimVendor(p.Path())
		for _, d := range dbPaths {
			if path == d || strings.HasPrefix(path, d+"/") {
				return true
			}
		}
		for _, q := range p.Imports() {
			if visit(q) {
				return true
			}
		}
		return false
	}
	return visit(pkg)
}

// Wrapper is a package-local function or method that passes one of its
// string parameters on as the SQL of a DB call (directly, or through
// another wrapper), e.g.
//
//	func (r *Repo) exec(ctx context.Context, q string, args ...any) error {
//		_, err := r.db.ExecContext(ctx, q, args...)
//		return err
//	}
type Wrapper struct {
	Func  *types.Func
	Decl  *ast.FuncDecl
	Inner *Call // the DB call (or wrapper call) in the body that receives the query

	Query int // index of the query parameter
	Ctx   int // index of the parameter passed on as the context, -1 if none
	Recv  int // index of the parameter passed on as the handle, -1 if none
	Dest  int // index of the parameter passed on as the destination, -1 if none
	Args  int // index of the variadic parameter spread into the bind arguments, -1 if none
	// Prefix and Suffix are constant text the wrapper puts around the
	// query ("SELECT EXISTS (" + q + ")").
	Prefix, Suffix string
}

// Index holds the DB calls of one package. Build it with Analyzer (or
// NewIndex outside an analysis pass).
type Index struct {
	info     *types.Info
	m        *matcher
	calls    []*Call
	byExpr   map[*ast.CallExpr]*Call
	wrappers map[*types.Func]*Wrapper
	imported func(*types.Func) *WrapperFact // another package's wrapper facts, nil outside a pass
	tables   map[*types.Func]string
	direct   map[*ast.CallExpr]*Call // direct matches, computed once (nil values cached too)

	// The package's schema (Schema), read once for every check that asks.
	fset       *token.FileSet
	files      []*ast.File
	schemaOnce sync.Once
	schema     *sqlschema.Schema
}

// hasLookupFunc reports an exported function func(string) string in pkg:
// a query lookup may travel from it (sqltext.QueryTables).
func hasLookupFunc(pkg *types.Package) bool {
	sc := pkg.Scope()
	for _, name := range sc.Names() {
		fn, ok := sc.Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() == 1 && sig.Results().Len() == 1 && typesx.IsString(sig.Params().At(0).Type()) && typesx.IsString(sig.Results().At(0).Type()) {
			return true
		}
	}
	return false
}

// NewIndex indexes files, which must be type-checked into info. SQL kept
// in files (//go:embed, query files loaded by name) is unknown to it; use
// NewIndexFiles for that.
func NewIndex(info *types.Info, files []*ast.File) *Index {
	return newIndex(info, files, inspector.New(files), nil, nil, nil, nil)
}

// NewIndexFiles is NewIndex that also reads the SQL files the package
// embeds or loads by name: fset locates the files, read reads one (nil:
// os.ReadFile).
func NewIndexFiles(fset *token.FileSet, info *types.Info, files []*ast.File, read func(string) ([]byte, error)) *Index {
	if read == nil {
		read = os.ReadFile
	}
	return newIndex(info, files, inspector.New(files), fset, read, nil, nil)
}

func newIndex(info *types.Info, files []*ast.File, in *inspector.Inspector, fset *token.FileSet, read func(string) ([]byte, error), imported func(*types.Func) *WrapperFact, importedTable func(*types.Func) (int, map[string]string, bool)) *Index {
	ix := &Index{
		info:     info,
		fset:     fset,
		files:    files,
		imported: imported,
		byExpr:   map[*ast.CallExpr]*Call{},
		wrappers: map[*types.Func]*Wrapper{},
		tables:   map[*types.Func]string{},
		direct:   map[*ast.CallExpr]*Call{},
	}
	ix.m = &matcher{info: info, tableName: func(fn *types.Func) (string, bool) {
		s, ok := ix.tables[fn]
		return s, ok
	}}
	if info == nil {
		return ix
	}
	ix.m.resolver = sqltext.NewResolver(files, info)
	if fset != nil && read != nil {
		ix.m.resolver.SetFiles(fset, read)
	}
	if importedTable != nil {
		ix.m.resolver.SetImportedTables(importedTable)
	}
	ix.indexTableNames(files)
	ix.findWrappers(files)

	in.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		c := ix.matchDirect(call)
		if c == nil {
			c = ix.viaWrapper(call)
		}
		if c == nil {
			return true
		}
		for j := len(stack) - 2; j >= 0; j-- {
			switch f := stack[j].(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				c.Enclosing = f
			}
			if c.Enclosing != nil {
				break
			}
		}
		c.Use = UseOf(info, stack)
		ix.calls = append(ix.calls, c)
		ix.byExpr[call] = c
		return true
	})
	sort.SliceStable(ix.calls, func(i, j int) bool { return ix.calls[i].Expr.Pos() < ix.calls[j].Expr.Pos() })
	ix.linkPrepared(files)
	ix.linkTx()
	return ix
}

// linkTx sets Call.Tx for calls whose handle is a transaction variable
// begun in this package.
func (ix *Index) linkTx() {
	begun := map[types.Object]*Call{}
	for _, c := range ix.calls {
		switch c.Op {
		case OpBegin:
			if c.Use.Result != nil {
				begun[c.Use.Result] = c
			}
		case OpGormTransaction, OpBeginFunc:
			if lit, ok := ast.Unparen(c.TxFunc).(*ast.FuncLit); ok {
				if ps := lit.Type.Params; ps != nil && len(ps.List) > 0 && len(ps.List[0].Names) > 0 {
					if obj := ix.info.Defs[ps.List[0].Names[0]]; obj != nil {
						begun[obj] = c
					}
				}
			}
		}
	}
	if len(begun) == 0 {
		return
	}
	for _, c := range ix.calls {
		recv := ast.Unparen(c.Recv)
		// tx.Stmt(s.insertStmt).Exec(...) runs in tx.
		if call, ok := recv.(*ast.CallExpr); ok && isStmtType(ix.info.TypeOf(call)) {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Stmt", "StmtContext", "Stmtx", "StmtxContext", "NamedStmt", "NamedStmtContext":
					recv = ast.Unparen(sel.X)
				}
			}
		}
		if id, ok := recv.(*ast.Ident); ok {
			if b := begun[ix.info.Uses[id]]; b != nil && b != c {
				c.Tx = b
			}
		}
	}
	// Statements prepared on a transaction run in it.
	for _, c := range ix.calls {
		if c.Tx == nil && c.Prepared != nil && c.Prepared.Tx != nil {
			c.Tx = c.Prepared.Tx
		}
	}
}

// CallsIn returns the indexed calls inside n (a function, a block, a
// statement), in source order.
func (ix *Index) CallsIn(n ast.Node) []*Call {
	if ix == nil || n == nil {
		return nil
	}
	lo := sort.Search(len(ix.calls), func(i int) bool { return ix.calls[i].Expr.Pos() >= n.Pos() })
	hi := lo
	for hi < len(ix.calls) && ix.calls[hi].Expr.End() <= n.End() {
		hi++
	}
	return ix.calls[lo:hi]
}

// Resolver returns the SQL-text resolver the Index uses (locals, appends,
// helpers of this package), for analyzers that evaluate other expressions.
// Schema returns what the package's SQL constants and its module's .sql
// files say about the tables (sqlschema.OfPackage), read on first use and
// shared by the checks that ask (selectinsert, onconflict).
func (ix *Index) Schema() *sqlschema.Schema {
	if ix == nil {
		return sqlschema.New()
	}
	ix.schemaOnce.Do(func() {
		if ix.fset == nil || ix.info == nil {
			ix.schema = sqlschema.New()
			return
		}
		ix.schema = sqlschema.OfPackage(ix.fset, ix.files, ix.info)
	})
	return ix.schema
}

func (ix *Index) Resolver() *sqltext.Resolver {
	if ix == nil || ix.m == nil {
		return nil
	}
	return ix.m.resolver
}

// linkPrepared gives calls on a prepared statement the SQL of the Prepare
// that created it, when the statement is held in a variable or a struct
// field assigned exactly once in the package (a field is set by a
// constructor: s.insertStmt, err = db.Prepare(insertSQL)). A statement
// re-bound to a transaction (tx.Stmt(s.insertStmt), tx.StmtContext, or a
// helper that takes one statement and returns one) is the same statement.
func (ix *Index) linkPrepared(files []*ast.File) {
	prepares := map[types.Object]*Call{}
	anyPrepare := false
	for _, c := range ix.calls {
		if c.Op == OpPrepare {
			anyPrepare = true
			if c.Use.Result != nil {
				prepares[c.Use.Result] = c
			}
		}
	}
	if !anyPrepare {
		return // no statement is prepared here: nothing to walk for
	}
	// Prepares assigned to fields: Use.Result keeps variables only.
	fieldOf := func(e ast.Expr) *types.Var {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		v, _ := ix.info.Uses[sel.Sel].(*types.Var)
		if v == nil || !v.IsField() {
			return nil
		}
		return v
	}
	// A variable holding a prepare, stored into a field: s.find = find, or
	// T{find: find} (prepared into locals, then the struct is built).
	viaVar := func(e ast.Expr) *Call {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := ix.info.Uses[id]; obj != nil {
				return prepares[obj]
			}
		}
		return nil
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if v, ok := ix.info.Uses[id].(*types.Var); ok && v.IsField() {
						if c := viaVar(n.Value); c != nil {
							prepares[v] = c
						}
					}
				}
				return true
			case *ast.AssignStmt:
				as := n
				if len(as.Rhs) != 1 {
					return true
				}
				if c := viaVar(as.Rhs[0]); c != nil && len(as.Lhs) == 1 {
					if v := fieldOf(as.Lhs[0]); v != nil {
						prepares[v] = c
					}
					return true
				}
				call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
				if !ok {
					return true
				}
				if c := ix.byExpr[call]; c != nil && c.Op == OpPrepare && len(as.Lhs) >= 1 {
					if v := fieldOf(as.Lhs[0]); v != nil {
						prepares[v] = c
					}
				}
			}
			return true
		})
	}
	if len(prepares) == 0 {
		return
	}
	// Count every assignment to the statement variables and fields.
	writes := map[types.Object]int{}
	wrote := func(l ast.Expr) {
		var obj types.Object
		switch l := ast.Unparen(l).(type) {
		case *ast.Ident:
			obj = ix.info.ObjectOf(l)
		case *ast.SelectorExpr:
			obj = ix.info.Uses[l.Sel]
		}
		if obj != nil && prepares[obj] != nil {
			writes[obj]++
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					wrote(l)
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					wrote(id)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					wrote(n.X)
				}
			case *ast.KeyValueExpr:
				// A keyed struct literal sets the field: T{insertStmt: st}.
				if id, ok := n.Key.(*ast.Ident); ok {
					if v, ok := ix.info.Uses[id].(*types.Var); ok && v.IsField() && prepares[v] != nil {
						writes[v]++
					}
				}
			}
			return true
		})
	}
	for _, c := range ix.calls {
		if c.RecvKind != RecvStmt || c.Query != nil || c.Prepared != nil {
			continue
		}
		obj := ix.stmtSource(c.Recv, 0)
		p := prepares[obj]
		if p == nil || writes[obj] != 1 {
			continue
		}
		c.Prepared = p
		c.SQL, c.Stmt = p.SQL, p.Stmt
		if c.Table == "" {
			c.Table = p.Table
		}
	}
}

// stmtSource is the variable or field a statement expression reads, seen
// through tx.Stmt(x), tx.StmtContext(ctx, x), sqlx's Stmtx, and helpers
// that take one statement and return one (sqlutil.TxStmt(tx, x)).
func (ix *Index) stmtSource(e ast.Expr, depth int) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return ix.info.Uses[e]
	case *ast.SelectorExpr:
		if v, ok := ix.info.Uses[e.Sel].(*types.Var); ok && v.IsField() {
			return v
		}
	case *ast.CallExpr:
		if depth > 2 || !isStmtType(ix.info.TypeOf(e)) {
			return nil
		}
		var arg ast.Expr
		for _, a := range e.Args {
			if isStmtType(ix.info.TypeOf(a)) {
				if arg != nil {
					return nil // two statements: which one?
				}
				arg = a
			}
		}
		if arg != nil {
			return ix.stmtSource(arg, depth+1)
		}
	}
	return nil
}

// isStmtType reports *sql.Stmt, *sqlx.Stmt and *sqlx.NamedStmt.
func isStmtType(t types.Type) bool {
	return typesx.IsPointerToNamed(t, pathSQL, "Stmt") || typesx.IsPointerToNamed(t, pathSQLX, "Stmt", "NamedStmt")
}

// matchDirect is m.match with a cache: wrapper discovery visits every
// call several times.
func (ix *Index) matchDirect(call *ast.CallExpr) *Call {
	if c, ok := ix.direct[call]; ok {
		return c
	}
	c := ix.m.match(call)
	ix.direct[call] = c
	return c
}

// Match returns the DB call made by call, directly or through a
// package-local wrapper (then Via is the wrapper; Query is the caller's
// argument at the wrapper's query parameter; Op, Lib, Method come from the
// wrapped call; Recv is the wrapper method's receiver or the handle the
// caller passes), nil if call is not a DB call. Calls indexed by the
// Analyzer also carry Enclosing and Use.
func (ix *Index) Match(call *ast.CallExpr) *Call {
	if ix == nil || call == nil {
		return nil
	}
	if c, ok := ix.byExpr[call]; ok {
		return c
	}
	if c := ix.m.match(call); c != nil {
		return c
	}
	return ix.viaWrapper(call)
}

// Calls returns every DB call in the package, direct and through wrappers,
// in source order. Calls inside a wrapper's body are included; use
// Wrapper(c.Enclosing) to tell them apart.
func (ix *Index) Calls() []*Call {
	if ix == nil {
		return nil
	}
	return ix.calls
}

// WrapperOf returns the wrapper description of fn, nil if fn is not a
// package-local DB wrapper.
func (ix *Index) WrapperOf(fn *types.Func) *Wrapper {
	if ix == nil || fn == nil {
		return nil
	}
	return ix.wrappers[fn.Origin()]
}

// Wrappers returns the package's DB wrappers in source order.
func (ix *Index) Wrappers() []*Wrapper {
	if ix == nil {
		return nil
	}
	var ws []*Wrapper
	for _, w := range ix.wrappers {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Decl.Pos() < ws[j].Decl.Pos() })
	return ws
}

// UseOf returns where the result and error of call go (see UseOf); call
// must be one of the package's indexed DB calls, else the zero Use.
func (ix *Index) UseOf(call *ast.CallExpr) Use {
	if c := ix.Match(call); c != nil {
		return c.Use
	}
	return Use{}
}

// indexTableNames records `func (T) TableName() string { return "const" }`.
func (ix *Index) indexTableNames(files []*ast.File) {
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "TableName" || fd.Body == nil {
				continue
			}
			fn, ok := ix.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !typesx.IsString(sig.Results().At(0).Type()) {
				continue
			}
			if len(fd.Body.List) != 1 {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			if s, ok := typesx.StringConst(ix.info, ret.Results[0]); ok {
				ix.tables[fn] = s
			}
		}
	}
}

// maxWrapperDepth bounds the wrapper-of-wrapper fixpoint.
const maxWrapperDepth = 6

// findWrappers finds package-local functions whose string parameter becomes
// the query of a DB call in their body, to a fixpoint (wrappers of wrappers).
func (ix *Index) findWrappers(files []*ast.File) {
	var decls []*ast.FuncDecl
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				decls = append(decls, fd)
			}
		}
	}
	for range maxWrapperDepth {
		changed := false
		for _, fd := range decls {
			fn, ok := ix.info.Defs[fd.Name].(*types.Func)
			if !ok || ix.wrappers[fn] != nil {
				continue
			}
			if w := ix.wrapperOf(fd, fn); w != nil {
				ix.wrappers[fn] = w
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// wrapperOf decides whether fd wraps a DB call with one of its parameters
// as the query.
func (ix *Index) wrapperOf(fd *ast.FuncDecl, fn *types.Func) *Wrapper {
	sig := fn.Type().(*types.Signature)
	params := sig.Params()
	paramIndex := map[types.Object]int{}
	hasString := false
	for i := 0; i < params.Len(); i++ {
		paramIndex[params.At(i)] = i
		hasString = hasString || typesx.IsString(params.At(i).Type())
	}
	if !hasString {
		return nil // the query is a string parameter
	}
	var assigned map[types.Object]bool
	paramOf := func(e ast.Expr) int {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return -1
		}
		obj := ix.info.Uses[id]
		i, ok := paramIndex[obj]
		if !ok {
			return -1
		}
		if assigned == nil {
			assigned = assignedVars(ix.info, fd.Body)
		}
		if assigned[obj] {
			return -1
		}
		return i
	}
	var w *Wrapper
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if w != nil {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		c := ix.matchDirect(call)
		if c == nil {
			c = ix.viaWrapper(call)
		}
		if c == nil || c.Query == nil {
			return true
		}
		q := paramOf(c.Query)
		var prefix, suffix string
		if q < 0 {
			q, prefix, suffix = affixedParam(ix.info, c.Query, paramOf)
		}
		if q < 0 || !typesx.IsString(params.At(q).Type()) {
			return true
		}
		if c.Op == OpPrepare {
			// Prepare-then-run wrappers: the statement call is the operation.
			if run := ix.stmtRun(fd.Body, call); run != nil {
				run.Query, run.Recv, run.RecvKind, run.Prepared = c.Query, c.Recv, c.RecvKind, c
				c = run
			}
		}
		w = &Wrapper{Func: fn, Decl: fd, Inner: c, Query: q, Ctx: -1, Recv: -1, Dest: -1, Args: -1, Prefix: prefix, Suffix: suffix}
		if c.Ctx != nil {
			w.Ctx = paramOf(c.Ctx)
		}
		if c.Recv != nil {
			w.Recv = paramOf(c.Recv)
		}
		if c.Dest != nil {
			w.Dest = paramOf(c.Dest)
		}
		if c.Spread && len(c.Args) == 1 && sig.Variadic() {
			if a := paramOf(c.Args[0]); a == params.Len()-1 {
				w.Args = a
			}
		}
		return false
	})
	return w
}

// stmtRun finds, in body, the first call run on the statement that the
// Prepare call prepare returns (stmt, err := db.PrepareContext(ctx, q);
// stmt.QueryRowContext(ctx, args...)). It returns a copy of that call with
// the Prepare linked, nil if there is none.
func (ix *Index) stmtRun(body *ast.BlockStmt, prepare *ast.CallExpr) *Call {
	var stmtVar types.Object
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == prepare && len(as.Lhs) >= 1 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
				stmtVar = ix.info.ObjectOf(id)
			}
		}
		return stmtVar == nil
	})
	if stmtVar == nil {
		return nil
	}
	var run *Call
	ast.Inspect(body, func(n ast.Node) bool {
		if run != nil {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Pos() <= prepare.Pos() {
			return true
		}
		c := ix.matchDirect(call)
		if c == nil || c.RecvKind != RecvStmt {
			return true
		}
		if id, ok := ast.Unparen(c.Recv).(*ast.Ident); ok && ix.info.Uses[id] == stmtVar {
			cp := *c
			run = &cp
		}
		return true
	})
	return run
}

// assignedVars returns the variables assigned (or address-taken) in body.
func assignedVars(info *types.Info, body *ast.BlockStmt) map[types.Object]bool {
	out := map[types.Object]bool{}
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil {
				out[obj] = true
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l)
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				mark(n.Key)
			}
			if n.Value != nil {
				mark(n.Value)
			}
		}
		return true
	})
	return out
}

// viaWrapper matches a call to a package-local wrapper.
func (ix *Index) viaWrapper(call *ast.CallExpr) *Call {
	fn := typesx.Callee(ix.info, call)
	if fn == nil {
		return nil
	}
	w := ix.wrappers[fn.Origin()]
	if w == nil {
		return ix.viaImported(call, fn)
	}
	if w.Query >= len(call.Args) {
		return nil
	}
	inner := w.Inner
	c := &Call{
		Expr:     call,
		Lib:      inner.Lib,
		Op:       inner.Op,
		Method:   inner.Method,
		Func:     inner.Func,
		RecvKind: inner.RecvKind,
		Ctx:      inner.Ctx,
		Query:    argAt(call, w.Query),
		Chain:    inner.Chain,
		Clauses:  inner.Clauses,
		Model:    inner.Model,
		Table:    inner.Table,
		TxFunc:   inner.TxFunc,
		Via:      fn.Origin(),
		Inner:    inner,
		prefix:   w.Prefix,
		suffix:   w.Suffix,
	}
	if c.Query == nil {
		return nil
	}
	ix.bindWrapperArgs(c, call, w.Recv, w.Ctx, w.Dest, w.Args)
	ix.m.fillWrapperSQL(c)
	return c
}

// bindWrapperArgs sets the handle, context, destination and bind arguments
// of c, a call of a wrapper, from the call's arguments at the wrapper's
// parameter indexes (-1: none).
func (ix *Index) bindWrapperArgs(c *Call, call *ast.CallExpr, recv, ctx, dest, args int) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := ix.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			c.Recv = sel.X
		}
	}
	if recv >= 0 {
		c.Recv = argAt(call, recv)
		if c.Recv != nil {
			if k := kindOfType(ix.info.TypeOf(c.Recv)); k != RecvNone {
				c.RecvKind = k
			}
		}
	}
	if ctx >= 0 {
		c.Ctx = argAt(call, ctx)
	}
	if dest >= 0 {
		c.Dest = argAt(call, dest)
	}
	if args >= 0 && args <= len(call.Args) {
		c.Args = call.Args[args:]
		c.Spread = call.Ellipsis.IsValid()
	}
}
