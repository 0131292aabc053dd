package cgo

func other() {
	hazard() // want "call to hazard"
}
