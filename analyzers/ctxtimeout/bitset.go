package ctxtimeout

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
)

// bitset is a set of small non-negative integers (parameter indexes,
// definition indexes) of any size. A bitset is not modified once made:
// with and union return new sets.
type bitset []uint64

func (s bitset) has(i int) bool { return i >= 0 && i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }

// with returns s with i added.
func (s bitset) with(i int) bitset {
	if s.has(i) {
		return s
	}
	n := make(bitset, max(len(s), i/64+1))
	copy(n, s)
	n[i/64] |= 1 << (i % 64)
	return n
}

// union returns the elements of s and t (s itself when t adds nothing).
func (s bitset) union(t bitset) bitset {
	var out bitset
	for i, w := range t {
		if i < len(s) && s[i]|w == s[i] {
			continue
		}
		if out == nil {
			out = make(bitset, max(len(s), len(t)))
			copy(out, s)
		}
		out[i] |= w
	}
	if out == nil {
		return s
	}
	return out
}

// all yields the elements of s in increasing order.
func (s bitset) all() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i, w := range s {
			for b := 0; b < 64; b++ {
				if w&(1<<b) != 0 && !yield(i*64+b) {
					return
				}
			}
		}
	}
}

func (s bitset) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s bitset) equal(t bitset) bool {
	for i := range max(len(s), len(t)) {
		var x, y uint64
		if i < len(s) {
			x = s[i]
		}
		if i < len(t) {
			y = t[i]
		}
		if x != y {
			return false
		}
	}
	return true
}

// String writes the set in binary, bit i for element i: {0} is "1", {0, 2}
// is "101", {} is "0".
func (s bitset) String() string {
	hi := len(s) - 1
	for hi >= 0 && s[hi] == 0 {
		hi--
	}
	if hi < 0 {
		return "0"
	}
	var b strings.Builder
	b.WriteString(strconv.FormatUint(s[hi], 2))
	for i := hi - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "%064b", s[i])
	}
	return b.String()
}

// bitsetLattice is the lattice of bitsets under union, for flow.Forward.
type bitsetLattice struct{}

func (bitsetLattice) Join(a, b bitset) bitset { return a.union(b) }
func (bitsetLattice) Equal(a, b bitset) bool  { return a.equal(b) }
