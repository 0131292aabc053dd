package unused

//faultline:file-ignore hazard a file-ignore used by a call far below

func g() {
	safe()
	safe()
	hazard()
}
