// Package selectinsert reports SELECT-then-INSERT and check-then-act races:
// a read of a row by key whose not-found branch does a side effect before
// inserting the row, and a read of a state column whose value gates an
// UPDATE that does not re-check it, with no atomic guard (INSERT ... ON
// CONFLICT ... RETURNING, a conditional UPDATE, SELECT ... FOR UPDATE in the
// same transaction, an advisory lock, SERIALIZABLE).
//
// It works on the AST and types of one package. Reads and writes done in
// the package's own helpers (a findByKey method, an insert method, a query
// wrapper) are followed through function summaries computed for the
// package; helpers in other packages are not followed.
package selectinsert

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sqltext"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer reports SELECT-then-INSERT and check-then-act races. It follows
// the package's own helpers through summaries, and helpers in other
// packages (a repository package, sqlc's generated Queries) through facts.
// Every front end carries the facts between the packages it analyses
// (faultline's own driver in memory, go vet in its files); a copy that
// declares no facts follows the package's own helpers only.
var Analyzer = &analysis.Analyzer{
	Name:      "selectinsert",
	Doc:       Doc.String(),
	URL:       Doc.URL(),
	Requires:  []*analysis.Analyzer{report.Analyzer, inspect.Analyzer, dbcall.Analyzer, flow.Analyzer, pkgindex.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(funcFact), new(pkgFact)},
}

// checker is the state of one pass.
type checker struct {
	pass     *analysis.Pass
	info     *types.Info
	pkg      *types.Package
	idx      *dbcall.Index
	resolver *sqltext.Resolver

	opCache   map[*ast.CallExpr]*op
	textCache map[ast.Expr]string
	sums      map[*types.Func]*summary
	txObjs    map[types.Object]*txInfo // variables and closure parameters that are transactions
	reported  map[token.Pos]bool
	handles   map[*ast.BlockStmt]bool // function bodies that recognise a unique violation

	flow      *flow.Package
	pidx      *pkgindex.Index
	repoMemo  map[types.Type]bool           // see isRepository
	roleMemo  map[*types.Func]bool          // see roleCandidate
	events    map[*ast.CallExpr]callEvents  // eventsOf, by call
	idents    map[types.Object][]*ast.Ident // identsOf: uses and definitions of variables
	names     map[ast.Node]map[string]bool  // freshName: the names a function mentions
	steps     int                           // nodes walked (see walker.node), for tests
	busy      int                           // summaries being computed
	mutations map[*ast.CallExpr]string      // mutation, by call
	conds     map[ast.Expr]*condInfo        // condInfo, by branch condition
	tagConds  map[ast.Expr]ast.Expr         // tagCond, by case expression
	comms     map[*ast.AssignStmt]bool      // select cases' receive assignments
	commLhs   map[ast.Expr]*ast.AssignStmt  // their first operands
	bareDecls map[*ast.Ident]bool           // bareDecl

	gormTxEscapes *bool                       // a GORM transaction is passed or stored somewhere in the package
	facts         bool                        // the analyzer declares facts: import and export summaries
	refs          map[types.Object][]ast.Node // refsOf
	capLimits     map[token.Pos]ast.Expr      // the limit of a capacity check, by its condition
}

func run(pass *analysis.Pass) (any, error) {
	idx, ok := pass.ResultOf[dbcall.Analyzer].(*dbcall.Index)
	if !ok || idx == nil || pass.TypesInfo == nil {
		return nil, nil
	}
	facts := len(pass.Analyzer.FactTypes) > 0
	// roleOnly: no database calls here or in what it imports, but a
	// repository interface in sight (role.go): only the functions that read
	// through one are walked.
	roleOnly := len(idx.Calls()) == 0 && !(facts && importsSummaries(pass))
	if roleOnly && !declaresRepository(pass.Pkg) {
		return nil, nil // fast path: no database calls here or in what it imports
	}
	a := &checker{
		pass:      pass,
		info:      pass.TypesInfo,
		pkg:       pass.Pkg,
		idx:       idx,
		resolver:  resolverOf(idx, pass),
		opCache:   map[*ast.CallExpr]*op{},
		textCache: map[ast.Expr]string{},
		sums:      map[*types.Func]*summary{},
		txObjs:    map[types.Object]*txInfo{},
		reported:  map[token.Pos]bool{},
		handles:   map[*ast.BlockStmt]bool{},
		events:    map[*ast.CallExpr]callEvents{},
		flow:      pass.ResultOf[flow.Analyzer].(*flow.Package),
		pidx:      pass.ResultOf[pkgindex.Analyzer].(*pkgindex.Index),
		facts:     facts,
	}
	a.findTransactions()
	for _, f := range pass.Files {
		// A fast path (report drops findings in generated files anyway);
		// judged on the file as written, so cgo files are checked.
		if pass.ResultOf[report.Analyzer].(*report.Index).GeneratedFile(f) {
			continue
		}
		for _, root := range a.roots(f) {
			if roleOnly && !a.readsThroughRepository(root) {
				continue
			}
			a.checkRoot(root)
		}
	}
	if a.facts && !roleOnly {
		// A package with no database call here or below exports nothing:
		// role reads are judged where they are made.
		a.exportFacts()
	}
	if testHookSteps != nil {
		testHookSteps(pass.Pkg, a.steps)
	}
	return nil, nil
}

// testHookSteps, set by tests, receives the number of nodes the walks of a
// package visited.
var testHookSteps func(pkg *types.Package, steps int)

// decl returns the declaration, with a body, of a function of the package
// (generated files too: sqlc's Queries have summaries).
func (a *checker) decl(fn *types.Func) *ast.FuncDecl {
	if fd := a.pidx.Decl(fn); fd != nil && fd.Body != nil {
		return fd
	}
	return nil
}

// roots returns the function bodies analysed on their own: declared
// functions, and function literals that are not the argument of a call
// (those run inline, as part of the enclosing function).
func (a *checker) roots(f *ast.File) []ast.Node {
	var out []ast.Node
	fc, ok := a.pidx.Cursor(f)
	if !ok {
		return nil
	}
	for c := range fc.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				out = append(out, n)
			}
		case *ast.FuncLit:
			if !a.inlineLit(n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// inlineLit reports a function literal passed directly as a call argument:
// the walk of the enclosing function follows it in place.
func (a *checker) inlineLit(lit *ast.FuncLit) bool {
	p := a.pidx.Parent(lit)
	for {
		if pe, ok := p.(*ast.ParenExpr); ok {
			p = a.pidx.Parent(pe)
			continue
		}
		break
	}
	call, ok := p.(*ast.CallExpr)
	if !ok {
		return false
	}
	for _, arg := range call.Args {
		if ast.Unparen(arg) == lit {
			return true
		}
	}
	return false
}

func bodyOf(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// funcOf returns the package-local function a call calls, with its
// declaration, or nil.
func (a *checker) funcOf(call *ast.CallExpr) (*types.Func, *ast.FuncDecl) {
	fn := typesx.Callee(a.info, call)
	if fn == nil || fn.Pkg() != a.pkg {
		return nil, nil
	}
	fn = fn.Origin()
	fd := a.decl(fn)
	if fd == nil {
		return nil, nil
	}
	return fn, fd
}

// lineOf returns the line of pos.
func (a *checker) lineOf(pos token.Pos) int {
	return a.pass.Fset.PositionFor(pos, false).Line
}

// importsSummaries reports a package importing one that exported
// summaries.
func importsSummaries(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		var f pkgFact
		if pass.ImportPackageFact(imp, &f) {
			return true
		}
	}
	return false
}

// resolverOf returns the package's SQL-text resolver: dbcall's, built once
// per package for every DB check, or one of its own if there is none.
func resolverOf(idx *dbcall.Index, pass *analysis.Pass) *sqltext.Resolver {
	if r := idx.Resolver(); r != nil {
		return r
	}
	return sqltext.NewResolver(pass.Files, pass.TypesInfo)
}
