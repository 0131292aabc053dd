// Package payments is the end-to-end tests' fixture: the findings below are
// known, and every faultline front end must report the same ones.
package payments

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

// Fine has a well-formed directive, but closeerr has nothing to report on
// its lines: it silences nothing, so it is reported as unused.
func Fine() {
	//faultline:ignore closeerr the file is read-only; closing it loses nothing
	println("fine")
}

// Legacy is silenced for golangci-lint as a whole: its nolint directive
// covers the function, so golangci-lint must not report the directive
// inside it (faultline alone does).
//
//nolint:faultline // e2e: golangci-lint's own suppression must hold
func Legacy() {
	//faultline:ignore retryloop
	println("legacy")
}
