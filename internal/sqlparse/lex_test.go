package sqlparse

import (
	"strings"
	"testing"
)

func TestLex(t *testing.T) {
	kinds := map[tokKind]string{tWord: "w", tQuoted: "q", tString: "s", tNumber: "n", tParam: "p", tOp: "o"}
	tests := []struct{ in, want string }{
		{`a.b->>'k' <> $1::int`, `w:a o:. w:b o:->> s:'k' o:<> p:$1 o::: w:int`},
		{`"a""b" ` + "`c``d`" + ` [e f] [1]`, `q:a"b q:c` + "`" + `d q:e f o:[ n:1 o:]`},
		{`'it''s' E'x\'y' $$a'b$$ $t$ $ $t$`, `s:'it''s' s:E'x\'y' s:$$a'b$$ s:$t$ $ $t$`},
		{`? ?1 :name @p :: x?|y @@ z`, `p:? p:?1 p::name p:@p o::: w:x o:?| w:y o:@@ w:z`},
		{`1.5e3 .5 0xFF 1e`, `n:1.5e3 n:.5 n:0xFF n:1 w:e`},
		{"a -- c\n/* d */ b", `w:a w:b`},
		{`x<=>y x!=y x=-1`, `w:x o:<=> w:y w:x o:!= w:y w:x o:= o:- n:1`},
		{"/* open", ``},
		{`'open`, `s:'open`},
	}
	for _, tc := range tests {
		toks, _ := lex(tc.in)
		var got []string
		for _, tk := range toks {
			got = append(got, kinds[tk.kind]+":"+tk.text)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("lex(%q)\n got: %s\nwant: %s", tc.in, g, tc.want)
		}
	}
	if _, partial := lex("SELECT '"); !partial {
		t.Error("unterminated string not partial")
	}
	if toks, _ := lex("x" + Hole + " '" + Hole + "'"); !toks[0].hole || !toks[1].hole {
		t.Error("holes not marked")
	}
}
