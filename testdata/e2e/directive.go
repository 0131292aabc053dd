// Package e2e is the end-to-end tests' fixture: the findings below are
// known, and every faultline front end must report the same ones.
package e2e

// Load has a suppression that gives no reason, so it silences nothing.
func Load() {
	//faultline:ignore closeerr
	println("load")
}

// Store misspells the check it means to silence.
func Store() {
	//faultline:ignore closerr the writer is flushed by the caller
	println("store")
}

// Fine has a well-formed directive: it names a check and says why.
func Fine() {
	//faultline:ignore closeerr the file is read-only; closing it loses nothing
	println("fine")
}
