package selectinsert

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/sqlparse"
)

// A sqlSource is the SQL text of a query written at the call as a string
// literal or a concatenation of literals, with where each byte of the text
// comes from in the source, so that a fix edits the statement at a token
// boundary (sqlparse.Layout) and not at the end of the text, where a
// trailing comment would take the edit in. Queries built otherwise (a
// constant shared with other code, a variable, Sprintf) are not edited.
type sqlSource struct {
	text   string
	layout sqlparse.Layout
	// after[i] is the source position just after the bytes of the source
	// that produced byte i of text, NoPos when byte i is not the last byte
	// they produced (inside a multi-byte escape).
	after []token.Pos
}

// sqlSourceOf returns the sqlSource of a query expression, false when it is
// not written out as literals or its text is not the text the check read.
func (a *checker) sqlSourceOf(e ast.Expr) (*sqlSource, bool) {
	src := &sqlSource{}
	var b strings.Builder
	var add func(e ast.Expr) bool
	add = func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.BinaryExpr:
			return e.Op == token.ADD && add(e.X) && add(e.Y)
		case *ast.BasicLit:
			if e.Kind != token.STRING {
				return false
			}
			text, after, ok := decodeLit(e)
			if !ok {
				return false
			}
			b.WriteString(text)
			src.after = append(src.after, after...)
			return true
		}
		return false
	}
	if !add(e) {
		return nil, false
	}
	src.text = b.String()
	if src.text != a.sqlText(e) {
		return nil, false
	}
	src.layout = sqlparse.LayoutOf(src.text)
	return src, true
}

// decodeLit returns the value of a string literal and, for each byte of
// it, the source position after the bytes that produced it.
func decodeLit(lit *ast.BasicLit) (string, []token.Pos, bool) {
	v := lit.Value
	if len(v) < 2 || token.Pos(len(v)) != lit.End()-lit.Pos() {
		// A raw string that held carriage returns: the scanner dropped them
		// from Value, which no longer maps onto the source.
		return "", nil, false
	}
	var out []byte
	var after []token.Pos
	if v[0] == '`' {
		for i := 1; i < len(v)-1; i++ {
			out = append(out, v[i])
			after = append(after, lit.Pos()+token.Pos(i+1))
		}
	} else {
		s := v[1 : len(v)-1]
		off := 1
		for len(s) > 0 {
			r, multibyte, tail, err := strconv.UnquoteChar(s, '"')
			if err != nil {
				return "", nil, false
			}
			n := len(out)
			if multibyte {
				out = utf8.AppendRune(out, r)
			} else {
				out = append(out, byte(r))
			}
			off += len(s) - len(tail)
			for i := n; i < len(out); i++ {
				after = append(after, token.NoPos)
			}
			after[len(after)-1] = lit.Pos() + token.Pos(off)
			s = tail
		}
	}
	if want, err := strconv.Unquote(v); err != nil || want != string(out) {
		return "", nil, false
	}
	return string(out), after, true
}

// endPos returns the source position where text appended to the first
// statement goes: just after its last token, in the literal that holds
// that token. It refuses text of more than one statement, or not
// understood to its end.
func (s *sqlSource) endPos() (token.Pos, bool) {
	l := s.layout
	if l.Statements != 1 || l.Partial || l.End <= 0 || l.End > len(s.after) {
		return token.NoPos, false
	}
	p := s.after[l.End-1]
	return p, p.IsValid()
}

// nextParam returns the placeholder for one more argument after nargs, in
// the statement's own style: $N+1 after $1..$N, ? after ?s. It refuses
// mixed or named placeholders, and any count that does not match nargs.
func (s *sqlSource) nextParam(nargs int) (string, bool) {
	params := s.layout.Params
	if len(params) == 0 {
		return "", false
	}
	if params[0] == "?" {
		for _, p := range params {
			if p != "?" {
				return "", false
			}
		}
		return "?", len(params) == nargs
	}
	max := 0
	for _, p := range params {
		if len(p) < 2 || p[0] != '$' {
			return "", false
		}
		n, err := strconv.Atoi(p[1:])
		if err != nil || n < 1 {
			return "", false
		}
		if n > max {
			max = n
		}
	}
	if max != nargs {
		return "", false
	}
	return "$" + strconv.Itoa(max+1), true
}

// quoted reports a quoted identifier of the statement named col: the
// column's spelling may be case-sensitive, and a bare col could name
// another.
func (s *sqlSource) quoted(col string) bool {
	for _, q := range s.layout.Quoted {
		if q == strings.ToLower(col) {
			return true
		}
	}
	return false
}

// sqlIdent reports a column name that needs no quoting.
func sqlIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
