// Package testonly: a function that refuses to run outside a test
// (headscale's RegisterNodeForTest) is test support kept beside production
// code: its findings are dropped.
package testonly

import "testing"

func hazard() {}

func RegisterForTest() {
	if !testing.Testing() {
		panic("RegisterForTest is for tests only")
	}
	hazard()
}

func SeedForTest() error {
	if !testing.Testing() {
		return nil
	}
	hazard()
	return nil
}

// Still reported: the test for testing.Testing() is not the guard at the top.
func Mixed() {
	hazard() // want `hazard: call to hazard`
	if !testing.Testing() {
		panic("x")
	}
}

// Still reported: a guard that only logs does not stop the function.
func Logs() {
	if !testing.Testing() {
		println("not a test")
	}
	hazard() // want `hazard: call to hazard`
}

func Production() {
	hazard() // want `hazard: call to hazard`
}
