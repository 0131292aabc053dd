package sqlparse

import "strings"

// where parses a WHERE clause starting at p.pos.
func (p *parser) where(b *builder) {
	b.st.HasWhere = true
	start := p.pos
	p.until(b, p.isClause)
	p.conds(b, start, p.pos, 0)
}

// conds splits [a, z) on top-level AND and records each simple condition. An
// OR at the top level (AND binds tighter) makes the whole range a disjunction:
// no condition of it holds for every row.
func (p *parser) conds(b *builder, a, z, depth int) {
	// pass 1: a top-level OR?
	cases := 0 // CASE ... END nesting: its WHEN a AND b is not ours
	for i := a; i < z; i++ {
		t := p.tok(i)
		if t.kind == tOp && t.text == "(" {
			i = min(p.groupEnd(i), z)
			continue
		}
		if t.kind != tWord {
			continue
		}
		switch {
		case t.up == "CASE":
			cases++
		case t.up == "END" && cases > 0:
			cases--
		case t.up == "OR" && cases == 0:
			b.st.WhereHasOr = true
			p.orColumns(b, a, z)
			if k, ok := p.expanded(a, z, 0); ok {
				b.st.Keysets = append(b.st.Keysets, k)
			}
			return
		}
	}
	// pass 2: split on AND, except the one of BETWEEN x AND y
	for _, part := range p.split(a, z, "AND") {
		p.condPart(b, part[0], part[1], depth)
	}
}

func (p *parser) condPart(b *builder, a, z int, depth int) {
	if a >= z {
		return
	}
	if p.isOp(a, "(") && p.groupEnd(a) == z-1 {
		if depth < maxCondPar && !p.isQueryStart(a+1) {
			p.conds(b, a+1, z-1, depth+1)
		}
		return
	}
	if k, ok := p.keyset(a, z); ok {
		b.st.Keysets = append(b.st.Keysets, k)
	}
	if c, ok := p.cond(a, z); ok {
		b.st.Where = append(b.st.Where, c)
	}
}

var symOps = map[string]string{
	"=": "=", "==": "=", "<>": "<>", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">=",
	"<=>": "<=>", "@>": "@>", "<@": "<@", "&&": "&&", "~": "~", "~*": "~*", "!~": "!~", "!~*": "!~*",
	"~~": "LIKE", "!~~": "NOT LIKE", "?|": "?|", "?&": "?&", "@@": "@@",
}

var wordOps = map[string]bool{"IN": true, "LIKE": true, "ILIKE": true, "BETWEEN": true, "GLOB": true,
	"REGEXP": true, "RLIKE": true, "MATCH": true}

// cond parses one comparison [a, z).
func (p *parser) cond(a, z int) (Cond, bool) {
	neg := false
	if p.isKw(a, "NOT") {
		neg, a = true, a+1
	}
	if a >= z || p.isKw(a, "EXISTS") {
		return Cond{}, false
	}
	k, op, rhs := -1, "", 0
	cases := 0
	for i := a; i < z && k < 0; i++ {
		t := p.tok(i)
		if t.kind == tWord && (t.up == "CASE" || (t.up == "END" && cases > 0)) {
			if t.up == "CASE" {
				cases++
			} else {
				cases--
			}
			continue
		}
		if cases > 0 {
			continue
		}
		switch t.kind {
		case tOp:
			if t.text == "(" {
				i = min(p.groupEnd(i), z)
				continue
			}
			if o, ok := symOps[t.text]; ok {
				k, op, rhs = i, o, i+1
			}
		case tWord:
			switch {
			case t.up == "IS":
				k = i
				j := i + 1
				not := p.accept2(&j, "NOT")
				if p.isKw(j, "DISTINCT") && p.isKw(j+1, "FROM") {
					j += 2
					op = "IS DISTINCT FROM"
					if not {
						op = "IS NOT DISTINCT FROM"
					}
				} else {
					op = "IS"
					if not {
						op = "IS NOT"
					}
				}
				rhs = j
			case t.up == "NOT" && p.isAnyKw(i+1, "IN", "LIKE", "ILIKE", "BETWEEN", "GLOB", "REGEXP", "RLIKE", "SIMILAR"):
				k, op, rhs = i, "NOT "+p.tok(i+1).up, i+2
				if p.isKw(rhs, "TO") {
					op, rhs = op+" TO", rhs+1
				}
			case t.up == "SIMILAR" && p.isKw(i+1, "TO"):
				k, op, rhs = i, "SIMILAR TO", i+2
			case wordOps[t.up] && i > a:
				k, op, rhs = i, t.up, i+1
			}
		}
	}
	if k < 0 {
		// bare boolean column: active / NOT active
		if q, n, ok := p.nameAt(a, z); ok && !isLiteralWord(n) {
			v := "TRUE"
			if neg {
				v = "FALSE"
			}
			return p.mkCond(q, n, "=", v, false)
		}
		return Cond{}, false
	}
	if neg || k == a || rhs >= z {
		return Cond{}, false
	}
	val, ph := p.value(rhs, z)
	if q, n, ok := p.nameAt(a, k); ok && !isLiteralWord(n) {
		return p.mkCond(q, n, op, val, ph)
	}
	// Yoda: $1 = col, 'x' <> col
	if k == a+1 && (op == "=" || op == "<>") && isValueTok(p.tok(a)) {
		if q, n, ok := p.nameAt(rhs, z); ok && !isLiteralWord(n) {
			v, ph2 := p.value(a, k)
			return p.mkCond(q, n, op, v, ph2)
		}
	}
	if k == a+1 && isValueTok(p.tok(a)) {
		return Cond{}, false // literal on the left of a non-column: 1 = 1
	}
	// A case-folded match, lower(email) = lower($1): the row is found by
	// email all the same.
	if op == "=" {
		if fa, fz, ok := p.folded(a, k); ok {
			if q, n, ok := p.nameAt(fa, fz); ok && !isLiteralWord(n) {
				va, vz := rhs, z
				if ia, iz, ok := p.folded(rhs, z); ok {
					va, vz = ia, iz
				}
				if v, ph2 := p.value(va, vz); ph2 {
					return p.mkCond(q, n, op, v, true)
				}
			}
		}
	}
	return p.mkCond("", p.exprText(a, k), op, val, ph)
}

// folded reports tokens [a, z) that are lower(x) or upper(x), and the
// range of x.
func (p *parser) folded(a, z int) (int, int, bool) {
	if z-a < 4 || !p.isAnyKw(a, "LOWER", "UPPER") || !p.isOp(a+1, "(") || p.groupEnd(a+1) != z-1 {
		return 0, 0, false
	}
	return a + 2, z - 1, true
}

func (p *parser) mkCond(q, col, op, val string, ph bool) (Cond, bool) {
	if strings.Contains(col, Hole) || col == "" {
		return Cond{}, false
	}
	return Cond{Column: col, Qualifier: q, Op: op, Value: val, Placeholder: ph}, true
}

func (p *parser) accept2(j *int, kw string) bool {
	if p.isKw(*j, kw) {
		*j++
		return true
	}
	return false
}

func isValueTok(t *token) bool {
	switch t.kind {
	case tParam, tString, tNumber:
		return true
	case tWord:
		return isLiteralWord(strings.ToLower(t.text))
	}
	return false
}

func isLiteralWord(lower string) bool {
	switch lower {
	case "true", "false", "null", "default", "unknown", "current_timestamp", "current_date", "current_time":
		return true
	}
	return false
}

// nameAt reports whether [a, z) is a (qualified) column name, optionally
// followed by a ::type cast, and returns its qualifier and name.
func (p *parser) nameAt(a, z int) (qual, name string, ok bool) {
	if a >= z {
		return "", "", false
	}
	if c := p.castAt(a, z); c > a {
		z = c
	}
	i := a
	for {
		t := p.tok(i)
		if t.kind != tQuoted && (t.kind != tWord || notAlias[t.up] || t.up == "EXISTS") {
			return "", "", false
		}
		qual, name = name, identName(t)
		i++
		if i == z {
			return qual, name, true
		}
		if !p.isOp(i, ".") || i+1 >= z {
			return "", "", false
		}
		i++
	}
}

// castAt returns the index of a top-level "::" in [a, z) that is followed only
// by a type name, or -1.
func (p *parser) castAt(a, z int) int {
	for i := a; i < z; i++ {
		if p.isOp(i, "(") {
			i = p.groupEnd(i)
			continue
		}
		if p.isOp(i, "::") {
			for j := i + 1; j < z; j++ {
				t := p.tok(j)
				if t.kind == tWord || t.kind == tQuoted || t.kind == tNumber || p.isOp(j, ".") || p.isOp(j, "[") || p.isOp(j, "]") {
					continue
				}
				if p.isOp(j, "(") {
					j = p.groupEnd(j)
					continue
				}
				return -1
			}
			return i
		}
	}
	return -1
}

// value normalises the expression [a, z) and reports whether it is a single
// bind parameter.
func (p *parser) value(a, z int) (string, bool) {
	if a >= z {
		return "", false
	}
	if c := p.castAt(a, z); c > a {
		z = c
	}
	// CAST($1 AS type)
	if z-a >= 4 && p.isKw(a, "CAST") && p.isOp(a+1, "(") && p.groupEnd(a+1) == z-1 && p.isKw(a+3, "AS") {
		a, z = a+2, a+3
	}
	if z-a == 1 {
		t := p.tok(a)
		switch t.kind {
		case tParam:
			return t.text, !t.hole
		case tString, tNumber:
			return t.text, false
		case tWord:
			l := strings.ToLower(t.text)
			if isLiteralWord(l) {
				return strings.ToUpper(l), false
			}
			return l, false
		case tQuoted:
			return identName(t), false
		}
	}
	return p.exprText(a, z), false
}

// exprName is the name of an output/order/conflict item: a column's name, or
// the compact text of an expression.
func (p *parser) exprName(a, z int) string {
	if _, n, ok := p.nameAt(a, z); ok {
		return n
	}
	return p.exprText(a, z)
}

// names returns the output names of list items (SELECT list, RETURNING,
// column lists): alias, else column name, else expression text.
func (p *parser) names(items [][2]int) []string {
	var out []string
	for _, it := range items {
		a, z := it[0], it[1]
		if z <= a {
			continue
		}
		out = append(out, p.outputName(a, z))
	}
	return out
}

func (p *parser) outputName(a, z int) string {
	if p.isOp(z-1, "*") && (z-a == 1 || p.isOp(z-2, ".")) {
		return "*"
	}
	if _, n, ok := p.nameAt(a, z); ok {
		return n
	}
	if z-a >= 2 {
		last := p.tok(z - 1)
		if last.kind == tQuoted || (last.kind == tWord && !notAlias[last.up] && !isLiteralWord(strings.ToLower(last.text))) {
			prev := p.tok(z - 2)
			switch {
			case prev.kind == tWord && prev.up == "AS":
				return identName(last)
			case prev.kind == tOp && prev.text == ")",
				prev.kind == tString, prev.kind == tNumber, prev.kind == tParam, prev.kind == tQuoted,
				prev.kind == tWord && !notAlias[prev.up] && prev.up != "IS" && prev.up != "IN" && prev.up != "LIKE" && prev.up != "DISTINCT" && prev.up != "CASE" && prev.up != "INTERVAL":
				return identName(last)
			}
		}
	}
	return p.exprText(a, z)
}

func wordish(t *token) bool {
	switch t.kind {
	case tWord, tQuoted, tString, tNumber, tParam:
		return true
	}
	return false
}

// exprText renders [a, z) compactly: words lower-cased, quoted identifiers
// unquoted and lower-cased, a space only between two word-like tokens. The
// result is capped at maxText bytes.
func (p *parser) exprText(a, z int) string {
	var sb strings.Builder
	var prev *token
	for i := a; i < z; i++ {
		t := p.tok(i)
		if prev != nil && wordish(prev) && wordish(t) {
			sb.WriteByte(' ')
		}
		switch t.kind {
		case tWord, tQuoted:
			sb.WriteString(strings.ToLower(t.text))
		default:
			sb.WriteString(t.text)
		}
		if sb.Len() > maxText {
			s := sb.String()
			return s[:maxText] + "..."
		}
		prev = t
	}
	return sb.String()
}
