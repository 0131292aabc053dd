package u

//faultline:file-ignore hazard used by the call below // want `hazard used`

func g() {
	hazard()
}
