package sqlparse

import "strings"

// Layout is where the tokens of a SQL text lie: what a fix needs to edit
// the text of a statement through its tokens rather than by appending to
// the text, where a trailing comment would swallow the edit.
type Layout struct {
	// Statements is the number of non-empty statements, split on top-level ';'.
	Statements int
	// End is the byte offset just after the last token of the first
	// statement: text inserted there is part of the statement, before any
	// ';', space or comment that follows it. -1 if there is no token.
	End int
	// Params are the placeholders of the first statement, as written ("$1",
	// "?", ":name", "@name"), in order; placeholders in literals and comments
	// are not tokens and are not listed.
	Params []string
	// Quoted are the quoted identifiers of the first statement ("x", `x`,
	// [x]), unquoted and lower-cased.
	Quoted []string
	// Partial reports an unterminated literal or comment, or unbalanced
	// parentheses, in the first statement.
	Partial bool
}

// LayoutOf returns the layout of sql.
func LayoutOf(sql string) Layout {
	toks, partial := lex(sql)
	l := Layout{End: -1}
	depth := 0
	open := false // a statement has tokens
	for _, t := range toks {
		if t.kind == tOp {
			switch t.text {
			case "(":
				depth++
			case ")":
				if depth == 0 && l.Statements <= 1 && open {
					l.Partial = true
				}
				if depth > 0 {
					depth--
				}
			case ";":
				if depth == 0 {
					open = false
					continue
				}
			}
		}
		if !open {
			open = true
			l.Statements++
		}
		if l.Statements != 1 {
			continue
		}
		l.End = t.end
		switch t.kind {
		case tParam:
			l.Params = append(l.Params, t.text)
		case tQuoted:
			l.Quoted = append(l.Quoted, strings.ToLower(t.text))
		}
	}
	if l.Statements <= 1 && (depth != 0 || partial) {
		l.Partial = true
	}
	return l
}
