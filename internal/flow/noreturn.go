package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"github.com/faultline-dev/faultline/internal/pkgindex"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// noReturnFuncs are the functions and methods, outside the package being
// analysed, known never to return. Qualified as typesx.QualifiedName spells
// them.
var noReturnFuncs = map[string]bool{
	"os.Exit":                  true,
	"runtime.Goexit":           true,
	"log.Fatal":                true,
	"log.Fatalf":               true,
	"log.Fatalln":              true,
	"log.Panic":                true,
	"log.Panicf":               true,
	"log.Panicln":              true,
	"(log.Logger).Fatal":       true,
	"(log.Logger).Fatalf":      true,
	"(log.Logger).Fatalln":     true,
	"(log.Logger).Panic":       true,
	"(log.Logger).Panicf":      true,
	"(log.Logger).Panicln":     true,
	"(testing.common).FailNow": true,
	"(testing.common).Fatal":   true,
	"(testing.common).Fatalf":  true,
	"(testing.common).SkipNow": true,
	"(testing.common).Skip":    true,
	"(testing.common).Skipf":   true,
	"(testing.TB).FailNow":     true,
	"(testing.TB).Fatal":       true,
	"(testing.TB).Fatalf":      true,
	"(testing.TB).SkipNow":     true,
	"(testing.TB).Skip":        true,
	"(testing.TB).Skipf":       true,
	"(testing.B).Fatal":        true,
	"(testing.B).Fatalf":       true,
	"(testing.F).Fatal":        true,
	"(testing.F).Fatalf":       true,
	"(testing.T).Fatal":        true,
	"(testing.T).Fatalf":       true,
	"(testing.T).FailNow":      true,
	// Loggers whose Fatal calls os.Exit.
	"github.com/sirupsen/logrus.Fatal":           true,
	"github.com/sirupsen/logrus.Fatalf":          true,
	"github.com/sirupsen/logrus.Fatalln":         true,
	"github.com/sirupsen/logrus.Panic":           true,
	"github.com/sirupsen/logrus.Panicf":          true,
	"(github.com/sirupsen/logrus.Logger).Fatal":  true,
	"(github.com/sirupsen/logrus.Logger).Fatalf": true,
	"(github.com/sirupsen/logrus.Entry).Fatal":   true,
	"(github.com/sirupsen/logrus.Entry).Fatalf":  true,
	"k8s.io/klog/v2.Fatal":                       true,
	"k8s.io/klog/v2.Fatalf":                      true,
	"k8s.io/klog/v2.Exit":                        true,
	"k8s.io/klog/v2.Exitf":                       true,
	"(go.uber.org/zap.Logger).Fatal":             true,
	"(go.uber.org/zap.Logger).Panic":             true,
	"(go.uber.org/zap.SugaredLogger).Fatal":      true,
	"(go.uber.org/zap.SugaredLogger).Fatalf":     true,
	"(go.uber.org/zap.SugaredLogger).Fatalw":     true,
	"(go.uber.org/zap.SugaredLogger).Panicf":     true,
}

// KnownNoReturn reports whether fn is one of the functions outside the
// analysed package known never to return.
func KnownNoReturn(fn *types.Func) bool {
	return fn != nil && noReturnFuncs[typesx.QualifiedName(fn)]
}

// Package is faultline's per-package control-flow state: a graph per
// function body, shared by every check, and which of the package's own
// functions never return (every path ends in a no-return call), found from
// their graphs as ctrlflow does, without facts. The package's function graphs
// are built once, in source order, when the Package is made, so the answers
// are the same whatever order the checks ask in.
type Package struct {
	info *types.Info
	ix   *pkgindex.Index

	noReturn map[*types.Func]int8 // 1 in progress, 2 returns, 3 never returns; read-only after NewPackage

	mu     sync.Mutex
	graphs map[*ast.BlockStmt]*Graph
}

// Analyzer provides a *Package. It reports nothing and declares no facts.
var Analyzer = &analysis.Analyzer{
	Name:     "faultlineflow",
	Doc:      "control-flow graphs for faultline's checks",
	Requires: []*analysis.Analyzer{pkgindex.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		return NewPackage(pass.ResultOf[pkgindex.Analyzer].(*pkgindex.Index)), nil
	},
	ResultType:       reflect.TypeFor[*Package](),
	RunDespiteErrors: true,
}

// NewPackage returns the control-flow state of an indexed package.
func NewPackage(ix *pkgindex.Index) *Package {
	p := &Package{info: ix.Info, ix: ix, graphs: map[*ast.BlockStmt]*Graph{}, noReturn: map[*types.Func]int8{}}
	for _, fn := range ix.Funcs() {
		p.build(fn)
	}
	return p
}

// build computes fn's graph and whether it never returns, recursing into the
// package's callees; a cycle is broken by assuming the function in progress
// returns (ctrlflow's rule).
func (p *Package) build(fn *types.Func) bool {
	switch p.noReturn[fn] {
	case 1, 2:
		return false
	case 3:
		return true
	}
	decl := p.ix.Decl(fn)
	if decl == nil || decl.Body == nil {
		p.noReturn[fn] = 2
		return false
	}
	p.noReturn[fn] = 1
	g := New(decl.Body, p.mayReturnBuilding)
	p.graphs[decl.Body] = g
	if g.CFG.NoReturn() {
		p.noReturn[fn] = 3
		return true
	}
	p.noReturn[fn] = 2
	return false
}

func (p *Package) mayReturnBuilding(call *ast.CallExpr) bool {
	if typesx.IsBuiltin(p.info, call, "panic") {
		return false
	}
	fn := typesx.Callee(p.info, call)
	if fn == nil {
		return true
	}
	if KnownNoReturn(fn) {
		return false
	}
	if p.ix.Decl(fn) != nil {
		return !p.build(fn.Origin())
	}
	return true
}

// Index is the package index the graphs were built from.
func (p *Package) Index() *pkgindex.Index { return p.ix }

// Graph returns the graph of a function body (a FuncDecl's or a FuncLit's).
func (p *Package) Graph(body *ast.BlockStmt) *Graph {
	if body == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.graphs[body]
	if g == nil {
		g = New(body, p.MayReturn)
		p.graphs[body] = g
	}
	return g
}

// FuncGraph returns the graph of a *ast.FuncDecl or *ast.FuncLit.
func (p *Package) FuncGraph(fn ast.Node) *Graph {
	body, _ := pkgindex.FuncBody(fn)
	return p.Graph(body)
}

// MayReturn reports whether a call can return: false for panic, the known
// no-return functions, and the package's own functions that never return.
func (p *Package) MayReturn(call *ast.CallExpr) bool {
	if typesx.IsBuiltin(p.info, call, "panic") {
		return false
	}
	fn := typesx.Callee(p.info, call)
	if fn == nil {
		return true
	}
	if KnownNoReturn(fn) {
		return false
	}
	return p.noReturn[fn.Origin()] != 3
}

// NeverReturns reports whether fn is one of the package's functions every
// path of which ends in a no-return call, or a known no-return function.
func (p *Package) NeverReturns(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	return KnownNoReturn(fn) || p.noReturn[fn.Origin()] == 3
}

// MayReturnFunc is a mayReturn for New that knows only panic and the known
// no-return functions (no package index).
func MayReturnFunc(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		if typesx.IsBuiltin(info, call, "panic") {
			return false
		}
		return !KnownNoReturn(typesx.Callee(info, call))
	}
}

// Leaves reports whether the path does not go on after s: a return, a
// break, continue or goto, a call that never returns (panic, log.Fatal,
// os.Exit, t.Fatal, the package's own no-return functions through
// mayReturn), a block that ends in one, or an if whose both branches leave.
// It is syntactic, for fixes that insert next to a statement.
func Leaves(s ast.Stmt, mayReturn func(*ast.CallExpr) bool) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok != token.FALLTHROUGH
	case *ast.BlockStmt:
		return s != nil && len(s.List) > 0 && Leaves(s.List[len(s.List)-1], mayReturn)
	case *ast.IfStmt:
		return s.Else != nil && Leaves(s.Body, mayReturn) && Leaves(s.Else, mayReturn)
	case *ast.LabeledStmt:
		return Leaves(s.Stmt, mayReturn)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && mayReturn != nil && !mayReturn(call)
	}
	return false
}

// IsErrExit reports whether s is `if v != nil { ...; leave }` with no init
// and no else: the error check that ends the path when the call that set v
// failed. A nil v accepts any error operand.
func IsErrExit(info *types.Info, s ast.Stmt, v types.Object, mayReturn func(*ast.CallExpr) bool) bool {
	ifs, ok := s.(*ast.IfStmt)
	return ok && ifs.Init == nil && ifs.Else == nil && typesx.IsNotNilTest(info, ifs.Cond, v) && Leaves(ifs.Body, mayReturn)
}
