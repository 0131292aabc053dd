package selectinsert

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/faultline-dev/faultline/internal/notfound"
	"github.com/faultline-dev/faultline/internal/typesx"
)

// outcome is a set of the possible outcomes of the read under analysis on
// a path: the row was found, there was no row, or the read failed.
type outcome uint8

const (
	oFound outcome = 1 << iota
	oNotFound
	oError
	oAll = oFound | oNotFound | oError
)

// signal says what a variable's zero and non-zero values mean for the
// read: an error variable is nil when the row was found, a found-bool false
// when it was not, a count 0, a pointer nil.
type signal struct {
	zero, nonzero outcome
}

var (
	sigErrNF    = signal{zero: oFound, nonzero: oNotFound | oError}             // no row is an error (ErrNoRows)
	sigErrOnly  = signal{zero: oFound | oNotFound, nonzero: oError}             // no row is not an error
	sigFound    = signal{zero: oNotFound | oError, nonzero: oFound}             // found-bool, count, pointer, ID
	sigCreated  = signal{zero: oFound | oError, nonzero: oNotFound}             // FirstOrCreate's RowsAffected
	sigErrAny   = signal{zero: oFound | oNotFound, nonzero: oNotFound | oError} // a repository's: none as (nil, nil) or a sentinel
	sigEmptyRow = signal{zero: oFound, nonzero: oNotFound | oError}             // the row's IsEmpty(): true for the zero value
)

// fieldKey names a field of a struct variable: p.Status.
type fieldKey struct {
	base  types.Object
	field string
}

// readCtx is the read under analysis and where its outcome went.
type readCtx struct {
	op  *op
	act *ast.CallExpr // the call that completes the read (Scan, CollectOneRow, the call itself)

	vars      map[types.Object]signal // signal variables
	gormRes   map[types.Object]signal // *gorm.DB results: sig of .RowsAffected (.Error is sigErr*)
	gormErr   signal                  // what .Error of a gormRes means
	actErr    *signal                 // what the completing call's own error result means, used inline
	actBool   bool                    // the completing call is rows.Next(): true when found
	idFields  map[types.Object]bool
	sentinels map[string]bool // package-specific not-found sentinels, by objKey
	// anyNotFound: any sentinel named as one (ErrNotFound, ErrUserNotFound)
	// means not found (a repository read by role, whose body is not seen).
	anyNotFound bool

	colVars  map[types.Object]string // scalar variables holding a column
	fieldCol map[fieldKey]string     // struct fields holding a column
	structs  map[types.Object]bool   // struct variables holding the row
	selCols  map[string]bool         // explicit SELECT columns (nil: * or unknown)
}

func newReadCtx(o *op) *readCtx {
	return &readCtx{
		op:        o,
		vars:      map[types.Object]signal{},
		gormRes:   map[types.Object]signal{},
		idFields:  map[types.Object]bool{},
		sentinels: map[string]bool{},
		colVars:   map[types.Object]string{},
		fieldCol:  map[fieldKey]string{},
		structs:   map[types.Object]bool{},
	}
}

// state is what the walk knows on one path.
type state struct {
	live    bool // the path is reachable
	active  bool // the read has run on this path
	out     outcome
	guards  map[string]guard      // columns branched on, on every path (check-then-act)
	effects []effect              // effects done on this path after "no row"
	killed  map[types.Object]bool // signal variables overwritten since the read
	locked  bool                  // a lock was taken on this path before the read
	// acted is the first thing done since the read, on this path or one
	// joined into it, that must not happen twice (an outside effect, a
	// non-idempotent write, a call that changes state elsewhere): a gate
	// placed after it does not stop a second request from doing it again.
	acted *effect
	// foundGuards are the column checks every path on which the row was
	// found took to get here (nil when none, or when no such path did):
	// `case err == nil && d.Status != Failed: return d` lets a found row
	// through only when its status says so.
	foundGuards map[string]guard
}

func (s state) notFoundOnly() bool {
	return s.live && s.active && s.out&oFound == 0 && s.out&oNotFound != 0
}

// notFoundFirst reports a path on which the read found no row, or found
// one that a check of its columns let through (a failed deposit is
// retried): on the no-row paths two requests both get here.
func (s state) notFoundFirst() bool {
	return s.notFoundOnly() || s.live && s.active && s.out&oNotFound != 0 && len(s.foundGuards) > 0
}

func join(a, b state) state {
	if !a.live {
		return b
	}
	if !b.live {
		return a
	}
	out := state{live: true, active: a.active || b.active}
	ao, bo := a.out, b.out
	if !a.active {
		ao = oAll
	}
	if !b.active {
		bo = oAll
	}
	out.out = ao | bo
	out.guards = joinGuards(a.guards, b.guards)
	out.effects = joinEffects(a.effects, b.effects)
	if len(a.killed)+len(b.killed) > 0 {
		out.killed = map[types.Object]bool{}
		for k := range a.killed {
			out.killed[k] = true
		}
		for k := range b.killed {
			out.killed[k] = true
		}
	}
	out.locked = a.locked && b.locked
	switch af, bf := a.active && ao&oFound != 0, b.active && bo&oFound != 0; {
	case af && bf:
		out.foundGuards = joinGuards(a.foundGuards, b.foundGuards)
	case af:
		out.foundGuards = a.foundGuards
	case bf:
		out.foundGuards = b.foundGuards
	}
	out.acted = a.acted
	if b.acted != nil && (a.acted == nil || b.acted.call.Pos() < a.acted.call.Pos()) {
		out.acted = b.acted
	}
	return out
}

// joinEffects returns the effects of two paths, each once: the same effect
// reaches a join on both sides of every branch that did not touch it, and
// appending both copies doubles the list at each such join.
func joinEffects(a, b []effect) []effect {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]effect(nil), a...)
	for _, e := range b {
		dup := false
		for _, x := range a {
			if x.call == e.call && x.what == e.what {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// narrow restricts a state to the outcomes a branch allows.
func narrow(s state, o outcome) state {
	if !s.live || !s.active {
		return s
	}
	s.out &= o
	if s.out == 0 {
		s.live = false
	}
	if s.out&oFound == 0 {
		s.foundGuards = nil
	}
	return s
}

// guard is a check of a column of the row on a path: where it is, and
// which of its branches (the then and else of an if, the clauses of a
// switch) the paths that reach a point took. A point that every branch of
// the check reaches is not decided by it.
type guard struct {
	pos      token.Pos
	branches uint64 // bit i: branch i (a switch's clauses past 63 share bit 63)
	n        int    // the check's branches
}

func branchBit(i int) uint64 { return 1 << min(i, 63) }

// all reports that every branch of the check reached the point.
func (g guard) all() bool {
	if g.n >= 64 {
		return g.branches == ^uint64(0)
	}
	return g.branches == 1<<g.n-1
}

// joinGuards keeps the columns checked on both paths; when both took
// branches of the same check, the union, and the column is dropped when
// every branch of it meets here (the check decided nothing).
func joinGuards(a, b map[string]guard) map[string]guard {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := map[string]guard{}
	for c, ga := range a {
		gb, ok := b[c]
		if !ok {
			continue
		}
		if ga.pos == gb.pos {
			ga.branches |= gb.branches
			if ga.all() {
				continue
			}
		}
		out[c] = ga
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// withGuards records that a path took branch i of n of the check at pos
// on the columns cols (a column checked before keeps its first check).
func withGuards(s state, cols []string, pos token.Pos, i, n int) state {
	return withGuardsFound(s, cols, pos, i, n, 0)
}

// withGuardsFound is withGuards where the branches in noFound cannot be
// taken by a found row (a case that tests err != nil): for the found
// rows' checks they count as reached, so a check that lets every found
// row through decides nothing for them.
func withGuardsFound(s state, cols []string, pos token.Pos, i, n int, noFound uint64) state {
	if len(cols) == 0 || !s.live || !s.active {
		return s
	}
	g := map[string]guard{}
	for c, p := range s.guards {
		g[c] = p
	}
	for _, c := range cols {
		if _, ok := g[c]; !ok {
			g[c] = guard{pos: pos, branches: branchBit(i), n: n}
		}
	}
	s.guards = g
	if s.out&oFound != 0 {
		fg := map[string]guard{}
		for c, p := range s.foundGuards {
			fg[c] = p
		}
		for _, c := range cols {
			if _, ok := fg[c]; !ok && c != capCol {
				fg[c] = guard{pos: pos, branches: branchBit(i) | noFound, n: n}
			}
		}
		if len(fg) == 0 {
			fg = nil // a count against a limit: no row's column
		}
		s.foundGuards = fg
	}
	return s
}

// event hooks of a walk.
type hooks struct {
	// op is called for each database operation on a live path after the
	// read has run, with the state before the operation.
	op func(s *state, o *op)
	// effect is called for each outside effect on a live, active path.
	effect func(s *state, e effect)
	// ret is called for each return statement on a live path.
	ret func(s state, r *ast.ReturnStmt)
}

// kill forgets signal variables overwritten by an assignment that is not
// the read itself.
func (w *walker) kill(as *ast.AssignStmt, s state) state {
	if !s.active {
		return s
	}
	for _, r := range as.Rhs {
		if containsNode(r, w.r.act) {
			return s
		}
	}
	for _, l := range as.Lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			continue
		}
		obj := w.a.info.ObjectOf(id)
		if obj == nil || !w.r.tracks(obj) {
			continue
		}
		s = s.withKilled(obj)
	}
	return s
}

// withKilled returns s with obj overwritten since the read. The killed set
// is shared between states, so it is copied, not changed.
func (s state) withKilled(obj types.Object) state {
	if s.killed[obj] {
		return s
	}
	k := map[types.Object]bool{obj: true}
	for o := range s.killed {
		k[o] = true
	}
	s.killed = k
	return s
}

// eachTracked calls f with every variable that carries the read's outcome
// (the objects tracks accepts), until f returns false.
func (r *readCtx) eachTracked(f func(types.Object) bool) bool {
	for o := range r.vars {
		if !f(o) {
			return false
		}
	}
	for o := range r.gormRes {
		if !f(o) {
			return false
		}
	}
	for o := range r.colVars {
		if !f(o) {
			return false
		}
	}
	for _, m := range []map[types.Object]bool{r.structs, r.idFields} {
		for o := range m {
			if !f(o) {
				return false
			}
		}
	}
	return true
}

// allKilled reports whether every variable that carries the read's outcome
// has been overwritten since the read: nothing after can branch on it.
func (r *readCtx) allKilled(killed map[types.Object]bool) bool {
	return r.eachTracked(func(o types.Object) bool { return killed[o] })
}

func (r *readCtx) tracks(obj types.Object) bool {
	if _, ok := r.vars[obj]; ok {
		return true
	}
	if _, ok := r.gormRes[obj]; ok {
		return true
	}
	if _, ok := r.colVars[obj]; ok {
		return true
	}
	return r.structs[obj] || r.idFields[obj]
}

func containsNode(root ast.Node, target ast.Node) bool {
	if target == nil || root == nil {
		return false
	}
	if root.Pos() > target.Pos() || root.End() < target.End() {
		return false
	}
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if n == target {
			found = true
			return false
		}
		return n.Pos() <= target.Pos() && target.End() <= n.End()
	})
	return found
}

// expr walks the calls of an expression in evaluation order: operands
// first, then function literals passed as arguments (they run during the
// call), then the call itself.
func (w *walker) expr(e ast.Expr, s state) state {
	if e == nil || !s.live || w.stop {
		return s
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		s = w.expr(e.Fun, s)
		var lits []*ast.FuncLit
		for _, arg := range e.Args {
			if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
				lits = append(lits, lit)
				continue
			}
			s = w.expr(arg, s)
		}
		for _, lit := range lits {
			s = w.frameLit(e, lit, s)
		}
		return w.call(e, s)
	case *ast.FuncLit:
		// A literal that is not called here (assigned, returned): its body
		// is a function of its own.
		return s
	case *ast.ParenExpr:
		return w.expr(e.X, s)
	case *ast.SelectorExpr:
		return w.expr(e.X, s)
	case *ast.UnaryExpr:
		return w.expr(e.X, s)
	case *ast.BinaryExpr:
		s = w.expr(e.X, s)
		return w.expr(e.Y, s)
	case *ast.StarExpr:
		return w.expr(e.X, s)
	case *ast.IndexExpr:
		s = w.expr(e.X, s)
		return w.expr(e.Index, s)
	case *ast.SliceExpr:
		s = w.expr(e.X, s)
		s = w.expr(e.Low, s)
		s = w.expr(e.High, s)
		return w.expr(e.Max, s)
	case *ast.TypeAssertExpr:
		return w.expr(e.X, s)
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			s = w.expr(el, s)
		}
		return s
	case *ast.KeyValueExpr:
		s = w.expr(e.Key, s)
		return w.expr(e.Value, s)
	}
	return s
}

// rereads reports a helper's operations that read r's table again before
// they write anything.
func rereads(ops []*op, r *op) bool {
	if r == nil || r.table == "" || len(ops) < 2 {
		return false
	}
	for _, o := range ops {
		if o.kind.isWrite() {
			return false
		}
		if o.kind == opRead && strings.EqualFold(o.table, r.table) {
			return true
		}
	}
	return false
}

// call handles one call on the path: the read's completion, a database
// operation, an outside effect, a package-local helper.
func (w *walker) call(call *ast.CallExpr, s state) state {
	if !s.live || w.stop {
		return s
	}
	if w.r != nil && call == w.r.act {
		s.active = true
		s.out = oAll
		s.effects = nil
		s.guards = nil
		s.killed = nil
		s.acted = nil
		return s
	}
	if s.active {
		// Another read's chained Scan(&x) (db.QueryRow(...).Scan(&n))
		// overwrites x: the read's signal there is gone.
		var rescan []ast.Expr
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Scan" {
			if _, chained := ast.Unparen(sel.X).(*ast.CallExpr); chained {
				rescan = call.Args
			}
		}
		for _, a := range rescan {
			u, ok := ast.Unparen(a).(*ast.UnaryExpr)
			if !ok || u.Op != token.AND {
				continue
			}
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
				if obj := w.a.info.ObjectOf(id); obj != nil && w.r.tracks(obj) {
					s = s.withKilled(obj)
				}
			}
		}
		ops, effs := w.a.eventsOf(call)
		if w.r != nil && rereads(ops, w.r.op) {
			// The helper reads the row again before it writes (and, as
			// dendrite's getRemoteFile does, under a lock of its own):
			// its write is gated by that read, judged in the helper.
			return s
		}
		// A helper's effects run where its summary puts them among its
		// operations (effect.at): a charge before the helper's insert
		// precedes it here too.
		at := len(ops)
		if len(effs) > 0 {
			at = min(max(effs[0].at, 0), len(ops))
		}
		emitted := false
		emit := func() {
			emitted = true
			for _, e := range effs {
				if w.h.effect != nil {
					w.h.effect(&s, e)
				}
				if w.stop {
					return
				}
				if s.acted == nil {
					e := e
					s.acted = &e
				}
			}
		}
		for i, o := range ops {
			if i == at {
				if emit(); w.stop {
					return s
				}
			}
			if w.h.op != nil {
				w.h.op(&s, o)
			}
			if w.stop {
				return s
			}
		}
		if !emitted {
			if emit(); w.stop {
				return s
			}
		}
		for _, o := range ops {
			if s.acted == nil && nonIdempotentWrite(o) {
				s.acted = &effect{call: call, what: verbOf(o) + " " + o.table, db: o}
			}
		}
		if s.acted == nil && len(ops) == 0 && len(effs) == 0 {
			if d := w.a.mutation(call); d != "" {
				s.acted = &effect{call: call, what: d}
			}
		}
	}
	return s
}

// actVerbs start the names of calls that change state somewhere else, and
// so must not run twice, beyond the outside effects (effectName): they
// count only to keep a fix from gating what comes after them.
var actVerbs = map[string]bool{
	"release": true, "reserve": true, "allocate": true, "book": true, "cancel": true, "consume": true,
	"decrement": true, "increment": true, "incr": true, "decr": true, "deduct": true, "acquire": true,
	"claim": true, "assign": true, "award": true, "revoke": true, "restock": true, "increase": true,
	"decrease": true, "unlock": true, "activate": true, "deactivate": true, "approve": true, "reject": true,
	"confirm": true, "void": true, "expire": true, "apply": true, "add": true, "remove": true, "reset": true,
}

// mutation describes a call, not a database operation nor an outside
// effect, that changes state elsewhere: a method of another package (or
// a package-local function) named with an act verb. "" otherwise.
func (a *checker) mutation(call *ast.CallExpr) string {
	if d, ok := a.mutations[call]; ok {
		return d
	}
	d := ""
	if fn := typesx.Callee(a.info, call); fn != nil && (fn.Pkg() == nil || !a.isStdlib(typesx.TrimVendor(fn.Pkg().Path()))) {
		words := camelWords(fn.Name())
		if len(words) > 0 && actVerbs[words[0]] {
			d = "call " + fn.Name()
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if r := exprName(sel.X); r != "" {
					d = "call " + r + "." + fn.Name()
				}
			}
		}
	}
	if a.mutations == nil {
		a.mutations = map[*ast.CallExpr]string{}
	}
	a.mutations[call] = d
	return d
}

// guardCols returns the columns of the read that a condition looks at: a
// variable or struct field holding one, or a part of its value (the Valid
// or Time of a sql.NullTime, a method such as IsZero called on it).
func (w *walker) guardCols(cond ast.Expr, s state) []string {
	if !s.active {
		return nil
	}
	var cols []string
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			for x := ast.Expr(n); x != nil; {
				sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
				if !ok {
					break
				}
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if base := w.a.info.ObjectOf(id); base != nil && !s.killed[base] {
						if c, ok := w.r.fieldCol[fieldKey{base, sel.Sel.Name}]; ok {
							cols = append(cols, c)
						} else if c, ok := w.r.colVars[base]; ok {
							cols = append(cols, c) // v.Valid, v.IsZero()
						}
					}
					break
				}
				x = sel.X
			}
			return false
		case *ast.Ident:
			if obj := w.a.info.ObjectOf(n); obj != nil && !s.killed[obj] {
				if c, ok := w.r.colVars[obj]; ok {
					cols = append(cols, c)
				}
			}
		}
		return true
	})
	return cols
}

// capCol is the guard a capacity check records: a COUNT of the read
// compared with a limit.
const capCol = "count(*)"

// capacityCheck returns the limit a condition compares the read's COUNT
// with (n >= max, n < limit, n+1 > cap), nil if it is not such a check: a
// bound that is not a constant 0 or 1 (those ask whether a row exists).
func (w *walker) capacityCheck(cond ast.Expr, s state) ast.Expr {
	if w.r.op.shape != shapeCount || !s.active {
		return nil
	}
	var found ast.Expr
	ast.Inspect(cond, func(n ast.Node) bool {
		be, ok := n.(*ast.BinaryExpr)
		if !ok || found != nil {
			return found == nil
		}
		switch be.Op {
		case token.LSS, token.GTR, token.LEQ, token.GEQ:
		default:
			return true
		}
		for _, side := range [][2]ast.Expr{{be.X, be.Y}, {be.Y, be.X}} {
			if !w.countOperand(side[0], s) {
				continue
			}
			if k, ok := typesx.IntConst(w.a.info, side[1]); ok && k <= 1 {
				continue
			}
			found = side[1]
		}
		return found == nil
	})
	return found
}

// countOperand reports the read's count, or the count plus something
// (n+1 > max, int(n) >= max).
func (w *walker) countOperand(e ast.Expr, s state) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return w.countOperand(x.X, s) || w.countOperand(x.Y, s)
		}
	case *ast.CallExpr:
		// a conversion: int(n)
		if tv, ok := w.a.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return w.countOperand(x.Args[0], s)
		}
	}
	sg, ok := w.signal(e, s)
	return ok && sg == sigFound
}

// classify returns the outcomes possible when cond is true and when it is
// false.
func (w *walker) classify(cond ast.Expr, s state) (outcome, outcome) {
	if !s.active {
		return oAll, oAll
	}
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			t, f := w.classify(e.X, s)
			return f, t
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			t1, f1 := w.classify(e.X, s)
			t2, f2 := w.classify(e.Y, s)
			return t1 & t2, f1 | f2
		case token.LOR:
			t1, f1 := w.classify(e.X, s)
			t2, f2 := w.classify(e.Y, s)
			return t1 | t2, f1 & f2
		case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
			return w.compare(e, s)
		}
	case *ast.Ident:
		if sg, ok := w.signal(e, s); ok {
			return sg.nonzero, sg.zero
		}
	case *ast.CallExpr:
		if sg, ok := w.signal(e, s); ok {
			return sg.nonzero, sg.zero
		}
		return w.classifyCall(e, s)
	}
	return oAll, oAll
}

// signal returns what a variable (or res.Error / res.RowsAffected / p.ID)
// says about the read.
func (w *walker) signal(e ast.Expr, s state) (signal, bool) {
	// The read used inline: errors.Is(row.Scan(&x), sql.ErrNoRows),
	// errors.Is(db.First(&u).Error, gorm.ErrRecordNotFound).
	if w.r.act != nil && w.r.actBool && ast.Unparen(e) == w.r.act {
		return sigFound, true
	}
	if w.r.act != nil && w.r.actErr != nil {
		x := ast.Unparen(e)
		if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && ast.Unparen(sel.X) == w.r.act {
			return *w.r.actErr, true
		}
		if x == w.r.act && w.a.info.TypeOf(x) != nil && types.Identical(w.a.info.TypeOf(x), types.Universe.Lookup("error").Type()) {
			return *w.r.actErr, true
		}
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := w.a.info.ObjectOf(e)
		if obj == nil || s.killed[obj] {
			return signal{}, false
		}
		sg, ok := w.r.vars[obj]
		return sg, ok
	case *ast.SelectorExpr:
		id, ok := ast.Unparen(e.X).(*ast.Ident)
		if !ok {
			return signal{}, false
		}
		obj := w.a.info.ObjectOf(id)
		if obj == nil || s.killed[obj] {
			return signal{}, false
		}
		if rs, ok := w.r.gormRes[obj]; ok {
			switch e.Sel.Name {
			case "Error":
				return w.r.gormErr, true
			case "RowsAffected":
				return rs, true
			}
		}
		if w.r.idFields[obj] && (e.Sel.Name == "ID" || e.Sel.Name == "Id") {
			return sigFound, true
		}
	case *ast.CallExpr:
		// The row's own emptiness test: notify.IsEmpty() (true for the
		// zero value a lookup with its error dropped leaves), or Exists().
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && len(e.Args) == 0 {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				if obj := w.a.info.ObjectOf(id); obj != nil && !s.killed[obj] && (w.r.structs[obj] || w.r.idFields[obj]) && typesx.IsBool(w.a.info.TypeOf(e)) {
					switch sel.Sel.Name {
					case "IsEmpty", "IsZero", "Empty", "IsNil", "IsNew":
						return sigEmptyRow, true
					case "Exists", "Found", "IsFound", "IsPresent":
						return sigFound, true
					}
				}
			}
		}
		// len(rows)
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "len" && len(e.Args) == 1 {
			if _, isBuiltin := w.a.info.ObjectOf(id).(*types.Builtin); isBuiltin {
				return w.signal(e.Args[0], s)
			}
		}
	}
	return signal{}, false
}

// compare classifies x OP y where one side is a signal.
func (w *walker) compare(e *ast.BinaryExpr, s state) (outcome, outcome) {
	x, y, op := e.X, e.Y, e.Op
	sg, ok := w.signal(x, s)
	if !ok {
		sg, ok = w.signal(y, s)
		if !ok {
			return oAll, oAll
		}
		x, y = y, x
		op = typesx.Mirror(op)
	}
	// err == sentinel
	if w.isErrSignal(x, s) && !typesx.IsNil(w.a.info, y) {
		if op != token.EQL && op != token.NEQ {
			return oAll, oAll
		}
		t, f := w.sentinel(y)
		if op == token.NEQ {
			return f, t
		}
		return t, f
	}
	var atZero, atOne bool
	switch {
	case typesx.IsNil(w.a.info, y):
		atZero, atOne = op == token.EQL, op == token.NEQ
	default:
		k, ok := typesx.IntConst(w.a.info, y)
		if !ok {
			// a bool compared with a constant
			if b, ok := boolConst(w.a.info, y); ok && (op == token.EQL || op == token.NEQ) {
				eq := op == token.EQL
				if b == eq {
					return sg.nonzero, sg.zero
				}
				return sg.zero, sg.nonzero
			}
			return oAll, oAll
		}
		atZero, atOne = cmpInt(0, op, k), cmpInt(1, op, k)
		if k > 1 && !atOne {
			// n >= 2: says nothing clean
			return oAll, oAll
		}
	}
	var t, f outcome
	if atZero {
		t |= sg.zero
	} else {
		f |= sg.zero
	}
	if atOne {
		t |= sg.nonzero
	} else {
		f |= sg.nonzero
	}
	return t, f
}

func (w *walker) isErrSignal(e ast.Expr, s state) bool {
	t := w.a.info.TypeOf(e)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// classifyCall handles errors.Is(err, X) and package-local predicates.
func (w *walker) classifyCall(call *ast.CallExpr, s state) (outcome, outcome) {
	fn := typesx.Callee(w.a.info, call)
	if fn == nil {
		return oAll, oAll
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "errors" && fn.Name() == "Is" && len(call.Args) == 2 {
		if _, ok := w.signal(call.Args[0], s); ok {
			return w.sentinel(call.Args[1])
		}
		return oAll, oAll
	}
	// A package-local predicate: func isNotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
	if fn.Pkg() == w.a.pkg && len(call.Args) == 1 {
		if _, ok := w.signal(call.Args[0], s); ok {
			if nf := w.a.notFoundPredicate(fn); nf {
				return oNotFound, oFound | oError
			}
		}
	}
	return oAll, oAll
}

// sentinel classifies comparing the read's error with a target error.
func (w *walker) sentinel(target ast.Expr) (outcome, outcome) {
	obj := objOf(w.a.info, target)
	if obj == nil {
		return oAll, oAll
	}
	if isNotFoundSentinel(obj) || w.r.sentinels[objKey(obj)] || (w.r.anyNotFound && notfound.NamedLikeNotFound(obj)) {
		return oNotFound, oFound | oError
	}
	return oError, oAll
}

func objOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	}
	return nil
}

// isNotFoundSentinel reports the libraries' "no row" errors (notfound's
// one sentinel table).
func isNotFoundSentinel(obj types.Object) bool {
	return notfound.SentinelKind(obj) != notfound.KindNone
}

func boolConst(info *types.Info, e ast.Expr) (bool, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

func cmpInt(v int64, op token.Token, k int64) bool {
	switch op {
	case token.EQL:
		return v == k
	case token.NEQ:
		return v != k
	case token.LSS:
		return v < k
	case token.GTR:
		return v > k
	case token.LEQ:
		return v <= k
	case token.GEQ:
		return v >= k
	}
	return false
}

// objKey names a package-level object across packages: "path.Name".
func objKey(obj types.Object) string {
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}
