package r

func hazard() {}

func f() {
	hazard() // want `hazard: call to hazard`

	hazard() //faultline:ignore hazard the test says so

	//faultline:ignore hazard the line above counts too
	hazard()

	//faultline:ignore hazard only the next line

	hazard() // want `hazard: call to hazard`

	//faultline:ignore hazard
	hazard() // want `hazard: call to hazard`

	//faultline:ignore closeerr another check's directive
	hazard() // want `hazard: call to hazard`

	//faultline:ignore closeerr,hazard a list of checks
	hazard()
}
