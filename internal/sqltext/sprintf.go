package sqltext

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"
)

// sprintf evaluates fmt.Sprintf(format, args...). Each verb whose argument is
// a constant is formatted as fmt would; a plain %s/%v of a string expression
// takes that expression's text; any other verb becomes a hole. If the format
// itself has holes every verb becomes a hole, since arguments can no longer be
// matched to verbs.
func (ev *evaluator) sprintf(formatExpr ast.Expr, args []ast.Expr, spread bool, depth int, en env) frag {
	format := ev.eval(formatExpr, depth+1, en)
	out := frag{found: format.found, holes: format.holes}
	var sb strings.Builder
	f := format.s
	argNum := 0
	for i := 0; i < len(f); {
		c := f[i]
		if c != '%' {
			j := strings.IndexByte(f[i:], '%')
			if j < 0 {
				j = len(f) - i
			}
			sb.WriteString(f[i : i+j])
			i += j
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			sb.WriteByte('%')
			i += 2
			continue
		}
		spec, n, idx, stars, ok := parseVerb(f[i:])
		i += n
		if !ok {
			writeHole(&sb, &out)
			continue
		}
		if idx > 0 {
			argNum = idx - 1
		}
		// '*' width/precision consume arguments; we do not evaluate them
		argNum += stars
		var a ast.Expr
		if argNum < len(args) && !(spread && argNum >= len(args)-1) {
			a = args[argNum]
		}
		argNum++
		if a == nil || format.holes || stars > 0 {
			writeHole(&sb, &out)
			continue
		}
		if s, ok := ev.formatConst(spec, a); ok {
			sb.WriteString(s)
			out.found = true
			if sb.Len() > maxLen {
				return holeFrag
			}
			continue
		}
		verb := spec[len(spec)-1]
		if (verb == 's' || verb == 'v') && len(spec) == 2 && isString(ev.r.info.TypeOf(a)) && !hasStringMethod(ev.r.info.TypeOf(a)) {
			g := ev.eval(a, depth+1, en)
			if g.holes && strings.HasSuffix(sb.String(), holeMark) && strings.HasPrefix(g.s, holeMark) {
				g.s = g.s[len(holeMark):]
			}
			sb.WriteString(g.s)
			out.holes = out.holes || g.holes
			out.found = out.found || g.found
			if sb.Len() > maxLen {
				return holeFrag
			}
			continue
		}
		writeHole(&sb, &out)
	}
	if sb.Len() > maxLen {
		return holeFrag
	}
	out.s = sb.String()
	return out
}

var holeMark = holeFrag.s

func writeHole(sb *strings.Builder, out *frag) {
	out.holes = true
	if !strings.HasSuffix(sb.String(), holeMark) {
		sb.WriteString(holeMark)
	}
}

// parseVerb parses the verb at the start of s (s[0] == '%'). It returns the
// verb without any [n] argument index, the bytes consumed, the last explicit
// argument index (1-based, 0 if none), and the number of '*' operands.
func parseVerb(s string) (spec string, n int, idx int, stars int, ok bool) {
	var sb strings.Builder
	sb.WriteByte('%')
	i := 1
	for i < len(s) && strings.IndexByte("+-# 0", s[i]) >= 0 {
		sb.WriteByte(s[i])
		i++
	}
	readIndex := func() bool {
		if i < len(s) && s[i] == '[' {
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return false
			}
			v, err := strconv.Atoi(s[i+1 : i+j])
			if err != nil || v < 1 {
				return false
			}
			idx = v
			i += j + 1
		}
		return true
	}
	if !readIndex() {
		return "", i, 0, 0, false
	}
	if i < len(s) && s[i] == '*' {
		stars++
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		sb.WriteByte(s[i])
		i++
	}
	if i < len(s) && s[i] == '.' {
		sb.WriteByte('.')
		i++
		if !readIndex() {
			return "", i, 0, 0, false
		}
		if i < len(s) && s[i] == '*' {
			stars++
			i++
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			sb.WriteByte(s[i])
			i++
		}
	}
	if !readIndex() {
		return "", i, 0, 0, false
	}
	if i >= len(s) {
		return "", i, 0, 0, false
	}
	c := s[i]
	if c >= 0x80 || !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return "", i + 1, 0, 0, false
	}
	sb.WriteByte(c)
	return sb.String(), i + 1, idx, stars, true
}

// formatConst formats a constant argument as fmt would, unless its type has
// methods that fmt would call instead.
func (ev *evaluator) formatConst(spec string, a ast.Expr) (string, bool) {
	tv, ok := ev.r.info.Types[a]
	if verb := spec[len(spec)-1]; verb == 'T' || verb == 'p' || verb == 'w' {
		return "", false
	}
	if !ok || tv.Value == nil || hasStringMethod(tv.Type) {
		return "", false
	}
	var v any
	switch tv.Value.Kind() {
	case constant.String:
		v = constant.StringVal(tv.Value)
	case constant.Bool:
		v = constant.BoolVal(tv.Value)
	case constant.Int:
		if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsUnsigned != 0 {
			u, exact := constant.Uint64Val(tv.Value)
			if !exact {
				return "", false
			}
			v = u
		} else {
			i, exact := constant.Int64Val(tv.Value)
			if !exact {
				return "", false
			}
			v = i
		}
		if b, ok := tv.Type.Underlying().(*types.Basic); ok && (b.Kind() == types.Float32 || b.Kind() == types.Float64 || b.Kind() == types.UntypedFloat) {
			f, _ := constant.Float64Val(tv.Value)
			v = f
		}
	case constant.Float:
		f, _ := constant.Float64Val(tv.Value)
		v = f
	default:
		return "", false
	}
	s := fmt.Sprintf(spec, v)
	if len(s) > maxLen {
		return "", false
	}
	return s, true
}

// hasStringMethod reports a type whose String, Error or Format method fmt
// would call at run time.
func hasStringMethod(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.(*types.Basic); ok {
		return false
	}
	for _, typ := range []types.Type{t, types.NewPointer(t)} {
		ms := types.NewMethodSet(typ)
		for _, name := range []string{"String", "Error", "Format", "GoString"} {
			if ms.Lookup(nil, name) != nil {
				return true
			}
		}
	}
	return false
}
