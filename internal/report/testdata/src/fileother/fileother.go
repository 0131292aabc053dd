package fileother

//faultline:file-ignore closeerr another check's file directive

//faultline:file-ignore hazard

//faultline:file-ignorehazard not a directive: no space after the prefix

// faultline:file-ignore hazard with a space is prose

func hazard() {}

func f() {
	hazard() // want `hazard: call to hazard`
}
