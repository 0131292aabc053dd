package sqlparse

// ParseWhere classifies a boolean SQL fragment, such as the condition given
// to GORM's Where("status = ? AND id = ?") or a WHERE clause built apart
// from its statement. A leading WHERE keyword is allowed. It returns the
// conditions joined by AND at the top level and whether an OR occurs there,
// with the same normalisation as Stmt.Where.
func ParseWhere(expr string) (conds []Cond, hasOr bool) {
	st := ParseWhereStmt(expr)
	return st.Where, st.WhereHasOr
}

// ParseWhereStmt is ParseWhere returning a Stmt whose HasWhere, Where,
// WhereHasOr, Keysets (with offsets into expr) and OrColumns are set.
func ParseWhereStmt(expr string) Stmt {
	toks, _ := lex(expr)
	d := &doc{t: toks, match: make([]int, len(toks))}
	var stack []int
	for i := range toks {
		if toks[i].kind != tOp {
			continue
		}
		switch toks[i].text {
		case "(":
			stack = append(stack, i)
		case ")":
			if len(stack) > 0 {
				d.match[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		}
	}
	for _, i := range stack {
		d.match[i] = len(toks)
	}
	p := &parser{d: d, end: len(toks), ctes: map[string]bool{}}
	p.accept("WHERE")
	b := newBuilder()
	p.conds(b, p.pos, p.end, 0)
	st := b.st
	st.HasWhere = true
	st.Subqueries = nil
	return st
}
