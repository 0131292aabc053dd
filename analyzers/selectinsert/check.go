package selectinsert

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/conflict"
	"github.com/faultline-dev/faultline/internal/dbcall"
	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/sqlschema"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// checkRoot checks one function body.
func (a *checker) checkRoot(root ast.Node) {
	body := bodyOf(root)
	if body == nil {
		return
	}
	// The reads of this body (inline function literals included, other
	// function literals excluded: they are roots of their own), and the
	// locks taken in it.
	var reads []*op
	var locks []token.Pos
	var isoOps []*op
	a.inspectBody(body, func(call *ast.CallExpr) {
		ops := a.opsOf(call)
		if a.isLockCall(call) {
			locks = append(locks, call.Pos())
		}
		for _, o := range ops {
			switch o.kind {
			case opRead, opFirstOrCreate:
				if o.db != nil || o.role || (o.via != nil && len(ops) == 1) {
					reads = append(reads, o)
				}
			case opLock:
				locks = append(locks, call.Pos())
			case opIsolation:
				if o.isoSafe {
					isoOps = append(isoOps, o)
				}
			}
		}
		if fn := typesx.Callee(a.info, call); fn != nil && a.idx.Match(call) == nil {
			if s := a.summaryOf(fn.Origin()); s != nil && s.locks {
				locks = append(locks, call.Pos())
			}
		}
	})
	var txLocks []*op // locking reads on a transaction: they serialize what follows them
	for _, r := range reads {
		if r.lock && r.kind == opRead && (r.db != nil || r.via != nil) {
			if r.db != nil {
				a.checkLockOutsideTx(r)
			}
			// A locking read, direct or in a helper given the transaction
			// (lockUserRow(ctx, tx, id)).
			if st, obj := a.txOf(r); st == txYes && obj != nil {
				txLocks = append(txLocks, r)
			}
		}
	}
	var ix *rootIndex
	firstLock := token.NoPos
	for _, l := range locks {
		if !firstLock.IsValid() || l < firstLock {
			firstLock = l
		}
	}
	for _, r := range reads {
		if r.lock || !r.byKey() || r.table == "" || a.isoSafe(r) {
			continue
		}
		if (firstLock.IsValid() && firstLock < r.call.Pos()) || a.isoBefore(isoOps, r) {
			continue
		}
		if r.via != nil {
			// a read helper: only its summarised read counts
			if s := a.summaryOf(r.via); s == nil || s.read == nil {
				continue
			}
		}
		if ix == nil {
			ix = a.indexRoot(body)
		}
		a.checkRead(root, body, r, ix, a.lockedBefore(txLocks, r))
	}
}

// lockedBefore reports a row locked (SELECT ... FOR UPDATE) in the read's
// transaction before it: a second request waits there until the first
// commits, and then sees its rows.
func (a *checker) lockedBefore(locks []*op, r *op) bool {
	_, robj := a.txOf(r)
	for _, l := range locks {
		if _, lobj := a.txOf(l); l.call.Pos() < r.call.Pos() && lobj == robj {
			return true
		}
	}
	return false
}

// inspectBody calls f for every call in body, following inline function
// literals and skipping the others.
func (a *checker) inspectBody(body *ast.BlockStmt, f func(*ast.CallExpr)) {
	bc, ok := a.pidx.Cursor(body)
	if !ok {
		return
	}
	bc.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.CallExpr)(nil)}, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return a.inlineLit(n)
		case *ast.CallExpr:
			f(n)
		}
		return true
	})
}

// isoBefore reports SET TRANSACTION ISOLATION LEVEL SERIALIZABLE run on the
// read's handle before it.
func (a *checker) isoBefore(isoOps []*op, r *op) bool {
	robj := a.handleObj(r.recv)
	for _, o := range isoOps {
		if o.call.Pos() < r.call.Pos() && robj != nil && a.handleObj(o.recv) == robj {
			return true
		}
	}
	return false
}

// checkRead walks the paths after one read.
func (a *checker) checkRead(root ast.Node, body *ast.BlockStmt, r *op, ix *rootIndex, serialized bool) {
	rc := a.readCtxOf(r, root)
	if rc == nil || rc.act == nil {
		return
	}
	w := &walker{a: a, r: rc, rel: a.relevanceOf(rc, ix)}
	// The hooks change the state as the analysis goes; they report only in
	// its last pass, over the converged states (w.report).
	w.h.effect = func(s *state, e effect) {
		if !s.notFoundFirst() {
			return
		}
		if r.kind == opFirstOrCreate {
			if w.report {
				a.reportFirstOrCreate(r, e)
				w.stop = true
			}
			return
		}
		s.effects = append(append([]effect(nil), s.effects...), e)
	}
	w.h.op = func(s *state, o *op) {
		if r.kind != opRead {
			return
		}
		if s.notFoundFirst() {
			if a.createsReadRow(r, rc, o) {
				if r.dup != "" && !serialized && (o.kind == opInsert || o.save) {
					// Nothing makes the key unique: the second insert succeeds too.
					if w.report {
						a.reportDuplicate(r, o, s.effects)
						w.stop = true
					}
					return
				}
				if effs := a.liveEffects(s.effects, o); len(effs) > 0 {
					if w.report {
						a.reportReadCreate(r, o, effs[0])
						w.stop = true
					}
					return
				}
				if w.report && !serialized && a.unhandledInsert(root, r, o) {
					// Nothing runs twice before the insert, but the
					// second request's INSERT fails on the key (or
					// duplicates the row) and nothing expects it.
					a.reportCheckInsert(r, o)
					w.stop = true
				}
				return
			}
			if nonIdempotentWrite(o) && o.table != "" && o.table != r.table && !auditTable(o.table) {
				s.effects = append(append([]effect(nil), s.effects...), effect{call: o.call, what: verbOf(o) + " " + o.table, db: o})
			}
			if (o.kind == opInsertGate || o.kind == opUpsert) && o.table == r.table {
				// the atomic insert gates what follows on this path
				s.effects = nil
			}
			return
		}
		if g, ok := s.guards[capCol]; ok && o.kind == opInsert && o.table == r.table && w.report && !serialized && a.insertsCounted(r, o) && !a.slotsByCount(rc, r, o) && sameRoleNoun(r, o) {
			a.reportCapacity(rc, o, g.pos)
			w.stop = true
			return
		}
		if len(s.guards) > 0 && o.kind == opUpdate && o.table == r.table && w.report {
			acts := func() bool { return s.acted != nil || w.actFollows(ix, o) }
			if col, branch := a.uncheckedGuard(rc, s, o, acts); col != "" {
				if o.role && s.acted == nil {
					// Through a repository: an effect after the update
					// counts when the update sets the state the check
					// ruled out (if sh.Status == Delivered { return };
					// SetStatus(id, Delivered); notify).
					if w.actFollows(ix, o) && a.setsCheckedValue(root, o, branch) {
						a.reportRoleTransition(rc, o, col, branch)
						w.stop = true
					}
					return
				}
				a.reportCheckThenAct(rc, o, col, branch, s.acted)
				w.stop = true
				return
			}
		}
		if o.kind == opUpdate && o.table == r.table && w.report && !serialized {
			if lw := w.lostUpdate(s, o); lw != nil && !o.role {
				a.reportLostUpdate(rc, o, lw)
				w.stop = true
			}
		}
	}
	w.runRoot(root)
}

func verbOf(o *op) string {
	switch o.kind {
	case opInsert, opInsertGate, opUpsert:
		return "insert into"
	case opUpdate:
		return "update"
	case opDelete:
		return "delete from"
	}
	return "write"
}

// createsReadRow reports a plain insert of the row the read looked for.
func (a *checker) createsReadRow(r *op, rc *readCtx, w *op) bool {
	if w.table != r.table {
		return false
	}
	switch w.kind {
	case opInsert:
	case opUpdate:
		// GORM Save of a new row is an insert.
		if !w.save {
			return false
		}
	default:
		return false
	}
	if a.otherRow(r, w) {
		return false
	}
	if len(w.cols) == 0 {
		return true
	}
	for _, k := range r.keys {
		for _, c := range w.cols {
			if strings.EqualFold(k, c) {
				return true
			}
		}
	}
	return false
}

// otherRow reports an insert w whose key column is bound to another value
// than the read r's: INSERT (group_id, user_id) = (g, uid) after a read of
// (g, caller) is another row.
func (a *checker) otherRow(r, w *op) bool {
	for i, k := range r.keys {
		ra, ua := argAtIdx(r.keyArgs, i), w.colArgs[strings.ToLower(k)]
		if ra != nil && ua != nil && !sameExpr(a.info, ra, ua) && a.distinct(ra, ua) {
			return true
		}
	}
	return false
}

// distinct reports two key arguments that are different variables (or
// fields of different variables): caller and uid. Anything else (a
// constant, a call, a variable copied from the other) may be equal.
func (a *checker) distinct(x, y ast.Expr) bool {
	vx, vy := rootVar(a.info, x), rootVar(a.info, y)
	if vx == nil || vy == nil || vx == vy {
		return false
	}
	for _, pair := range [][2]*types.Var{{vx, vy}, {vy, vx}} {
		for _, as := range a.pidx.Assigns(pair[0]) {
			if as.RHS != nil && rootVar(a.info, as.RHS) == pair[1] {
				return false // uid := caller
			}
		}
	}
	return true
}

// rootVar is the variable an expression reads: x, x.f, x.f.g; nil for
// anything else.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; !ok || sel.Kind() != types.FieldVal {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// liveEffects drops database writes that the insert's transaction undoes
// when it fails on the unique key: both on the same transaction.
func (a *checker) liveEffects(effs []effect, w *op) []effect {
	ws, wobj := a.txOf(w)
	var out []effect
	for _, e := range effs {
		if e.db != nil && ws == txYes {
			if es, eobj := a.txOf(e.db); es == txYes && eobj == wobj {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// uncheckedGuard returns the guarded column an update sets without
// re-checking it, and the position of the branch on it. The column is a
// state column by name (stateColumn), or by its role: the update moves it
// to a constant (a transition: phase = 'issued', archived = true,
// verified_at = now()) and something that must not happen twice runs on
// the path (acts): alone, two requests setting one constant do no harm.
func (a *checker) uncheckedGuard(rc *readCtx, s *state, u *op, acts func() bool) (string, token.Pos) {
	if a.versionChecked(u) || !u.byKey() || !a.sameRow(rc, u) {
		return "", token.NoPos
	}
	cols := make([]string, 0, len(s.guards))
	for c := range s.guards {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		if !stateColumn(c) && !(containsFold(u.constSet, c) && acts()) {
			continue
		}
		sets := u.allCols && u.model != nil
		for _, sc := range u.cols {
			if strings.EqualFold(sc, c) {
				sets = true
			}
		}
		if !sets {
			continue
		}
		rechecked := false
		for _, wc := range u.where {
			if strings.EqualFold(wc, c) {
				rechecked = true
			}
		}
		if rechecked {
			continue
		}
		return c, s.guards[c].pos
	}
	return "", token.NoPos
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// actFollows reports a call that must not run twice (an outside effect, a
// non-idempotent write, a mutation) that the update can reach: an UPDATE
// followed by the welcome e-mail.
func (w *walker) actFollows(ix *rootIndex, u *op) bool {
	g := w.root
	if g == nil || ix == nil {
		return false
	}
	from := w.a.topNode(g, u.call)
	if from == nil {
		return false
	}
	for _, n := range ix.acts {
		if n.Pos() <= u.call.Pos() {
			continue
		}
		if to := w.a.topNode(g, n); to != nil && (to == from || g.Reaches(from, to)) {
			return true
		}
	}
	return false
}

// topNode returns the node of g that holds n (n, or the statement it is
// in), nil if none.
func (a *checker) topNode(g *flow.Graph, n ast.Node) ast.Node {
	for n != nil {
		if _, ok := g.Loc(n); ok {
			return n
		}
		n = a.pidx.Parent(n)
	}
	return nil
}

// stateColumn reports a column that holds state a request checks before
// acting: a status, a used/processed flag, a quantity or a balance.
func stateColumn(c string) bool {
	c = strings.ToLower(c)
	for _, w := range []string{"status", "state", "used", "processed", "redeemed", "consumed", "claimed",
		"paid", "captured", "refunded", "completed", "fulfilled", "shipped", "cancel", "quantity", "qty",
		"stock", "inventory", "balance", "remaining", "available", "seats", "capacity", "credits", "uses",
		"locked", "active", "enabled", "approved", "verified", "confirmed", "delivered", "sent", "settled"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// versionChecked reports an update whose WHERE checks a version column
// (optimistic locking).
func (a *checker) versionChecked(u *op) bool {
	for _, c := range u.where {
		c = strings.ToLower(c)
		if strings.Contains(c, "version") || c == "revision" || c == "updated_at" || c == "etag" || c == "xmin" {
			return true
		}
	}
	return false
}

// sameRow reports an update of the row the read looked at.
func (a *checker) sameRow(rc *readCtx, u *op) bool {
	if u.model != nil {
		if obj := objOf(a.info, unaddr(u.model)); obj != nil && rc.structs[obj] {
			return true
		}
		if len(rc.structs) == 0 {
			return true
		}
	}
	r := rc.op
	for i, k := range r.keys {
		for j, uk := range u.keys {
			if !strings.EqualFold(k, uk) {
				continue
			}
			ra, ua := argAtIdx(r.keyArgs, i), argAtIdx(u.keyArgs, j)
			if ra == nil || ua == nil || sameExpr(a.info, ra, ua) {
				return true
			}
		}
	}
	// The update's key is a value the read returned: WHERE id = $1 with id scanned.
	for _, ua := range u.keyArgs {
		if ua == nil {
			continue
		}
		if obj := objOf(a.info, ua); obj != nil {
			if _, ok := rc.colVars[obj]; ok {
				return true
			}
		}
		if sel, ok := ast.Unparen(ua).(*ast.SelectorExpr); ok {
			if base := objOf(a.info, sel.X); base != nil {
				if _, ok := rc.fieldCol[fieldKey{base, sel.Sel.Name}]; ok {
					return true
				}
			}
		}
	}
	return false
}

func argAtIdx(args []ast.Expr, i int) ast.Expr {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// sameExpr reports two expressions naming the same variable or field path.
func sameExpr(info *types.Info, x, y ast.Expr) bool {
	x, y = ast.Unparen(x), ast.Unparen(y)
	switch x := x.(type) {
	case *ast.Ident:
		yi, ok := y.(*ast.Ident)
		return ok && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(yi)
	case *ast.SelectorExpr:
		ys, ok := y.(*ast.SelectorExpr)
		return ok && x.Sel.Name == ys.Sel.Name && sameExpr(info, x.X, ys.X)
	case *ast.BasicLit:
		yl, ok := y.(*ast.BasicLit)
		return ok && x.Value == yl.Value
	}
	return false
}

// checkLockOutsideTx reports SELECT ... FOR UPDATE run on a pool.
func (a *checker) checkLockOutsideTx(r *op) {
	st, obj := a.txOf(r)
	if st == txUnknown && r.recvKind == dbcall.RecvGorm && a.gormPoolHandle(obj) {
		st = txNo
	}
	if st != txNo {
		return
	}
	table := r.table
	if table == "" {
		table = "the row"
	}
	a.report(analysis.Diagnostic{
		Pos: r.call.Pos(), End: r.call.End(), Category: Doc.Code("lock-outside-tx"),
		Message: fmt.Sprintf("SELECT ... FOR UPDATE on %s runs outside a transaction, so its lock ends with the statement; run the SELECT and the write in one transaction", table),
	})
}

// gormPoolHandle reports a *gorm.DB field or package variable that holds
// a session, not a transaction: the package never passes or stores a
// transaction anywhere, so its handles are the ones it opened.
func (a *checker) gormPoolHandle(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	if !v.IsField() && (v.Pkg() == nil || v.Parent() != v.Pkg().Scope()) {
		return false // a parameter or local: its origin is not known
	}
	if a.gormTxEscapes == nil {
		esc := false
		for tx := range a.txObjs {
			if !typesx.IsNamedOrPointer(tx.Type(), "gorm.io/gorm", "DB") {
				continue
			}
			for id, use := range a.info.Uses {
				if use != tx {
					continue
				}
				if sel, ok := a.pidx.Parent(id).(*ast.SelectorExpr); ok && sel.X == id {
					continue // tx.Where(...): used, not passed on
				}
				esc = true
			}
		}
		a.gormTxEscapes = &esc
	}
	return !*a.gormTxEscapes
}

func (a *checker) report(d analysis.Diagnostic) {
	if a.reported[d.Pos] {
		return
	}
	a.reported[d.Pos] = true
	report.Report(a.pass, d)
}

func (a *checker) reportReadCreate(r, w *op, e effect) {
	if r.role {
		a.reportRoleReadCreate(r, w, e)
		return
	}
	key := strings.Join(r.keys, ", ")
	msg := fmt.Sprintf("read of %s then insert into %s on not-found is a race: both requests %s; gate on INSERT ... ON CONFLICT (%s) DO NOTHING RETURNING", r.table, w.table, e.what, key)
	if len(msg) > 160 {
		msg = fmt.Sprintf("read of %s then insert into %s on not-found is a race: both requests %s; gate on INSERT ... ON CONFLICT DO NOTHING RETURNING", r.table, w.table, e.what)
	}
	if len(msg) > 160 {
		msg = fmt.Sprintf("read of %s then insert into %s on not-found is a race: the effect runs twice; gate on INSERT ... ON CONFLICT DO NOTHING RETURNING", r.table, w.table)
	}
	related := []analysis.RelatedInformation{a.relatedOp(r, "the read that finds no row")}
	if e.call != nil && e.call.Pos().IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: e.call.Pos(), End: e.call.End(), Message: e.what + " runs for every request"})
	}
	a.report(analysis.Diagnostic{Pos: w.call.Pos(), End: w.call.End(), Category: Doc.Code("read-then-insert"), Message: msg, Related: related})
}

// reportRoleCheckThenAct reports check-then-act through a repository
// interface (role.go), only when something that must not happen twice runs
// between the check and the update: however the implementation's UPDATE
// is written, it runs too late to stop it. No fix: the SQL is elsewhere.
func (a *checker) reportRoleCheckThenAct(rc *readCtx, u *op, col string, branch token.Pos, acted *effect) {
	if acted == nil || acted.call == nil {
		return
	}
	r := rc.op
	upd := exprName(u.call.Fun)
	msg := shortest(
		fmt.Sprintf("check-then-act on %s through %s: concurrent requests both pass the check and both %s before %s; update it conditionally first, act only if it changed", col, r.table, acted.what, upd),
		fmt.Sprintf("check-then-act on %s through %s: both requests %s before %s; update conditionally first", col, r.table, acted.what, upd),
		fmt.Sprintf("check-then-act on %s through %s: the effect runs twice; update conditionally first", col, r.table))
	related := []analysis.RelatedInformation{a.relatedOp(r, "the read of "+col), {Pos: branch, Message: "the check"}}
	if acted.call.Pos().IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: acted.call.Pos(), End: acted.call.End(), Message: acted.what + " runs before the update"})
	}
	a.report(analysis.Diagnostic{Pos: u.call.Pos(), End: u.call.End(), Category: Doc.Code("check-then-act"), Message: msg, Related: related})
}

// setsCheckedValue reports whether the update u passes a constant that the
// check at branch (the position of its condition, in root) compares with:
// it moves the row to the state the check tested for.
func (a *checker) setsCheckedValue(root ast.Node, u *op, branch token.Pos) bool {
	var cond ast.Expr
	ast.Inspect(root, func(n ast.Node) bool {
		if cond != nil {
			return false
		}
		if e, ok := n.(ast.Expr); ok && e.Pos() == branch {
			cond = e
			return false
		}
		return true
	})
	if cond == nil {
		return false
	}
	checked := map[string]bool{}
	ast.Inspect(cond, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if tv, ok := a.info.Types[e]; ok && tv.Value != nil {
				checked[tv.Value.ExactString()] = true
				return false
			}
		}
		return true
	})
	for _, arg := range u.call.Args {
		if tv, ok := a.info.Types[arg]; ok && tv.Value != nil && checked[tv.Value.ExactString()] {
			return true
		}
	}
	return false
}

// reportRoleTransition reports check-then-act through a repository whose
// update sets the state the check ruled out, with an effect after it:
// both requests pass the check, both set the state, both act.
func (a *checker) reportRoleTransition(rc *readCtx, u *op, col string, branch token.Pos) {
	r := rc.op
	upd := exprName(u.call.Fun)
	msg := shortest(
		fmt.Sprintf("check-then-act on %s through %s: concurrent requests both pass the check, %s, and act; make %s conditional and act only if it changed the row", col, r.table, upd, upd),
		fmt.Sprintf("check-then-act on %s through %s: both requests %s and act; make the update conditional, act only if it changed", col, r.table, upd),
		fmt.Sprintf("check-then-act on %s through %s: the effect runs twice; make the update conditional", col, r.table))
	related := []analysis.RelatedInformation{a.relatedOp(r, "the read of "+col), {Pos: branch, Message: "the check"}}
	a.report(analysis.Diagnostic{Pos: u.call.Pos(), End: u.call.End(), Category: Doc.Code("check-then-act"), Message: msg, Related: related})
}

// reportRoleReadCreate reports read-then-create through a repository
// interface (role.go): the fix is in the repository, whose create must be
// the gate.
func (a *checker) reportRoleReadCreate(r, w *op, e effect) {
	read, create := exprName(r.call.Fun), exprName(w.call.Fun)
	recv := r.table
	msg := shortest(
		fmt.Sprintf("%s.%s finds nothing, then both requests %s before %s.%s; make the create the gate and act only if it inserted", recv, read, e.what, recv, create),
		fmt.Sprintf("%s.%s then %s.%s with %s between is a race: both requests act; make the create the gate and act only if it inserted", recv, read, recv, create, e.what),
		fmt.Sprintf("read then create through %s is a race: the effect runs twice; make the create the gate and act only if it inserted", recv))
	related := []analysis.RelatedInformation{a.relatedOp(r, "the read that finds nothing")}
	if e.call != nil && e.call.Pos().IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: e.call.Pos(), End: e.call.End(), Message: e.what + " runs for every request"})
	}
	a.report(analysis.Diagnostic{Pos: w.call.Pos(), End: w.call.End(), Category: Doc.Code("read-then-insert"), Message: msg, Related: related})
}

// insertsCounted reports an insert of a row the count counts: it carries
// one of the count's key columns (or its columns are unknown), and it is
// not itself conditional (INSERT ... SELECT ... WHERE).
func (a *checker) insertsCounted(r, w *op) bool {
	// INSERT ... SELECT ... WHERE (SELECT COUNT(*) ...) < $n re-counts in
	// its own statement, but under READ COMMITTED each statement counts
	// in its own snapshot, without the other's uncommitted row: both still
	// insert. Other conditional inserts (WHERE NOT EXISTS, a copy from
	// another table) are not this count's insert.
	recounts := w.db != nil && w.db.SQL.Found && strings.Contains(strings.ToLower(w.db.SQL.SQL), "count(")
	if w.stmt != nil && w.stmt.HasWhere && !recounts {
		return false
	}
	if w.db != nil && w.db.SQL.Found && strings.Contains(strings.ToLower(w.db.SQL.SQL), "select") && !recounts {
		return false
	}
	if a.otherRow(r, w) {
		return false
	}
	if len(w.cols) == 0 {
		return true
	}
	for _, k := range r.keys {
		if containsFold(w.cols, k) {
			return true
		}
	}
	return false
}

// slotsByCount reports an insert that numbers its row from the count (an
// argument reads the count's variable: attempt_no = n+1) into a table with
// a unique key on the counted key columns and an inserted column: of two
// concurrent requests that count the same n, the second insert fails on
// that key, so the limit holds.
func (a *checker) slotsByCount(rc *readCtx, r, w *op) bool {
	ts := a.schema().Table(w.table)
	if ts == nil || len(w.cols) == 0 {
		return false
	}
	usesCount := false
	for _, arg := range w.call.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := a.info.Uses[id]; obj != nil && rc.tracks(obj) {
					usesCount = true
				}
			}
			return !usesCount
		})
	}
	if !usesCount {
		return false
	}
	for _, u := range ts.Unique {
		extra, covered := false, true
		for _, c := range u {
			switch {
			case containsFold(r.keys, c):
			case containsFold(w.cols, c):
				extra = true
			default:
				covered = false
			}
		}
		if covered && extra {
			return true
		}
	}
	return false
}

// reportCapacity reports an insert into a table whose rows were counted
// and compared with a limit: two requests both count below it.
func (a *checker) reportCapacity(rc *readCtx, w *op, check token.Pos) {
	r := rc.op
	limit := "the limit"
	if e := a.capLimits[check]; e != nil {
		if t := types.ExprString(e); len(t) <= 30 {
			limit = t
		}
	}
	msg := shortest(
		fmt.Sprintf("capacity check on %s is a race: COUNT(*) compared with %s, then INSERT, so concurrent requests both pass; lock the parent row FOR UPDATE first", r.table, limit),
		fmt.Sprintf("capacity check on %s is a race: COUNT(*) compared with a limit, then INSERT, so concurrent requests both pass; lock the parent row FOR UPDATE first", r.table),
		fmt.Sprintf("capacity check on %s is a race: concurrent requests both count below the limit and insert; lock the parent row FOR UPDATE first", r.table))
	related := []analysis.RelatedInformation{a.relatedOp(r, "the count"), {Pos: check, Message: "the check"}}
	a.report(analysis.Diagnostic{Pos: w.call.Pos(), End: w.call.End(), Category: Doc.Code("capacity-check"), Message: msg, Related: related})
}

// reportDuplicate reports an insert after a read by columns that nothing
// makes a unique key: two requests both find no row and both insert one.
func (a *checker) reportDuplicate(r, w *op, effs []effect) {
	msg := shortest(
		fmt.Sprintf("read of %s then insert on not-found leaves duplicate rows: %s; add a unique index and insert with ON CONFLICT DO NOTHING", r.table, r.dup),
		fmt.Sprintf("read of %s then insert on not-found leaves duplicate rows: %s; add a unique index and ON CONFLICT DO NOTHING", r.table, r.dup),
		fmt.Sprintf("read of %s then insert on not-found leaves duplicate rows: %s; add a unique index", r.table, r.dup),
		fmt.Sprintf("read of %s then insert on not-found leaves duplicate rows: %s", r.table, r.dup),
		fmt.Sprintf("read of %s then insert on not-found leaves duplicate rows: nothing makes its key unique", r.table))
	related := []analysis.RelatedInformation{a.relatedOp(r, "the read that finds no row")}
	for _, e := range a.liveEffects(effs, w) {
		if e.call != nil && e.call.Pos().IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: e.call.Pos(), End: e.call.End(), Message: e.what + " runs for every request"})
			break
		}
	}
	a.report(analysis.Diagnostic{Pos: w.call.Pos(), End: w.call.End(), Category: Doc.Code("duplicate-insert"), Message: msg, Related: related})
}

// unhandledInsert reports a plain insert after a read by key that finds no
// row, whose unique-key error nothing expects: neither the function nor the
// helper that inserts recognises a unique violation (conflict.Handles).
// Through a repository interface judged by role the implementation's SQL is
// unknown (it may be the gate), and GORM Save of a found-or-new row is an
// upsert when the key is the primary key: neither is reported.
func (a *checker) unhandledInsert(root ast.Node, r, w *op) bool {
	if r.role || w.role || w.kind != opInsert || w.handled || r.kind != opRead || !r.unproven {
		return false
	}
	body := bodyOf(root)
	if body == nil {
		return false
	}
	h, ok := a.handles[body]
	if !ok {
		h = conflict.Handles(a.info, body)
		a.handles[body] = h
	}
	return !h && !a.moduleSchema()
}

// moduleSchema reports whether the module keeps a schema somewhere
// (sqlschema.ModuleDeclaresSchema): a table it does not show is then
// declared where the analysis cannot read it.
func (a *checker) moduleSchema() bool {
	if len(a.pass.Files) == 0 {
		return true
	}
	tf := a.pass.Fset.File(a.pass.Files[0].Pos())
	return tf == nil || sqlschema.ModuleDeclaresSchema(filepath.Dir(tf.Name()))
}

// reportCheckInsert reports a read by key that finds no row, then a plain
// insert of that row: a concurrent request inserts in between, and this
// INSERT fails on the unique key with an error nothing handles (or, with no
// unique key, duplicates the row).
func (a *checker) reportCheckInsert(r, w *op) {
	key := strings.Join(r.keys, ", ")
	msg := shortest(
		fmt.Sprintf("read of %s then insert is a race: a concurrent insert makes this one fail on the key or duplicate the row; use ON CONFLICT (%s) DO NOTHING", r.table, key),
		fmt.Sprintf("read of %s then insert is a race: a concurrent insert makes this one fail or duplicate the row; use ON CONFLICT (%s) DO NOTHING", r.table, key),
		fmt.Sprintf("read of %s then insert is a race: a concurrent insert makes this one fail or duplicate the row; use ON CONFLICT DO NOTHING", r.table),
		"read then insert is a race: a concurrent insert makes this one fail or duplicate the row; use ON CONFLICT DO NOTHING")
	related := []analysis.RelatedInformation{a.relatedOp(r, "the read that finds no row")}
	a.report(analysis.Diagnostic{Pos: w.call.Pos(), End: w.call.End(), Category: Doc.Code("check-then-insert"), Message: msg, Related: related})
}

// relatedOp is an operation as a related position, naming the helper it
// runs through.
func (a *checker) relatedOp(o *op, what string) analysis.RelatedInformation {
	if o.via != nil && o.db == nil {
		what += " (via " + o.via.Name() + ")"
	}
	return analysis.RelatedInformation{Pos: o.call.Pos(), End: o.call.End(), Message: what}
}

func (a *checker) reportFirstOrCreate(r *op, e effect) {
	a.report(analysis.Diagnostic{
		Pos: r.call.Pos(), End: r.call.End(), Category: Doc.Code("first-or-create"),
		Message: shortest(
			fmt.Sprintf("FirstOrCreate on %s is not atomic: both requests may create it and %s; Create with OnConflict{DoNothing} and check RowsAffected", r.table, e.what),
			fmt.Sprintf("FirstOrCreate on %s is not atomic: both requests may create the row; Create with OnConflict{DoNothing} and check RowsAffected", r.table)),
		Related: []analysis.RelatedInformation{{Pos: e.call.Pos(), End: e.call.End(), Message: e.what + " runs for every request"}},
	})
}

// nullableCol reports whether the read's column col was scanned into a
// value that can hold NULL (sql.NullTime, a pointer): a re-check must
// then be NULL-safe.
func (a *checker) nullableCol(rc *readCtx, col string) bool {
	for obj, c := range rc.colVars {
		if c == col && nullable(obj.Type()) {
			return true
		}
	}
	return false
}

// acted is what the path did since the read that must not run twice, if
// anything: a conditional UPDATE after it would gate only what follows.
func (a *checker) reportCheckThenAct(rc *readCtx, u *op, col string, branch token.Pos, acted *effect) {
	if u.role {
		a.reportRoleCheckThenAct(rc, u, col, branch, acted)
		return
	}
	r := rc.op
	rs, robj := a.txOf(r)
	us, uobj := a.txOf(u)
	var hint string
	var fixes []analysis.SuggestedFix
	var related []analysis.RelatedInformation
	recheck := col + " = <read>"
	if a.nullableCol(rc, col) {
		recheck = col + " IS NOT DISTINCT FROM <read>" // = NULL matches no row
	}
	switch {
	case rs == txYes && us == txYes && robj != nil && robj == uobj:
		// The lock is taken at the read: what follows it is gated too.
		hint = "add FOR UPDATE to the SELECT"
		fixes = a.forUpdateFix(r)
	case acted != nil:
		// No fix: the UPDATE would have to move before the effect.
		hint = fmt.Sprintf("run a conditional UPDATE (AND %s) before %s", recheck, acted.what)
		if acted.call != nil && acted.call.Pos().IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: acted.call.Pos(), End: acted.call.End(), Message: acted.what + " runs before the UPDATE"})
		}
	default:
		hint = fmt.Sprintf("make the UPDATE conditional (AND %s) and check RowsAffected", recheck)
		fixes = a.conditionalFix(rc, u, col)
	}
	related = append([]analysis.RelatedInformation{a.relatedOp(r, "the read of "+col), {Pos: branch, Message: "the check"}}, related...)
	if u.via != nil && u.db == nil {
		related = append(related, a.relatedOp(u, "the UPDATE"))
	}
	msg := fmt.Sprintf("check-then-act on %s.%s: UPDATE %s does not re-check %s, so concurrent requests both act; %s", r.table, col, u.table, col, hint)
	if len(msg) > 160 {
		msg = fmt.Sprintf("check-then-act on %s.%s: the UPDATE does not re-check it, so concurrent requests both act; %s", r.table, col, hint)
	}
	if len(msg) > 160 && acted != nil {
		msg = fmt.Sprintf("check-then-act on %s.%s: concurrent requests both act; run a conditional UPDATE (AND %s) before the effect", r.table, col, recheck)
	}
	if len(msg) > 160 {
		msg = fmt.Sprintf("check-then-act on %s.%s: concurrent requests both act; %s", r.table, col, hint)
	}
	a.report(analysis.Diagnostic{
		Pos: u.call.Pos(), End: u.call.End(), Category: Doc.Code("check-then-act"),
		Message:        msg,
		SuggestedFixes: fixes,
		Related:        related,
	})
}

// nonIdempotentWrite reports a write to another table that doubles when it
// runs twice: a plain INSERT (a ledger entry, an outbox message), or an
// UPDATE that adds to a column (credits = credits + 100). Inserts that
// ignore conflicts, upserts, deletes and UPDATEs that set values are
// idempotent: running them twice is not a second side effect.
func nonIdempotentWrite(o *op) bool {
	switch o.kind {
	case opInsert:
		return true
	case opUpdate:
		return o.increments
	}
	return false
}

// shortest returns the first message that fits in 160 characters, or the
// last one.
func shortest(msgs ...string) string {
	for _, m := range msgs {
		if len(m) <= 160 {
			return m
		}
	}
	return msgs[len(msgs)-1]
}
