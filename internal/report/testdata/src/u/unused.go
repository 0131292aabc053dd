package u

//faultline:file-ignore hazard nothing in this file calls it // want `hazard unused`

func h() {
	safe()
}
