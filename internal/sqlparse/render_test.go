package sqlparse

import (
	"fmt"
	"strings"
)

// render describes every field of s that is not zero, in a fixed order, so a
// test that compares renders also asserts that nothing else was set.
func render(s Stmt) string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	add("%s", s.Kind)
	if s.Verb != "" && s.Verb != s.Kind.String() {
		add("verb=%s", s.Verb)
	}
	if s.Table != "" {
		if s.Schema != "" {
			add("table=%s.%s", s.Schema, s.Table)
		} else {
			add("table=%s", s.Table)
		}
	} else if s.Schema != "" {
		add("schema=%s", s.Schema)
	}
	if len(s.Tables) > 0 {
		add("tables=%s", strings.Join(s.Tables, ","))
	}
	if len(s.Columns) > 0 {
		add("cols=%s", strings.Join(s.Columns, ","))
	}
	if len(s.Set) > 0 {
		add("set=[%s]", conds(s.Set))
	}
	if s.HasWhere {
		add("where=[%s]", conds(s.Where))
	} else if len(s.Where) > 0 {
		add("where-without-HasWhere=[%s]", conds(s.Where))
	}
	if s.WhereHasOr {
		add("or")
	}
	for _, k := range s.Keysets {
		cols := make([]string, len(k.Columns))
		for i, c := range k.Columns {
			if k.Qualifiers[i] != "" {
				c = k.Qualifiers[i] + "." + c
			}
			cols[i] = c
		}
		add("keyset:%s(%s)%s(%s)", k.Form, strings.Join(cols, ","), k.Op, strings.Join(k.Values, ","))
	}
	if len(s.OrColumns) > 0 {
		add("orcols=%s", strings.Join(s.OrColumns, ","))
	}
	if s.Conflict != ConflictNone {
		add("conflict=%s", strings.ReplaceAll(s.Conflict.String(), " ", "_"))
	}
	if len(s.ConflictTarget) > 0 {
		add("target=%s", strings.Join(s.ConflictTarget, ","))
	}
	if s.ConflictConstraint != "" {
		add("constraint=%s", s.ConflictConstraint)
	}
	if s.InsertIgnore {
		add("ignore")
	}
	if s.OnDuplicateKey {
		add("dupkey")
	}
	if s.InsertOrReplace {
		add("replace")
	}
	if s.HasReturning {
		add("returning=%s", strings.Join(s.Returning, ","))
	} else if s.Returning != nil {
		add("returning-without-HasReturning")
	}
	if s.Lock != LockNone {
		add("lock=%s", strings.ReplaceAll(strings.TrimPrefix(s.Lock.String(), "FOR "), " ", "_"))
	}
	if len(s.LockOf) > 0 {
		add("of=%s", strings.Join(s.LockOf, ","))
	}
	if s.SkipLocked {
		add("skiplocked")
	}
	if s.NoWait {
		add("nowait")
	}
	if len(s.OrderBy) > 0 {
		var o []string
		for i, x := range s.OrderBy {
			if i < len(s.OrderQualifier) && s.OrderQualifier[i] != "" {
				x = s.OrderQualifier[i] + "." + x
			}
			if i < len(s.OrderDesc) && s.OrderDesc[i] {
				x += " desc"
			}
			o = append(o, x)
		}
		add("order=%s", strings.Join(o, ","))
	}
	if s.Limit != "" {
		add("limit=%s", s.Limit)
	}
	if s.Offset != "" {
		add("offset=%s", s.Offset)
	}
	if s.Exists {
		add("exists")
	}
	if s.Compound {
		add("compound")
	}
	for i, c := range s.CTEs {
		name := "?"
		if i < len(s.CTENames) {
			name = s.CTENames[i]
		}
		add("cte:%s{%s}", name, render(c))
	}
	if s.Source != nil {
		add("source{%s}", render(*s.Source))
	}
	if len(s.Subqueries) > 0 {
		add("subq=%d", len(s.Subqueries))
	}
	if s.Partial {
		add("partial")
	}
	return strings.Join(parts, " ")
}

func conds(cs []Cond) string {
	var out []string
	for _, c := range cs {
		col := c.Column
		if c.Qualifier != "" {
			col = c.Qualifier + "." + col
		}
		s := col + " " + c.Op + " " + c.Value
		if c.Placeholder {
			s += " ph"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}
