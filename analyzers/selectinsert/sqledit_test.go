package selectinsert

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// TestDecodeLit checks the byte-to-source map of string literals: the
// source up to after[i], closed with the literal's quote, is the literal
// of the text's first i+1 bytes.
func TestDecodeLit(t *testing.T) {
	for _, src := range []string{
		`"UPDATE \"orders\"\tSET status = 'held'\tWHERE id = $1\t-- hold\n"`,
		`"SELECT '\x41\101\u00e9é' FROM t -- ünïcode"`,
		"`SELECT status\n  FROM orders -- x\n`",
		`""`,
	} {
		fset := token.NewFileSet()
		e, err := parser.ParseExprFrom(fset, "x.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		lit := e.(*ast.BasicLit)
		text, after, ok := decodeLit(lit)
		if !ok {
			t.Fatalf("decodeLit(%s) refused", src)
		}
		if want, _ := strconv.Unquote(src); text != want || len(after) != len(text) {
			t.Fatalf("decodeLit(%s) = %q (%d positions), want %q", src, text, len(after), want)
		}
		for i, p := range after {
			if !p.IsValid() {
				continue // inside a multi-byte character
			}
			prefix := src[:p-lit.Pos()] + src[:1]
			got, err := strconv.Unquote(prefix)
			if err != nil || got != text[:i+1] {
				t.Errorf("%s: after[%d] ends the source at %q, which is %q, want %q", src, i, prefix, got, text[:i+1])
			}
		}
	}
}

// A raw string with carriage returns: the scanner drops them from Value,
// which then no longer maps onto the source.
func TestDecodeLitCR(t *testing.T) {
	fset := token.NewFileSet()
	e, err := parser.ParseExprFrom(fset, "x.go", "`SELECT 1\r\nFROM t`", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := decodeLit(e.(*ast.BasicLit)); ok {
		t.Error("decodeLit mapped a raw string whose carriage returns were dropped")
	}
}
