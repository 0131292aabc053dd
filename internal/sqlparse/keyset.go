package sqlparse

import "strings"

// Cursor (keyset) comparisons in WHERE clauses: see Keyset.

// cursorOp reports whether op is an ordering comparison a cursor uses.
func cursorOp(op string) bool {
	return op == "<" || op == ">" || op == "<=" || op == ">="
}

// strictOp is the strict version of a cursor operator: <= -> <, >= -> >.
func strictOp(op string) string {
	switch op {
	case "<=":
		return "<"
	case ">=":
		return ">"
	}
	return op
}

// topOp returns the index of the first top-level comparison operator in
// [a, z), or -1.
func (p *parser) topOp(a, z int) (int, string) {
	for i := a; i < z; i++ {
		t := p.tok(i)
		if t.kind != tOp {
			if t.kind == tWord && (t.up == "CASE" || t.up == "AND" || t.up == "OR" || t.up == "NOT") {
				return -1, ""
			}
			continue
		}
		if t.text == "(" {
			i = min(p.groupEnd(i), z)
			continue
		}
		if o, ok := symOps[t.text]; ok {
			return i, o
		}
	}
	return -1, ""
}

// keyset recognises [a, z) as a column or row cursor comparison:
// col op $n, (c1, c2) op ($1, $2), ROW(c1, c2) op ROW($1, $2).
func (p *parser) keyset(a, z int) (Keyset, bool) {
	k, op := p.topOp(a, z)
	if k <= a || k+1 >= z || !cursorOp(op) {
		return Keyset{}, false
	}
	if q, n, ok := p.nameAt(a, k); ok && !isLiteralWord(n) {
		v, ph := p.value(k+1, z)
		if !ph || n == "" || containsHole(n) {
			return Keyset{}, false
		}
		return Keyset{Columns: []string{n}, Qualifiers: []string{q}, Values: []string{v}, Op: op,
			Form: KeysetColumn, Start: p.tok(a).pos, End: p.tok(z - 1).end, OpAt: p.tok(k).pos}, true
	}
	la, lz, ok := p.rowGroup(a, k)
	if !ok {
		return Keyset{}, false
	}
	ra, rz, ok := p.rowGroup(k+1, z)
	if !ok {
		return Keyset{}, false
	}
	left, right := p.commaSplit(la, lz), p.commaSplit(ra, rz)
	if len(left) == 0 || len(left) != len(right) {
		return Keyset{}, false
	}
	ks := Keyset{Op: op, Form: KeysetRow, Start: p.tok(a).pos, End: p.tok(z - 1).end, OpAt: p.tok(k).pos}
	for i := range left {
		q, n, ok := p.nameAt(left[i][0], left[i][1])
		if !ok || isLiteralWord(n) || containsHole(n) {
			return Keyset{}, false
		}
		v, ph := p.value(right[i][0], right[i][1])
		if !ph {
			return Keyset{}, false
		}
		ks.Columns = append(ks.Columns, n)
		ks.Qualifiers = append(ks.Qualifiers, q)
		ks.Values = append(ks.Values, v)
	}
	if len(ks.Columns) == 1 {
		ks.Form = KeysetColumn
	}
	return ks, true
}

// rowGroup recognises [a, z) as (list) or ROW(list) and returns the list's
// range.
func (p *parser) rowGroup(a, z int) (int, int, bool) {
	if p.isKw(a, "ROW") {
		a++
	}
	if a >= z || !p.isOp(a, "(") || p.groupEnd(a) != z-1 || p.isQueryStart(a+1) {
		return 0, 0, false
	}
	return a + 1, z - 1, true
}

// commaSplit splits [a, z) on top-level commas.
func (p *parser) commaSplit(a, z int) [][2]int {
	var out [][2]int
	start := a
	for i := a; i < z; i++ {
		if p.isOp(i, "(") {
			i = min(p.groupEnd(i), z)
			continue
		}
		if p.isOp(i, ",") {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return append(out, [2]int{start, z})
}

// split splits [a, z) on the top-level keyword kw (AND or OR), leaving CASE
// expressions and BETWEEN x AND y whole.
func (p *parser) split(a, z int, kw string) [][2]int {
	var out [][2]int
	start, cases, between := a, 0, false
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
		case cases > 0:
		case t.up == "BETWEEN":
			between = true
		case t.up == "AND" && between:
			between = false
		case t.up == kw:
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return append(out, [2]int{start, z})
}

// unwrap strips parentheses around the whole of [a, z).
func (p *parser) unwrap(a, z int) (int, int) {
	for k := 0; k < maxCondPar && z-a >= 2 && p.isOp(a, "(") && p.groupEnd(a) == z-1 && !p.isQueryStart(a+1); k++ {
		a, z = a+1, z-1
	}
	return a, z
}

// expanded recognises [a, z) as the expanded form of a row comparison:
//
//	c1 op v1 OR (c1 = v1 AND c2 op v2) [OR (c1 = v1 AND c2 = v2 AND c3 op v3) ...]
//
// where the last comparison of the last branch may be <= or >= (and all the
// others are strict), or may itself be an expanded form (nesting:
// c1 op v1 OR (c1 = v1 AND (c2 op v2 OR (c2 = v2 AND c3 op v3)))).
func (p *parser) expanded(a, z, depth int) (Keyset, bool) {
	a, z = p.unwrap(a, z)
	if depth >= maxCondPar || a >= z {
		return Keyset{}, false
	}
	branches := p.split(a, z, "OR")
	if len(branches) < 2 {
		return Keyset{}, false
	}
	ks := Keyset{Form: KeysetExpanded, Start: p.tok(a).pos, End: p.tok(z - 1).end}
	for bi, br := range branches {
		ba, bz := p.unwrap(br[0], br[1])
		parts := p.split(ba, bz, "AND")
		if len(parts) != bi+1 {
			return Keyset{}, false
		}
		// the equalities on the columns so far
		for j := 0; j < bi; j++ {
			c, ok := p.cond(p.unwrap(parts[j][0], parts[j][1]))
			if !ok || c.Op != "=" || !c.Placeholder || c.Column != ks.Columns[j] || c.Qualifier != ks.Qualifiers[j] || c.Value != ks.Values[j] {
				return Keyset{}, false
			}
		}
		la, lz := p.unwrap(parts[bi][0], parts[bi][1])
		final := bi == len(branches)-1
		if k, ok := p.keyset(la, lz); ok && k.Form == KeysetColumn {
			// every comparison but the very last is strict, all in one direction
			if !final && k.Op != strictOp(k.Op) || bi > 0 && strictOp(k.Op) != ks.Op {
				return Keyset{}, false
			}
			ks.Op = k.Op
			if bi == 0 {
				ks.OpAt = k.OpAt
			}
			ks.Columns = append(ks.Columns, k.Columns[0])
			ks.Qualifiers = append(ks.Qualifiers, k.Qualifiers[0])
			ks.Values = append(ks.Values, k.Values[0])
			continue
		}
		// the last branch may end in a nested expansion
		if !final || bi == 0 {
			return Keyset{}, false
		}
		k, ok := p.expanded(la, lz, depth+1)
		if !ok || strictOp(k.Op) != strictOp(ks.Op) {
			return Keyset{}, false
		}
		ks.Op = k.Op
		ks.Columns = append(ks.Columns, k.Columns...)
		ks.Qualifiers = append(ks.Qualifiers, k.Qualifiers...)
		ks.Values = append(ks.Values, k.Values...)
	}
	return ks, true
}

// orColumns records the names in the OR-ed range [a, z) in b.st.OrColumns.
func (p *parser) orColumns(b *builder, a, z int) {
	seen := map[string]bool{}
	for _, c := range b.st.OrColumns {
		seen[c] = true
	}
	for i := a; i < z; i++ {
		t := p.tok(i)
		if p.isOp(i, "(") && p.isQueryStart(i+1) {
			i = min(p.groupEnd(i), z)
			continue
		}
		if t.kind != tWord && t.kind != tQuoted || t.hole || p.isOp(i+1, "(") || p.isOp(i+1, ".") {
			continue
		}
		if t.kind == tWord && (notAlias[t.up] || isLiteralWord(strings.ToLower(t.text)) || t.up == "IS" || t.up == "IN" || t.up == "LIKE") {
			continue
		}
		n := identName(t)
		if !seen[n] {
			seen[n] = true
			b.st.OrColumns = append(b.st.OrColumns, n)
		}
	}
}

func containsHole(s string) bool { return strings.Contains(s, Hole) }

// NumberedParams reports the highest $n placeholder of sql and whether sql
// has placeholders and all of them are numbered ($1, $2: no ?, :name or
// @name). Text in literals and comments does not count.
func NumberedParams(sql string) (highest int, ok bool) {
	toks, _ := lex(sql)
	for _, t := range toks {
		if t.kind != tParam {
			continue
		}
		if len(t.text) < 2 || t.text[0] != '$' || t.hole {
			return 0, false
		}
		n := 0
		for _, c := range t.text[1:] {
			if c < '0' || c > '9' || n > 1<<20 {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		if n == 0 {
			return 0, false
		}
		highest = max(highest, n)
	}
	return highest, highest > 0
}

// Param is one placeholder of a SQL text.
type Param struct {
	Text string // as written: "$1", "?", ":name", "@name"
	Off  int    // byte offset in the text
}

// Params lists the placeholders of sql in textual order. Text in literals
// and comments does not count.
func Params(sql string) []Param {
	toks, _ := lex(sql)
	var out []Param
	for _, t := range toks {
		if t.kind == tParam && !t.hole {
			out = append(out, Param{Text: t.text, Off: t.pos})
		}
	}
	return out
}
