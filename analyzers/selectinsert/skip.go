package selectinsert

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/cfg"
)

// The walk of one read runs from the read (walker.runRoot), and a function
// has as many reads as it has blocks, so following every block after every
// read is quadratic in the function's length. Most nodes cannot change or
// use what the walk knows about a read: a node that mentions none of the
// read's variables leaves the outcomes of a path as they are, and the hooks
// only act on some states (a path where the row was not found; a path that
// branched on a column of the row). Such a node is skipped (skippable), and
// the state is not carried past a block from which no such place can be
// reached (matters): the walk of a read costs about the region in which it
// matters.

// relevance holds, sorted by position, the places where a walk's state may
// change or be used, for one read.
type relevance struct {
	act     token.Pos
	refs    []ast.Node // uses and definitions of the read's variables, and act
	events  []ast.Node // calls with database operations or outside effects
	acts    []ast.Node // calls that set state.acted: effects, non-idempotent writes, mutations
	updates []ast.Node // updates that a branch on a column of the read could make a finding
}

// rootIndex holds, for one function body, the positions of its calls with
// database operations or outside effects, and its updates that a branch on
// a column could make a finding, indexed the ways sameRow matches them.
type rootIndex struct {
	events  []ast.Node
	acts    []ast.Node
	updates map[string]*updateIndex // by table
	inserts map[string][]ast.Node   // plain inserts, by table (for capacity checks)
	writes  map[string][]ast.Node   // updates that write a computed local, by table (for lost updates)
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
			ix.events = append(ix.events, call)
		}
		acts := len(effs) > 0 || (len(ops) == 0 && a.mutation(call) != "")
		for _, o := range ops {
			acts = acts || nonIdempotentWrite(o)
		}
		if acts {
			ix.acts = append(ix.acts, call)
		}
		for _, o := range ops {
			if o.kind == opUpdate && o.table != "" && a.writesComputedLocal(o) {
				if ix.writes == nil {
					ix.writes = map[string][]ast.Node{}
				}
				ix.writes[o.table] = append(ix.writes[o.table], call)
			}
			if o.kind == opInsert && o.table != "" {
				if ix.inserts == nil {
					ix.inserts = map[string][]ast.Node{}
				}
				ix.inserts[o.table] = append(ix.inserts[o.table], call)
			}
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
	sortNodes(ix.events)
	sortNodes(ix.acts)
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

func sortNodes(ns []ast.Node) {
	sort.Slice(ns, func(i, j int) bool { return ns[i].Pos() < ns[j].Pos() })
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
	// The references of each object are in source order already: merge
	// them (a sort per read was most of the time on long functions whose
	// reads share err).
	rel.refs = []ast.Node{rc.act}
	for o := range objs {
		rel.refs = mergeNodes(rel.refs, a.refsOf(o))
	}
	if rc.op.kind == opRead {
		// an update of the table may write back a value computed from the
		// read through a local (lost update): the local is not the read's
		rel.refs = mergeNodes(rel.refs, ix.writes[rc.op.table])
	}
	if ui := ix.updates[rc.op.table]; ui != nil && rc.op.kind == opRead {
		seen := map[*op]bool{}
		for _, u := range ui.candidates(a, rc) {
			if !seen[u] && a.sameRow(rc, u) {
				rel.updates = append(rel.updates, u.call)
			}
			seen[u] = true
		}
	}
	if rc.op.kind == opRead && rc.op.shape == shapeCount {
		// a capacity check guards the inserts into the counted table
		rel.updates = append(rel.updates, ix.inserts[rc.op.table]...)
	}
	sortNodes(rel.updates)
	return rel
}

// writesComputedLocal reports an update that sets a column from a local
// assigned once from arithmetic (newBal := bal + amount): the value may be
// computed from a read that the update's own node does not mention.
func (a *checker) writesComputedLocal(u *op) bool {
	c := u.db
	var args []ast.Expr
	if c == nil {
		// Through a helper: the arguments its SET columns bind to.
		for _, col := range sortedCols(u.setArgs) {
			args = append(args, u.setArgs[col])
		}
		if len(args) == 0 {
			return false
		}
	}
	switch {
	case c == nil:
	case u.stmt != nil:
		for _, set := range u.stmt.Set {
			if set.Placeholder {
				args = append(args, placeholderArg(set.Value, c.Args, c.Spread))
			}
		}
	case c.Method == "Update" && len(c.Expr.Args) == 2:
		args = append(args, c.Expr.Args[1])
	}
	for _, arg := range args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok || arg == nil {
			continue
		}
		v, ok := a.info.ObjectOf(id).(*types.Var)
		if !ok {
			continue
		}
		if as := a.pidx.Assigns(v); len(as) == 1 && as[0].RHS != nil {
			if _, ok := ast.Unparen(as[0].RHS).(*ast.BinaryExpr); ok {
				return true
			}
		}
	}
	return false
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
		if !stateColumn(c) && !containsFold(u.constSet, c) {
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
// refsOf is identsOf without bare declarations, as nodes, memoized.
func (a *checker) refsOf(obj types.Object) []ast.Node {
	if r, ok := a.refs[obj]; ok {
		return r
	}
	var out []ast.Node
	for _, id := range a.identsOf(obj) {
		if !a.bareDecl(id) {
			out = append(out, id)
		}
	}
	if a.refs == nil {
		a.refs = map[types.Object][]ast.Node{}
	}
	a.refs[obj] = out
	return out
}

// mergeNodes merges two lists sorted by position into a new sorted list.
func mergeNodes(x, y []ast.Node) []ast.Node {
	out := make([]ast.Node, 0, len(x)+len(y))
	for len(x) > 0 && len(y) > 0 {
		if y[0].Pos() < x[0].Pos() {
			out, y = append(out, y[0]), y[1:]
		} else {
			out, x = append(out, x[0]), x[1:]
		}
	}
	out = append(out, x...)
	return append(out, y...)
}

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

// bareDecl reports the name of a var declaration without a value (var x T):
// the walk does nothing there.
func (a *checker) bareDecl(id *ast.Ident) bool {
	if a.bareDecls == nil {
		a.bareDecls = map[*ast.Ident]bool{}
		for _, f := range a.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == 0 {
					for _, nm := range vs.Names {
						a.bareDecls[nm] = true
					}
				}
				return true
			})
		}
	}
	return a.bareDecls[id]
}

// within reports a node of ns starting in [from, to).
func within(ns []ast.Node, from, to token.Pos) bool {
	i := sort.Search(len(ns), func(i int) bool { return ns[i].Pos() >= from })
	return i < len(ns) && ns[i].Pos() < to
}

// watched returns the node lists where a state can change or be used: the
// read's variables, and the calls the hooks act on in that state.
func (w *walker) watched(s state) [][]ast.Node {
	if !s.active {
		return [][]ast.Node{w.rel.refs}
	}
	out := [][]ast.Node{w.rel.refs}
	if s.notFoundFirst() {
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

// skippable reports a node that cannot change or use the state s. The
// walk of a helper's roles skips nothing: it records every return.
func (w *walker) skippable(n ast.Node, s state) bool {
	if w.rel == nil || w.h.ret != nil {
		return false
	}
	if !s.active {
		return !(w.r.act.Pos() >= n.Pos() && w.r.act.Pos() < n.End())
	}
	for _, ns := range w.watched(s) {
		if within(ns, n.Pos(), n.End()) {
			return false
		}
	}
	return true
}

// matters reports that the state entering block b of the read's function
// can still change or be used: a place where it can is reachable from b
// (flow.Graph.MinReach bounds the positions that can run from b on), or b
// ends in a case of a switch whose tag is one of the read's variables. A
// block reached without passing the read cannot bring the state to a
// place every path to which passes the read (the node that completes the
// read included): the read starts over there.
// acted matters only to a check-then-act finding, which needs a guard.
// inert reports a state that can make no finding from here on: every
// variable that told the read's outcome was overwritten and no column check
// is pending, so no later branch can narrow it or guard a write, and the
// path is not a not-found-only one an insert could still follow. Joined
// into another path's state it makes that one inert too (killed variables
// join by union, guards by intersection).
func (w *walker) inert(s state) bool {
	return s.live && s.active && w.r != nil && len(s.guards) == 0 && !s.notFoundFirst() && w.r.allKilled(s.killed)
}

// neutral is what an inert path brings to a join: the read ran, any
// outcome, every signal overwritten.
func (w *walker) neutral() state {
	k := map[types.Object]bool{}
	w.r.eachTracked(func(o types.Object) bool { k[o] = true; return true })
	return state{live: true, active: true, out: oAll, killed: k}
}

func (w *walker) matters(b *cfg.Block, s state) bool {
	if !s.live || w.stop {
		return false
	}
	g, start := w.root, w.start
	from := g.MinReach()[b.Index]
	if !from.IsValid() {
		return false
	}
	if _, tag, ok := g.Cond(b); ok && tag != nil && within(w.rel.refs, tag.Pos(), tag.End()) {
		return true
	}
	lists := [][]ast.Node{w.rel.refs}
	if s.notFoundFirst() {
		lists = append(lists, w.rel.events)
	}
	if len(s.guards) > 0 {
		lists = append(lists, w.rel.updates)
		if s.acted == nil {
			lists = append(lists, w.rel.acts)
		}
	}
	past := b == start.Block || g.DominatesBlock(start.Block, b)
	end := g.Body.End()
	for _, ns := range lists {
		i := sort.Search(len(ns), func(i int) bool { return ns[i].Pos() >= from })
		for ; i < len(ns) && ns[i].Pos() < end; i++ {
			if past {
				return true
			}
			l, ok := g.Loc(ns[i])
			if !ok {
				return true // in a literal walked inline: could be anywhere
			}
			shadowed := l.Block != start.Block && g.DominatesBlock(start.Block, l.Block) ||
				l.Block == start.Block && l.Index >= start.Index
			if !shadowed {
				return true
			}
		}
	}
	return false
}
