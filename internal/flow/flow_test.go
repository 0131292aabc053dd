package flow_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/pkgindex"
)

type fixture struct {
	fset *token.FileSet
	file *ast.File
	info *types.Info
	pkg  *flow.Package
	src  string
}

func load(t testing.TB, src string) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances: map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: importer.Default()}
	tpkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	ix := pkgindex.NewFrom(fset, info, tpkg, []*ast.File{f}, nil)
	return &fixture{fset: fset, file: f, info: info, pkg: flow.NewPackage(ix), src: src}
}

func (fx *fixture) fn(name string) *ast.FuncDecl {
	for _, d := range fx.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name {
			return fd
		}
	}
	panic("no func " + name)
}

// call finds the first call of a function named name in fn (not in literals).
func (fx *fixture) call(fn ast.Node, name string) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(fn, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && found == nil {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == name {
				found = c
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				found = c
			}
		}
		return found == nil
	})
	if found == nil {
		panic("no call " + name)
	}
	return found
}

func (fx *fixture) str(n ast.Node) string {
	return fx.src[fx.fset.Position(n.Pos()).Offset:fx.fset.Position(n.End()).Offset]
}

func (fx *fixture) guards(g *flow.Graph, n ast.Node) []string {
	var out []string
	for _, gd := range g.Guards(n) {
		for _, s := range flow.Split(gd) {
			c := fx.str(s.Cond)
			if s.Tag != nil {
				c = fx.str(s.Tag) + " == " + c
			}
			out = append(out, fmt.Sprintf("%s=%v", c, s.Holds))
		}
	}
	return out
}

const src = `package p

import (
	"errors"
	"log"
	"os"
)

func a() error  { return nil }
func use()      {}
func die()      { os.Exit(1) }
func fatal(err error) { log.Fatalf("x: %v", err) }
func maybe(b bool) { if b { os.Exit(1) } }

func guards(x int) error {
	err := a()
	if err != nil {
		return err
	}
	use()
	if x > 0 && x < 10 {
		a()
	}
	switch x {
	case 1:
		die()
	case 2, 3:
		maybe(true)
	}
	switch {
	case err == nil:
		fatal(errors.New("x"))
	}
	return nil
}

func loops(xs []int) {
	for i := 0; i < 3; i++ {
		use()
	}
	for range xs {
		a()
	}
again:
	if len(xs) > 0 {
		xs = xs[1:]
		goto again
	}
	maybe(false)
}

type tx struct{}
func begin() (*tx, error) { return &tx{}, nil }
func (*tx) Commit() error  { return nil }
func (*tx) Rollback() error { return nil }

func leak(c bool) error {
	t, err := begin()
	if err != nil {
		return err
	}
	if c {
		return errors.New("early")
	}
	return t.Commit()
}

func deferred(c bool) error {
	t, err := begin()
	if err != nil {
		return err
	}
	defer t.Rollback()
	if c {
		return errors.New("early")
	}
	return t.Commit()
}

func finish(t *tx, c bool) {
	if c {
		t.Rollback()
		return
	}
	t.Commit()
}

func half(t *tx, c bool) {
	if c {
		t.Rollback()
	}
}

func first(t *tx) { t.Rollback() }

func loopFirst(t *tx, xs []int) {
	for range xs {
		t.Rollback()
	}
}

func panics(c bool) error {
	t, _ := begin()
	if c {
		panic("x")
	}
	return t.Commit()
}

func lit() {
	f := func() {
		use()
	}
	f()
}
`

func TestGuards(t *testing.T) {
	fx := load(t, src)
	fn := fx.fn("guards")
	g := fx.pkg.FuncGraph(fn)
	for _, tc := range []struct {
		call string
		want []string
	}{
		{"use", []string{"err != nil=false"}},
		{"a", nil}, // the first a() has no guard: err := a() is not under any condition
		{"die", []string{"x == 1=true", "x > 0=false", "err != nil=false"}},
		// case 2, 3 is reached only when case 1 failed; its body has two ways
		// in, so neither case expression is a guard.
		{"maybe", []string{"x == 1=false", "err != nil=false"}},
		// case 1 never returns (die), so every path to the second switch
		// failed it.
		{"fatal", []string{"err == nil=true", "x == 1=false", "err != nil=false"}},
	} {
		c := fx.call(fn, tc.call)
		got := fx.guards(g, c)
		if tc.call == "die" || tc.call == "fatal" {
			// Guards of enclosing ifs that merged before: only the guards listed.
			got = slices.DeleteFunc(got, func(s string) bool { return strings.HasPrefix(s, "x > 0") })
			tc.want = slices.DeleteFunc(tc.want, func(s string) bool { return strings.HasPrefix(s, "x > 0") })
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("guards of %s() = %q, want %q", tc.call, got, tc.want)
		}
	}
	// The second a() is under x > 0 && x < 10: Split gives both halves.
	var second *ast.CallExpr
	n := 0
	ast.Inspect(fn, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "a" {
				n++
				if n == 2 {
					second = c
				}
			}
		}
		return true
	})
	got := fx.guards(g, second)
	want := []string{"x > 0=true", "x < 10=true", "err != nil=false"}
	if !slices.Equal(got, want) {
		t.Errorf("guards of the second a() = %q, want %q", got, want)
	}
}

func TestNoReturn(t *testing.T) {
	fx := load(t, src)
	for name, want := range map[string]bool{"die": true, "fatal": true, "maybe": false, "use": false} {
		fn := fx.info.Defs[fx.fn(name).Name].(*types.Func)
		if got := fx.pkg.NeverReturns(fn); got != want {
			t.Errorf("NeverReturns(%s) = %v, want %v", name, got, want)
		}
	}
	// After die() in case 1, nothing of that case runs: the case body's block
	// has no successor.
	fn := fx.fn("guards")
	g := fx.pkg.FuncGraph(fn)
	b := g.Block(fx.call(fn, "die"))
	if len(b.Succs) != 0 {
		t.Errorf("block of die() has %d successors, want 0", len(b.Succs))
	}
	if !flow.Terminal(b) || flow.IsReturn(b) {
		t.Errorf("block of die(): Terminal=%v IsReturn=%v, want true, false", flow.Terminal(b), flow.IsReturn(b))
	}
}

func TestFindExit(t *testing.T) {
	fx := load(t, src)
	isCall := func(names ...string) func(ast.Node) bool {
		return func(n ast.Node) bool {
			found := false
			ast.Inspect(n, func(m ast.Node) bool {
				if c, ok := m.(*ast.CallExpr); ok {
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok && slices.Contains(names, sel.Sel.Name) {
						found = true
					}
				}
				return !found
			})
			return found
		}
	}
	// Prune the err != nil branch right after Begin.
	noErr := func(gd flow.Guard) bool {
		for _, s := range flow.Split(gd) {
			if be, ok := s.Cond.(*ast.BinaryExpr); ok && be.Op == token.NEQ {
				if id, ok := be.X.(*ast.Ident); ok && id.Name == "err" && s.Holds {
					return false
				}
			}
		}
		return true
	}
	for _, tc := range []struct {
		fn      string
		want    string // the exit's source, "" for none
		noRet   bool
		pruning bool
	}{
		{"leak", `return errors.New("early")`, false, true},
		{"leak", "return err", false, false}, // without pruning the error path is found first
		{"deferred", "", false, true},
		{"panics", "", false, true},
		{"panics", `panic("x")`, true, true},
	} {
		fn := fx.fn(tc.fn)
		g := fx.pkg.FuncGraph(fn)
		begin := fx.call(fn, "begin")
		s := flow.Search{Stop: isCall("Commit", "Rollback"), NoReturn: tc.noRet}
		if tc.pruning {
			s.Edge = noErr
		}
		exit, path := g.FindExit(begin, s)
		got := ""
		if exit != nil {
			got = fx.str(exit)
			if len(path) == 0 || path[len(path)-1] != g.Block(exit) || path[0] != g.Block(begin) {
				t.Errorf("%s: path %v does not run from the begin block to the exit", tc.fn, path)
			}
		}
		if got != tc.want {
			t.Errorf("FindExit(%s, noReturn=%v, prune=%v) = %q, want %q", tc.fn, tc.noRet, tc.pruning, got, tc.want)
		}
	}
}

func TestFindExitFromEntry(t *testing.T) {
	fx := load(t, src)
	rollsBack := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			if c, ok := m.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Rollback" || sel.Sel.Name == "Commit") {
					found = true
				}
			}
			return !found
		})
		return found
	}
	for _, tc := range []struct{ fn, want string }{
		{"finish", ""},
		{"first", ""}, // the entry's first node is searched too
		{"half", "return"},
		{"loopFirst", "return"}, // the loop may run no times
	} {
		g := fx.pkg.FuncGraph(fx.fn(tc.fn))
		exit, path := g.FindExitFromEntry(flow.Search{Stop: rollsBack})
		got := ""
		if r, ok := exit.(*ast.ReturnStmt); ok && len(r.Results) == 0 {
			got = "return" // the implicit return at the closing brace
		} else if exit != nil {
			got = fx.str(exit)
		}
		if exit != nil {
			if len(path) == 0 || path[0] != g.Blocks()[0] || path[len(path)-1] != g.Block(exit) {
				t.Errorf("%s: path %v does not run from the entry to the exit", tc.fn, path)
			}
		}
		if got != tc.want {
			t.Errorf("FindExitFromEntry(%s) = %q, want %q", tc.fn, got, tc.want)
		}
	}
}

func TestLoops(t *testing.T) {
	fx := load(t, src)
	fn := fx.fn("loops")
	g := fx.pkg.FuncGraph(fn)
	loops := g.Loops()
	if len(loops) != 3 {
		t.Fatalf("%d loops, want 3 (for, range, goto)", len(loops))
	}
	var stmts []string
	for _, l := range loops {
		switch l.Stmt.(type) {
		case *ast.ForStmt:
			stmts = append(stmts, "for")
		case *ast.RangeStmt:
			stmts = append(stmts, "range")
		case nil:
			stmts = append(stmts, "goto")
		}
		if len(l.Exits()) == 0 {
			t.Errorf("loop %T has no exit", l.Stmt)
		}
	}
	if want := []string{"for", "range", "goto"}; !slices.Equal(stmts, want) {
		t.Errorf("loops = %q, want %q", stmts, want)
	}
	if l := g.LoopOf(fx.call(fn, "use")); l == nil || l != loops[0] {
		t.Errorf("LoopOf(use()) = %v, want the for loop", l)
	}
	if l := g.LoopOf(fx.call(fn, "maybe")); l != nil {
		t.Errorf("LoopOf(maybe()) = %v, want none", l)
	}
	if !g.Reaches(fx.call(fn, "a"), fx.call(fn, "a")) {
		t.Error("a() in a range loop does not reach itself")
	}
	if g.Reaches(fx.call(fn, "maybe"), fx.call(fn, "use")) {
		t.Error("maybe() after the loops reaches use() in the first loop")
	}
}

func TestFuncLitNotInGraph(t *testing.T) {
	fx := load(t, src)
	fn := fx.fn("lit")
	g := fx.pkg.FuncGraph(fn)
	use := fx.call(fn, "use")
	if g.Contains(use) {
		t.Error("a call inside a function literal is a node of the enclosing graph")
	}
	lit := fn.Body.List[0].(*ast.AssignStmt).Rhs[0].(*ast.FuncLit)
	if !fx.pkg.FuncGraph(lit).Contains(use) {
		t.Error("a call inside a function literal is not a node of the literal's graph")
	}
}

// assigned is a must-analysis: the names surely assigned so far
// (intersection at joins).
type assigned map[string]bool

type must struct{}

func (must) Join(a, b assigned) assigned {
	out := assigned{}
	for k := range a {
		if b[k] {
			out[k] = true
		}
	}
	return out
}

func (must) Equal(a, b assigned) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func TestForward(t *testing.T) {
	fx := load(t, `package p
func f(c bool) int {
	var x, y, z int
	x = 1
	if c {
		y = 2
		z = 1
	} else {
		z = 2
	}
	for i := 0; i < 3; i++ {
		if c { continue }
		y = 3
	}
	return x + y + z
}
`)
	fn := fx.fn("f")
	g := fx.pkg.FuncGraph(fn)
	tr := flow.Transfer[assigned]{Node: func(f assigned, n ast.Node) assigned {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN {
			return f
		}
		out := assigned{}
		for k := range f {
			out[k] = true
		}
		for _, l := range as.Lhs {
			out[l.(*ast.Ident).Name] = true
		}
		return out
	}}
	r := flow.Forward[assigned](g, must{}, assigned{}, tr)
	if r.Incomplete {
		t.Fatal("incomplete")
	}
	ret := fn.Body.List[len(fn.Body.List)-1]
	f, ok := r.Before(ret)
	if !ok {
		t.Fatal("return not reached")
	}
	if !f["x"] || !f["z"] || f["y"] {
		t.Errorf("assigned before return = %v, want x and z but not y", f)
	}
	count := 0
	r.Each(func(n ast.Node, _ assigned) bool { count++; return true })
	if count == 0 {
		t.Error("Each visited no node")
	}
}

// counter is a lattice of unbounded height: Forward must stop and say so.
type counter struct{}

func (counter) Join(a, b int) int   { return max(a, b) }
func (counter) Equal(a, b int) bool { return a == b }

func TestForwardBounded(t *testing.T) {
	fx := load(t, `package p
func f() { for { g() } }
func g() {}
`)
	g := fx.pkg.FuncGraph(fx.fn("f"))
	r := flow.Forward[int](g, counter{}, 0, flow.Transfer[int]{Node: func(f int, n ast.Node) int { return f + 1 }})
	if !r.Incomplete {
		t.Error("an unbounded lattice did not make Forward incomplete")
	}
}

// longFunc is a function of n if-statements, each with a call and a branch.
func longFunc(n int) string {
	var b strings.Builder
	b.WriteString("package p\nfunc g(int) error { return nil }\nfunc f(c int) error {\n\tvar err error\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\tif err = g(%d); err != nil && c > %d {\n\t\treturn err\n\t}\n", i, i)
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

func TestLongFunctionLinear(t *testing.T) {
	// Not a timing test: the work Forward does (visits per block) must not
	// grow with the function's length.
	fx := load(t, longFunc(5000))
	g := fx.pkg.FuncGraph(fx.fn("f"))
	visits := 0
	r := flow.Forward[int](g, counterBounded{}, 0, flow.Transfer[int]{Node: func(f int, n ast.Node) int { visits++; return f }})
	if r.Incomplete {
		t.Fatal("incomplete")
	}
	if nodes := countNodes(g); visits > 2*nodes {
		t.Errorf("Forward made %d node visits for %d nodes", visits, nodes)
	}
}

type counterBounded struct{}

func (counterBounded) Join(a, b int) int   { return max(a, b) }
func (counterBounded) Equal(a, b int) bool { return a == b }

func countNodes(g *flow.Graph) int {
	n := 0
	for _, b := range g.Blocks() {
		if b.Live {
			n += len(b.Nodes)
		}
	}
	return n
}

func BenchmarkLongFunction(b *testing.B) {
	fx := load(b, longFunc(20000))
	fn := fx.fn("f")
	b.ResetTimer()
	for b.Loop() {
		g := flow.New(fn.Body, nil)
		_ = g.Guards(fn.Body.List[len(fn.Body.List)-1])
		_ = g.Loops()
		g.FindExit(fn.Body.List[0], flow.Search{})
	}
}

func TestErrExit(t *testing.T) {
	fx := load(t, `package p
import ("errors"; "log"; "os")
func die() { os.Exit(1) }
func f() (err error) {
	e2 := errors.New("x")
	if err != nil { return err }                 // 0: exit
	if nil != err { log.Fatal(err) }             // 1: exit (no-return call)
	if err != nil { die() }                      // 2: exit (the package's own no-return function)
	for { if err != nil { break } }              // 3 (inside the for): exit (break)
	if err != nil { log.Print(err) }             // 4: goes on
	if err == nil { return nil }                 // 5: not a not-nil test
	if err != nil { return err } else { _ = 1 }  // 6: has an else
	if e2 != nil { return e2 }                   // 7: another variable
	if err != nil { if e2 != nil { return err } else { panic(e2) } } // 8: both branches leave
	return nil
}
`)
	fn := fx.fn("f")
	errV := fx.info.Defs[fn.Type.Results.List[0].Names[0]]
	var ifs []*ast.IfStmt
	for _, s := range fn.Body.List {
		switch s := s.(type) {
		case *ast.IfStmt:
			ifs = append(ifs, s)
		case *ast.ForStmt:
			ifs = append(ifs, s.Body.List[0].(*ast.IfStmt))
		}
	}
	want := []bool{true, true, true, true, false, false, false, false, true}
	if len(ifs) != len(want) {
		t.Fatalf("%d if statements, want %d", len(ifs), len(want))
	}
	for i, s := range ifs {
		if got := flow.IsErrExit(fx.info, s, errV, fx.pkg.MayReturn); got != want[i] {
			t.Errorf("if %d: IsErrExit = %v, want %v", i, got, want[i])
		}
	}
	if !flow.IsErrExit(fx.info, ifs[7], nil, fx.pkg.MayReturn) {
		t.Error("IsErrExit with a nil variable does not accept e2 != nil")
	}
	if flow.Leaves(ifs[4].Body, nil) {
		t.Error("Leaves(log.Print) = true")
	}
}

// TestLoc pins where nodes run: a nested expression at its statement, a
// select case's received variable with the receive (the first block that
// holds it), a function literal where it is written but not its body, and
// dead code nowhere.
func TestLoc(t *testing.T) {
	fx := load(t, `package p

func a() int { return 1 }
func b(int) {}

func f(ch chan int, done chan bool) {
	x := a() + 2
	select {
	case v, ok := <-ch:
		if ok {
			b(v)
		}
	case <-done:
		return
	}
	g := func() { b(x) }
	g()
	return
	b(3)
}
`)
	fn := fx.fn("f")
	g := fx.pkg.FuncGraph(fn)
	assign := fn.Body.List[0].(*ast.AssignStmt)
	sum := assign.Rhs[0].(*ast.BinaryExpr)
	la, ok := g.Loc(assign)
	if !ok {
		t.Fatal("the first statement has no location")
	}
	if ls, ok := g.Loc(sum.X); !ok || ls != la {
		t.Errorf("a() in x := a() + 2: located at %v %v, want the statement's %v", ls, ok, la)
	}
	sel := fn.Body.List[1].(*ast.SelectStmt)
	comm := sel.Body.List[0].(*ast.CommClause).Comm.(*ast.AssignStmt)
	lc, ok := g.Loc(comm)
	if !ok {
		t.Fatal("the receive has no location")
	}
	if lv, ok := g.Loc(comm.Lhs[0]); !ok || lv != lc {
		t.Errorf("the received variable: located at %v %v, want the receive's %v", lv, ok, lc)
	}
	if l, ok := g.Loc(fx.call(fn, "b")); !ok || l.Block == lc.Block {
		t.Errorf("b(v) in the case body: located at %v %v, want a block of its own", l, ok)
	}
	lit := fn.Body.List[2].(*ast.AssignStmt).Rhs[0].(*ast.FuncLit)
	if _, ok := g.Loc(lit); !ok {
		t.Error("the function literal itself has no location")
	}
	var inLit *ast.CallExpr
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			inLit = c
		}
		return true
	})
	if _, ok := g.Loc(inLit); ok {
		t.Error("a call inside the literal is located in the enclosing graph")
	}
	dead := fn.Body.List[len(fn.Body.List)-1].(*ast.ExprStmt)
	if _, ok := g.Loc(dead); ok {
		t.Error("dead code after return is located")
	}
}

// TestForeverLoop: for {} and a range over a channel run for the goroutine's
// life; a counted loop and a range over a slice do not.
func TestForeverLoop(t *testing.T) {
	fx := load(t, `package p

func f(ch chan int, xs []int) {
	for {
		break
	}
	for v := range ch {
		_ = v
	}
	for i := 0; i < 3; i++ {
	}
	for range xs {
	}
}
`)
	var got []bool
	for _, st := range fx.fn("f").Body.List {
		_, ok := flow.ForeverLoop(fx.info, st)
		got = append(got, ok)
	}
	if want := []bool{true, true, false, false}; !slices.Equal(got, want) {
		t.Errorf("ForeverLoop of the four loops = %v, want %v", got, want)
	}
}
