package file

//faultline:file-ignore hazard the whole file exercises file-ignore

func hazard() {}

func f() {
	hazard()
	hazard()
}
