package file

// A file-ignore covers its own file, not the package.
func g() {
	hazard() // want `hazard: call to hazard`
}
