package sqlparse

import "strings"

type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // unquoted identifier or keyword
	tQuoted         // quoted identifier: "x", `x`, [x]; text is the unquoted name
	tString         // string literal; text keeps its quotes (and any E/N/B/X prefix)
	tNumber         // numeric literal
	tParam          // placeholder: $1, ?, ?1, :name, @name
	tOp             // operator or punctuation
)

type token struct {
	kind tokKind
	text string // see tokKind
	up   string // upper-cased text for tWord, used for keyword matching
	hole bool   // the token contains Hole
	pos  int    // byte offset of the token's first byte in the input
	end  int    // byte offset just after its last byte
}

var eofTok = token{kind: tEOF}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// multi-character operators, longest first within a shared prefix.
var multiOps = []string{
	"<=>", "->>", "#>>", "!~*", "!~~",
	"<>", "!=", "<=", ">=", "::", "||", "->", "#>", "@>", "<@", "&&", "==", "~*", "!~", "<<", ">>",
	"?|", "?&", "#-", "@@", ":=", "~~",
}

// multiOpStarts holds the first bytes of multiOps.
const multiOpStarts = "<-#!=:|@&~?>"

// lex splits s into tokens. It never fails: unterminated literals and comments
// run to the end of the input and set partial.
func lex(s string) (toks []token, partial bool) {
	n := len(s)
	toks = make([]token, 0, n/3+16)
	upper := map[string]string{} // words repeat: upper-case each spelling once
	i := 0
	for i < n {
		c := s[i]
		start, count := i, len(toks)
		switch {
		case isSpace(c):
			i++
		case c == '-' && i+1 < n && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				i = n
			} else {
				i += j + 1
			}
		case c == '/' && i+1 < n && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				partial = true
				i = n
			} else {
				i += 2 + j + 2
			}
		case c == '\'':
			j, ok := scanQuoted(s, i, '\'', true)
			partial = partial || !ok
			toks = append(toks, token{kind: tString, text: s[i:j]})
			i = j
		case strings.IndexByte("EeNnBbXx", c) >= 0 && i+1 < n && s[i+1] == '\'' && (i == 0 || !isIdentChar(s[i-1])):
			j, ok := scanQuoted(s, i+1, '\'', true)
			partial = partial || !ok
			toks = append(toks, token{kind: tString, text: s[i:j]})
			i = j
		case c == '"' || c == '`':
			j, ok := scanQuoted(s, i, c, false)
			partial = partial || !ok
			end := j - 1
			if !ok || end < i+1 {
				end = j
			}
			name := s[i+1 : end]
			name = strings.ReplaceAll(name, string([]byte{c, c}), string(c))
			toks = append(toks, token{kind: tQuoted, text: name})
			i = j
		case c == '[':
			if j := scanBracketIdent(s, i); j > 0 {
				toks = append(toks, token{kind: tQuoted, text: s[i+1 : j-1]})
				i = j
			} else {
				toks = append(toks, token{kind: tOp, text: "["})
				i++
			}
		case c == '$':
			i = lexDollar(s, i, &toks, &partial)
		case c == '?':
			if i+1 < n && (s[i+1] == '|' || s[i+1] == '&') {
				toks = append(toks, token{kind: tOp, text: s[i : i+2]})
				i += 2
				break
			}
			j := i + 1
			for j < n && isDigit(s[j]) {
				j++
			}
			toks = append(toks, token{kind: tParam, text: s[i:j]})
			i = j
		case c == ':' && i+1 < n && (isIdentStart(s[i+1]) || isDigit(s[i+1])) && (i == 0 || s[i-1] != ':'):
			j := i + 1
			for j < n && (isIdentChar(s[j]) || (s[j] == '.' && j+1 < n && isIdentStart(s[j+1]))) {
				j++
			}
			toks = append(toks, token{kind: tParam, text: s[i:j]})
			i = j
		case c == '@' && i+1 < n && isIdentStart(s[i+1]):
			j := i + 1
			for j < n && isIdentChar(s[j]) {
				j++
			}
			toks = append(toks, token{kind: tParam, text: s[i:j]})
			i = j
		case isDigit(c) || (c == '.' && i+1 < n && isDigit(s[i+1])):
			j := scanNumber(s, i)
			toks = append(toks, token{kind: tNumber, text: s[i:j]})
			i = j
		case isIdentStart(c):
			j := i + 1
			for j < n && isIdentChar(s[j]) {
				j++
			}
			w := s[i:j]
			up, ok := upper[w]
			if !ok {
				up = strings.ToUpper(w)
				if len(upper) < 4096 {
					upper[w] = up
				}
			}
			toks = append(toks, token{kind: tWord, text: w, up: up})
			i = j
		default:
			op := s[i : i+1]
			if strings.IndexByte(multiOpStarts, c) >= 0 && i+1 < n {
				for _, m := range multiOps {
					if m[0] == c && strings.HasPrefix(s[i:], m) {
						op = m
						break
					}
				}
			}
			toks = append(toks, token{kind: tOp, text: op})
			i += len(op)
		}
		if len(toks) > count {
			toks[count].pos, toks[count].end = start, i
		}
	}
	for k := range toks {
		if toks[k].kind != tOp && strings.Contains(toks[k].text, Hole) {
			toks[k].hole = true
		}
	}
	return toks, partial
}

// scanQuoted scans a literal that starts with q at s[i]. A doubled quote is an
// escaped quote; if backslash is set, a backslash escapes the next byte (MySQL
// strings, Postgres E-prefixed strings). It returns the index after the closing quote.
func scanQuoted(s string, i int, q byte, backslash bool) (int, bool) {
	n := len(s)
	j := i + 1
	for j < n {
		c := s[j]
		switch {
		case c == '\\' && backslash:
			j += 2
		case c == q:
			if j+1 < n && s[j+1] == q {
				j += 2
				continue
			}
			return j + 1, true
		default:
			j++
		}
	}
	return n, false
}

// scanBracketIdent recognises a SQL Server / SQLite [identifier]. Postgres
// array subscripts ([1], [$1]) do not look like identifiers and are left alone.
func scanBracketIdent(s string, i int) int {
	j := i + 1
	if j >= len(s) || !isIdentStart(s[j]) {
		return 0
	}
	for ; j < len(s) && j-i < 256; j++ {
		c := s[j]
		if c == ']' {
			return j + 1
		}
		if !(isIdentChar(c) || c == ' ' || c == '-') {
			return 0
		}
	}
	return 0
}

func scanNumber(s string, i int) int {
	n := len(s)
	j := i
	if s[j] == '0' && j+1 < n && (s[j+1] == 'x' || s[j+1] == 'X') {
		j += 2
		for j < n && (isDigit(s[j]) || strings.IndexByte("abcdefABCDEF", s[j]) >= 0) {
			j++
		}
		return j
	}
	for j < n && isDigit(s[j]) {
		j++
	}
	if j < n && s[j] == '.' {
		j++
		for j < n && isDigit(s[j]) {
			j++
		}
	}
	if j < n && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < n && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < n && isDigit(s[k]) {
			j = k
			for j < n && isDigit(s[j]) {
				j++
			}
		}
	}
	return j
}

// lexDollar handles $1 placeholders and $tag$...$tag$ dollar-quoted strings.
func lexDollar(s string, i int, toks *[]token, partial *bool) int {
	n := len(s)
	j := i + 1
	if j < n && isDigit(s[j]) {
		for j < n && isDigit(s[j]) {
			j++
		}
		*toks = append(*toks, token{kind: tParam, text: s[i:j]})
		return j
	}
	// $$ or $tag$
	k := j
	if k < n && isIdentStart(s[k]) {
		for k < n && (isIdentStart(s[k]) || isDigit(s[k])) {
			k++
		}
	}
	if k < n && s[k] == '$' {
		tag := s[i : k+1]
		body := k + 1
		e := strings.Index(s[body:], tag)
		if e < 0 {
			*partial = true
			*toks = append(*toks, token{kind: tString, text: s[i:]})
			return n
		}
		end := body + e + len(tag)
		*toks = append(*toks, token{kind: tString, text: s[i:end]})
		return end
	}
	if k > j {
		*toks = append(*toks, token{kind: tParam, text: s[i:k]})
		return k
	}
	*toks = append(*toks, token{kind: tOp, text: "$"})
	return j
}
