package ctxtimeout

import (
	"strings"
	"testing"
)

func TestBitset(t *testing.T) {
	var s bitset
	if !s.empty() || s.String() != "0" || s.has(0) {
		t.Fatalf("zero bitset: empty=%v String=%q", s.empty(), s)
	}
	a := s.with(0).with(2)
	if a.String() != "101" || !a.has(2) || a.has(1) || len(s) != 0 {
		t.Fatalf("{0,2} = %q (and the empty set became %v)", a, s)
	}
	b := bitset(nil).with(64)
	if want := "1" + strings.Repeat("0", 64); b.String() != want {
		t.Fatalf("{64} = %q, want %q", b, want)
	}
	u := a.union(b)
	if !u.has(0) || !u.has(2) || !u.has(64) || a.has(64) {
		t.Fatalf("union = %q; a = %q", u, a)
	}
	if !u.equal(b.union(a)) || u.equal(a) || !a.equal(append(a, 0)) {
		t.Fatal("equal")
	}
	if a.union(bitset(nil).with(2)) == nil || !a.union(nil).equal(a) {
		t.Fatal("union with a subset")
	}
	if (bitsetLattice{}).Join(b, a).String() != u.String() {
		t.Fatal("Join")
	}
}
