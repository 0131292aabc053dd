package onconflict

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/flow"
	"github.com/faultline-dev/faultline/internal/sideeffect"
	"github.com/faultline-dev/faultline/internal/sqlparse"
	"github.com/faultline-dev/faultline/internal/sqlschema"
	"github.com/faultline-dev/faultline/internal/summaries"
	"github.com/faultline-dev/faultline/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// effKind is how strongly an effect shows that a dedup gate was meant to
// guard it.
type effKind int

const (
	// effStrong: never idempotent: an accumulating UPDATE or upsert, an
	// outbound write, NOTIFY. Reported after any dedup insert.
	effStrong effKind = iota
	// effAppend: an INSERT with no conflict clause. Reported only after a
	// gate that is evidently a dedup record (an ensure-exists insert of a
	// parent row is commonly followed by inserts of children).
	effAppend
	// effCallback: a call of a function-typed parameter after the gate (a
	// run-once helper's fn). Reported only after an evident dedup record.
	effCallback
	// effRole: a call of an injected service (sideeffect.ByRole: a field of
	// the receiver or a parameter typed as one of the module's interfaces or
	// a client), whatever its verb. Reported only after an evident dedup
	// record.
	effRole
)

// effect is one non-idempotent effect.
type effect struct {
	pos     token.Pos
	kind    effKind
	what    string   // "UPDATE inventory", "INSERT INTO ledger_entries", "s.bus.Publish"
	table   string   // for DB writes
	columns []string // for inserts: the columns written
	via     string   // the package function through which it runs, if any
	viaPos  token.Pos
}

// name is the effect as a message names it: the helper the path calls, or
// the effect itself.
func (e *effect) name() string {
	if e.via != "" {
		return e.via
	}
	return e.what
}

// related gives the effect's positions: the call of the helper that runs it
// and the effect itself.
func (e *effect) related() []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	if e.via != "" {
		out = append(out, analysis.RelatedInformation{Pos: e.viaPos, Message: e.via + " runs " + e.what + " for a duplicate too"})
		out = append(out, analysis.RelatedInformation{Pos: e.pos, Message: e.what + " (in " + e.via + ")"})
		return out
	}
	return append(out, analysis.RelatedInformation{Pos: e.pos, Message: e.what + " runs for a duplicate too"})
}

// item is one thing a scan finds, in source order: a DB call touching some
// tables, and/or an effect.
type item struct {
	pos    token.Pos
	tables []string // tables the statement references (target first)
	eff    *effect
	// uniqueInsert: a plain INSERT whose error the caller keeps, into a
	// table whose unique key (by the package's or module's SQL) lies within
	// its columns: a duplicate fails there, so what follows is gated.
	uniqueInsert bool
}

// firstEffect returns the first effect in nodes that g fails to guard, or
// nil if none does or if the gate turns out to be an ensure-exists insert
// (a later statement reads or writes the gate's own table before any
// effect: get-or-create, insert-then-increment).
func (c *checker) firstEffect(g *gate, nodes []ast.Node, fn *funcInfo) *effect {
	gt := g.table()
	var evidence bool
	var keys []string
	switch {
	case g.site != nil:
		evidence, keys = c.dedupEvidence(g.site, g.kind == gateRows), gateKeys(g.site)
	case g.imported != nil:
		evidence, keys = g.imported.Evidence, g.imported.Keys
	}
	var found *effect
	stop := false
	consider := func(it item, via string, viaPos token.Pos) {
		if stop {
			return
		}
		if gt != "" && containsStr(it.tables, gt) {
			stop = true // ensure-exists: the gate's row is used, not guarded
			return
		}
		if it.uniqueInsert {
			// A plain INSERT that fails on the duplicate stops the second
			// request before what follows (commento's owners insert after
			// emailNew's ensure-exists).
			stop = true
			return
		}
		e := it.eff
		if e == nil {
			return
		}
		switch e.kind {
		case effAppend:
			if !evidence || overlap(e.columns, keys) {
				return
			}
		case effCallback:
			if !evidence || via != "" {
				return
			}
		case effRole:
			if !evidence {
				return
			}
		}
		cp := *e
		if via != "" {
			cp.via, cp.viaPos = via, viaPos
		}
		found = &cp
		stop = true
	}
	for _, n := range nodes {
		c.scan(n, fn, 0, func(it item, via string, viaPos token.Pos) { consider(it, via, viaPos) }, func() bool { return stop })
		if stop {
			break
		}
	}
	return found
}

// scan walks n in source order and reports every item to f; helpers of the
// package are summarised and their items reported with via set. done
// stops the walk early.
func (c *checker) scan(n ast.Node, fn *funcInfo, depth int, f func(it item, via string, viaPos token.Pos), done func() bool) {
	allowed := map[*ast.FuncLit]bool{}
	workers := map[*ast.FuncLit]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil || done() {
			return false
		}
		switch x := n.(type) {
		case *ast.DeferStmt:
			return false
		case *ast.FuncLit:
			return allowed[x]
		case *ast.IfStmt:
			if x.Init != nil {
				c.scan(x.Init, fn, depth, f, done)
			}
			c.scan(x.Cond, fn, depth, f, done)
			if !c.errorCond(x.Cond) {
				c.scan(x.Body, fn, depth, f, done)
			}
			if x.Else != nil && !c.successCond(x.Cond) {
				c.scan(x.Else, fn, depth, f, done)
			}
			return false
		case *ast.CaseClause:
			return !c.errorCase(x)
		case *ast.GoStmt:
			// A goroutine that runs an effect for this call counts (go
			// s.notify(ev)); one that starts a background worker (a loop
			// for ever or over a channel: a ticker's flush) does not run
			// for a duplicate any more than for the first.
			if lit, ok := ast.Unparen(x.Call.Fun).(*ast.FuncLit); ok {
				if c.worker(lit) {
					workers[lit] = true
				} else {
					allowed[lit] = true
				}
			}
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(x.Fun).(*ast.FuncLit); ok && !workers[lit] {
				allowed[lit] = true
			}
			for _, a := range x.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
					allowed[lit] = true
				}
			}
			c.scanCall(x, fn, depth, f)
		}
		return true
	})
}

// scanCall reports what one call does.
func (c *checker) scanCall(call *ast.CallExpr, fn *funcInfo, depth int, f func(it item, via string, viaPos token.Pos)) {
	if s := c.siteOf(call); s != nil {
		if it, ok := c.dbItem(s); ok {
			f(it, "", token.NoPos)
		}
		return
	}
	var body *ast.BlockStmt
	if fn != nil {
		body = fn.body
	}
	if e, ok := sideeffect.OfForeign(c.info, c.pass.Pkg, body, call); ok {
		f(item{pos: call.Pos(), eff: &effect{pos: call.Pos(), kind: effStrong, what: e.What}}, "", token.NoPos)
		return
	}
	if fn != nil {
		if e, ok := sideeffect.ByRole(c.info, c.pass.Pkg, fn.sig, call); ok {
			f(item{pos: call.Pos(), eff: &effect{pos: call.Pos(), kind: effRole, what: e.What}}, "", token.NoPos)
			return
		}
	}
	if callee := typesx.Callee(c.info, call); callee != nil {
		if _, local := c.decls[callee]; local {
			sum := c.summaryOf(callee)
			name := exprName(call.Fun)
			for _, it := range sum.items {
				f(it, name, call.Pos())
			}
			return
		}
		// Another package's function, by the summary it exported.
		if items, ok := c.importedItems(callee, call.Pos()); ok {
			name := exprName(call.Fun)
			for _, it := range items {
				f(it, name, call.Pos())
			}
			return
		}
	}
	// A call of a function-typed parameter: the gated callback. The
	// parameter may be an enclosing function's, captured by the literal
	// the gate is in (func (j *Jobs) Once(name string, fn Func) Func {
	// return func(ctx) error { claim; return fn(ctx) } }).
	if fn != nil && fn.sig != nil {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if v, ok := c.info.Uses[id].(*types.Var); ok && v.Kind() == types.ParamVar {
				if _, isSig := v.Type().Underlying().(*types.Signature); isSig {
					f(item{pos: call.Pos(), eff: &effect{pos: call.Pos(), kind: effCallback, what: "the callback " + id.Name}}, "", token.NoPos)
				}
			}
		}
	}
}

// summary is what a package function does, in source order.
type summary struct {
	items []item
}

// summaryOf returns a package function's summary: while the summaries are
// computed, the current one of the fixed point; after, the final one.
func (c *checker) summaryOf(fn *types.Func) *summary {
	if c.getSummary != nil {
		if s := c.getSummary(fn); s != nil {
			return s
		}
		return &summary{}
	}
	if s, ok := c.summaries.Of(fn); ok && s != nil {
		return s
	}
	return &summary{}
}

// computeSummaries summarises every function of the package over the call
// graph (internal/summaries: callees first, mutually recursive helpers to a
// fixed point), so a helper's summary does not depend on which caller asked
// first.
func (c *checker) computeSummaries() {
	c.summaries = summaries.Compute(c.ix, nil, func(fn *types.Func, fd *ast.FuncDecl, get func(*types.Func) *summary) *summary {
		c.getSummary = get
		s := &summary{}
		info := &funcInfo{node: fd, body: fd.Body, obj: fn}
		info.sig, _ = fn.Type().(*types.Signature)
		c.scan(fd.Body, info, 0, func(it item, _ string, _ token.Pos) {
			if it.eff != nil && it.eff.kind == effCallback {
				return // the helper's own parameter, not the caller's
			}
			s.items = append(s.items, it)
		}, func() bool { return len(s.items) > 64 })
		return s
	}, func(a, b *summary) bool {
		if len(a.items) != len(b.items) {
			return false
		}
		for i := range a.items {
			if a.items[i].pos != b.items[i].pos || (a.items[i].eff == nil) != (b.items[i].eff == nil) {
				return false
			}
		}
		return true
	})
	c.getSummary = nil
}

// dbItem describes a DB call: the tables it touches and its effect.
func (c *checker) dbItem(s *site) (item, bool) {
	it := item{pos: s.call.Pos()}
	if s.gorm != nil {
		if s.gorm.table != "" {
			it.tables = []string{s.gorm.table}
		}
		w := s.gorm
		switch {
		case strings.HasPrefix(w.method, "Create"):
			switch {
			case w.doNothing:
			case w.upsert:
				if w.accumulating {
					it.eff = &effect{kind: effStrong, what: "the GORM upsert into " + orQ(w.table) + " that adds to a column"}
				}
			default:
				it.eff = &effect{kind: effAppend, what: "the GORM " + w.method + " into " + orQ(w.table), table: w.table, columns: w.fields}
			}
		case strings.HasPrefix(w.method, "Update"):
			if w.accumulating {
				it.eff = &effect{kind: effStrong, what: "the GORM " + w.method + " of " + orQ(w.table) + " that adds to a column", table: w.table}
			}
		}
		if it.eff != nil {
			it.eff.pos = s.call.Pos()
		}
		return it, true
	}
	if !s.hasSQL {
		return it, false
	}
	st := s.stmt
	if st.Table != "" && st.Table != sqlparse.Hole {
		it.tables = append(it.tables, st.Table)
	}
	for _, t := range st.Tables {
		if t != sqlparse.Hole && !containsStr(it.tables, t) {
			it.tables = append(it.tables, t)
		}
	}
	it.eff = stmtEffect(st, s.sql)
	if it.eff != nil {
		it.eff.pos = s.call.Pos()
	}
	if st.Kind == sqlparse.KindInsert && st.Conflict == sqlparse.ConflictNone && !st.InsertIgnore && !st.OnDuplicateKey && !st.InsertOrReplace &&
		s.db != nil && !s.db.Use.ErrDiscarded && len(st.Columns) > 0 && c.schema().UniqueOn(st.Table, st.Columns) {
		it.uniqueInsert = true
	}
	return it, true
}

// schema is what the package's and the module's SQL say about the tables.
func (c *checker) schema() *sqlschema.Schema {
	return c.index.Schema()
}

// stmtEffect classifies a statement's effect.
func stmtEffect(st sqlparse.Stmt, sql string) *effect {
	upper := strings.ToUpper(sql)
	switch {
	case st.Verb == "NOTIFY" || strings.Contains(upper, "PG_NOTIFY("):
		return &effect{kind: effStrong, what: "a NOTIFY"}
	case st.Kind == sqlparse.KindInsert:
		switch {
		case st.IsDedupInsert():
			return nil
		case st.IsUpsert():
			if accumulatingSet(st) {
				return &effect{kind: effStrong, what: "the upsert into " + orQ(st.Table) + " that adds to " + accumulatedColumn(st), table: st.Table}
			}
			return nil
		case strings.Contains(upper, "NOT EXISTS"):
			return nil // conditional on the row's absence: its own gate
		}
		if st.Table == "" || st.Table == sqlparse.Hole {
			return nil
		}
		return &effect{kind: effAppend, what: "INSERT INTO " + st.Table, table: st.Table, columns: st.Columns}
	case st.Kind == sqlparse.KindUpdate:
		if accumulatingSet(st) && !guarded(st) {
			return &effect{kind: effStrong, what: "UPDATE " + orQ(st.Table) + " (" + accumulatedColumn(st) + ")", table: st.Table}
		}
	}
	// Writes in CTEs of another statement (WITH u AS (UPDATE ...) SELECT).
	for _, cte := range st.CTEs {
		if e := stmtEffect(cte, ""); e != nil && e.kind == effStrong {
			return e
		}
	}
	return nil
}

func orQ(s string) string {
	if s == "" || s == sqlparse.Hole {
		return "?"
	}
	return s
}

// versionLike columns count changes, not business effects.
var versionLike = map[string]bool{
	"version": true, "lock_version": true, "row_version": true, "revision": true, "rev": true,
	"attempts": true, "attempt": true, "attempt_count": true, "retries": true, "retry_count": true, "tries": true,
}

var identRe = regexp.MustCompile(`([a-z_][a-z0-9_]*\.)?("?[a-z_][a-z0-9_]*"?)`)

// accumulates reports whether value (a lower-cased SQL expression) adds
// to or appends to col's own value: col + $1, t.col - 1, array_append(col, $1).
// excluded.col (the proposed row of an upsert) is not the column's value.
func accumulates(col, value string) bool {
	col = strings.Trim(col, `"`)
	if versionLike[col] {
		return false
	}
	arith := strings.ContainsAny(value, "+-") || strings.Contains(value, "array_append") ||
		strings.Contains(value, "array_cat") || strings.Contains(value, "array_prepend")
	if !arith {
		return false
	}
	for _, m := range identRe.FindAllStringSubmatch(value, -1) {
		if strings.Trim(m[2], `"`) == col && m[1] != "excluded." {
			return true
		}
	}
	return false
}

// accumulatesAny reports a GORM expression like "stock - ?" that adds to a
// column it names.
func accumulatesAny(sqlText string) bool {
	v := strings.ToLower(sqlText)
	if !strings.ContainsAny(v, "+-") {
		return false
	}
	for _, m := range identRe.FindAllStringSubmatch(v, -1) {
		if m[1] != "excluded." && !versionLike[strings.Trim(m[2], `"`)] && !sqlKeyword[m[2]] {
			return true
		}
	}
	return false
}

var sqlKeyword = map[string]bool{"interval": true, "now": true, "null": true, "coalesce": true, "greatest": true, "least": true}

func accumulatingSet(st sqlparse.Stmt) bool { return accumulatedColumn(st) != "" }

func accumulatedColumn(st sqlparse.Stmt) string {
	for _, s := range st.Set {
		if accumulates(s.Column, s.Value) {
			return s.Column
		}
	}
	return ""
}

// guarded reports an UPDATE whose WHERE tests a column it also sets: a
// state transition (SET status = 'paid' WHERE status = 'pending') that
// applies once.
func guarded(st sqlparse.Stmt) bool {
	for _, w := range st.Where {
		for _, s := range st.Set {
			if w.Column == s.Column {
				return true
			}
		}
	}
	return false
}

// dedupWords mark a table or key column as a dedup record.
var dedupWords = map[string]bool{
	"processed": true, "idempotency": true, "idempotent": true, "idem": true, "dedup": true, "dedupe": true,
	"deduplication": true, "inbox": true, "seen": true, "handled": true, "consumed": true, "received": true,
	"delivered": true, "deliveries": true, "delivery": true, "event": true, "events": true, "message": true,
	"messages": true, "msg": true, "webhook": true, "webhooks": true, "request": true, "requests": true,
	"nonce": true, "nonces": true, "once": true, "lock": true, "locks": true, "lease": true, "leases": true,
	"claim": true, "claims": true, "redeemed": true, "redemptions": true, "replay": true, "replays": true,
	"applied": true, "external": true, "idempotencykey": true,
}

// dedupEvidence reports whether the gate is evidently a dedup record: its
// table, conflict target or inserted key columns are named like one.
//
// unread says the statement's RETURNING is never read (a gateRows gate whose
// rows are closed unasked): it returns nothing anybody uses, so it does not
// make the row an entity (see claimRow).
func (c *checker) dedupEvidence(s *site, unread bool) bool {
	names := []string{s.table()}
	names = append(names, s.keyColumns()...)
	if len(s.keyColumns()) == 0 {
		names = append(names, s.insertedColumns()...)
	}
	for _, n := range names {
		for _, w := range strings.FieldsFunc(strings.ToLower(n), func(r rune) bool { return r < 'a' || r > 'z' }) {
			if dedupWords[w] {
				return true
			}
		}
	}
	return claimRow(s, unread)
}

// claimRow reports an insert whose row is all key: every column it inserts
// (timestamps and constants aside: started_at, status = 'running') is in
// its conflict target, as in INSERT INTO runs (name, slot) ... ON CONFLICT
// (name, slot) DO NOTHING. Such a row carries
// nothing but the fact that it was inserted first: its one use is to claim
// the key, whatever the table is called. A row with more columns than its
// key (users(email, name) ON CONFLICT (email)) is data that may exist
// already, and is judged by its names; so is one that returns what it
// inserted (INSERT INTO users (email) ... RETURNING id makes an entity, and
// a duplicate may be meant to fail), and a GORM model, whose generated key
// is data too.
func claimRow(s *site, unread bool) bool {
	keys := s.keyColumns()
	if len(keys) == 0 || s.gorm != nil || s.stmt.HasReturning && !unread {
		return false
	}
	var cols []string
	for _, col := range s.suppliedColumns() {
		l := strings.ToLower(col)
		if strings.HasSuffix(l, "_at") || l == "created" || l == "updated" || strings.HasSuffix(l, "time") || l == "ts" {
			continue
		}
		cols = append(cols, l)
	}
	if len(cols) == 0 {
		return false
	}
	for _, col := range cols {
		found := false
		for _, k := range keys {
			found = found || strings.EqualFold(k, col)
		}
		if !found {
			return false
		}
	}
	return true
}

// gateKeys are the columns that identify the gate's row: its conflict
// target, or else its inserted columns other than timestamps.
func gateKeys(s *site) []string {
	if k := s.keyColumns(); len(k) > 0 {
		return k
	}
	var out []string
	for _, col := range s.suppliedColumns() {
		l := strings.ToLower(col)
		if strings.HasSuffix(l, "_at") || l == "created" || l == "updated" || strings.HasSuffix(l, "time") || l == "ts" {
			continue
		}
		out = append(out, l)
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if x == "id" {
			continue // every table has one; it says nothing about the key
		}
		if containsStr(b, strings.ToLower(x)) {
			return true
		}
	}
	return false
}

// exprName renders a call's function for a message: s.reserve, notify.
func exprName(e ast.Expr) string {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprName(x.X) + "." + x.Sel.Name
	case *ast.CallExpr:
		return exprName(x.Fun) + "(...)"
	case *ast.IndexExpr:
		return exprName(x.X)
	}
	return "the call"
}

// worker reports a goroutine's function that loops for ever or over a
// channel (for { ... }, for range ticker.C, for range time.Tick(d)): a
// background worker, not an effect of the call that starts it.
func (c *checker) worker(lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found {
			return false
		}
		_, found = flow.ForeverLoop(c.info, n)
		return !found
	})
	return found
}
