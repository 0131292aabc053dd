package sarif

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// lineHashes computes the primaryLocationLineHash of every line of a file
// the way GitHub's upload action (codeql-action, fingerprints.ts) does, so
// that a result keeps its identity across uploads when lines move and the
// action, finding the fingerprint present, has nothing to add or dispute.
//
// The hash of a line is a rolling polynomial hash (base 37, wrapping 64-bit
// arithmetic) of the 100 characters (UTF-16 code units) that start at the
// line, spaces and tabs skipped and line endings normalised to '\n'; the
// file's end is marked by one 0xFFFF followed by zeros. The value is printed
// in hexadecimal followed by ":n", n counting earlier lines of the file
// with the same hash.
func lineHashes(data []byte) map[int]string {
	const (
		blockSize = 100
		mod       = 37
		eof       = 0xFFFF
	)
	var firstMod uint64 = 1
	for range blockSize {
		firstMod *= mod
	}

	var (
		window      [blockSize]uint64
		lineNumbers [blockSize]int
		hash        uint64
		index       int
		lineNumber  int
		lineStart   = true
		prevCR      bool
		counts      = map[uint64]int{}
		out         = map[int]string{}
	)
	for i := range lineNumbers {
		lineNumbers[i] = -1
	}
	output := func() {
		counts[hash]++
		out[lineNumbers[index]] = fmt.Sprintf("%x:%d", hash, counts[hash])
		lineNumbers[index] = -1
	}
	update := func(c uint64) {
		begin := window[index]
		window[index] = c
		hash = mod*hash + c - firstMod*begin
		index = (index + 1) % blockSize
	}
	process := func(c uint64) {
		if c == ' ' || c == '\t' || (prevCR && c == '\n') {
			prevCR = false
			return
		}
		if c == '\r' {
			c, prevCR = '\n', true
		} else {
			prevCR = false
		}
		if lineNumbers[index] != -1 {
			output()
		}
		if lineStart {
			lineStart = false
			lineNumber++
			lineNumbers[index] = lineNumber
		}
		if c == '\n' {
			lineStart = true
		}
		update(c)
	}

	for len(data) > 0 {
		r, n := utf8.DecodeRune(data) // invalid bytes decode as U+FFFD, as Node's reader does
		data = data[n:]
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError || r2 != utf8.RuneError {
			process(uint64(r1))
			process(uint64(r2))
		} else {
			process(uint64(r))
		}
	}
	process(eof)
	for range blockSize {
		if lineNumbers[index] != -1 {
			output()
		}
		update(0)
	}
	return out
}
