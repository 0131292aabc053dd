package selectinsert

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// The walk of one read follows the whole function body, and a function has
// as many reads as it has blocks, so walking every statement for every read
// is quadratic in the function's length. Most statements cannot change or
// use what the walk knows about a read: a statement that mentions none of
// the read's variables leaves the outcomes of a path as they are, and
// the hooks only act on some states (a path where the row was not found;
// a path that branched on a column of the row). Such a statement is
// skipped: its effect on the path is only structural (the path goes on,
// stops, or leaves by break or return), and that is computed once per
// statement for the whole pass (shapeOf). A run of skipped statements in
// a list is crossed with binary searches (skipTo, skipRange), so the walk
// of a read costs about the statements that mention it.

// relevance holds the sorted positions where a walk's state may change or
// be used, for one read.
type relevance struct {
	act     token.Pos   // the call that completes the read
	refs    []token.Pos // uses and definitions of the read's variables, and act
	events  []token.Pos // calls with database operations or outside effects
	acts    []token.Pos // calls that set state.acted: effects, non-idempotent writes, mutations
	updates []token.Pos // updates that a branch on a column of the read could make a finding
}

// shape is the structural effect of a statement on a path whose state it
// cannot change: whether the path goes on after it, and whether it leaves
// by an unlabelled break (to the innermost loop or switch around the
// statement) or by a return.
type shape struct {
	through, brk, ret bool
}

// listShape holds the shapes of a statement list, for crossing runs of it.
type listShape struct {
	stop []int // stop[i]: the first k >= i whose statement does not go on (len: none)
	brk  []int // brk[i]: statements before i that break out
	ret  []int // ret[i]: statements before i that return
}

// rootIndex holds, for one function body, the positions of its calls with
// database operations or outside effects, and its updates that a branch on
// a column could make a finding, indexed the ways sameRow matches them.
type rootIndex struct {
	events  []token.Pos
	acts    []token.Pos
	updates map[string]*updateIndex // by table
}

// updateIndex finds the updates of one table that may be of the row a
// read looked at (sameRow): those of a GORM model, those whose key column
// is the read's with an unknown argument or the same expression, and
// those whose key argument is a value the read returned.
type updateIndex struct {
	model    []*op
	keyNil   map[string][]*op // key column -> updates with an unknown argument for it
	keyAny   map[string][]*op // key column -> every update with that key
	keyArg   map[string][]*op // key column + "\x00" + exprKey of the argument
	argObj   map[types.Object][]*op
	argField map[fieldKey][]*op
}

func (a *checker) indexRoot(body *ast.BlockStmt) *rootIndex {
	ix := &rootIndex{updates: map[string]*updateIndex{}}
	a.inspectBody(body, func(call *ast.CallExpr) {
		ops, effs := a.eventsOf(call)
		if len(ops) > 0 || len(effs) > 0 {
			ix.events = append(ix.events, call.Pos())
		}
		acts := len(effs) > 0 || (len(ops) == 0 && a.mutation(call) != "")
		for _, o := range ops {
			acts = acts || nonIdempotentWrite(o)
		}
		if acts {
			ix.acts = append(ix.acts, call.Pos())
		}
		for _, o := range ops {
			if o.kind != opUpdate || !a.setsUncheckedState(o) {
				continue
			}
			ui := ix.updates[o.table]
			if ui == nil {
				ui = &updateIndex{keyNil: map[string][]*op{}, keyAny: map[string][]*op{}, keyArg: map[string][]*op{},
					argObj: map[types.Object][]*op{}, argField: map[fieldKey][]*op{}}
				ix.updates[o.table] = ui
			}
			ui.add(a, o)
		}
	})
	sortPos(ix.events)
	sortPos(ix.acts)
	return ix
}

func (ui *updateIndex) add(a *checker, u *op) {
	if u.model != nil {
		ui.model = append(ui.model, u)
	}
	for j, k := range u.keys {
		k = strings.ToLower(k)
		ui.keyAny[k] = append(ui.keyAny[k], u)
		ua := argAtIdx(u.keyArgs, j)
		if ua == nil {
			ui.keyNil[k] = append(ui.keyNil[k], u)
		} else if ek := a.exprKey(ua); ek != "" {
			ui.keyArg[k+"\x00"+ek] = append(ui.keyArg[k+"\x00"+ek], u)
		}
	}
	for _, ua := range u.keyArgs {
		if ua == nil {
			continue
		}
		if obj := objOf(a.info, ua); obj != nil {
			ui.argObj[obj] = append(ui.argObj[obj], u)
		}
		if sel, ok := ast.Unparen(ua).(*ast.SelectorExpr); ok {
			if base := objOf(a.info, sel.X); base != nil {
				k := fieldKey{base, sel.Sel.Name}
				ui.argField[k] = append(ui.argField[k], u)
			}
		}
	}
}

// candidates returns the updates that may be of the row rc read: a
// superset of those sameRow accepts.
func (ui *updateIndex) candidates(a *checker, rc *readCtx) []*op {
	var out []*op
	out = append(out, ui.model...)
	r := rc.op
	for i, k := range r.keys {
		k = strings.ToLower(k)
		ra := argAtIdx(r.keyArgs, i)
		if ra == nil {
			out = append(out, ui.keyAny[k]...)
			continue
		}
		out = append(out, ui.keyNil[k]...)
		if ek := a.exprKey(ra); ek != "" {
			out = append(out, ui.keyArg[k+"\x00"+ek]...)
		}
	}
	for obj := range rc.colVars {
		out = append(out, ui.argObj[obj]...)
	}
	for fk := range rc.fieldCol {
		out = append(out, ui.argField[fk]...)
	}
	return out
}

// exprKey names what sameExpr compares: a variable, a field path, a
// literal; "" for anything else.
func (a *checker) exprKey(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := a.info.ObjectOf(e); obj != nil {
			return fmt.Sprintf("v%p", obj)
		}
	case *ast.SelectorExpr:
		if x := a.exprKey(e.X); x != "" {
			return x + "." + e.Sel.Name
		}
	case *ast.BasicLit:
		return "l" + e.Value
	}
	return ""
}

func sortPos(ps []token.Pos) {
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
}

// relevanceOf returns where the walk of a read can change or use its state.
func (a *checker) relevanceOf(rc *readCtx, ix *rootIndex) *relevance {
	rel := &relevance{act: rc.act.Pos(), events: ix.events, acts: ix.acts}
	objs := map[types.Object]bool{}
	for o := range rc.vars {
		objs[o] = true
	}
	for o := range rc.gormRes {
		objs[o] = true
	}
	for o := range rc.colVars {
		objs[o] = true
	}
	for k := range rc.fieldCol {
		objs[k.base] = true
	}
	for o := range rc.structs {
		objs[o] = true
	}
	for o := range rc.idFields {
		objs[o] = true
	}
	rel.refs = append(rel.refs, rel.act)
	for o := range objs {
		for _, id := range a.identsOf(o) {
			rel.refs = append(rel.refs, id.Pos())
		}
	}
	sortPos(rel.refs)
	if ui := ix.updates[rc.op.table]; ui != nil && rc.op.kind == opRead {
		seen := map[*op]bool{}
		for _, u := range ui.candidates(a, rc) {
			if !seen[u] && a.sameRow(rc, u) {
				rel.updates = append(rel.updates, u.call.Pos())
			}
			seen[u] = true
		}
		sortPos(rel.updates)
	}
	return rel
}

// setsUncheckedState reports an update that uncheckedGuard may report for
// some guarded column: by key, it sets a state column without re-checking
// it.
func (a *checker) setsUncheckedState(u *op) bool {
	if a.versionChecked(u) || !u.byKey() {
		return false
	}
	if u.allCols && u.model != nil {
		return true
	}
	for _, c := range u.cols {
		if !stateColumn(c) {
			continue
		}
		rechecked := false
		for _, wc := range u.where {
			if strings.EqualFold(wc, c) {
				rechecked = true
			}
		}
		if !rechecked {
			return true
		}
	}
	return false
}

// identsOf returns the identifiers that use or define obj, in order.
func (a *checker) identsOf(obj types.Object) []*ast.Ident {
	if a.idents == nil {
		a.idents = map[types.Object][]*ast.Ident{}
		for id, o := range a.info.Uses {
			if _, ok := o.(*types.Var); ok {
				a.idents[o] = append(a.idents[o], id)
			}
		}
		for id, o := range a.info.Defs {
			if _, ok := o.(*types.Var); ok {
				a.idents[o] = append(a.idents[o], id)
			}
		}
		for _, ids := range a.idents {
			sort.Slice(ids, func(i, j int) bool { return ids[i].Pos() < ids[j].Pos() })
		}
	}
	return a.idents[obj]
}

// within reports a position of ps in [from, to).
func within(ps []token.Pos, from, to token.Pos) bool {
	i := sort.Search(len(ps), func(i int) bool { return ps[i] >= from })
	return i < len(ps) && ps[i] < to
}

// next returns the first position of ps at or after from, or NoPos.
func next(ps []token.Pos, from token.Pos) token.Pos {
	i := sort.Search(len(ps), func(i int) bool { return ps[i] >= from })
	if i < len(ps) {
		return ps[i]
	}
	return token.NoPos
}

// watched returns the position lists where a state can change or be used:
// for a path before the read, the read itself; after it, the read's
// variables, and the calls the hooks act on in that state.
func (w *walker) watched(s state) [][]token.Pos {
	if !s.active {
		return [][]token.Pos{{w.rel.act}}
	}
	out := [][]token.Pos{w.rel.refs}
	if s.notFoundOnly() {
		out = append(out, w.rel.events)
	}
	if len(s.guards) > 0 {
		out = append(out, w.rel.updates)
	}
	if s.acted == nil {
		out = append(out, w.rel.acts)
	}
	return out
}

// canSkip reports that the walk may skip statements: the dry walk of a
// statement's shape skips all the statements inside it; the walk of a
// read does when it knows where the read matters and has no return hook
// (the roles of a helper record every return).
func (w *walker) canSkip() bool {
	return w.dry || (w.rel != nil && w.h.ret == nil)
}

func (w *walker) skippable(st ast.Stmt, s state) bool {
	if !w.canSkip() {
		return false
	}
	if w.dry {
		return true
	}
	for _, ps := range w.watched(s) {
		if within(ps, st.Pos(), st.End()) {
			return false
		}
	}
	return true
}

// skipStmt applies the shape of a statement the state goes through unchanged.
func (w *walker) skipStmt(st ast.Stmt, s state) state {
	return w.apply(w.a.shapeOf(st), s)
}

func (w *walker) apply(sh shape, s state) state {
	if sh.brk && len(w.brk) > 0 {
		b := w.brk[len(w.brk)-1]
		*b = append(*b, s)
	}
	if sh.ret && len(w.frame) > 0 {
		fr := w.frame[len(w.frame)-1]
		fr.states = append(fr.states, s)
	}
	if !sh.through {
		s.live = false
	}
	return s
}

// skipTo returns the end of the run of skippable statements that starts
// at stmts[i] (i itself when it is not skippable).
func (w *walker) skipTo(stmts []ast.Stmt, i int, s state) int {
	if !w.canSkip() || w.dry {
		return i
	}
	from := stmts[i].Pos()
	limit := token.NoPos
	for _, ps := range w.watched(s) {
		if p := next(ps, from); p.IsValid() && (!limit.IsValid() || p < limit) {
			limit = p
		}
	}
	if !limit.IsValid() {
		return len(stmts)
	}
	// The first statement that ends after limit holds it (or follows it).
	return i + sort.Search(len(stmts)-i, func(k int) bool { return stmts[i+k].End() > limit })
}

// skipRange crosses stmts[i:j], none of which can change the state.
func (w *walker) skipRange(stmts []ast.Stmt, i, j int, s state) state {
	ls := w.a.listShapeOf(stmts)
	k := ls.stop[i]
	last := j // statements walked: i .. last-1
	if k < j {
		last = k + 1
	}
	sh := shape{through: k >= j, brk: ls.brk[last] > ls.brk[i], ret: ls.ret[last] > ls.ret[i]}
	return w.apply(sh, s)
}

// shapeOf returns the shape of a statement: a dry walk with a state that
// no statement can change.
func (a *checker) shapeOf(st ast.Stmt) shape {
	if sh, ok := a.shapes[st]; ok {
		return sh
	}
	var brk []state
	fr := &frameExits{}
	w := &walker{a: a, r: newReadCtx(nil), dry: true, brk: []*[]state{&brk}, frame: []*frameExits{fr}}
	out := w.walkStmt(st, state{live: true})
	sh := shape{through: out.live, brk: len(brk) > 0, ret: len(fr.states) > 0}
	a.shapes[st] = sh
	return sh
}

func (a *checker) listShapeOf(stmts []ast.Stmt) *listShape {
	key := &stmts[0]
	if ls, ok := a.lists[key]; ok {
		return ls
	}
	n := len(stmts)
	ls := &listShape{stop: make([]int, n+1), brk: make([]int, n+1), ret: make([]int, n+1)}
	ls.stop[n] = n
	for i := n - 1; i >= 0; i-- {
		if a.shapeOf(stmts[i]).through {
			ls.stop[i] = ls.stop[i+1]
		} else {
			ls.stop[i] = i
		}
	}
	for i, st := range stmts {
		sh := a.shapeOf(st)
		ls.brk[i+1], ls.ret[i+1] = ls.brk[i], ls.ret[i]
		if sh.brk {
			ls.brk[i+1]++
		}
		if sh.ret {
			ls.ret[i+1]++
		}
	}
	a.lists[key] = ls
	return ls
}

// clausesShape holds the shapes of the case clauses of a switch, for
// crossing runs of them: counts over the clauses before i (in body.List)
// that are not the default, by how their bodies end.
type clausesShape struct {
	dflt                 int // index of the default clause, -1 if none
	live, dead, brk, ret []int
}

func (a *checker) clausesShapeOf(body *ast.BlockStmt) *clausesShape {
	if cs, ok := a.switches[body]; ok {
		return cs
	}
	n := len(body.List)
	cs := &clausesShape{dflt: -1, live: make([]int, n+1), dead: make([]int, n+1), brk: make([]int, n+1), ret: make([]int, n+1)}
	for i, cl := range body.List {
		cs.live[i+1], cs.dead[i+1], cs.brk[i+1], cs.ret[i+1] = cs.live[i], cs.dead[i], cs.brk[i], cs.ret[i]
		cc, ok := cl.(*ast.CaseClause)
		if !ok {
			continue
		}
		if cc.List == nil {
			cs.dflt = i
			continue
		}
		sh := a.bodyShape(cc.Body)
		if sh.through {
			cs.live[i+1]++
		} else {
			cs.dead[i+1]++
		}
		if sh.brk {
			cs.brk[i+1]++
		}
		if sh.ret {
			cs.ret[i+1]++
		}
	}
	if a.switches == nil {
		a.switches = map[*ast.BlockStmt]*clausesShape{}
	}
	a.switches[body] = cs
	return cs
}

// skipClauses returns the end of the run of clauses of a switch body,
// from body.List[i], in which nothing can change or use the state s.
func (w *walker) skipClauses(body *ast.BlockStmt, i int, s state) int {
	if !w.canSkip() || w.dry {
		return i
	}
	from := body.List[i].Pos()
	limit := token.NoPos
	for _, ps := range w.watched(s) {
		if p := next(ps, from); p.IsValid() && (!limit.IsValid() || p < limit) {
			limit = p
		}
	}
	if !limit.IsValid() {
		return len(body.List)
	}
	list := body.List
	return i + sort.Search(len(list)-i, func(k int) bool { return list[i+k].End() > limit })
}

// bodyShape returns the shape of a statement list walked from its start.
func (a *checker) bodyShape(stmts []ast.Stmt) shape {
	if len(stmts) == 0 {
		return shape{through: true}
	}
	ls := a.listShapeOf(stmts)
	k, last := ls.stop[0], len(stmts)
	if k < last {
		last = k + 1
	}
	return shape{through: k >= len(stmts), brk: ls.brk[last] > 0, ret: ls.ret[last] > 0}
}
