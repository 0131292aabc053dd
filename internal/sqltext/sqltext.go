// Package sqltext recovers the SQL text that a Go expression evaluates to, as
// far as it can be known statically: constants (also named constants of other
// packages), string concatenation, fmt.Sprintf/Sprint/Sprintln (a constant
// argument is formatted as fmt would; a plain %s/%v of a string expression
// takes that expression's text), strings.Join of a literal slice, conversions,
// strings.TrimSpace/ToUpper/ToLower/Replace[All], sqlx Rebind/In/Named/BindNamed
// and, through a Resolver, one-line package-local helpers, package-level vars
// never reassigned, and local variables: their assignments, `q += "..."` and
// `q = q + "..."` appends, and strings.Builder/bytes.Buffer writes
// (WriteString, WriteByte, WriteRune, Write, fmt.Fprint*), replayed in source
// order up to the use. Also through a Resolver: m["name"] of a map literal
// assigned once and only read by index, one-line methods (receiver fields
// are holes), and squirrel builder chains (squirrel.go). With SetFiles, SQL
// kept in files: //go:embed string/[]byte vars, embed.FS ReadFile with a
// constant name, and the named queries of goyesql and dotsql files
// (files.go); with SetImportedTables, another package's lookup function
// of such queries called with a constant name (db.Q("referral_insert"),
// tables.go).
//
// Unknown pieces become sqlparse.Hole, an identifier the SQL classifier treats
// as unknown: a parameter, a struct field, a call, a verb whose argument is not
// known, a write in an if, loop or closure (as " Hole ", since it may be
// absent), a variable assigned in branches or whose address is taken. The
// text is capped (1 MB) and so is the work per expression; code with type
// errors gives holes, never a panic. Text.Known says the whole text is
// constant; Text.Found that some of it is.
package sqltext

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	pathpkg "path"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/bug"
	"github.com/faultline-dev/faultline/internal/sqlparse"
)

// Text is the statically known SQL text of an expression.
type Text struct {
	SQL     string // the text, with sqlparse.Hole for each unknown piece
	Known   bool   // fully constant: no holes
	Partial bool   // some holes
	Found   bool   // any constant text at all
}

const (
	maxDepth = 24      // nesting of expressions, variables and helper calls followed
	maxLen   = 1 << 20 // texts longer than this become a hole
)

// frag is a piece of text under construction.
type frag struct {
	s     string
	holes bool
	found bool
}

var holeFrag = frag{s: sqlparse.Hole, holes: true}

// spacedHole stands for text that may or may not have been appended: it must
// not glue itself to the identifier before it.
var spacedHole = frag{s: " " + sqlparse.Hole + " ", holes: true}

func constFrag(s string) frag { return frag{s: s, found: true} }

func (f frag) concat(g frag) frag {
	if len(f.s)+len(g.s) > maxLen {
		return holeFrag
	}
	// collapse adjacent holes: they carry no more information than one
	if f.holes && g.holes {
		switch {
		case strings.HasSuffix(f.s, sqlparse.Hole) && strings.HasPrefix(g.s, sqlparse.Hole):
			g.s = g.s[len(sqlparse.Hole):]
		case strings.HasSuffix(f.s, spacedHole.s) && strings.HasPrefix(g.s, spacedHole.s):
			g.s = g.s[len(spacedHole.s):]
		}
	}
	return frag{s: f.s + g.s, holes: f.holes || g.holes, found: f.found || g.found}
}

func (f frag) text() Text {
	return Text{SQL: f.s, Known: f.found && !f.holes, Partial: f.holes, Found: f.found}
}

// Of returns the SQL text of e using constants only: constant expressions,
// named constants, concatenation, fmt.Sprintf, strings.Join of literals.
// Variables are holes; use a Resolver to follow local variables.
func Of(info *types.Info, e ast.Expr) Text {
	r := &Resolver{info: info}
	return r.Of(e)
}

// Resolver follows variables and package-local helpers. Build one per package
// (analysis pass) with NewResolver and call Of for each query expression.
type Resolver struct {
	info   *types.Info
	writes map[*types.Var][]write
	decls  map[*types.Var]declInfo
	addr   map[*types.Var]bool // address taken: any write may happen anywhere
	funcs  map[*types.Func]*ast.FuncDecl
	broken bool // indexing failed: variables and helpers are not followed

	// files the SQL may come from (see files.go)
	embeds  map[*types.Var][]string // //go:embed patterns of a package-level var
	escapes map[*types.Var]bool     // a map (or builder) used otherwise than read
	fset    *token.FileSet
	read    func(name string) ([]byte, error)
	cache   map[string]fileText
	tables  map[string]tableResult // parsed query files, by loader and path

	// importedTables: other packages' query lookup functions (tables.go)
	importedTables func(fn *types.Func) (param int, queries map[string]string, ok bool)

	pending []*ast.File // files not indexed yet (ensure)
	// mu serialises Of and Named: analyzers sharing one package's
	// resolver may run in parallel (go vet's unitchecker, golangci-lint),
	// and both index on first use and fill caches.
	mu sync.Mutex
}

type writeKind uint8

const (
	wPlain   writeKind = iota // x = v, x := v, var x = v
	wAppend                   // x += v, x = x + v
	wUnknown                  // x, y = f(), for x = range ...: the value is unknown
)

type write struct {
	kind       writeKind
	pos        token.Pos
	rhs        ast.Expr
	blockStart token.Pos // innermost enclosing block (or case clause)
	blockEnd   token.Pos
	loops      int      // enclosing for/range statements in the function
	fn         ast.Node // enclosing *ast.FuncDecl or *ast.FuncLit
	// builder writes: the method (WriteString, WriteByte, WriteRune, Write) or
	// fmt function (Fprintf, Fprint, Fprintln) and its call
	method string
	call   *ast.CallExpr
}

type declInfo struct {
	loops int
	fn    ast.Node
}

// NewResolver indexes the assignments of every variable and the one-line
// helper functions declared in files.
func NewResolver(files []*ast.File, info *types.Info) *Resolver {
	r := &Resolver{
		info:   info,
		writes: map[*types.Var][]write{},
		decls:  map[*types.Var]declInfo{},
		addr:   map[*types.Var]bool{},
		funcs:  map[*types.Func]*ast.FuncDecl{},

		embeds:  map[*types.Var][]string{},
		escapes: map[*types.Var]bool{},
		cache:   map[string]fileText{},
		tables:  map[string]tableResult{},
	}
	if info == nil {
		return r
	}
	// Indexed on first use: most packages that reach a database library
	// have no query of their own, and never ask.
	r.pending = files
	return r
}

// ensure indexes the pending files.
func (r *Resolver) ensure() {
	files := r.pending
	r.pending = nil
	for _, f := range files {
		if f != nil {
			r.indexSafe(f)
		}
	}
}

// indexSafe indexes f; a file whose odd syntax trips the indexer leaves its
// variables unknown (holes) instead of crashing the analyzer.
func (r *Resolver) indexSafe(f *ast.File) {
	defer bug.Catch(&r.broken, "sqltext.index")
	r.index(f)
}

func (r *Resolver) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || r.info == nil {
		return nil
	}
	obj := r.info.Defs[id]
	if obj == nil {
		obj = r.info.Uses[id]
	}
	v, _ := obj.(*types.Var)
	return v
}

func (r *Resolver) index(f *ast.File) {
	var stack []ast.Node
	ctx := func(pos token.Pos) write {
		w := write{pos: pos}
		for i := len(stack) - 1; i >= 0; i-- {
			switch n := stack[i].(type) {
			case *ast.BlockStmt:
				if w.blockEnd == 0 {
					w.blockStart, w.blockEnd = n.Pos(), n.End()
				}
			case *ast.CaseClause, *ast.CommClause:
				if w.blockEnd == 0 {
					w.blockStart, w.blockEnd = n.Pos(), n.End()
				}
			case *ast.ForStmt, *ast.RangeStmt:
				if w.fn == nil {
					w.loops++
				}
			case *ast.FuncDecl, *ast.FuncLit:
				if w.fn == nil {
					w.fn = n
				}
			}
		}
		return w
	}
	exempt := map[*ast.UnaryExpr]bool{} // &b passed to fmt.Fprint*
	addv := func(v *types.Var, w write) {
		r.writes[v] = append(r.writes[v], w)
	}
	add := func(lhs ast.Expr, kind writeKind, rhs ast.Expr, pos token.Pos, def bool) {
		if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
			// m[k] = v, b[i] = c: the map or slice is no longer its literal
			lhs, kind, rhs, def = ix.X, wUnknown, nil, false
		}
		v := r.varOf(lhs)
		if v == nil {
			return
		}
		w := ctx(pos)
		w.kind, w.rhs = kind, rhs
		if def {
			if _, seen := r.decls[v]; !seen {
				r.decls[v] = declInfo{loops: w.loops, fn: w.fn}
			}
		}
		r.writes[v] = append(r.writes[v], w)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := r.info.Defs[n.Name].(*types.Func); ok && r.isTrivialHelper(n) {
				r.funcs[fn] = n
			}
		case *ast.AssignStmt:
			def := n.Tok == token.DEFINE
			switch {
			case n.Tok == token.ADD_ASSIGN && len(n.Lhs) == 1 && len(n.Rhs) == 1:
				add(n.Lhs[0], wAppend, n.Rhs[0], n.Pos(), false)
			case (n.Tok == token.ASSIGN || def) && len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					rhs := n.Rhs[i]
					if b, ok := ast.Unparen(rhs).(*ast.BinaryExpr); ok && b.Op == token.ADD && !def {
						if v := r.varOf(l); v != nil && v == r.varOf(b.X) {
							add(l, wAppend, b.Y, n.Pos(), false)
							continue
						}
					}
					add(l, wPlain, rhs, n.Pos(), def)
				}
			case n.Tok == token.ASSIGN || def:
				// q, args, err := sqlx.In(q0, ...) / sqlx.Named(q0, arg): q is q0
				// with its placeholders rewritten, the same statement.
				var pass ast.Expr
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && len(n.Rhs) == 1 {
					if i := r.sqlxRewriteArg(call); i >= 0 {
						pass = call.Args[i]
					} else if c := r.firstResultCall(call); c != nil {
						// b, err := queries.ReadFile(name), q, args, err := sb.ToSql():
						// the first result is the text the call yields
						pass = c
					}
				} else if ix, ok := ast.Unparen(n.Rhs[0]).(*ast.IndexExpr); ok && len(n.Rhs) == 1 && len(n.Lhs) == 2 && isStringMap(r.info.TypeOf(ix.X)) {
					// s, ok := queries[name]: s is the text the map holds
					pass = ix
				}
				for i, l := range n.Lhs {
					if i == 0 && pass != nil {
						add(l, wPlain, pass, n.Pos(), def)
						continue
					}
					add(l, wUnknown, nil, n.Pos(), def)
				}
			default: // other op-assignments
				for _, l := range n.Lhs {
					add(l, wUnknown, nil, n.Pos(), false)
				}
			}
		case *ast.GenDecl:
			if n.Tok != token.VAR {
				break
			}
			for _, spec := range n.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				r.indexEmbed(n, vs)
				for i, name := range vs.Names {
					switch {
					case len(vs.Values) == len(vs.Names):
						add(name, wPlain, vs.Values[i], name.Pos(), true)
					case len(vs.Values) == 0:
						add(name, wPlain, nil, name.Pos(), true) // zero value
					case i == 0 && len(vs.Values) == 1 && r.firstResultCall(vs.Values[0]) != nil:
						add(name, wPlain, vs.Values[0], name.Pos(), true)
					default:
						add(name, wUnknown, nil, name.Pos(), true)
					}
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				add(n.Key, wUnknown, nil, n.Pos(), n.Tok == token.DEFINE)
			}
			if n.Value != nil {
				add(n.Value, wUnknown, nil, n.Pos(), n.Tok == token.DEFINE)
			}
		case *ast.CallExpr:
			r.indexBuilderCall(n, ctx, addv, exempt)
		case *ast.UnaryExpr:
			if n.Op == token.AND && !exempt[n] {
				if v := r.varOf(n.X); v != nil {
					r.addr[v] = true
				}
			}
		case *ast.IncDecStmt:
			add(n.X, wUnknown, nil, n.Pos(), false)
		case *ast.Ident:
			r.indexUse(n, stack)
		}
		return true
	})
}

// indexBuilderCall records writes to a local strings.Builder or bytes.Buffer:
// b.WriteString(x), b.WriteByte(c), b.WriteRune(r), b.Write(p), b.Reset(),
// fmt.Fprintf(&b, ...), fmt.Fprint(&b, ...), fmt.Fprintln(&b, ...).
func (r *Resolver) indexBuilderCall(call *ast.CallExpr, ctx func(token.Pos) write, addv func(*types.Var, write), exempt map[*ast.UnaryExpr]bool) {
	var id *ast.Ident
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if isSel {
		id = sel.Sel
	} else if i, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		id = i
	}
	if id == nil {
		return
	}
	fn, _ := r.info.Uses[id].(*types.Func)
	if fn == nil {
		return
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && (fn.Name() == "Fprintf" || fn.Name() == "Fprint" || fn.Name() == "Fprintln") && len(call.Args) >= 1 {
		u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			return
		}
		v := r.varOf(u.X)
		if v == nil || !isBuilder(v.Type()) {
			return
		}
		exempt[u] = true
		w := ctx(call.Pos())
		w.kind, w.method, w.call = wAppend, fn.Name(), call
		addv(v, w)
		return
	}
	if !isSel {
		return
	}
	v := r.varOf(sel.X)
	if v == nil || !isBuilder(v.Type()) {
		return
	}
	if _, ptr := v.Type().(*types.Pointer); ptr {
		return // a pointer may be shared: variable() gives up on it
	}
	w := ctx(call.Pos())
	switch fn.Name() {
	case "WriteString", "Write", "WriteByte", "WriteRune":
		if len(call.Args) != 1 {
			return
		}
		w.kind, w.method, w.rhs, w.call = wAppend, fn.Name(), call.Args[0], call
	case "Reset":
		w.kind = wPlain
	case "String", "Len", "Cap", "Grow", "Bytes", "Available", "AvailableBuffer":
		return
	default:
		w.kind = wUnknown
	}
	addv(v, w)
}

// sqlxRewriteArg recognises sqlx.In, sqlx.Named and sqlx.BindNamed (and
// methods of those names on sqlx types), whose first result is their query
// argument with its placeholders rewritten; it returns that argument's index,
// or -1.
func (r *Resolver) sqlxRewriteArg(call *ast.CallExpr) int {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return -1
	}
	fn, _ := r.info.Uses[id].(*types.Func)
	if fn == nil || fn.Pkg() == nil || !strings.HasSuffix(fn.Pkg().Path(), "jmoiron/sqlx") {
		return -1
	}
	if fn.Name() != "In" && fn.Name() != "Named" && fn.Name() != "BindNamed" {
		return -1
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Results().Len() == 0 || !isString(sig.Results().At(0).Type()) {
		return -1
	}
	// the query is the first string parameter (BindNamed takes a bind type first)
	for i := 0; i < sig.Params().Len() && i < len(call.Args); i++ {
		if isString(sig.Params().At(i).Type()) {
			return i
		}
	}
	return -1
}

// isTrivialHelper reports a function or method whose result is one string
// and whose body is a single return of one expression, or reads a file and
// returns it:
//
//	b, err := queries.ReadFile("queries/" + name)
//	if err != nil { ... }
//	return string(b)
//
// (A method's receiver is not followed: its fields are holes, as in
// r.schema + "." + name.)
func (r *Resolver) isTrivialHelper(fd *ast.FuncDecl) bool {
	if fd.Body == nil || fd.Type.TypeParams != nil || fd.Type.Results == nil || fd.Type.Results.NumFields() != 1 {
		return false
	}
	list := fd.Body.List
	if len(list) == 3 && !r.isReadThenCheck(list[0], list[1]) {
		return false
	}
	if len(list) != 1 && len(list) != 3 {
		return false
	}
	ret, ok := list[len(list)-1].(*ast.ReturnStmt)
	return ok && len(ret.Results) == 1
}

// isReadThenCheck reports `b, err := <file read>` followed by
// `if err != nil { ... }`, or `s, ok := queries[name]` followed by
// `if !ok { ... }` (no init, no else).
func (r *Resolver) isReadThenCheck(s1, s2 ast.Stmt) bool {
	as, ok := s1.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return false
	}
	if ix, ok := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr); ok && isStringMap(r.info.TypeOf(ix.X)) {
		return r.isNotOKCheck(r.varOf(as.Lhs[1]), s2)
	}
	if r.firstResultCall(as.Rhs[0]) == nil {
		return false
	}
	errVar := r.varOf(as.Lhs[1])
	ifs, ok := s2.(*ast.IfStmt)
	if !ok || errVar == nil || ifs.Init != nil || ifs.Else != nil {
		return false
	}
	b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ || r.varOf(b.X) != errVar {
		return false
	}
	id, ok := ast.Unparen(b.Y).(*ast.Ident)
	return ok && id.Name == "nil"
}

// isNotOKCheck reports `if !ok { ... }` (no init, no else) on ok.
func (r *Resolver) isNotOKCheck(ok *types.Var, s ast.Stmt) bool {
	ifs, isIf := s.(*ast.IfStmt)
	if !isIf || ok == nil || ifs.Init != nil || ifs.Else != nil {
		return false
	}
	u, isNot := ast.Unparen(ifs.Cond).(*ast.UnaryExpr)
	return isNot && u.Op == token.NOT && r.varOf(u.X) == ok
}

// Of returns the SQL text of e.
func (r *Resolver) Of(e ast.Expr) (t Text) {
	if r != nil {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.pending != nil {
			r.ensure()
		}
	}
	failed := false // never let odd code crash an analyzer (bug.Catch re-panics in tests)
	defer func() {
		if failed {
			t = holeFrag.text()
		}
	}()
	defer bug.Catch(&failed, "sqltext.Of")
	if r == nil || r.info == nil || e == nil {
		return holeFrag.text()
	}
	ev := &evaluator{r: r}
	return ev.eval(e, 0, nil).text()
}

type evaluator struct {
	r     *Resolver
	steps int
}

// env binds the parameters of a helper being evaluated to the texts of its
// arguments.
type env map[*types.Var]frag

const maxSteps = 10000

func (ev *evaluator) eval(e ast.Expr, depth int, en env) frag {
	ev.steps++
	if depth > maxDepth || ev.steps > maxSteps || e == nil {
		return holeFrag
	}
	info := ev.r.info
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return constFrag(constant.StringVal(tv.Value))
		}
		return holeFrag
	}
	if t := info.TypeOf(e); t != nil && isSquirrelBuilder(t) {
		return ev.squirrelSQL(e, depth) // the statement the builder runs
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.eval(e.X, depth+1, en)
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return constFrag(constant.StringVal(tv.Value))
			}
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD && isString(info.TypeOf(e)) {
			return ev.eval(e.X, depth+1, en).concat(ev.eval(e.Y, depth+1, en))
		}
		if e.Op == token.ADD && isInvalid(info.TypeOf(e)) {
			// code that does not type-check: still a concatenation if a side is text
			x, y := ev.eval(e.X, depth+1, en), ev.eval(e.Y, depth+1, en)
			if x.found || y.found {
				return x.concat(y)
			}
		}
	case *ast.Ident:
		return ev.ident(e, depth, en)
	case *ast.SelectorExpr:
		if c, ok := info.Uses[e.Sel].(*types.Const); ok && c.Val().Kind() == constant.String {
			return constFrag(constant.StringVal(c.Val()))
		}
	case *ast.CallExpr:
		return ev.call(e, depth, en)
	case *ast.IndexExpr:
		// queries["getUser"] of a map literal or a loaded query file
		if isString(info.TypeOf(e)) {
			return ev.lookup(e.X, e.Index, depth, en)
		}
	}
	return holeFrag
}

// isInvalid reports a missing or invalid type (code with type errors).
func isInvalid(t types.Type) bool {
	return t == nil || t == types.Typ[types.Invalid]
}

func isByteSlice(t types.Type) bool {
	if t == nil {
		return false
	}
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := sl.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// isBuilder reports strings.Builder and bytes.Buffer (or pointers to them).
func isBuilder(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path, name := n.Obj().Pkg().Path(), n.Obj().Name()
	return (path == "strings" && name == "Builder") || (path == "bytes" && name == "Buffer")
}

// isStringMap reports a map from strings to strings.
func isStringMap(t types.Type) bool {
	if t == nil {
		return false
	}
	m, ok := t.Underlying().(*types.Map)
	return ok && isString(m.Key()) && isString(m.Elem())
}

func isString(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func (ev *evaluator) ident(id *ast.Ident, depth int, en env) frag {
	obj := ev.r.info.Uses[id]
	if obj == nil {
		obj = ev.r.info.Defs[id]
	}
	switch obj := obj.(type) {
	case *types.Const:
		if obj.Val().Kind() == constant.String {
			return constFrag(constant.StringVal(obj.Val()))
		}
	case *types.Var:
		if f, ok := en[obj]; ok {
			return f
		}
		return ev.variable(obj, id.Pos(), depth, en)
	}
	return holeFrag
}

// variable evaluates v as it is at position use: it replays, in source order,
// the writes before use. A write that is certain to have happened (its block
// encloses the use, and an append is in no loop the declaration is not in)
// sets or extends the text; any other write makes its part a hole.
func (ev *evaluator) variable(v *types.Var, use token.Pos, depth int, en env) frag {
	r := ev.r
	ws, ok := r.writes[v]
	if f, embedded := ev.embedded(v); embedded {
		if len(ws) != 1 || r.addr[v] || r.broken {
			return holeFrag // assigned after all, or shared
		}
		return f
	}
	builder := isBuilder(v.Type())
	if _, ptr := v.Type().(*types.Pointer); ptr {
		builder = false
	}
	if !ok || r.broken || r.addr[v] || !(isString(v.Type()) || isByteSlice(v.Type()) || isInvalid(v.Type()) || builder) {
		return holeFrag
	}
	decl, local := r.decls[v]
	pkgLevel := v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
	if pkgLevel {
		// a package-level var counts only if it is never assigned after its declaration
		if len(ws) != 1 || ws[0].kind != wPlain {
			return holeFrag
		}
		if ws[0].rhs == nil {
			return constFrag("")
		}
		return ev.eval(ws[0].rhs, depth+1, nil)
	}
	if !local {
		return holeFrag
	}
	cur := holeFrag
	for _, w := range ws {
		if w.pos >= use {
			break
		}
		certain := w.blockStart <= use && use < w.blockEnd && w.fn == decl.fn
		if w.kind == wAppend && w.loops > decl.loops {
			certain = false
		}
		switch {
		case w.kind == wUnknown:
			cur = holeFrag
		case w.kind == wPlain && certain:
			switch {
			case w.rhs == nil:
				cur = constFrag("")
			case builder:
				if lit, ok := ast.Unparen(w.rhs).(*ast.CompositeLit); ok && len(lit.Elts) == 0 {
					cur = constFrag("")
				} else {
					cur = holeFrag
				}
			default:
				cur = ev.eval(w.rhs, depth+1, en)
			}
		case w.kind == wPlain:
			cur = holeFrag
		case w.kind == wAppend && certain:
			cur = cur.concat(ev.appended(w, depth, en))
		default: // conditional append: present or not, it is a clause of its own
			cur = cur.concat(spacedHole)
		}
		if len(cur.s) > maxLen {
			return holeFrag
		}
	}
	return cur
}

// appended evaluates the text one append write adds.
func (ev *evaluator) appended(w write, depth int, en env) frag {
	switch w.method {
	case "", "WriteString", "Write":
		return ev.eval(w.rhs, depth+1, en)
	case "WriteByte", "WriteRune":
		tv := ev.r.info.Types[w.rhs]
		if tv.Value == nil || tv.Value.Kind() != constant.Int {
			return holeFrag
		}
		c, ok := constant.Int64Val(tv.Value)
		if !ok || c < 0 || c > 0x10FFFF {
			return holeFrag
		}
		if w.method == "WriteByte" {
			return constFrag(string([]byte{byte(c)}))
		}
		return constFrag(string(rune(c)))
	case "Fprintf":
		if len(w.call.Args) < 2 {
			return holeFrag
		}
		return ev.sprintf(w.call.Args[1], w.call.Args[2:], w.call.Ellipsis.IsValid(), depth, en)
	case "Fprint", "Fprintln":
		return ev.sprint(w.call.Args[1:], w.call.Ellipsis.IsValid(), w.method == "Fprintln", depth, en)
	}
	return holeFrag
}

// sprint evaluates fmt.Sprint (or Sprintln) of string operands: Sprint adds
// no space between strings, Sprintln a space between every two operands and
// a final newline.
func (ev *evaluator) sprint(args []ast.Expr, spread, ln bool, depth int, en env) frag {
	if spread {
		return holeFrag
	}
	out := constFrag("")
	for i, a := range args {
		if !isString(ev.r.info.TypeOf(a)) {
			return holeFrag
		}
		if ln && i > 0 {
			out = out.concat(constFrag(" "))
		}
		out = out.concat(ev.eval(a, depth+1, en))
	}
	if ln {
		out = out.concat(constFrag("\n"))
	}
	return out
}

// calleeFunc returns the function or method a call statically calls.
func (ev *evaluator) calleeFunc(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := ev.r.info.Uses[id].(*types.Func)
	return fn
}

func (ev *evaluator) call(call *ast.CallExpr, depth int, en env) frag {
	// conversions: string(x), []byte(x), MyString(x) of a string x
	if tv, ok := ev.r.info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		if isString(tv.Type) || isByteSlice(tv.Type) {
			if at := ev.r.info.TypeOf(call.Args[0]); isString(at) || isByteSlice(at) {
				return ev.eval(call.Args[0], depth+1, en)
			}
		}
		return holeFrag
	}
	fn := ev.calleeFunc(call)
	if fn == nil {
		return holeFrag
	}
	path := ""
	if fn.Pkg() != nil {
		path = fn.Pkg().Path()
	}
	if fn.Pkg() != nil {
		if f, ok := ev.fileCall(call, fn, depth, en); ok {
			return f
		}
	}
	sig, _ := fn.Type().(*types.Signature)
	isMethod := sig != nil && sig.Recv() != nil
	arg := func(i int) ast.Expr {
		if i < len(call.Args) {
			return call.Args[i]
		}
		return nil
	}
	switch {
	case path == "fmt" && fn.Name() == "Sprintf" && len(call.Args) >= 1:
		return ev.sprintf(call.Args[0], call.Args[1:], call.Ellipsis.IsValid(), depth, en)
	case isMethod && fn.Name() == "String" && len(call.Args) == 0 && isBuilder(sig.Recv().Type()):
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return holeFrag
		}
		v := ev.r.varOf(sel.X)
		if v == nil || !isBuilder(v.Type()) {
			return holeFrag
		}
		return ev.variable(v, call.Pos(), depth, en)
	case path == "fmt" && (fn.Name() == "Sprint" || fn.Name() == "Sprintln"):
		return ev.sprint(call.Args, call.Ellipsis.IsValid(), fn.Name() == "Sprintln", depth, en)
	case (path == "path" || path == "path/filepath") && fn.Name() == "Join" && !call.Ellipsis.IsValid():
		// a file name built from constants (embed.FS names are slash-separated)
		parts := make([]string, 0, len(call.Args))
		for _, a := range call.Args {
			f := ev.eval(a, depth+1, en)
			if f.holes {
				return holeFrag
			}
			parts = append(parts, f.s)
		}
		return constFrag(pathpkg.Join(parts...))
	case path == "strings" && fn.Name() == "Join" && len(call.Args) == 2:
		return ev.join(call.Args[0], call.Args[1], depth, en)
	case path == "strings" && (fn.Name() == "TrimSpace" || fn.Name() == "ToUpper" || fn.Name() == "ToLower") && len(call.Args) == 1:
		f := ev.eval(call.Args[0], depth+1, en)
		switch {
		case fn.Name() == "TrimSpace":
			f.s = strings.TrimSpace(f.s)
		case f.holes: // changing the case would damage the holes; SQL keywords are case-insensitive anyway
		case fn.Name() == "ToUpper":
			f.s = strings.ToUpper(f.s)
		default:
			f.s = strings.ToLower(f.s)
		}
		return f
	case path == "strings" && (fn.Name() == "TrimSuffix" || fn.Name() == "TrimPrefix") && len(call.Args) == 2:
		f, cut := ev.eval(call.Args[0], depth+1, en), ev.eval(call.Args[1], depth+1, en)
		if f.holes || cut.holes {
			return holeFrag
		}
		if fn.Name() == "TrimSuffix" {
			f.s = strings.TrimSuffix(f.s, cut.s)
		} else {
			f.s = strings.TrimPrefix(f.s, cut.s)
		}
		return f
	case path == "strings" && (fn.Name() == "ReplaceAll" || fn.Name() == "Replace"):
		f := ev.eval(arg(0), depth+1, en)
		old, nw := ev.eval(arg(1), depth+1, en), ev.eval(arg(2), depth+1, en)
		if f.holes || old.holes || nw.holes {
			return holeFrag
		}
		n := -1
		if fn.Name() == "Replace" {
			tv := ev.r.info.Types[arg(3)]
			if tv.Value == nil {
				return holeFrag
			}
			i, ok := constant.Int64Val(tv.Value)
			if !ok {
				return holeFrag
			}
			n = int(i)
		}
		if replacedLen(f.s, old.s, nw.s, n) > maxLen {
			return holeFrag
		}
		f.s = strings.Replace(f.s, old.s, nw.s, n)
		return f
	case strings.HasSuffix(path, "jmoiron/sqlx") && fn.Name() == "Rebind" && len(call.Args) >= 1:
		// sqlx.Rebind(bindType, query), (*sqlx.DB).Rebind(query): same statement, other placeholders
		return ev.eval(call.Args[len(call.Args)-1], depth+1, en)
	case !ev.r.broken && ev.r.funcs[fn] != nil:
		return ev.helper(ev.r.funcs[fn], call, depth, en)
	}
	if f, ok := ev.importedTable(call, fn, depth, en); ok {
		return f
	}
	return holeFrag
}

// replacedLen is the length of strings.Replace(s, old, nw, n), computed
// without building it.
func replacedLen(s, old, nw string, n int) int {
	if old == nw {
		return len(s)
	}
	m := 0
	if old == "" {
		m = utf8.RuneCountInString(s) + 1
	} else {
		m = strings.Count(s, old)
	}
	if n >= 0 && n < m {
		m = n
	}
	return len(s) + m*(len(nw)-len(old))
}

// helper evaluates a one-line package-local function with its parameters
// bound to the arguments' texts.
func (ev *evaluator) helper(fd *ast.FuncDecl, call *ast.CallExpr, depth int, en env) frag {
	if !isString(ev.r.info.TypeOf(call)) || call.Ellipsis.IsValid() {
		return holeFrag
	}
	bound := env{}
	i := 0
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			if i >= len(call.Args) {
				return holeFrag
			}
			if v, ok := ev.r.info.Defs[name].(*types.Var); ok && isString(v.Type()) {
				bound[v] = ev.eval(call.Args[i], depth+1, en)
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
	ret := fd.Body.List[len(fd.Body.List)-1].(*ast.ReturnStmt)
	return ev.eval(ret.Results[0], depth+1, bound)
}

// join evaluates strings.Join of a slice literal (or a local variable
// assigned once from one).
func (ev *evaluator) join(elems, sep ast.Expr, depth int, en env) frag {
	lit, ok := ast.Unparen(elems).(*ast.CompositeLit)
	if !ok {
		if v := ev.r.varOf(elems); v != nil && !ev.r.addr[v] && !ev.r.broken {
			if ws := ev.r.writes[v]; len(ws) == 1 && ws[0].kind == wPlain && ws[0].rhs != nil {
				lit, ok = ast.Unparen(ws[0].rhs).(*ast.CompositeLit)
			}
		}
	}
	if !ok {
		return holeFrag
	}
	s := ev.eval(sep, depth+1, en)
	out := constFrag("")
	for i, el := range lit.Elts {
		if _, kv := el.(*ast.KeyValueExpr); kv {
			return holeFrag
		}
		if i > 0 {
			out = out.concat(s)
		}
		out = out.concat(ev.eval(el, depth+1, en))
	}
	return out
}
