// Package txfinish reports database transactions that a path leaves open
// (no Commit, no Rollback, no hand-off) and Commit errors that are dropped.
package txfinish

import (
	"go/ast"
	"go/types"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/fixes"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/outbound"
	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports transactions left open and dropped Commit errors.
var Analyzer = &analysis.Analyzer{
	Name:      "txfinish",
	Doc:       Doc.String(),
	URL:       Doc.URL(),
	Requires:  []*analysis.Analyzer{report.Analyzer, flow.Analyzer, pkgindex.Analyzer, dbcall.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(finishFact)},
}

var includeTests bool

func init() {
	Analyzer.Flags.BoolVar(&includeTests, "tests", false, "also report in _test.go files and test-support packages")
}

func run(pass *analysis.Pass) (_ any, err error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	if !includeTests && outbound.TestPackage(pass.Fset, pass.Pkg, pass.Files) {
		return nil, nil // test support: not production behaviour
	}
	var failed bool
	defer bug.Catch(&failed, "txfinish")
	fp, ok := pass.ResultOf[flow.Analyzer].(*flow.Package)
	if !ok {
		return nil, nil
	}
	db, ok := pass.ResultOf[dbcall.Analyzer].(*dbcall.Index)
	if !ok {
		return nil, nil
	}
	c := newChecker(pass, fp)
	c.db = db
	for _, call := range c.ix.Calls() {
		name := calleeName(call)
		if name == "" {
			continue
		}
		if !includeTests && typesx.IsTestFile(pass.Fset.PositionFor(call.Pos(), false).Filename) {
			continue
		}
		if name == "Commit" {
			c.commit(call)
			continue
		}
		c.begin(call)
	}
	c.exportFacts()
	return nil, nil
}

// calleeName is the name of the function or method call calls, from the
// syntax: x.Name(...) or Name(...).
func calleeName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	case *ast.IndexExpr: // generic instantiation
		if id, ok := f.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// checker holds one package's state.
type checker struct {
	srcs *fixes.Sources // the files fixes read, each once
	pass *analysis.Pass
	info *types.Info
	fp   *flow.Package
	ix   *pkgindex.Index
	db   *dbcall.Index
	// summaries caches what package-local functions do with a transaction
	// parameter.
	summaries map[paramKey]summary
	// wrappers caches the package's functions that return a transaction
	// they began.
	wrappers map[*types.Func]beginInfo
	// imported caches other packages' facts (nil: none).
	imported map[*types.Func]*finishFact
}

func newChecker(pass *analysis.Pass, fp *flow.Package) *checker {
	return &checker{
		srcs:      fixes.NewSources(pass),
		pass:      pass,
		info:      pass.TypesInfo,
		fp:        fp,
		ix:        fp.Index(),
		summaries: map[paramKey]summary{},
		wrappers:  map[*types.Func]beginInfo{},
		imported:  map[*types.Func]*finishFact{},
	}
}
