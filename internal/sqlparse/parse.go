package sqlparse

import "strings"

const (
	maxDepth   = 48  // nesting of parsed sub-statements and parenthesised joins
	maxCondPar = 16  // nesting of parentheses unwrapped in WHERE
	maxText    = 256 // cap on the length of expression texts
)

// Parse classifies the first non-empty statement of sql.
func Parse(sql string) Stmt {
	st := parse(sql, true)
	if len(st) == 0 {
		return Stmt{Partial: strings.Contains(sql, Hole)}
	}
	return st[0]
}

// ParseAll classifies every non-empty statement of sql, split on top-level ';'.
func ParseAll(sql string) []Stmt {
	return parse(sql, false)
}

type doc struct {
	t     []token
	match []int // for a '(' token: index of its ')' (or of the statement end); else 0
}

func parse(sql string, first bool) []Stmt {
	toks, lexPartial := lex(sql)
	d := &doc{t: toks, match: make([]int, len(toks))}
	var out []Stmt
	var stack []int
	lo := 0
	stray, hole := false, false
	flush := func(hi int) bool {
		for _, i := range stack {
			d.match[i] = hi
		}
		unbalanced := len(stack) > 0
		stack = stack[:0]
		if hi > lo {
			p := &parser{d: d, pos: lo, end: hi, ctes: map[string]bool{}}
			b := newBuilder()
			p.parseStatement(b)
			st := b.finish()
			if stray || hole || unbalanced || (lexPartial && hi == len(toks)) {
				st.Partial = true
			}
			out = append(out, st)
		}
		stray, hole = false, false
		lo = hi + 1
		return first && len(out) > 0
	}
	for i := range toks {
		t := &toks[i]
		if t.hole {
			hole = true
		}
		if t.kind != tOp {
			continue
		}
		switch t.text {
		case "(":
			stack = append(stack, i)
		case ")":
			if len(stack) == 0 {
				stray = true
			} else {
				d.match[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		case ";":
			if len(stack) == 0 {
				if flush(i) {
					return out
				}
			}
		}
	}
	flush(len(toks))
	return out
}

type tableSet struct {
	list []string
	seen map[string]bool
}

func (ts *tableSet) add(name string) {
	if name == "" || ts.seen[name] {
		return
	}
	ts.seen[name] = true
	ts.list = append(ts.list, name)
}

type builder struct {
	st        Stmt
	tables    *tableSet
	targetSet bool
	aliases   map[string]string // alias -> table, recorded only when non-nil
}

func newBuilder() *builder {
	return &builder{tables: &tableSet{seen: map[string]bool{}}}
}

func (b *builder) finish() Stmt {
	st := b.st
	st.Tables = b.tables.list
	return st
}

func (b *builder) setTarget(schema, name string, known bool) {
	if b.targetSet {
		return
	}
	b.targetSet = true
	if known && name != "" {
		b.st.Table, b.st.Schema = name, schema
	}
}

type parser struct {
	d          *doc
	pos, end   int
	depth      int
	ctes       map[string]bool // CTE names of the whole top-level statement
	stopInsert bool            // parsing the source query of an INSERT
}

func (p *parser) child(a, z int) *parser {
	return &parser{d: p.d, pos: a, end: z, depth: p.depth + 1, ctes: p.ctes}
}

func (p *parser) tok(i int) *token {
	if i >= 0 && i < p.end {
		return &p.d.t[i]
	}
	return &eofTok
}

func (p *parser) peek() *token { return p.tok(p.pos) }
func (p *parser) atEnd() bool  { return p.pos >= p.end }
func (p *parser) isKw(i int, kw string) bool {
	t := p.tok(i)
	return t.kind == tWord && t.up == kw
}

func (p *parser) isAnyKw(i int, kws ...string) bool {
	t := p.tok(i)
	if t.kind != tWord {
		return false
	}
	for _, k := range kws {
		if t.up == k {
			return true
		}
	}
	return false
}

func (p *parser) isOp(i int, op string) bool {
	t := p.tok(i)
	return t.kind == tOp && t.text == op
}

func (p *parser) accept(kw string) bool {
	if p.isKw(p.pos, kw) {
		p.pos++
		return true
	}
	return false
}

// groupEnd returns the index of the ')' matching the '(' at i, capped at p.end.
func (p *parser) groupEnd(i int) int {
	m := p.d.match[i]
	if m > p.end || m <= i {
		m = p.end
	}
	return m
}

var queryStarts = map[string]bool{"SELECT": true, "WITH": true, "VALUES": true, "INSERT": true, "UPDATE": true, "DELETE": true, "TABLE": true}

// isQueryStart reports whether a query begins at i (possibly after more '(').
func (p *parser) isQueryStart(i int) bool {
	for k := 0; k < 8; k++ {
		t := p.tok(i)
		if t.kind == tOp && t.text == "(" {
			i++
			continue
		}
		return t.kind == tWord && queryStarts[t.up]
	}
	return false
}

// isClause reports whether a clause keyword that ends an expression list
// starts at i.
func (p *parser) isClause(i int) bool {
	t := p.tok(i)
	if t.kind != tWord {
		return false
	}
	switch t.up {
	case "FROM":
		// a IS [NOT] DISTINCT FROM b
		return !p.isKw(i-1, "DISTINCT")
	case "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH",
		"UNION", "INTERSECT", "EXCEPT", "RETURNING", "INTO":
		return true
	case "FOR":
		return p.isAnyKw(i+1, "UPDATE", "SHARE", "NO", "KEY", "READ")
	case "ON":
		return p.isAnyKw(i+1, "CONFLICT", "DUPLICATE")
	case "LOCK":
		return p.isKw(i+1, "IN")
	}
	return false
}

// scanGroup skips the parenthesised group at p.pos, parsing any subqueries it
// contains into b.st.Subqueries.
func (p *parser) scanGroup(b *builder) {
	i := p.pos
	m := p.groupEnd(i)
	if p.isQueryStart(i + 1) {
		st := p.subStmt(b, i+1, m)
		b.st.Subqueries = append(b.st.Subqueries, st)
	} else {
		p.scanRange(b, i+1, m)
	}
	p.pos = min(m+1, p.end)
}

// scanRange looks for subqueries in [a, z).
func (p *parser) scanRange(b *builder, a, z int) {
	for i := a; i < z; {
		if p.isOp(i, "(") && p.isQueryStart(i+1) {
			m := p.groupEnd(i)
			if m > z {
				m = z
			}
			st := p.subStmt(b, i+1, m)
			b.st.Subqueries = append(b.st.Subqueries, st)
			i = m + 1
			continue
		}
		i++
	}
}

// subStmt parses [a, z) as a statement of its own and merges its tables into b.
func (p *parser) subStmt(b *builder, a, z int) Stmt {
	if p.depth >= maxDepth {
		b.st.Partial = true
		return Stmt{Partial: true}
	}
	q := p.child(a, z)
	sb := newBuilder()
	q.parseStatement(sb)
	st := sb.finish()
	for _, t := range st.Tables {
		b.tables.add(t)
	}
	if st.Partial {
		b.st.Partial = true
	}
	return st
}

// until advances to the first top-level token at which stop is true, scanning
// groups for subqueries.
func (p *parser) until(b *builder, stop func(int) bool) {
	for p.pos < p.end && !stop(p.pos) {
		if p.isOp(p.pos, "(") {
			p.scanGroup(b)
			continue
		}
		p.pos++
	}
}

// boundItems splits the tokens in [a, z) (one VALUES row) at top-level
// commas and reports, item by item, whether it holds a bind parameter or a
// hole: a value the caller supplies, not a constant ('running', now(),
// DEFAULT); and each item's text (as Cond values are written: a
// placeholder as written, casts around a single value dropped). Nil unless
// there are exactly n items.
func (p *parser) boundItems(a, z, n int) ([]bool, []string) {
	var bound []bool
	var texts []string
	depth, b, start := 0, false, a
	end := min(z, p.end)
	for i := a; i < end; i++ {
		t := p.tok(i)
		switch {
		case t.kind == tOp && t.text == "(":
			depth++
		case t.kind == tOp && t.text == ")":
			depth--
		case t.kind == tOp && t.text == "," && depth == 0:
			bound = append(bound, b)
			v, _ := p.value(start, i)
			texts = append(texts, v)
			b, start = false, i+1
			continue
		}
		b = b || t.kind == tParam || t.hole
	}
	bound = append(bound, b)
	v, _ := p.value(start, end)
	texts = append(texts, v)
	if len(bound) != n {
		return nil, nil
	}
	return bound, texts
}

// list splits the tokens up to stop into top-level comma-separated items.
func (p *parser) list(b *builder, stop func(int) bool) [][2]int {
	var items [][2]int
	start := p.pos
	for p.pos < p.end && !stop(p.pos) {
		switch {
		case p.isOp(p.pos, "("):
			p.scanGroup(b)
			continue
		case p.isOp(p.pos, ","):
			items = append(items, [2]int{start, p.pos})
			start = p.pos + 1
		}
		p.pos++
	}
	if p.pos > start || len(items) > 0 {
		items = append(items, [2]int{start, p.pos})
	}
	return items
}

var otherVerbs = map[string]bool{}

func init() {
	for _, v := range strings.Fields(`CREATE ALTER DROP TRUNCATE BEGIN START COMMIT END ROLLBACK SAVEPOINT RELEASE
		SET RESET SHOW CALL EXEC EXECUTE PREPARE DEALLOCATE DECLARE FETCH CLOSE MOVE LOCK UNLOCK GRANT REVOKE
		EXPLAIN ANALYZE ANALYSE VACUUM COPY LISTEN NOTIFY UNLISTEN DO USE DESCRIBE DESC PRAGMA ATTACH DETACH
		REINDEX CLUSTER COMMENT REFRESH MERGE LOAD DISCARD CHECKPOINT ABORT HANDLER RENAME OPTIMIZE REPAIR
		FLUSH KILL PURGE SECURITY IMPORT UPSERT`) {
		otherVerbs[v] = true
	}
}

// parseStatement parses one statement at p.pos into b.
func (p *parser) parseStatement(b *builder) {
	defer func() {
		if p.pos < p.end && !p.stopInsert {
			b.st.Partial = true
			p.scanRange(b, p.pos, p.end)
			p.pos = p.end
		}
	}()
	for guard := 0; guard < 4 && !p.atEnd(); guard++ {
		t := p.peek()
		if p.isOp(p.pos, "(") {
			i := p.pos
			m := p.groupEnd(i)
			if !p.isQueryStart(i+1) || p.depth >= maxDepth {
				b.st.Partial = true
				return
			}
			q := p.child(i+1, m)
			q.parseStatement(b)
			p.pos = min(m+1, p.end)
			p.tail(b)
			return
		}
		if t.kind != tWord {
			b.st.Partial = true
			return
		}
		switch t.up {
		case "WITH":
			p.parseWith(b)
			continue
		case "SELECT":
			b.st.Kind, b.st.Verb = KindSelect, t.up
			p.selectCore(b, true)
			p.tail(b)
		case "VALUES":
			b.st.Kind, b.st.Verb = KindSelect, t.up
			p.pos++
			p.until(b, p.isClause)
			p.tail(b)
		case "TABLE":
			b.st.Kind, b.st.Verb = KindSelect, t.up
			p.pos++
			p.tableRef(b, true)
			p.tail(b)
		case "INSERT", "REPLACE":
			p.parseInsert(b)
		case "UPDATE":
			p.parseUpdate(b)
		case "DELETE":
			p.parseDelete(b)
		default:
			if otherVerbs[t.up] {
				p.parseOther(b)
				return
			}
			b.st.Partial = true
		}
		return
	}
}

func identName(t *token) string { return strings.ToLower(t.text) }

func (p *parser) parseWith(b *builder) {
	p.pos++
	p.accept("RECURSIVE")
	for !p.atEnd() {
		t := p.peek()
		if t.kind != tWord && t.kind != tQuoted {
			b.st.Partial = true
			return
		}
		name := identName(t)
		p.pos++
		if p.isOp(p.pos, "(") {
			p.pos = min(p.groupEnd(p.pos)+1, p.end)
		}
		if !p.accept("AS") {
			b.st.Partial = true
			return
		}
		p.accept("NOT")
		p.accept("MATERIALIZED")
		if !p.isOp(p.pos, "(") {
			b.st.Partial = true
			return
		}
		i := p.pos
		m := p.groupEnd(i)
		p.ctes[name] = true // before the body: a recursive CTE refers to itself
		b.st.CTEs = append(b.st.CTEs, p.subStmt(b, i+1, m))
		b.st.CTENames = append(b.st.CTENames, name)
		p.pos = min(m+1, p.end)
		// SEARCH ... SET ..., CYCLE ... SET ... USING ...
		for !p.atEnd() && !p.isOp(p.pos, ",") && !p.isOp(p.pos, "(") && !p.isQueryStart(p.pos) {
			p.pos++
		}
		if !p.isOp(p.pos, ",") {
			return
		}
		p.pos++
	}
}

// selectCore parses SELECT list, FROM, WHERE, GROUP BY, HAVING, WINDOW.
// main is false for the second and later branches of a UNION.
func (p *parser) selectCore(b *builder, main bool) {
	p.pos++ // SELECT
	for {
		switch {
		case p.accept("DISTINCT"):
			if p.accept("ON") && p.isOp(p.pos, "(") {
				p.scanGroup(b)
			}
			continue
		case p.isAnyKw(p.pos, "ALL", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT",
			"SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CACHE", "SQL_CALC_FOUND_ROWS", "DISTINCTROW"):
			p.pos++
			continue
		}
		break
	}
	nsub := len(b.st.Subqueries)
	items := p.list(b, p.isClause)
	if main {
		b.st.Columns = p.names(items)
	}
	if p.accept("INTO") {
		p.until(b, p.isClause)
	}
	hasFrom := false
	derived := -1 // SELECT ... FROM (subquery) [AS] alias: the subquery's index
	if p.accept("FROM") {
		hasFrom = true
		nsubFrom := len(b.st.Subqueries)
		start := p.pos
		p.fromList(b, true)
		if main && p.isOp(start, "(") && p.isQueryStart(start+1) && len(b.st.Subqueries) > nsubFrom {
			// one derived table and nothing joined to it
			end := p.groupEnd(start) + 1
			if p.isKw(end, "AS") {
				end++
			}
			if t := p.tok(end); t.kind == tWord || t.kind == tQuoted {
				end++
			}
			if end == p.pos {
				derived = nsubFrom
			}
		}
	}
	for !p.atEnd() {
		switch {
		case p.accept("WHERE"):
			p.where(b)
			continue
		case p.isAnyKw(p.pos, "GROUP", "HAVING", "WINDOW"):
			p.pos++
			p.until(b, p.isClause)
			continue
		}
		break
	}
	if main && !hasFrom && len(items) == 1 && len(b.st.Subqueries) == nsub+1 {
		p.liftSingleSubquery(b, items[0])
	}
	if derived >= 0 && !b.st.HasWhere && len(b.st.Columns) == 1 && isCountStar(b.st.Columns[0]) {
		// SELECT count(*) FROM (SELECT ... FROM t WHERE ...) AS c, a count
		// wrapper around a query: it counts the rows of t the subquery finds.
		sub := b.st.Subqueries[derived]
		b.st.Table, b.st.Schema = sub.Table, sub.Schema
		b.st.Where, b.st.WhereHasOr, b.st.HasWhere = sub.Where, sub.WhereHasOr, sub.HasWhere
	}
}

// isCountStar reports count(*) or count(1), as a column is named.
func isCountStar(col string) bool {
	c := strings.ToLower(strings.ReplaceAll(col, " ", ""))
	return c == "count(*)" || c == "count(1)"
}

// liftSingleSubquery handles SELECT [NOT] EXISTS (subquery) and SELECT
// (subquery): the statement takes the subquery's table and conditions.
func (p *parser) liftSingleSubquery(b *builder, it [2]int) {
	i := it[0]
	if p.isKw(i, "NOT") {
		i++
	}
	exists := p.isKw(i, "EXISTS")
	if exists {
		i++
	}
	if !p.isOp(i, "(") || !p.isQueryStart(i+1) {
		return
	}
	m := p.groupEnd(i)
	rest := it[1] - (m + 1)
	if rest > 2 || (rest > 0 && !exists && !p.isKw(m+1, "AS") && p.tok(m+1).kind != tWord && p.tok(m+1).kind != tQuoted) {
		return
	}
	sub := b.st.Subqueries[len(b.st.Subqueries)-1]
	b.st.Exists = exists
	b.st.Table, b.st.Schema = sub.Table, sub.Schema
	if !b.st.HasWhere {
		b.st.Where, b.st.WhereHasOr, b.st.HasWhere = sub.Where, sub.WhereHasOr, sub.HasWhere
	}
}

var notAlias = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`WHERE JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL ON USING SET GROUP ORDER
		LIMIT OFFSET FETCH FOR UNION INTERSECT EXCEPT HAVING WINDOW RETURNING VALUES VALUE SELECT DEFAULT LOCK
		STRAIGHT_JOIN USE FORCE IGNORE WITH TABLESAMPLE INTO FROM OVERRIDING DO APPLY PARTITION WHEN THEN ELSE
		END AND OR NOT SEMI ANTI LATERAL AS ONLY OUTPUT`) {
		notAlias[w] = true
	}
}

func (p *parser) isJoinStart(i int) bool {
	return p.isAnyKw(i, "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "STRAIGHT_JOIN", "SEMI", "ANTI") ||
		(p.isKw(i, "OUTER") && p.isKw(i+1, "APPLY"))
}

func (p *parser) acceptJoin() bool {
	save := p.pos
	for p.isAnyKw(p.pos, "NATURAL", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "SEMI", "ANTI") {
		p.pos++
	}
	if p.isAnyKw(p.pos, "JOIN", "STRAIGHT_JOIN", "APPLY") {
		p.pos++
		return true
	}
	p.pos = save
	return false
}

// fromList parses table references separated by commas and joins. The first
// one is the statement's target if target is set.
func (p *parser) fromList(b *builder, target bool) {
	p.tableRef(b, target)
	for !p.atEnd() {
		switch {
		case p.isOp(p.pos, ","):
			p.pos++
			p.tableRef(b, false)
		case p.acceptJoin():
			p.tableRef(b, false)
		case p.isKw(p.pos, "ON") && !p.isClause(p.pos):
			p.pos++
			p.until(b, func(i int) bool {
				return p.isClause(i) || p.isJoinStart(i) || p.isOp(i, ",") || p.isAnyKw(i, "SET", "USING")
			})
		case p.isKw(p.pos, "USING") && p.isOp(p.pos+1, "("):
			p.pos++
			p.scanGroup(b)
		default:
			return
		}
	}
}

// qualifiedName reads a.b.c at p.pos and returns the last two parts. hole
// reports that the name is unknown; an unknown qualifier (FROM <hole>.users,
// the schema filled in at run time) only leaves the schema empty.
func (p *parser) qualifiedName() (schema, name string, hole bool) {
	t := p.peek()
	name, hole = identName(t), t.hole
	schemaHole := false
	p.pos++
	for p.isOp(p.pos, ".") {
		n := p.tok(p.pos + 1)
		if n.kind != tWord && n.kind != tQuoted {
			break
		}
		schema, name = name, identName(n)
		schemaHole, hole = hole, n.hole
		p.pos += 2
	}
	if schemaHole {
		schema = ""
	}
	return schema, name, hole
}

func (p *parser) tableRef(b *builder, target bool) {
	lastTable := ""
	p.accept("LATERAL")
	p.accept("ONLY")
	t := p.peek()
	switch {
	case p.isOp(p.pos, "("):
		i := p.pos
		m := p.groupEnd(i)
		if p.isQueryStart(i+1) || p.depth >= maxDepth {
			p.scanGroup(b)
			if target {
				b.setTarget("", "", false)
			}
		} else {
			q := p.child(i+1, m)
			q.fromList(b, target)
			if q.pos < q.end {
				b.st.Partial = true
				q.scanRange(b, q.pos, q.end)
			}
			p.pos = min(m+1, p.end)
		}
	case t.kind == tQuoted || (t.kind == tWord && !notAlias[t.up]):
		schema, name, hole := p.qualifiedName()
		if !hole {
			lastTable = name
		}
		switch {
		case p.isOp(p.pos, "("): // table function
			p.scanGroup(b)
			if target {
				b.setTarget("", "", false)
			}
		case hole:
			b.st.Partial = true
			if target {
				b.setTarget("", "", false)
			}
		default:
			if schema != "" || !p.ctes[name] {
				b.tables.add(name)
			}
			if target {
				b.setTarget(schema, name, true)
			}
		}
		if p.isOp(p.pos, "*") { // ONLY t *
			p.pos++
		}
	default:
		b.st.Partial = true
		return
	}
	alias := p.alias()
	if b.aliases != nil && alias != "" && lastTable != "" {
		b.aliases[alias] = lastTable
	}
	// MySQL index hints, T-SQL table hints, TABLESAMPLE
	for {
		switch {
		case p.isAnyKw(p.pos, "USE", "FORCE", "IGNORE") && p.isAnyKw(p.pos+1, "INDEX", "KEY"):
			p.pos += 2
			if p.accept("FOR") {
				p.accept("ORDER")
				p.accept("GROUP")
				p.accept("JOIN")
				p.accept("BY")
			}
			if p.isOp(p.pos, "(") {
				p.scanGroup(b)
			}
			continue
		case p.isKw(p.pos, "WITH") && p.isOp(p.pos+1, "("):
			p.pos++
			m := p.groupEnd(p.pos)
			for i := p.pos + 1; i < m; i++ {
				if p.isAnyKw(i, "UPDLOCK", "XLOCK") {
					b.lock(LockForUpdate)
				}
			}
			p.pos = min(m+1, p.end)
			continue
		case p.isKw(p.pos, "TABLESAMPLE"):
			p.pos++
			p.until(b, func(i int) bool { return p.isOp(i, "(") })
			if p.isOp(p.pos, "(") {
				p.scanGroup(b)
			}
			if p.accept("REPEATABLE") && p.isOp(p.pos, "(") {
				p.scanGroup(b)
			}
			continue
		}
		return
	}
}

// alias skips an optional [AS] alias [(columns)] and returns the alias.
func (p *parser) alias() string {
	t := p.peek()
	name := ""
	switch {
	case p.accept("AS"):
		if n := p.peek(); n.kind == tWord || n.kind == tQuoted {
			name = identName(n)
			p.pos++
		}
	case t.kind == tQuoted || (t.kind == tWord && !notAlias[t.up]):
		name = identName(t)
		p.pos++
	default:
		return ""
	}
	if p.isOp(p.pos, "(") { // column aliases
		p.pos = min(p.groupEnd(p.pos)+1, p.end)
	}
	return name
}

func (b *builder) lock(l Lock) {
	if l.strength() > b.st.Lock.strength() {
		b.st.Lock = l
	}
}

// tail parses the clauses that may follow the body of any statement.
func (p *parser) tail(b *builder) {
	for !p.atEnd() {
		t := p.peek()
		if t.kind == tWord {
			switch t.up {
			case "WHERE":
				p.pos++
				if b.st.HasWhere {
					b.st.Partial = true
					p.until(b, p.isClause)
				} else {
					p.where(b)
				}
				continue
			case "GROUP", "HAVING", "WINDOW":
				p.pos++
				p.until(b, p.isClause)
				continue
			case "ORDER":
				p.orderBy(b)
				continue
			case "LIMIT":
				p.limit(b)
				continue
			case "OFFSET":
				p.pos++
				start := p.pos
				p.until(b, func(i int) bool { return p.isClause(i) || p.isAnyKw(i, "ROW", "ROWS") })
				b.st.Offset, _ = p.value(start, p.pos)
				p.accept("ROW")
				p.accept("ROWS")
				continue
			case "FETCH":
				p.fetch(b)
				continue
			case "FOR":
				if p.isClause(p.pos) {
					p.lockClause(b)
					continue
				}
			case "LOCK":
				if p.isClause(p.pos) { // LOCK IN SHARE MODE
					p.pos += 2
					p.accept("SHARE")
					p.accept("MODE")
					b.lock(LockForShare)
					continue
				}
			case "UNION", "INTERSECT", "EXCEPT":
				p.union(b)
				continue
			case "RETURNING":
				if p.stopInsert {
					return
				}
				p.returning(b)
				continue
			case "ON":
				if p.isClause(p.pos) && p.stopInsert {
					return
				}
				if p.isClause(p.pos) && b.st.Kind == KindInsert {
					p.onClause(b)
					continue
				}
			case "FROM", "USING": // UPDATE ... FROM, DELETE ... USING
				if b.st.Kind == KindUpdate || b.st.Kind == KindDelete {
					p.pos++
					p.fromList(b, false)
					continue
				}
			case "INTO": // SELECT ... INTO var (MySQL, PL/pgSQL)
				p.pos++
				p.until(b, func(i int) bool { return p.isClause(i) && !p.isKw(i, "INTO") })
				continue
			}
		}
		if p.stopInsert && p.isOp(p.pos, ")") {
			return
		}
		b.st.Partial = true
		if p.isOp(p.pos, "(") {
			p.scanGroup(b)
		} else {
			p.pos++
		}
	}
}

func (p *parser) union(b *builder) {
	p.pos++
	if !p.accept("ALL") {
		p.accept("DISTINCT")
	}
	b.st.Compound = true
	switch {
	case p.isOp(p.pos, "("):
		p.scanGroup(b)
	case p.isKw(p.pos, "SELECT"):
		scratch := &builder{tables: b.tables}
		p.selectCore(scratch, false)
		b.st.Subqueries = append(b.st.Subqueries, scratch.st.Subqueries...)
		if scratch.st.Partial {
			b.st.Partial = true
		}
	case p.isKw(p.pos, "VALUES"):
		p.pos++
		p.until(b, p.isClause)
	default:
		b.st.Partial = true
	}
}

func (p *parser) orderBy(b *builder) {
	p.pos++
	p.accept("BY")
	items := p.list(b, p.isClause)
	b.st.OrderBy, b.st.OrderDesc, b.st.OrderQualifier, b.st.OrderEnd = nil, nil, nil, nil
	for _, it := range items {
		a, z := it[0], it[1]
		end := 0
		if z > a {
			end = p.tok(z - 1).end
		}
		desc := false
		for z > a {
			switch {
			case z-2 >= a && p.isKw(z-2, "NULLS") && p.isAnyKw(z-1, "FIRST", "LAST"):
				z -= 2
				continue
			case p.isKw(z-1, "DESC"):
				desc = true
				z--
				continue
			case p.isKw(z-1, "ASC"):
				z--
				continue
			case z-2 >= a && p.isKw(z-2, "COLLATE"):
				z -= 2
				continue
			}
			break
		}
		if z <= a {
			b.st.Partial = true
			continue
		}
		name := p.exprName(a, z)
		q, _, _ := p.nameAt(a, z)
		b.st.OrderBy = append(b.st.OrderBy, name)
		b.st.OrderDesc = append(b.st.OrderDesc, desc)
		b.st.OrderQualifier = append(b.st.OrderQualifier, q)
		b.st.OrderEnd = append(b.st.OrderEnd, end)
	}
}

func (p *parser) limit(b *builder) {
	p.pos++
	items := p.list(b, p.isClause)
	switch len(items) {
	case 1:
		b.st.Limit, _ = p.value(items[0][0], items[0][1])
		if strings.EqualFold(b.st.Limit, "all") {
			b.st.Limit = ""
		}
	case 2: // MySQL LIMIT offset, count
		b.st.Offset, _ = p.value(items[0][0], items[0][1])
		b.st.Limit, _ = p.value(items[1][0], items[1][1])
	default:
		b.st.Partial = true
	}
}

// fetch parses FETCH FIRST|NEXT [n] ROW|ROWS ONLY|WITH TIES.
func (p *parser) fetch(b *builder) {
	p.pos++
	if !p.accept("FIRST") {
		p.accept("NEXT")
	}
	start := p.pos
	p.until(b, func(i int) bool { return p.isClause(i) || p.isAnyKw(i, "ROW", "ROWS") })
	if p.pos > start {
		b.st.Limit, _ = p.value(start, p.pos)
	} else {
		b.st.Limit = "1"
	}
	if !p.accept("ROW") {
		p.accept("ROWS")
	}
	if !p.accept("ONLY") && p.accept("WITH") {
		p.accept("TIES")
	}
}

func (p *parser) lockClause(b *builder) {
	p.pos++ // FOR
	switch {
	case p.accept("UPDATE"):
		b.lock(LockForUpdate)
	case p.isKw(p.pos, "NO") && p.isKw(p.pos+1, "KEY") && p.isKw(p.pos+2, "UPDATE"):
		p.pos += 3
		b.lock(LockForNoKeyUpdate)
	case p.accept("SHARE"):
		b.lock(LockForShare)
	case p.isKw(p.pos, "KEY") && p.isKw(p.pos+1, "SHARE"):
		p.pos += 2
		b.lock(LockForKeyShare)
	case p.accept("READ"):
		p.accept("ONLY")
		return
	default:
		b.st.Partial = true
		return
	}
	if p.accept("OF") {
		for {
			t := p.peek()
			if t.kind != tWord && t.kind != tQuoted {
				break
			}
			_, name, _ := p.qualifiedName()
			b.st.LockOf = append(b.st.LockOf, name)
			if !p.isOp(p.pos, ",") {
				break
			}
			p.pos++
		}
	}
	switch {
	case p.accept("NOWAIT"):
		b.st.NoWait = true
	case p.isKw(p.pos, "SKIP") && p.isKw(p.pos+1, "LOCKED"):
		p.pos += 2
		b.st.SkipLocked = true
	case p.isKw(p.pos, "WAIT") && p.tok(p.pos+1).kind == tNumber: // Oracle/MySQL-ish WAIT n
		p.pos += 2
	}
}

func (p *parser) returning(b *builder) {
	p.pos++
	b.st.HasReturning = true
	items := p.list(b, p.isClause)
	b.st.Returning = append(make([]string, 0, len(items)), p.names(items)...)
}

func (p *parser) onClause(b *builder) {
	if p.isKw(p.pos+1, "DUPLICATE") {
		p.pos += 2
		p.accept("KEY")
		p.accept("UPDATE")
		b.st.OnDuplicateKey = true
		p.assignments(b)
		return
	}
	p.pos += 2 // ON CONFLICT
	switch {
	case p.isOp(p.pos, "("):
		i := p.pos
		m := p.groupEnd(i)
		q := p.child(i+1, m)
		for _, it := range q.list(b, func(int) bool { return false }) {
			a, z := it[0], it[1]
			// drop COLLATE x and operator classes: (lower(email) COLLATE "C" text_pattern_ops)
			if z-2 >= a && p.isKw(z-2, "COLLATE") {
				z -= 2
			}
			if z > a {
				b.st.ConflictTarget = append(b.st.ConflictTarget, p.exprName(a, z))
			}
		}
		p.pos = min(m+1, p.end)
		if p.accept("WHERE") {
			p.until(b, func(i int) bool { return p.isKw(i, "DO") || p.isClause(i) })
		}
	case p.isKw(p.pos, "ON") && p.isKw(p.pos+1, "CONSTRAINT"):
		p.pos += 2
		if t := p.peek(); t.kind == tWord || t.kind == tQuoted {
			b.st.ConflictConstraint = identName(t)
			p.pos++
		}
	}
	if !p.accept("DO") {
		b.st.Partial = true
		return
	}
	switch {
	case p.accept("NOTHING"):
		if b.st.Conflict == ConflictNone {
			b.st.Conflict = ConflictDoNothing
		}
	case p.accept("UPDATE"):
		if b.st.Conflict == ConflictNone {
			b.st.Conflict = ConflictDoUpdate
		}
		p.accept("SET")
		p.assignments(b)
		if p.accept("WHERE") {
			b.st.ConflictWhere = true
			p.until(b, p.isClause)
		}
	default:
		b.st.Partial = true
	}
}

// assignments parses a SET list into b.st.Set and returns the assigned columns.
func (p *parser) assignments(b *builder) []string {
	var cols []string
	for _, it := range p.list(b, p.isClause) {
		a, z := it[0], it[1]
		k := -1
		for i := a; i < z; i++ {
			if p.isOp(i, "(") {
				i = p.groupEnd(i)
				continue
			}
			if p.isOp(i, "=") {
				k = i
				break
			}
		}
		if k < 0 {
			b.st.Partial = true
			continue
		}
		val, ph := p.value(k+1, z)
		var names []string
		if p.isOp(a, "(") { // (a, b) = (...)
			m := p.groupEnd(a)
			for i := a + 1; i < m; i++ {
				if t := p.tok(i); (t.kind == tWord || t.kind == tQuoted) && !p.isOp(i+1, ".") {
					names = append(names, identName(t))
				}
			}
		} else if q, n, ok := p.nameAt(a, k); ok {
			_ = q
			names = append(names, n)
		} else {
			b.st.Partial = true
		}
		for _, n := range names {
			if strings.Contains(n, Hole) {
				continue
			}
			cols = append(cols, n)
			b.st.Set = append(b.st.Set, Cond{Column: n, Op: "=", Value: val, Placeholder: ph})
		}
	}
	return cols
}

func (p *parser) parseInsert(b *builder) {
	b.st.Kind, b.st.Verb = KindInsert, p.peek().up
	if b.st.Verb == "REPLACE" {
		b.st.InsertOrReplace = true
	}
	p.pos++
	for {
		switch {
		case p.accept("IGNORE"):
			b.st.InsertIgnore = true
			continue
		case p.isAnyKw(p.pos, "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY"):
			p.pos++
			continue
		case p.isKw(p.pos, "OR") && p.isAnyKw(p.pos+1, "IGNORE", "REPLACE", "ROLLBACK", "ABORT", "FAIL"):
			switch p.tok(p.pos + 1).up {
			case "IGNORE":
				b.st.InsertIgnore = true
			case "REPLACE":
				b.st.InsertOrReplace = true
			}
			p.pos += 2
			continue
		}
		break
	}
	p.accept("INTO")
	if t := p.peek(); t.kind == tQuoted || (t.kind == tWord && !notAlias[t.up]) {
		schema, name, hole := p.qualifiedName()
		if hole {
			b.st.Partial = true
		} else {
			b.tables.add(name)
		}
		b.setTarget(schema, name, !hole)
		if p.accept("AS") {
			p.pos++
		}
	} else {
		b.st.Partial = true
	}
	if p.isOp(p.pos, "(") && !p.isQueryStart(p.pos+1) {
		m := p.groupEnd(p.pos)
		q := p.child(p.pos+1, m)
		b.st.Columns = p.names(q.list(b, func(int) bool { return false }))
		p.pos = min(m+1, p.end)
	}
	if p.accept("OVERRIDING") {
		p.pos++ // SYSTEM | USER
		p.accept("VALUE")
	}
	switch {
	case p.isAnyKw(p.pos, "VALUES", "VALUE"):
		p.pos++
		if p.isOp(p.pos, "(") {
			b.st.ValuesBound, b.st.InsertValues = p.boundItems(p.pos+1, p.groupEnd(p.pos), len(b.st.Columns))
		}
		p.until(b, func(i int) bool { return p.isClause(i) || p.isKw(i, "AS") })
		if p.accept("AS") { // MySQL 8 row alias
			p.pos++
			if p.isOp(p.pos, "(") {
				p.pos = min(p.groupEnd(p.pos)+1, p.end)
			}
		}
	case p.isKw(p.pos, "DEFAULT") && p.isKw(p.pos+1, "VALUES"):
		p.pos += 2
	case p.isKw(p.pos, "SET"): // MySQL INSERT ... SET a = 1
		p.pos++
		b.st.Columns = p.assignments(b)
	case p.isQueryStart(p.pos):
		q := *p
		q.stopInsert = true
		sb := newBuilder()
		q.parseStatement(sb)
		p.pos = q.pos
		src := sb.finish()
		for _, t := range src.Tables {
			b.tables.add(t)
		}
		if src.Partial {
			b.st.Partial = true
		}
		b.st.Source = &src
	default:
		b.st.Partial = true
	}
	p.tail(b)
}

func (p *parser) parseUpdate(b *builder) {
	b.st.Kind, b.st.Verb = KindUpdate, "UPDATE"
	p.pos++
	for {
		switch {
		case p.isAnyKw(p.pos, "LOW_PRIORITY", "IGNORE"):
			p.pos++
			continue
		case p.isKw(p.pos, "OR") && p.isAnyKw(p.pos+1, "IGNORE", "REPLACE", "ROLLBACK", "ABORT", "FAIL"):
			p.pos += 2
			continue
		}
		break
	}
	p.fromList(b, true)
	if p.accept("SET") {
		b.st.Columns = p.assignments(b)
	} else {
		b.st.Partial = true
	}
	p.tail(b)
}

func (p *parser) parseDelete(b *builder) {
	b.st.Kind, b.st.Verb = KindDelete, "DELETE"
	p.pos++
	for p.isAnyKw(p.pos, "LOW_PRIORITY", "QUICK", "IGNORE") {
		p.pos++
	}
	if !p.isKw(p.pos, "FROM") {
		// MySQL multi-table DELETE t1[, t2] FROM t1 JOIN t2 ...: t1 may be an alias
		// declared in the FROM list.
		if t := p.peek(); t.kind == tQuoted || (t.kind == tWord && !notAlias[t.up]) {
			schema, name, hole := p.qualifiedName()
			p.until(b, func(i int) bool { return p.isKw(i, "FROM") || p.isKw(i, "USING") || p.isClause(i) })
			b.aliases = map[string]string{}
			if p.accept("FROM") {
				p.fromList(b, false)
			}
			if real, ok := b.aliases[name]; ok && schema == "" && !hole {
				name = real
			} else if !hole && (schema != "" || !p.ctes[name]) {
				b.tables.add(name)
			}
			b.setTarget(schema, name, !hole)
		}
		p.until(b, func(i int) bool { return p.isKw(i, "FROM") || p.isKw(i, "USING") || p.isClause(i) })
	}
	if p.accept("FROM") {
		p.fromList(b, true)
	}
	p.tail(b)
}

func (p *parser) parseOther(b *builder) {
	verb := p.peek().up
	b.st.Kind, b.st.Verb = KindOther, verb
	p.pos++
	target := false
	switch verb {
	case "LOCK", "TRUNCATE":
		if !p.accept("TABLE") {
			p.accept("TABLES")
		}
		p.accept("ONLY")
		target = true
	case "MERGE":
		p.accept("INTO")
		target = true
	}
	if t := p.peek(); target && (t.kind == tQuoted || (t.kind == tWord && !notAlias[t.up])) {
		schema, name, hole := p.qualifiedName()
		if !hole {
			b.tables.add(name)
		}
		b.setTarget(schema, name, !hole)
	}
	p.scanRange(b, p.pos, p.end)
	p.pos = p.end
}
